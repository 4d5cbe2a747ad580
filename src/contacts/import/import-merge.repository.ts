import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MatchMode } from './contact-import.entity';
import { suppressionHashSql } from '../suppressions/suppression-hash';

/** Who runs the import and what the ledger and the timeline say of it. */
export interface MergeContext {
  spaceId: string;
  importId: string;
  actorId: string | null;
  /** The consent ledger's proof: the file's name. */
  proof: string;
  mode: MatchMode;
}

// Staged rows of this import ($1 = space, $2 = import), aliased r.
const ROWS = 'contact_import_rows r';
const OF_IMPORT = 'r.space_id = $1 AND r.import_id = $2';
const LIVE = 'c.merged_into IS NULL AND c.erased_at IS NULL';

/** A staged row's name as contacts.sort_name will have it (see the migration), on alias r. */
const SORT_NAME_OF_ROW = `search_normalize(coalesce(r.last_name, '') || ' ' || coalesce(r.first_name, '')) COLLATE "C"`;

/**
 * The n-th id of this statement, in the UUID version 7 layout: 48 bits of milliseconds,
 * the version, 12 bits of sequence, the variant, 62 random bits. Millisecond and sequence
 * both come from now and n (4,096 ids per millisecond), so ids grow with n and with time.
 * (Postgres 18 has uuidv7(), which the Debian server's Postgres 15 lacks.)
 */
const ORDERED_UUID = `(lpad(to_hex((extract(epoch FROM statement_timestamp()) * 1000)::bigint + (o.n >> 12)), 12, '0')
  || '7' || lpad(to_hex(o.n & 4095), 3, '0')
  || substr('89ab', 1 + floor(random() * 4)::int, 1) || substr(md5(random()::text || o.n::text), 1, 15))::uuid`;

/**
 * How a matched contact's column gets the file's value: `fill` only fills what is empty,
 * `overwrite` lets the file's non-empty values win. Empty cells never erase anything.
 */
const PLAIN_COLUMNS: [string, string][] = [
  ['first_name', 'firstName'],
  ['last_name', 'lastName'],
  ['birth_date', 'birthDate'],
  ['email', 'email'],
  ['street_number', 'streetNumber'],
  ['street', 'street'],
  ['postcode', 'postcode'],
  ['city', 'city'],
  ['insee_code', 'inseeCode'],
  ['latitude', 'latitude'],
  ['longitude', 'longitude'],
  ['support_level_id', 'supportLevelId'],
  ['notes', 'notes'],
];

const CHANNELS: [string, string, string][] = [
  ['email', 'consent_email', 'consentEmail'],
  ['sms', 'consent_sms', 'consentSms'],
  ['phone', 'consent_phone', 'consentPhone'],
  ['post', 'consent_post', 'consentPost'],
];

/** The value a matched contact's columns take (on aliases r and c). */
function newValues(mode: MatchMode): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [column] of PLAIN_COLUMNS) {
    values[column] = mode === 'fill' ? `coalesce(c.${column}, r.${column})` : `coalesce(r.${column}, c.${column})`;
  }
  values.gender =
    mode === 'fill'
      ? `CASE WHEN c.gender = 'unknown' THEN coalesce(r.gender, c.gender) ELSE c.gender END`
      : `CASE WHEN r.gender IS NULL OR r.gender = 'unknown' THEN c.gender ELSE r.gender END`;
  // The typed form goes with the number it belongs to.
  const takePhone = mode === 'fill' ? 'c.phone IS NULL' : 'r.phone IS NOT NULL';
  values.phone = `CASE WHEN ${takePhone} THEN r.phone ELSE c.phone END`;
  values.phone_raw = `CASE WHEN ${takePhone} AND r.phone IS NOT NULL THEN r.phone_raw ELSE c.phone_raw END`;
  // Tags add up in both modes: a file never takes a tag away.
  values.tags = `c.tags || ARRAY(SELECT t FROM unnest(coalesce(r.tags, '{}')) t WHERE NOT t = ANY(c.tags))`;
  for (const [, column] of CHANNELS) values[column] = `coalesce(${consentDecision(mode, column)}, c.${column})`;
  return values;
}

/**
 * The ledger decision the file makes for a matched contact, or NULL: only where the file
 * says something, where it changes the state (and, for `fill`, where nothing was
 * recorded), and never a consent for someone who asked not to be contacted again.
 */
function consentDecision(mode: MatchMode, column: string): string {
  const changes = mode === 'fill' ? `c.${column} IS NULL` : `r.${column} IS DISTINCT FROM c.${column}`;
  return `CASE WHEN r.${column} IS NOT NULL AND ${changes} AND NOT (r.${column} AND c.do_not_contact) THEN r.${column} END`;
}

function changedFields(mode: MatchMode): string {
  const values = newValues(mode);
  const names: [string, string][] = [...PLAIN_COLUMNS, ['gender', 'gender'], ['phone', 'phone'], ['tags', 'tags']];
  const checks = names.map(
    ([column, field]) => `CASE WHEN (${values[column]}) IS DISTINCT FROM c.${column} THEN '${field}' END`,
  );
  for (const [, column, field] of CHANNELS)
    checks.push(`CASE WHEN ${consentDecision(mode, column)} IS NOT NULL THEN '${field}' END`);
  return `array_remove(ARRAY[${checks.join(', ')}]::text[], NULL)`;
}

/**
 * The writing half of an import: set-based statements over the staged rows, all in the
 * caller's transaction, so that an import writes everything or nothing.
 */
@Injectable()
export class ImportMergeRepository {
  /** A row whose e-mail or phone already came earlier in the file is skipped. */
  async skipRepeatsInFile(manager: EntityManager, spaceId: string, importId: string): Promise<void> {
    await manager.query(
      `WITH firsts AS (
         SELECT line, least(CASE WHEN email IS NOT NULL THEN min(line) OVER (PARTITION BY email) END,
                            CASE WHEN phone IS NOT NULL THEN min(line) OVER (PARTITION BY phone) END) AS first_line
         FROM contact_import_rows WHERE space_id = $1 AND import_id = $2 AND status = 'valid')
       UPDATE ${ROWS} SET status = 'skipped', skip_reason = 'duplicateInFile',
              problems = jsonb_build_array(jsonb_build_object('key', 'duplicateInFile', 'values', jsonb_build_object('line', f.first_line)))
       FROM firsts f WHERE ${OF_IMPORT} AND r.line = f.line AND f.first_line < f.line`,
      [spaceId, importId],
    );
  }

  /** People erased at their request stay out, whatever the file says. */
  async skipErased(manager: EntityManager, spaceId: string, importId: string): Promise<void> {
    // Hashing every row is wasted work in a space that never erased anyone.
    const [any] = await manager.query('SELECT 1 FROM contact_suppressions WHERE space_id = $1 LIMIT 1', [spaceId]);
    if (!any) return;
    const suppressed = (kind: 'email' | 'phone') =>
      `(r.${kind} IS NOT NULL AND EXISTS (SELECT 1 FROM contact_suppressions s
         WHERE s.space_id = $1 AND s.kind = '${kind}' AND s.value_hash = ${suppressionHashSql('$1', kind, `r.${kind}`)}))`;
    await manager.query(
      `UPDATE ${ROWS} SET status = 'skipped', skip_reason = 'erased'
       WHERE ${OF_IMPORT} AND r.status = 'valid' AND (${suppressed('email')} OR ${suppressed('phone')})`,
      [spaceId, importId],
    );
  }

  /**
   * Rows that match a contact of the space: same e-mail, else same phone, else (for rows
   * with neither) same name and same birth date or address — the duplicate rules, so
   * that importing a file again does not create its people twice. The oldest contact
   * wins when several match; two rows matching one contact: the later is skipped.
   */
  async matchExisting(manager: EntityManager, spaceId: string, importId: string): Promise<void> {
    await manager.query(
      `WITH candidates AS (
         SELECT r.line, c.id, c.created_at, 0 AS rank
         FROM ${ROWS} JOIN contacts c ON c.space_id = $1 AND c.email = r.email AND ${LIVE}
         WHERE ${OF_IMPORT} AND r.status = 'valid' AND r.email IS NOT NULL
         UNION ALL
         SELECT r.line, c.id, c.created_at, 1 AS rank
         FROM ${ROWS} JOIN contacts c ON c.space_id = $1 AND c.phone = r.phone AND ${LIVE}
         WHERE ${OF_IMPORT} AND r.status = 'valid' AND r.phone IS NOT NULL
         UNION ALL
         -- Without e-mail or phone: the same name with the same birth date or address.
         SELECT r.line, c.id, c.created_at, 2 AS rank
         FROM ${ROWS} JOIN contacts c ON c.space_id = $1 AND ${LIVE}
           AND c.sort_name = search_normalize(coalesce(r.last_name, '') || ' ' || coalesce(r.first_name, ''))
         WHERE ${OF_IMPORT} AND r.status = 'valid' AND r.email IS NULL AND r.phone IS NULL
           AND (r.first_name IS NOT NULL OR r.last_name IS NOT NULL)
           AND ((r.birth_date IS NOT NULL AND c.birth_date = r.birth_date)
             OR (r.street IS NOT NULL AND search_normalize(c.street) = search_normalize(r.street)
                 AND coalesce(c.street_number, '') = coalesce(r.street_number, '')
                 AND (c.postcode = r.postcode OR search_normalize(c.city) = search_normalize(r.city))))),
       matched AS (SELECT DISTINCT ON (line) line, id FROM candidates ORDER BY line, rank, created_at, id)
       UPDATE ${ROWS} SET contact_id = m.id FROM matched m WHERE ${OF_IMPORT} AND r.line = m.line`,
      [spaceId, importId],
    );
    await manager.query(
      `WITH firsts AS (
         SELECT line, min(line) OVER (PARTITION BY contact_id) AS first_line
         FROM contact_import_rows WHERE space_id = $1 AND import_id = $2 AND status = 'valid' AND contact_id IS NOT NULL)
       UPDATE ${ROWS} SET status = 'skipped', skip_reason = 'sameContact',
              problems = jsonb_build_array(jsonb_build_object('key', 'sameContact', 'values', jsonb_build_object('line', f.first_line)))
       FROM firsts f WHERE ${OF_IMPORT} AND r.line = f.line AND f.first_line < f.line`,
      [spaceId, importId],
    );
  }

  /** Updates the matched contacts as the mode says; returns how many changed. */
  async updateMatched(manager: EntityManager, context: MergeContext): Promise<number> {
    const params = [context.spaceId, context.importId];
    if (context.mode === 'skip') {
      await manager.query(
        `UPDATE ${ROWS} SET status = 'skipped', skip_reason = 'exists' WHERE ${OF_IMPORT} AND r.status = 'valid' AND r.contact_id IS NOT NULL`,
        params,
      );
      return 0;
    }
    const matched = `${ROWS} JOIN contacts c ON c.space_id = $1 AND c.id = r.contact_id`;
    // What would change, decided once from the contacts as they are now.
    await manager.query(
      `WITH planned AS (
         SELECT r.line, ${changedFields(context.mode)} AS fields
         FROM ${matched} WHERE ${OF_IMPORT} AND r.status = 'valid' AND r.contact_id IS NOT NULL)
       UPDATE ${ROWS} SET changed_fields = p.fields,
              status = CASE WHEN cardinality(p.fields) > 0 THEN 'updated' ELSE 'skipped' END,
              skip_reason = CASE WHEN cardinality(p.fields) > 0 THEN NULL ELSE 'unchanged' END
       FROM planned p WHERE ${OF_IMPORT} AND r.line = p.line`,
      params,
    );
    // The ledger first: it reads each contact's state before the update below.
    await manager.query(
      `INSERT INTO contact_consents (space_id, contact_id, channel, granted, source, proof, recorded_by)
       SELECT $1, c.id, v.channel, v.granted, 'import', $3, $4
       FROM ${matched}
       CROSS JOIN LATERAL (VALUES ${CHANNELS.map(([channel, column]) => `('${channel}', ${consentDecision(context.mode, column)})`).join(', ')})
         AS v (channel, granted)
       WHERE ${OF_IMPORT} AND r.status = 'updated' AND v.granted IS NOT NULL`,
      [...params, context.proof, context.actorId],
    );
    const values = newValues(context.mode);
    const [{ count }] = await manager.query(
      `WITH changed AS (
         UPDATE contacts c SET ${Object.entries(values)
           .map(([column, value]) => `${column} = ${value}`)
           .join(', ')}, updated_by = $3, updated_at = now()
         FROM contact_import_rows r
         WHERE c.space_id = $1 AND c.id = r.contact_id AND ${OF_IMPORT} AND r.status = 'updated'
         RETURNING 1)
       SELECT count(*)::int AS count FROM changed`,
      [...params, context.actorId],
    );
    await manager.query(
      `INSERT INTO contact_events (space_id, contact_id, kind, actor_id, details)
       SELECT $1, r.contact_id, 'import_updated', $3, jsonb_build_object('file', $4::text, 'fields', to_jsonb(r.changed_fields))
       FROM ${ROWS} WHERE ${OF_IMPORT} AND r.status = 'updated'`,
      [...params, context.actorId, context.proof],
    );
    return count;
  }

  /**
   * Creates the contacts of the rows that matched nobody; returns how many.
   *
   * Most indexes of contacts are ordered by name (the list, its filters, the duplicate
   * rules) and the others by id. Rows inserted in name order, with ids that grow in that
   * same order (time-ordered, UUID version 7 layout), land next to each other in every
   * one of them: Postgres touches each index page once instead of once per row, which is
   * most of the cost of a large import into a large base.
   */
  async insertNew(manager: EntityManager, context: MergeContext): Promise<number> {
    // One statement: the contacts, then their consent decisions and timeline entries from
    // what the insert returns, so the staged rows are read once.
    const [{ count }] = await manager.query(
      `WITH fresh AS (
         SELECT r.*, row_number() OVER (ORDER BY ${SORT_NAME_OF_ROW}, r.line) - 1 AS n
         FROM ${ROWS} WHERE ${OF_IMPORT} AND r.status = 'valid' AND r.contact_id IS NULL),
       created AS (
         INSERT INTO contacts (id, space_id, first_name, last_name, gender, birth_date, email, phone, phone_raw,
                               street_number, street, postcode, city, insee_code, latitude, longitude,
                               support_level_id, tags, notes, origin,
                               consent_email, consent_sms, consent_phone, consent_post, created_by, updated_by)
         SELECT ${ORDERED_UUID}, $1, o.first_name, o.last_name, coalesce(o.gender, 'unknown'), o.birth_date, o.email, o.phone, o.phone_raw,
                o.street_number, o.street, o.postcode, o.city, o.insee_code, o.latitude, o.longitude,
                o.support_level_id, coalesce(o.tags, '{}'), o.notes, 'import',
                o.consent_email, o.consent_sms, o.consent_phone, o.consent_post, $3, $3
         FROM fresh o ORDER BY o.n
         RETURNING id, consent_email, consent_sms, consent_phone, consent_post),
       decisions AS (
         INSERT INTO contact_consents (space_id, contact_id, channel, granted, source, proof, recorded_by)
         SELECT $1, c.id, v.channel, v.granted, 'import', $4, $3
         FROM created c
         CROSS JOIN LATERAL (VALUES ${CHANNELS.map(([channel, column]) => `('${channel}', c.${column})`).join(', ')}) AS v (channel, granted)
         WHERE v.granted IS NOT NULL),
       timeline AS (
         INSERT INTO contact_events (space_id, contact_id, kind, actor_id, details)
         SELECT $1, c.id, 'imported', $3, jsonb_build_object('file', $4::text) FROM created c)
       SELECT count(*)::int AS count FROM created`,
      [context.spaceId, context.importId, context.actorId, context.proof],
    );
    return count;
  }

  /** Skipped rows by reason; the written rows then leave the staging table. */
  async finish(manager: EntityManager, spaceId: string, importId: string): Promise<Record<string, number>> {
    const reasons: { reason: string; count: number }[] = await manager.query(
      `SELECT skip_reason AS reason, count(*)::int AS count FROM contact_import_rows
       WHERE space_id = $1 AND import_id = $2 AND status = 'skipped' GROUP BY skip_reason`,
      [spaceId, importId],
    );
    await manager.query(
      `DELETE FROM contact_import_rows WHERE space_id = $1 AND import_id = $2 AND status IN ('valid', 'updated')`,
      [spaceId, importId],
    );
    return Object.fromEntries(reasons.map((row) => [row.reason, row.count]));
  }
}
