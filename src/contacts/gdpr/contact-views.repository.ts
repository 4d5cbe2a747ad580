import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface ContactView {
  at: Date;
  actorId: string | null;
  /** The viewer's email when it happened (the account may have changed or gone since). */
  actorLabel: string | null;
  bySupport: boolean;
}

/** Who opened a contact's sheet and when, as the audit log has it (`contact.viewed`). */
@Injectable()
export class ContactViewsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The newest views first, at most `limit`. */
  list(spaceId: string, contactId: string, limit: number): Promise<ContactView[]> {
    return this.dataSource.query(
      `SELECT a.created_at AS "at", a.actor_id AS "actorId", a.actor_label AS "actorLabel", a.by_support AS "bySupport"
       FROM audit_log a
       WHERE a.space_id = $1 AND a.target_type = 'contact' AND a.target_id = $2 AND a.action = 'contact.viewed'
       ORDER BY a.created_at DESC, a.id DESC
       LIMIT $3`,
      [spaceId, contactId, limit],
    );
  }
}
