import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CHANNELS } from '../contacts/contact.entity';
import { displayNameSql } from './display-name.sql';

/** Contacts merged into one master. */
export interface MergePlan {
  masterId: string;
  /** The others, in the order they are named (oldest first). */
  mergedIds: string[];
}

export interface MergeRecord extends MergePlan {
  id: string;
}

/** Columns a merge may change on the master, restored as they were by an undo. */
const RESTORED = [
  'first_name',
  'last_name',
  'gender',
  'birth_date',
  'email',
  'phone',
  'phone_raw',
  'street_number',
  'street',
  'postcode',
  'city',
  'insee_code',
  'latitude',
  'longitude',
  'support_level_id',
  'tags',
  'origin',
  'notes',
  'last_interaction_at',
  'created_by',
  'updated_by',
  'created_at',
  'updated_at',
];

const CONSENT_COLUMN = {
  email: 'consent_email',
  sms: 'consent_sms',
  phone: 'consent_phone',
  post: 'consent_post',
} as const;

/**
 * The statements of a merge and of its undo. Every one is set-based over all the plans
 * it is given (one group or thousands), and runs in the caller's transaction.
 */
@Injectable()
export class MergesRepository {
  /** Locks the contacts; returns how many of them are still live (all of them, or the merge must stop). */
  async lockLive(manager: EntityManager, spaceId: string, ids: string[]): Promise<number> {
    const rows = await manager.query(
      `SELECT id FROM contacts WHERE space_id = $1 AND id = ANY($2::uuid[]) AND merged_into IS NULL AND erased_at IS NULL
       ORDER BY id FOR UPDATE`,
      [spaceId, ids],
    );
    return rows.length;
  }

  /**
   * Merges every plan: the history entry with what an undo needs (the master as it was,
   * the ids of the rows moved), the timelines and consent ledgers moved to the master,
   * the master's combined values, the others marked merged, a timeline entry on the master.
   */
  async merge(manager: EntityManager, spaceId: string, actorId: string, plans: MergePlan[]): Promise<MergeRecord[]> {
    const contactIds = plans.flatMap((plan) => plan.mergedIds);
    const masterIds = plans.flatMap((plan) => plan.mergedIds.map(() => plan.masterId));
    const plan = [spaceId, contactIds, masterIds];
    const records = await this.insertMerges(manager, spaceId, actorId, contactIds, masterIds);
    for (const table of ['contact_events', 'contact_consents']) {
      await manager.query(
        `UPDATE ${table} r SET contact_id = p.master_id FROM unnest($2::uuid[], $3::uuid[]) AS p (contact_id, master_id)
         WHERE r.space_id = $1 AND r.contact_id = p.contact_id`,
        plan,
      );
    }
    await this.combine(manager, spaceId, actorId, contactIds, masterIds);
    await manager.query(
      `UPDATE contacts c SET merged_into = p.master_id FROM unnest($2::uuid[], $3::uuid[]) AS p (contact_id, master_id)
       WHERE c.space_id = $1 AND c.id = p.contact_id`,
      plan,
    );
    await manager.query(
      `INSERT INTO contact_events (space_id, contact_id, kind, actor_id, details)
       SELECT $1, r.master_id, 'merged', $2, jsonb_build_object('mergeId', r.id, 'count', cardinality(r.merged_ids), 'names',
         (SELECT string_agg(${displayNameSql('c')}, ', ' ORDER BY x.position)
          FROM unnest(r.merged_ids) WITH ORDINALITY AS x (id, position) JOIN contacts c ON c.space_id = $1 AND c.id = x.id))
       FROM contact_merges r WHERE r.space_id = $1 AND r.id = ANY($3::uuid[])`,
      [spaceId, actorId, records.map((record) => record.id)],
    );
    return records;
  }

  private insertMerges(
    manager: EntityManager,
    spaceId: string,
    actorId: string,
    contactIds: string[],
    masterIds: string[],
  ): Promise<MergeRecord[]> {
    const movedIds = (table: string) => `(SELECT coalesce(jsonb_object_agg(x.contact_id, x.ids), '{}'::jsonb)
       FROM (SELECT r.contact_id, jsonb_agg(r.id ORDER BY r.id) AS ids FROM ${table} r
             WHERE r.space_id = $1 AND r.contact_id = ANY(g.merged_ids) GROUP BY r.contact_id) x)`;
    return manager.query(
      `WITH grouped AS (
         SELECT p.master_id, array_agg(p.contact_id ORDER BY p.position) AS merged_ids
         FROM unnest($2::uuid[], $3::uuid[]) WITH ORDINALITY AS p (contact_id, master_id, position)
         GROUP BY p.master_id)
       INSERT INTO contact_merges (space_id, master_id, merged_ids, snapshot, merged_by)
       SELECT $1, g.master_id, g.merged_ids,
              jsonb_build_object('master', to_jsonb(m) - 'sort_name' - 'first_key' - 'search_text',
                                 'events', ${movedIds('contact_events')}, 'consents', ${movedIds('contact_consents')}),
              $4
       FROM grouped g JOIN contacts m ON m.space_id = $1 AND m.id = g.master_id
       RETURNING id, master_id AS "masterId", merged_ids AS "mergedIds"`,
      [spaceId, contactIds, masterIds, actorId],
    );
  }

  /**
   * The master's values from the group: each chosen field from the master when it has
   * one, else from the oldest contact that has one (a bulk merge only meets groups where
   * they agree; a merge by hand then sets the person's choices); tags together; "do not
   * contact" if anyone asked; the latest interaction; each consent as the group's latest
   * decision in the ledger (already moved to the master), refused if "do not contact".
   */
  private async combine(
    manager: EntityManager,
    spaceId: string,
    actorId: string,
    contactIds: string[],
    masterIds: string[],
  ) {
    const first = (column: string, empty = "''") =>
      `(array_agg(m.${column} ORDER BY m.position) FILTER (WHERE nullif(m.${column}::text, ${empty}) IS NOT NULL))[1]`;
    const sourceOf = (condition: string) => `(array_agg(m.id ORDER BY m.position) FILTER (WHERE ${condition}))[1]`;
    const consents = CHANNELS.map(
      (channel) => `${CONSENT_COLUMN[channel]} = CASE WHEN x.do_not_contact THEN false ELSE coalesce(
         (SELECT l.granted FROM contact_consents l WHERE l.space_id = $1 AND l.contact_id = c.id AND l.channel = '${channel}'
          ORDER BY l.recorded_at DESC, l.id DESC LIMIT 1), x.${CONSENT_COLUMN[channel]}) END`,
    );
    await manager.query(
      `WITH plan AS (
         SELECT p.master_id, p.contact_id, p.position
         FROM unnest($2::uuid[], $3::uuid[]) WITH ORDINALITY AS p (contact_id, master_id, position)
         UNION ALL
         SELECT DISTINCT p.master_id, p.master_id, 0::bigint FROM unnest($3::uuid[]) AS p (master_id)),
       members AS (
         SELECT p.master_id, p.position, c.* FROM plan p JOIN contacts c ON c.space_id = $1 AND c.id = p.contact_id),
       combined AS (
         SELECT m.master_id,
                ${first('first_name')} AS first_name, ${first('last_name')} AS last_name,
                coalesce(${first('gender', "'unknown'")}, 'unknown') AS gender, ${first('birth_date')} AS birth_date,
                ${first('email')} AS email, ${first('support_level_id')} AS support_level_id, ${first('notes')} AS notes,
                ${sourceOf('m.phone IS NOT NULL')} AS phone_from,
                ${sourceOf('num_nonnulls(m.street_number, m.street, m.postcode, m.city, m.insee_code, m.latitude, m.longitude) > 0')} AS address_from,
                bool_or(m.do_not_contact) AS do_not_contact, max(m.last_interaction_at) AS last_interaction_at,
                ${CHANNELS.map((channel) => `bool_and(m.${CONSENT_COLUMN[channel]}) AS ${CONSENT_COLUMN[channel]}`).join(', ')}
         FROM members m GROUP BY m.master_id),
       tag_union AS (
         SELECT t.master_id, array_agg(t.tag ORDER BY t.first_seen) AS tags
         FROM (SELECT m.master_id, tag.value AS tag, min(ARRAY[m.position, tag.position]) AS first_seen
               FROM members m CROSS JOIN LATERAL unnest(m.tags) WITH ORDINALITY AS tag (value, position)
               GROUP BY m.master_id, tag.value) t
         GROUP BY t.master_id)
       UPDATE contacts c SET
         first_name = x.first_name, last_name = x.last_name, gender = x.gender, birth_date = x.birth_date, email = x.email,
         support_level_id = x.support_level_id, notes = x.notes,
         phone = p.phone, phone_raw = p.phone_raw,
         street_number = a.street_number, street = a.street, postcode = a.postcode, city = a.city, insee_code = a.insee_code,
         latitude = a.latitude, longitude = a.longitude,
         tags = coalesce(t.tags, '{}'), do_not_contact = x.do_not_contact, last_interaction_at = x.last_interaction_at,
         ${consents.join(',\n         ')},
         updated_at = now(), updated_by = $4
       FROM combined x
         LEFT JOIN tag_union t ON t.master_id = x.master_id
         LEFT JOIN contacts p ON p.space_id = $1 AND p.id = x.phone_from
         LEFT JOIN contacts a ON a.space_id = $1 AND a.id = x.address_from
       WHERE c.space_id = $1 AND c.id = x.master_id`,
      [spaceId, contactIds, masterIds, actorId],
    );
  }

  /** Display names of contacts, by id (for the audit log). */
  async names(manager: EntityManager, spaceId: string, ids: string[]): Promise<Map<string, string>> {
    const rows: { id: string; name: string }[] = await manager.query(
      `SELECT c.id, ${displayNameSql('c')} AS name FROM contacts c WHERE c.space_id = $1 AND c.id = ANY($2::uuid[])`,
      [spaceId, ids],
    );
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /** The person's choices on the merge page: fields taken from another contact of the group, or given (combined notes). */
  async applyChoices(
    manager: EntityManager,
    spaceId: string,
    masterId: string,
    fromContact: { columns: string[]; contactId: string }[],
    values: Record<string, unknown>,
  ): Promise<void> {
    const params: unknown[] = [spaceId, masterId];
    const sets: string[] = [];
    for (const choice of fromContact) {
      params.push(choice.contactId);
      const source = `$${params.length}::uuid`;
      sets.push(
        `(${choice.columns.join(', ')}) = (SELECT ${choice.columns.map((column) => `s.${column}`).join(', ')}
          FROM contacts s WHERE s.space_id = $1 AND s.id = ${source})`,
      );
    }
    for (const [column, value] of Object.entries(values)) {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    }
    if (sets.length === 0) return;
    await manager.query(`UPDATE contacts SET ${sets.join(', ')} WHERE space_id = $1 AND id = $2`, params);
  }

  /** A merge, locked for its undo. */
  async findForUndo(manager: EntityManager, spaceId: string, id: string): Promise<UndoableMerge | null> {
    const [row] = await manager.query(
      `SELECT id, master_id AS "masterId", merged_ids AS "mergedIds", snapshot, created_at AS "createdAt",
              undone_at AS "undoneAt", created_at < now() - interval '30 days' AS expired
       FROM contact_merges WHERE space_id = $1 AND id = $2 FOR UPDATE`,
      [spaceId, id],
    );
    return row ?? null;
  }

  /** The state of a merge's contacts now: those missing were deleted. */
  contactStates(manager: EntityManager, spaceId: string, ids: string[]): Promise<ContactState[]> {
    return manager.query(
      `SELECT id, merged_into AS "mergedInto", erased_at IS NOT NULL AS erased
       FROM contacts WHERE space_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`,
      [spaceId, ids],
    );
  }

  /** Whether the master took part in a later merge still in force (undo that one first). */
  async laterMergeOf(manager: EntityManager, spaceId: string, merge: UndoableMerge): Promise<boolean> {
    const rows = await manager.query(
      `SELECT 1 FROM contact_merges WHERE space_id = $1 AND master_id = $2 AND undone_at IS NULL AND created_at > $3 LIMIT 1`,
      [spaceId, merge.masterId, merge.createdAt],
    );
    return rows.length > 0;
  }

  /**
   * Puts everything back: the moved timeline entries and consent decisions return to their
   * contact, the master gets its values from before the merge (but keeps consent and "do
   * not contact" decisions recorded on it since: a person's wish is not undone with a
   * merge), the merged contacts are live again.
   */
  async undo(manager: EntityManager, spaceId: string, actorId: string, merge: UndoableMerge): Promise<void> {
    for (const [table, moved] of [
      ['contact_events', merge.snapshot.events],
      ['contact_consents', merge.snapshot.consents],
    ] as const) {
      await manager.query(
        `UPDATE ${table} r SET contact_id = x.contact_id
         FROM (SELECT owner.key::uuid AS contact_id, row_id.value::bigint AS id
               FROM jsonb_each($3::jsonb) AS owner CROSS JOIN LATERAL jsonb_array_elements_text(owner.value) AS row_id) x
         WHERE r.space_id = $1 AND r.contact_id = $2 AND r.id = x.id`,
        [spaceId, merge.masterId, JSON.stringify(moved ?? {})],
      );
    }
    const since = '$4::timestamptz';
    const consents = CHANNELS.map(
      (channel) => `${CONSENT_COLUMN[channel]} = coalesce(
         (SELECT l.granted FROM contact_consents l WHERE l.space_id = $1 AND l.contact_id = c.id AND l.channel = '${channel}'
            AND l.recorded_at >= ${since} ORDER BY l.recorded_at DESC, l.id DESC LIMIT 1), s.${CONSENT_COLUMN[channel]})`,
    );
    await manager.query(
      `UPDATE contacts c SET ${RESTORED.map((column) => `${column} = s.${column}`).join(', ')},
         do_not_contact = CASE WHEN EXISTS (
           SELECT 1 FROM contact_events e WHERE e.space_id = $1 AND e.contact_id = c.id
             AND e.kind IN ('do_not_contact', 'do_not_contact_lifted') AND e.at >= ${since})
           THEN c.do_not_contact ELSE s.do_not_contact END,
         ${consents.join(',\n         ')}
       FROM jsonb_populate_record(NULL::contacts, $3::jsonb) AS s
       WHERE c.space_id = $1 AND c.id = $2`,
      [spaceId, merge.masterId, JSON.stringify(merge.snapshot.master), merge.createdAt],
    );
    await manager.query(
      `UPDATE contacts SET merged_into = NULL WHERE space_id = $1 AND id = ANY($2::uuid[]) AND merged_into = $3`,
      [spaceId, merge.mergedIds, merge.masterId],
    );
    await manager.query('UPDATE contact_merges SET undone_at = now() WHERE space_id = $1 AND id = $2', [
      spaceId,
      merge.id,
    ]);
    await manager.query(
      `INSERT INTO contact_events (space_id, contact_id, kind, actor_id, details)
       SELECT $1, $2, 'merge_undone', $3, jsonb_build_object('mergeId', $4::uuid, 'count', count(*), 'names',
         string_agg(${displayNameSql('c')}, ', ' ORDER BY x.position))
       FROM unnest($5::uuid[]) WITH ORDINALITY AS x (id, position) JOIN contacts c ON c.space_id = $1 AND c.id = x.id`,
      [spaceId, merge.masterId, actorId, merge.id, merge.mergedIds],
    );
  }
}

export interface MergeSnapshot {
  master?: Record<string, unknown> & { id?: string };
  /** Ids of the rows moved to the master, by the contact they came from. */
  events?: Record<string, number[]>;
  consents?: Record<string, number[]>;
}

export interface UndoableMerge {
  id: string;
  masterId: string;
  mergedIds: string[];
  snapshot: MergeSnapshot;
  createdAt: Date;
  undoneAt: Date | null;
  expired: boolean;
}

export interface ContactState {
  id: string;
  mergedInto: string | null;
  erased: boolean;
}
