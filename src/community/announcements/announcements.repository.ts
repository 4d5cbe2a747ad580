import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, Repository } from 'typeorm';
import { targetTeamNames, visibleTo } from '../teams/team-targeting';
import { Announcement } from './announcement.entity';

export interface AnnouncementView {
  id: string;
  title: string;
  body: string;
  pinned: boolean;
  authorName: string | null;
  createdAt: Date;
  teamNames: string[];
  read: boolean;
}

// Visible to the person $2: aimed at everyone, or at one of their teams.
const VISIBLE_TO = visibleTo('n', 'announcement_teams', 'announcement_id', '$2');

@Injectable()
export class AnnouncementsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Announcement) private readonly announcements: Repository<Announcement>,
  ) {}

  find(spaceId: string, id: string): Promise<Announcement | null> {
    return this.announcements.findOneBy({ spaceId, id });
  }

  async create(
    announcement: Pick<Announcement, 'spaceId' | 'title' | 'body' | 'pinned' | 'authorId'>,
    teamIds: string[],
  ) {
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager
        .getRepository(Announcement)
        .save(manager.getRepository(Announcement).create({ ...announcement, forEveryone: teamIds.length === 0 }));
      for (const teamId of teamIds) {
        await manager.query('INSERT INTO announcement_teams (space_id, announcement_id, team_id) VALUES ($1, $2, $3)', [
          announcement.spaceId,
          saved.id,
          teamId,
        ]);
      }
      return saved;
    });
  }

  async setPinned(spaceId: string, id: string, pinned: boolean) {
    await this.announcements.update({ spaceId, id }, { pinned });
  }

  async delete(spaceId: string, id: string) {
    await this.announcements.delete({ spaceId, id });
  }

  /**
   * Announcements, pinned first then newest, with whether `accountId` read them. With
   * `onlyVisible`, those aimed at everyone or at one of that person's teams.
   */
  list(spaceId: string, accountId: string, onlyVisible: boolean, limit: number): Promise<AnnouncementView[]> {
    return this.dataSource.query(
      `SELECT n.id, n.title, n.body, n.pinned, a.name AS "authorName", n.created_at AS "createdAt",
              ${targetTeamNames('n', 'announcement_teams', 'announcement_id')} AS "teamNames",
              EXISTS (SELECT 1 FROM announcement_reads r WHERE r.space_id = n.space_id AND r.announcement_id = n.id AND r.account_id = $2) AS read
       FROM announcements n LEFT JOIN accounts a ON a.id = n.author_id
       WHERE n.space_id = $1 AND ($3::boolean = false OR ${VISIBLE_TO})
       ORDER BY n.pinned DESC, n.created_at DESC, n.id DESC
       LIMIT $4`,
      [spaceId, accountId, onlyVisible, limit],
    );
  }

  async isVisible(spaceId: string, accountId: string, id: string): Promise<boolean> {
    const rows = await this.dataSource.query(
      `SELECT 1 FROM announcements n WHERE n.space_id = $1 AND n.id = $3 AND ${VISIBLE_TO}`,
      [spaceId, accountId, id],
    );
    return rows.length > 0;
  }

  async unreadCount(spaceId: string, accountId: string): Promise<number> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM announcements n
       WHERE n.space_id = $1 AND ${VISIBLE_TO}
         AND NOT EXISTS (SELECT 1 FROM announcement_reads r WHERE r.space_id = n.space_id AND r.announcement_id = n.id AND r.account_id = $2)`,
      [spaceId, accountId],
    );
    return row.count;
  }

  async markRead(spaceId: string, accountId: string, ids: string[]) {
    if (ids.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO announcement_reads (space_id, announcement_id, account_id)
       SELECT $1, id, $2 FROM unnest($3::uuid[]) AS id ON CONFLICT DO NOTHING`,
      [spaceId, accountId, ids],
    );
  }
}
