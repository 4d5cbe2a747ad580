import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { SqlParams } from '../list/contact-query';
import { suppressionHashSql } from '../suppressions/suppression-hash';

/** SQL selecting `c.id` of the live contacts to anonymise, its values bound in `params`. */
export type ContactSelection = (params: SqlParams) => string;

export interface AnonymisedCount {
  /** The contacts selected. */
  contacts: number;
  /** Hidden contacts merged into them earlier: the same people. */
  mergedDuplicates: number;
}

/**
 * Keys of contact_events.details that hold no free text (an origin, a channel, support
 * level references, names of fields changed, counts): anything else, a tag for instance,
 * may say something about the person and goes.
 */
const EVENT_DETAILS_KEPT = ['origin', 'channel', 'from', 'to', 'fields', 'count'];

/**
 * The anonymisation of contacts, done by Postgres in a few set-based statements (a
 * retention purge of 100,000 people never passes through Node), inside the caller's
 * transaction.
 *
 * What goes: everything that identifies the person or was written about them — names,
 * birth date, email, phone (E.164 and as typed), street number and street, exact
 * position, tags, notes, gender, the free text of their timeline and of their consent
 * proofs, their name in the audit log, and the undo snapshots of merges that hold their
 * old values. Contacts merged into them are the same person and go too.
 *
 * What stays, because the space's figures are counted from it and it no longer points
 * to anyone: support level, origin, postcode, city and INSEE code (counts per zone),
 * consents given or refused and when (without proof), who created the contact and when,
 * the last interaction's date (counts per period and team), the timeline's kinds and dates.
 * Gender is not kept: no figure of the product needs it, and with a small commune it
 * narrows the crowd.
 *
 * What is added: a hash of the email and of the phone, so that an import cannot bring
 * the person back.
 */
@Injectable()
export class ContactAnonymiserRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Anonymises the selected contacts and those merged into them; says how many of each. */
  async anonymise(
    manager: EntityManager,
    spaceId: string,
    selection: ContactSelection,
    at: Date,
    actorId: string,
  ): Promise<AnonymisedCount> {
    // The set is fixed once, so that every statement below works on the same people.
    await manager.query(
      'CREATE TEMP TABLE erasing_contacts (id uuid PRIMARY KEY, merged boolean NOT NULL) ON COMMIT DROP',
    );
    const chosen = new SqlParams();
    const space = chosen.bind(spaceId);
    await manager.query(
      `WITH RECURSIVE target (id, merged) AS (
         SELECT selected.id, false FROM (${selection(chosen)}) selected
         UNION
         SELECT m.id, true FROM contacts m JOIN target ON m.merged_into = target.id
         WHERE m.space_id = ${space}::uuid AND m.erased_at IS NULL)
       INSERT INTO erasing_contacts SELECT id, merged FROM target`,
      chosen.values,
    );
    await this.forgetFreeText(manager, spaceId);
    return this.eraseIdentities(manager, spaceId, at, actorId);
  }

  private async forgetFreeText(manager: EntityManager, spaceId: string) {
    await manager.query(
      `UPDATE contact_events ev SET details = CASE WHEN jsonb_typeof(ev.details) = 'object'
         THEN (SELECT jsonb_object_agg(d.key, d.value) FROM jsonb_each(ev.details) d WHERE d.key = ANY($2::text[])) END
       FROM erasing_contacts e WHERE ev.space_id = $1 AND ev.contact_id = e.id AND ev.details IS NOT NULL`,
      [spaceId, EVENT_DETAILS_KEPT],
    );
    await manager.query(
      `UPDATE contact_consents cc SET proof = NULL
       FROM erasing_contacts e WHERE cc.space_id = $1 AND cc.contact_id = e.id AND cc.proof IS NOT NULL`,
      [spaceId],
    );
    // The log keeps who opened which contact and when; the name it showed goes.
    await manager.query(
      `UPDATE audit_log a SET target_label = NULL
       FROM erasing_contacts e WHERE a.space_id = $1 AND a.target_type = 'contact' AND a.target_id = e.id::text
       AND a.target_label IS NOT NULL`,
      [spaceId],
    );
    // An undone merge would bring the erased values back.
    await manager.query(
      `DELETE FROM contact_merges m WHERE m.space_id = $1
       AND EXISTS (SELECT 1 FROM erasing_contacts e WHERE e.id = m.master_id OR e.id = ANY (m.merged_ids))`,
      [spaceId],
    );
  }

  /** Suppression hashes from the values as they were, and the identity removed, in one statement. */
  private async eraseIdentities(
    manager: EntityManager,
    spaceId: string,
    at: Date,
    actorId: string,
  ): Promise<AnonymisedCount> {
    const params = new SqlParams();
    const [space, spaceText, erasedAt, actor] = [
      params.bind(spaceId),
      params.bind(spaceId),
      params.bind(at),
      params.bind(actorId),
    ];
    const [row] = await manager.query(
      `WITH before AS (
         SELECT c.id, c.email, c.phone FROM contacts c JOIN erasing_contacts e ON e.id = c.id
         WHERE c.space_id = ${space}::uuid FOR UPDATE OF c),
       suppressed AS (
         INSERT INTO contact_suppressions (space_id, kind, value_hash)
         SELECT ${space}::uuid, 'email', ${suppressionHashSql(`${spaceText}::text`, 'email', 'before.email')}
         FROM before WHERE btrim(coalesce(before.email, '')) <> ''
         UNION
         SELECT ${space}::uuid, 'phone', ${suppressionHashSql(`${spaceText}::text`, 'phone', 'before.phone')}
         FROM before WHERE btrim(coalesce(before.phone, '')) <> ''
         ON CONFLICT DO NOTHING),
       erased AS (
         UPDATE contacts c SET first_name = NULL, last_name = NULL, gender = 'unknown', birth_date = NULL, email = NULL,
           phone = NULL, phone_raw = NULL, street_number = NULL, street = NULL, latitude = NULL, longitude = NULL,
           tags = '{}', notes = NULL, erased_at = ${erasedAt}::timestamptz, updated_at = ${erasedAt}::timestamptz,
           updated_by = ${actor}::uuid
         FROM before WHERE c.space_id = ${space}::uuid AND c.id = before.id
         RETURNING c.id)
       SELECT count(*) FILTER (WHERE NOT e.merged)::int AS contacts, count(*) FILTER (WHERE e.merged)::int AS "mergedDuplicates"
       FROM erased JOIN erasing_contacts e ON e.id = erased.id`,
      params.values,
    );
    return row;
  }

  /** Ids of the contacts anonymised at that instant, by keyset batches. */
  async erasedAt(spaceId: string, at: Date, after: string | null, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM contacts WHERE space_id = $1 AND erased_at = $2${after ? ' AND id > $4::uuid' : ''}
       ORDER BY id LIMIT $3`,
      after ? [spaceId, at, limit, after] : [spaceId, at, limit],
    );
    return rows.map((row) => row.id);
  }
}
