import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, EntityManager, Repository } from 'typeorm';
import { TeamMember } from './team-member.entity';
import { Team } from './team.entity';

export interface TeamSummary {
  id: string;
  name: string;
  memberCount: number;
  coordinators: string[];
}

export interface TeamMemberRow {
  accountId: string;
  name: string;
  email: string;
  isCoordinator: boolean;
}

@Injectable()
export class TeamsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Team) private readonly teams: Repository<Team>,
    @InjectRepository(TeamMember) private readonly members: Repository<TeamMember>,
  ) {}

  find(spaceId: string, teamId: string): Promise<Team | null> {
    return this.teams.findOneBy({ spaceId, id: teamId });
  }

  async nameTaken(spaceId: string, name: string, exceptTeamId?: string): Promise<boolean> {
    const [row] = await this.dataSource.query('SELECT id FROM teams WHERE space_id = $1 AND lower(name) = lower($2)', [
      spaceId,
      name,
    ]);
    return !!row && row.id !== exceptTeamId;
  }

  /** Teams with their size and coordinators; only `onlyIds` when given (a coordinator's teams). */
  summaries(spaceId: string, onlyIds?: string[]): Promise<TeamSummary[]> {
    return this.dataSource.query(
      `SELECT t.id, t.name,
              (SELECT count(*)::int FROM team_members tm WHERE tm.space_id = t.space_id AND tm.team_id = t.id) AS "memberCount",
              coalesce(array(SELECT a.name FROM team_members tm JOIN accounts a ON a.id = tm.account_id
                             WHERE tm.space_id = t.space_id AND tm.team_id = t.id AND tm.is_coordinator ORDER BY search_normalize(a.name)), '{}') AS coordinators
       FROM teams t WHERE t.space_id = $1 AND ($2::uuid[] IS NULL OR t.id = ANY($2::uuid[]))
       ORDER BY search_normalize(t.name)`,
      [spaceId, onlyIds ?? null],
    );
  }

  membersOf(spaceId: string, teamId: string): Promise<TeamMemberRow[]> {
    return this.dataSource.query(
      `SELECT a.id AS "accountId", a.name, a.email, tm.is_coordinator AS "isCoordinator"
       FROM team_members tm JOIN accounts a ON a.id = tm.account_id
       WHERE tm.space_id = $1 AND tm.team_id = $2 ORDER BY tm.is_coordinator DESC, search_normalize(a.name)`,
      [spaceId, teamId],
    );
  }

  /** The teams one person belongs to, with their coordinator flag. */
  teamsOf(spaceId: string, accountId: string): Promise<{ id: string; name: string; isCoordinator: boolean }[]> {
    return this.dataSource.query(
      `SELECT t.id, t.name, tm.is_coordinator AS "isCoordinator" FROM team_members tm
       JOIN teams t ON t.space_id = tm.space_id AND t.id = tm.team_id
       WHERE tm.space_id = $1 AND tm.account_id = $2 ORDER BY search_normalize(t.name)`,
      [spaceId, accountId],
    );
  }

  /** The members of every team `coordinatorId` coordinates (themselves included), in one query. */
  async coordinatedMemberIds(spaceId: string, coordinatorId: string): Promise<string[]> {
    const rows: { account_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT other.account_id FROM team_members mine
       JOIN team_members other ON other.space_id = mine.space_id AND other.team_id = mine.team_id
       WHERE mine.space_id = $1 AND mine.account_id = $2 AND mine.is_coordinator`,
      [spaceId, coordinatorId],
    );
    return rows.map((row) => row.account_id);
  }

  async create(spaceId: string, name: string, createdBy: string): Promise<Team> {
    return this.teams.save(this.teams.create({ spaceId, name, createdBy }));
  }

  async rename(spaceId: string, teamId: string, name: string) {
    await this.teams.update({ spaceId, id: teamId }, { name });
  }

  async delete(spaceId: string, teamId: string) {
    await this.teams.delete({ spaceId, id: teamId });
  }

  async addMember(spaceId: string, teamId: string, accountId: string, manager?: EntityManager) {
    await (manager ?? this.dataSource.manager).query(
      `INSERT INTO team_members (space_id, team_id, account_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [spaceId, teamId, accountId],
    );
  }

  async removeMember(spaceId: string, teamId: string, accountId: string) {
    await this.members.delete({ spaceId, teamId, accountId });
  }

  async setCoordinator(
    spaceId: string,
    teamId: string,
    accountId: string,
    isCoordinator: boolean,
    manager?: EntityManager,
  ) {
    await (manager ?? this.dataSource.manager)
      .getRepository(TeamMember)
      .update({ spaceId, teamId, accountId }, { isCoordinator });
  }

  async isMember(spaceId: string, teamId: string, accountId: string): Promise<boolean> {
    return this.members.existsBy({ spaceId, teamId, accountId });
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
