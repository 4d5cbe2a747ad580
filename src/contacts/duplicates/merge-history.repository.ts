import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { displayNameSql } from './display-name.sql';

export interface MergeHistoryRow {
  id: string;
  masterId: string;
  masterName: string;
  masterLive: boolean;
  mergedNames: string[];
  mergedBy: string | null;
  createdAt: Date;
  undoneAt: Date | null;
  /** Within the 30 days an undo is possible. */
  recent: boolean;
}

/** How long a merge can be undone. */
export const UNDO_DAYS = 30;

/** The space's merges, newest first, and where a merged contact went. */
@Injectable()
export class MergeHistoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `limit + 1` merges after the cursor (newest first). */
  page(spaceId: string, after: { at: Date; id: string } | null, limit: number): Promise<MergeHistoryRow[]> {
    const params: unknown[] = [spaceId, limit + 1];
    let cursor = '';
    if (after) {
      params.push(after.at, after.id);
      cursor = 'AND (r.created_at, r.id) < ($3::timestamptz, $4::uuid)';
    }
    return this.dataSource.query(
      `SELECT r.id, r.master_id AS "masterId", ${displayNameSql('m')} AS "masterName",
              (m.merged_into IS NULL AND m.erased_at IS NULL) AS "masterLive",
              ARRAY(SELECT ${displayNameSql('c')} FROM unnest(r.merged_ids) WITH ORDINALITY AS x (id, position)
                    JOIN contacts c ON c.space_id = r.space_id AND c.id = x.id ORDER BY x.position) AS "mergedNames",
              r.merged_by AS "mergedBy", r.created_at AS "createdAt", r.undone_at AS "undoneAt",
              r.created_at >= now() - interval '${UNDO_DAYS} days' AS recent
       FROM contact_merges r JOIN contacts m ON m.space_id = r.space_id AND m.id = r.master_id
       WHERE r.space_id = $1 ${cursor}
       ORDER BY r.created_at DESC, r.id DESC
       LIMIT $2`,
      params,
    );
  }

  /** The live contact a merged one ended up in, following merges of merges. */
  async liveMasterOf(spaceId: string, contactId: string): Promise<string | null> {
    const [row] = await this.dataSource.query(
      `WITH RECURSIVE chain (id, merged_into, depth) AS (
         SELECT id, merged_into, 1 FROM contacts WHERE space_id = $1 AND id = $2 AND merged_into IS NOT NULL
         UNION ALL
         SELECT c.id, c.merged_into, chain.depth + 1
         FROM chain JOIN contacts c ON c.space_id = $1 AND c.id = chain.merged_into
         WHERE chain.merged_into IS NOT NULL AND chain.depth < 50)
       SELECT chain.id FROM chain JOIN contacts c ON c.space_id = $1 AND c.id = chain.id
       WHERE chain.merged_into IS NULL AND c.erased_at IS NULL LIMIT 1`,
      [spaceId, contactId],
    );
    return row?.id ?? null;
  }
}
