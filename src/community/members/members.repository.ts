import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Role } from '../../shared/auth/roles';
import { containsPattern } from '../../shared/sql/like';

export interface MemberRow {
  /** The name as sorted (lower case, no accents), computed by Postgres: the cursor's key. */
  sortKey: string;
  accountId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: Date;
  teams: string[];
}

export interface MemberFilters {
  text?: string;
  role?: Role;
  teamId?: string;
}

/** The member directory: memberships joined with the accounts' names. */
@Injectable()
export class MembersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A page sorted by name, after the (name, id) cursor; `limit + 1` rows to detect a next page. */
  async page(
    spaceId: string,
    filters: MemberFilters,
    after: [string, string] | null,
    limit: number,
  ): Promise<MemberRow[]> {
    const params: unknown[] = [spaceId];
    const where = ['m.space_id = $1'];
    if (filters.role) {
      params.push(filters.role);
      where.push(`m.role = $${params.length}`);
    }
    if (filters.teamId) {
      params.push(filters.teamId);
      where.push(
        `EXISTS (SELECT 1 FROM team_members tm WHERE tm.space_id = m.space_id AND tm.account_id = m.account_id AND tm.team_id = $${params.length})`,
      );
    }
    if (filters.text) {
      params.push(containsPattern(filters.text));
      where.push(
        `(search_normalize(a.name) LIKE search_normalize($${params.length}) ESCAPE '\\' OR a.email LIKE lower($${params.length}) ESCAPE '\\')`,
      );
    }
    if (after) {
      params.push(after[0], after[1]);
      where.push(`(search_normalize(a.name), a.id) > ($${params.length - 1}, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    return this.dataSource.query(
      `SELECT search_normalize(a.name) AS "sortKey", a.id AS "accountId", a.name, a.email, m.role, m.joined_at AS "joinedAt",
              coalesce(array(SELECT t.name FROM team_members tm JOIN teams t ON t.space_id = tm.space_id AND t.id = tm.team_id
                       WHERE tm.space_id = m.space_id AND tm.account_id = m.account_id ORDER BY search_normalize(t.name)), '{}') AS teams
       FROM memberships m JOIN accounts a ON a.id = m.account_id
       WHERE ${where.join(' AND ')}
       ORDER BY search_normalize(a.name), a.id
       LIMIT $${params.length}`,
      params,
    );
  }

  /** Everyone of the space, for selects (add to a team, filter the log); small by nature. */
  async everyone(spaceId: string): Promise<{ accountId: string; name: string; email: string; role: Role }[]> {
    return this.dataSource.query(
      `SELECT a.id AS "accountId", a.name, a.email, m.role FROM memberships m JOIN accounts a ON a.id = m.account_id
       WHERE m.space_id = $1 ORDER BY search_normalize(a.name), a.id`,
      [spaceId],
    );
  }

  async findOne(
    spaceId: string,
    accountId: string,
  ): Promise<{ accountId: string; name: string; email: string; role: Role } | null> {
    const [row] = await this.dataSource.query(
      `SELECT a.id AS "accountId", a.name, a.email, m.role FROM memberships m JOIN accounts a ON a.id = m.account_id
       WHERE m.space_id = $1 AND m.account_id = $2`,
      [spaceId, accountId],
    );
    return row ?? null;
  }

  async count(spaceId: string): Promise<number> {
    const [row] = await this.dataSource.query('SELECT count(*)::int AS count FROM memberships WHERE space_id = $1', [
      spaceId,
    ]);
    return row.count;
  }
}
