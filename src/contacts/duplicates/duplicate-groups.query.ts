import { LIVE_CONDITIONS, SqlParams } from '../list/contact-query';
import { type Detector, type GroupFlags, MAX_GROUP_SIZE } from './duplicate-rules';

export interface GroupQueryOptions {
  /** Keys of the last group already shown (keyset pagination), as text. */
  after?: string[] | null;
  limit: number;
  /** Every rule is listed: leave out groups an earlier detector lists already. */
  skipContained: boolean;
  /** Only groups that can be merged without a choice and have no pair marked "not duplicates" (bulk merge). */
  mergeableOnly: boolean;
}

/** One group as Postgres returns it: its key, its contacts (oldest first) and what they share. */
export interface GroupRow extends GroupFlags {
  key: string[];
  ids: string[];
}

/** LIVE_CONDITIONS, written for another alias than `c`. */
function live(alias: string): string[] {
  return LIVE_CONDITIONS.map((condition) => condition.replace(/^c\./, `${alias}.`));
}

/** Whether every member has the same non-empty value of `expression`. */
const allSame = (expression: string) => `(count(${expression}) = count(*) AND min(${expression}) = max(${expression}))`;

/** A group's address: what a person chooses as one block on the merge page. */
const ADDRESS_VALUE = `CASE WHEN num_nonnulls(m.street_number, m.street, m.postcode, m.city, m.insee_code, m.latitude, m.longitude) > 0
  THEN jsonb_build_array(m.street_number, m.street, m.postcode, m.city, m.insee_code, m.latitude, m.longitude) END`;

/**
 * Conflict-free: for every field chosen on the merge page, the members' non-empty values
 * are equal (see merge-fields.ts, which must agree).
 */
const MERGEABLE = [
  "nullif(m.first_name, '')",
  "nullif(m.last_name, '')",
  "nullif(m.gender, 'unknown')",
  'm.birth_date',
  "nullif(m.email, '')",
  'm.phone',
  ADDRESS_VALUE,
  'm.support_level_id',
  "nullif(m.notes, '')",
]
  .map((value) => `count(DISTINCT ${value}) <= 1`)
  .join(' AND ');

/**
 * The groups of one detector, in key order, at most `limit`. Postgres walks the detector's
 * partial index, keeps the keys shared by 2 to MAX_GROUP_SIZE contacts, then reads each
 * group's members (same index) until it has `limit` groups: a page costs what its groups
 * cost, not what the base weighs. A group shows while some pair of it was not marked "not
 * duplicates". What only the page shows (same address) is computed for the groups kept.
 */
export function groupsQuery(
  spaceId: string,
  detector: Detector,
  options: GroupQueryOptions,
  params: SqlParams,
): string {
  const space = params.bind(spaceId);
  const keys = detector.keys('c');
  const memberKeys = detector.keys('m');
  const keyColumns = keys.map((_, index) => `k.k${index}`);
  const scan = [`c.space_id = ${space}`, ...live('c'), ...detector.where('c')];
  if (options.after) {
    const bound = options.after.map((value, index) => `${params.bind(value)}::${detector.types[index]}`);
    scan.push(`(${keys.join(', ')}) > (${bound.join(', ')})`);
  }
  const sameName = `(count(m.first_name) = count(*) AND count(m.last_name) = count(*) AND ${allSame('m.sort_name')} AND ${allSame('m.first_key')})`;
  const flags: Record<Exclude<keyof GroupFlags, 'sameAddress'>, string> = {
    sameEmail: allSame('m.email'),
    samePhone: allSame('m.phone'),
    sameBirth: `(${sameName} AND ${allSame('m.birth_date')})`,
    samePostcode: allSame('m.postcode'),
  };
  const sameAddress = `(${sameName} AND count(m.street) = count(*) AND ${allSame('duplicate_address_key(m.street_number, m.street)')}
    AND (${allSame('m.postcode')} OR ${allSame('search_normalize(m.city)')}))`;
  const filters = [
    // Some pair of the group is still undecided.
    `EXISTS (SELECT 1 FROM unnest(g.ids) AS a (id) CROSS JOIN unnest(g.ids) AS b (id)
       WHERE a.id < b.id AND NOT EXISTS (
         SELECT 1 FROM contact_not_duplicates n WHERE n.space_id = ${space} AND n.contact_a = a.id AND n.contact_b = b.id))`,
  ];
  const hidden = [...(detector.alwaysContainedWhen ?? []), ...(options.skipContained ? detector.containedWhen : [])];
  for (const flag of hidden) filters.push(`NOT g."${flag}"`);
  if (options.mergeableOnly) {
    filters.push('g.mergeable');
    filters.push(`NOT EXISTS (SELECT 1 FROM contact_not_duplicates n
       WHERE n.space_id = ${space} AND n.contact_a = ANY(g.ids) AND n.contact_b = ANY(g.ids))`);
  }
  const groupColumns = [
    'array_agg(m.id ORDER BY m.created_at, m.id) AS ids',
    ...Object.entries(flags).map(([name, sql]) => `coalesce(${sql}, false) AS "${name}"`),
    ...(options.mergeableOnly ? [`${MERGEABLE} AS mergeable`] : []),
  ];
  // The page's last flag, for the groups kept only (not needed to merge in bulk). The
  // lateral join keeps the order of the groups (a nested loop over them).
  const addressFlag = options.mergeableOnly
    ? { column: 'false', join: '' }
    : {
        column: 'a."sameAddress"',
        join: `CROSS JOIN LATERAL (
       SELECT coalesce(${sameAddress}, false) AS "sameAddress" FROM contacts m WHERE m.space_id = ${space} AND m.id = ANY(p.ids)
     ) a`,
      };
  return `SELECT p.key, p.ids, p."sameEmail", p."samePhone", p."sameBirth", p."samePostcode", ${addressFlag.column} AS "sameAddress"
     FROM (
       SELECT ARRAY[${keyColumns.map((column) => `${column}::text`).join(', ')}] AS key, g.*
       FROM (
         SELECT ${keys.map((key, index) => `${key} AS k${index}`).join(', ')}
         FROM contacts c WHERE ${scan.join(' AND ')}
         GROUP BY ${keys.map((_, index) => index + 1).join(', ')}
         HAVING count(*) BETWEEN 2 AND ${MAX_GROUP_SIZE}
       ) k
       CROSS JOIN LATERAL (
         SELECT ${groupColumns.join(',\n                ')}
         FROM contacts m
         WHERE ${[`m.space_id = ${space}`, ...live('m'), ...detector.where('m'), ...memberKeys.map((key, index) => `${key} = k.k${index}`)].join(' AND ')}
       ) g
       WHERE ${filters.join(' AND ')}
       ORDER BY ${keyColumns.join(', ')}
       LIMIT ${params.bind(options.limit)}
     ) p
     ${addressFlag.join}`;
}
