import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ContactSelection } from '../gdpr/contact-anonymiser.repository';
import { LIVE_CONDITIONS, type SqlParams } from '../list/contact-query';

export interface RetentionRow {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  postcode: string | null;
  city: string | null;
  levelLabel: string | null;
  lastInteractionAt: Date | null;
  createdAt: Date;
  /** The last interaction, or the creation for a contact never met: what the rule looks at. */
  seenAt: Date;
}

// Written exactly as in the index contacts_retention_idx, so that Postgres uses it.
const SEEN_AT = 'coalesce(c.last_interaction_at, c.created_at)';

/** The contacts past the space's retention rule: live, without interaction since the cutoff. */
@Injectable()
export class RetentionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Now minus so many months, as Postgres counts months (31 March − 1 month = 28 or 29 February). */
  async cutoff(months: number): Promise<Date> {
    const [row] = await this.dataSource.query(
      "SELECT date_trunc('milliseconds', now() - make_interval(months => $1::int)) AS cutoff",
      [months],
    );
    return row.cutoff;
  }

  async count(spaceId: string, cutoff: Date): Promise<number> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM contacts c
       WHERE c.space_id = $1 AND ${LIVE_CONDITIONS.join(' AND ')} AND ${SEEN_AT} < $2`,
      [spaceId, cutoff],
    );
    return row.count;
  }

  /** Oldest first, `limit + 1` rows after the (seenAt, id) cursor. */
  page(spaceId: string, cutoff: Date, after: { at: Date; id: string } | null, limit: number): Promise<RetentionRow[]> {
    const values: unknown[] = [spaceId, cutoff, limit + 1];
    const keyset = after ? `AND (${SEEN_AT}, c.id) > ($4::timestamptz, $5::uuid)` : '';
    if (after) values.push(after.at, after.id);
    return this.dataSource.query(
      `SELECT c.id, c.first_name AS "firstName", c.last_name AS "lastName", c.email, c.phone, c.postcode, c.city,
              l.label AS "levelLabel", c.last_interaction_at AS "lastInteractionAt", c.created_at AS "createdAt",
              ${SEEN_AT} AS "seenAt"
       FROM contacts c LEFT JOIN support_levels l ON l.space_id = c.space_id AND l.id = c.support_level_id
       WHERE c.space_id = $1 AND ${LIVE_CONDITIONS.join(' AND ')} AND ${SEEN_AT} < $2 ${keyset}
       ORDER BY ${SEEN_AT}, c.id
       LIMIT $3`,
      values,
    );
  }

  /** The same contacts, as a selection for the anonymiser. */
  selection(spaceId: string, cutoff: Date): ContactSelection {
    return (params: SqlParams) =>
      `SELECT c.id FROM contacts c WHERE c.space_id = ${params.bind(spaceId)}::uuid AND ${LIVE_CONDITIONS.join(' AND ')}
       AND ${SEEN_AT} < ${params.bind(cutoff)}::timestamptz`;
  }
}
