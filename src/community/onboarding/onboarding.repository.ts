import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { visibleTo } from '../teams/team-targeting';

/** The facts community's onboarding steps are ticked from. */
@Injectable()
export class CommunityOnboardingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private async exists(sql: string, spaceId: string): Promise<boolean> {
    const [row] = await this.dataSource.query(`SELECT EXISTS (${sql}) AS done`, [spaceId]);
    return row.done;
  }

  /** Someone was invited, or someone else already joined. */
  teamInvited(spaceId: string) {
    return this.exists(
      `SELECT 1 FROM invitations WHERE space_id = $1
       UNION ALL SELECT 1 FROM memberships WHERE space_id = $1 AND joined_via <> 'creator'`,
      spaceId,
    );
  }

  hasTeam(spaceId: string) {
    return this.exists('SELECT 1 FROM teams WHERE space_id = $1', spaceId);
  }

  hasDocument(spaceId: string) {
    return this.exists('SELECT 1 FROM documents WHERE space_id = $1', spaceId);
  }

  hasAnnouncement(spaceId: string) {
    return this.exists('SELECT 1 FROM announcements WHERE space_id = $1', spaceId);
  }

  private async accounts(sql: string, spaceId: string, accountIds: string[]): Promise<Set<string>> {
    const rows: { account_id: string }[] = await this.dataSource.query(sql, [spaceId, accountIds]);
    return new Set(rows.map((row) => row.account_id));
  }

  /** Those in at least one team. */
  inATeam(spaceId: string, accountIds: string[]) {
    return this.accounts(
      'SELECT DISTINCT account_id FROM team_members WHERE space_id = $1 AND account_id = ANY($2::uuid[])',
      spaceId,
      accountIds,
    );
  }

  /** Coordinators whose team has at least one other member. */
  coordinatingAPeopledTeam(spaceId: string, accountIds: string[]) {
    return this.accounts(
      `SELECT DISTINCT c.account_id FROM team_members c
       WHERE c.space_id = $1 AND c.is_coordinator AND c.account_id = ANY($2::uuid[])
         AND EXISTS (SELECT 1 FROM team_members o WHERE o.space_id = c.space_id AND o.team_id = c.team_id AND o.account_id <> c.account_id)`,
      spaceId,
      accountIds,
    );
  }

  /** Those with no unread announcement among those aimed at them. */
  readEveryAnnouncement(spaceId: string, accountIds: string[]) {
    return this.accounts(
      `SELECT p.account_id FROM unnest($2::uuid[]) AS p(account_id)
       WHERE NOT EXISTS (
         SELECT 1 FROM announcements n
         WHERE n.space_id = $1
           AND NOT EXISTS (SELECT 1 FROM announcement_reads r WHERE r.space_id = n.space_id AND r.announcement_id = n.id AND r.account_id = p.account_id)
           AND ${visibleTo('n', 'announcement_teams', 'announcement_id', 'p.account_id')})`,
      spaceId,
      accountIds,
    );
  }
}
