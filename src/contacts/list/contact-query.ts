import { containsPattern } from '../../shared/sql/like';
import type { ContactFilter, DateRange, PresenceField, Sort } from './contact-filter';

/** Numbered parameters for a hand-built query: `params.bind(value)` → `$3`. */
export class SqlParams {
  readonly values: unknown[] = [];

  bind(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * Which contacts a person may see: everything (admins, supervisors), or those created by
 * some people (a coordinator's teams, a member's own), plus extra SQL conditions other
 * modules may add for members (the contacts of their action lists).
 */
export type ContactVisibility = { kind: 'all' } | { kind: 'createdBy'; accountIds: string[]; orWhere?: string[] };

const CONSENT_COLUMNS = { email: 'consent_email', sms: 'consent_sms', phone: 'consent_phone', post: 'consent_post' };

const PRESENCE: Record<PresenceField, string> = {
  email: 'c.email IS NOT NULL',
  phone: 'c.phone IS NOT NULL',
  address: '(c.street IS NOT NULL AND (c.postcode IS NOT NULL OR c.city IS NOT NULL))',
};

/** Searches shorter than this use the names' prefix index, not the trigram index. */
export const TRIGRAM_MIN_LENGTH = 3;

/**
 * A search ignores case and accents. Words of 3 characters or more go through the
 * trigram index on `search_text`; shorter words only narrow what those found (written
 * so that the planner does not try the index with them). A search made only of short
 * words looks for names starting with it (btree index on COLLATE "C" columns).
 */
function searchConditions(q: string, params: SqlParams): string[] {
  const phone = phoneSearch(q, params);
  if (phone) return [phone];
  const words = q.split(/\s+/).filter(Boolean);
  if (isShortPrefix(q)) {
    const prefix = bindPrefix(q, params);
    return [`(${namePrefixCondition('sort_name', prefix)} OR ${namePrefixCondition('first_key', prefix)})`];
  }
  return words.map((word) =>
    word.length >= TRIGRAM_MIN_LENGTH
      ? `c.search_text LIKE search_normalize(${params.bind(containsPattern(word))}) ESCAPE '\\'`
      : `strpos(c.search_text, search_normalize(${params.bind(word)})) > 0`,
  );
}

/** A search made only of words shorter than the trigrams': it looks for names starting with it. */
export function isShortPrefix(q: string): boolean {
  const words = q.split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.some((word) => word.length >= TRIGRAM_MIN_LENGTH)) return false;
  // "06 12" is a phone number being typed, searched as such (see phoneSearch).
  return !(PHONE_LIKE.test(q) && q.replace(/\D/g, '').length >= TRIGRAM_MIN_LENGTH);
}

/** The typed prefix as a parameter, LIKE's wildcards escaped. */
export function bindPrefix(q: string, params: SqlParams): string {
  return params.bind(q.replace(/[\\%_]/g, (character) => `\\${character}`));
}

/** `c.<column> LIKE '<prefix>%'` on a COLLATE "C" name column: a range of its btree index. */
export function namePrefixCondition(column: 'sort_name' | 'first_key', prefix: string): string {
  return `c.${column} LIKE search_normalize(${prefix}) || '%'`;
}

// Digits with the separators people type in a phone number: "06 12 34 56 78", "+33 6.12…".
const PHONE_LIKE = /^\+?[\d\s.()-]+$/;

/**
 * A search typed like a phone number finds the number whatever its form: the digits run
 * together, and a French national number ("06 12…") also as stored in E.164 ("+33612…").
 */
function phoneSearch(q: string, params: SqlParams): string | null {
  if (!PHONE_LIKE.test(q)) return null;
  let digits = q.replace(/\D/g, '');
  if (digits.length < TRIGRAM_MIN_LENGTH) return null;
  if (digits.startsWith('00')) digits = digits.slice(2);
  // "+33 (0)6 12…": the national 0 written after the country code.
  if (/^330[1-9]/.test(digits)) digits = `33${digits.slice(3)}`;
  const forms = new Set([digits]);
  if (/^0[1-9]/.test(digits)) forms.add(`33${digits.slice(1)}`);
  const conditions = [...forms].map((form) => `c.search_text LIKE ${params.bind(containsPattern(form))} ESCAPE '\\'`);
  return conditions.length === 1 ? conditions[0] : `(${conditions.join(' OR ')})`;
}

function dateConditions(column: string, range: DateRange, params: SqlParams): string[] {
  const conditions: string[] = [];
  if (range.from) conditions.push(`${column} >= ${params.bind(range.from)}::date`);
  // "To" includes the whole day.
  if (range.to) conditions.push(`${column} < ${params.bind(range.to)}::date + 1`);
  return conditions;
}

/**
 * A contact still in the base: not merged into another, not erased. Every list index is
 * partial on exactly these conditions, so every list query must carry them.
 */
export const LIVE_CONDITIONS = ['c.merged_into IS NULL', 'c.erased_at IS NULL'];

/**
 * The WHERE conditions (on alias `c`) of a filtered, visible list of live contacts;
 * without the search with `withoutSearch` (a caller that searches its own way).
 */
export function contactConditions(
  spaceId: string,
  filter: ContactFilter,
  visibility: ContactVisibility,
  params: SqlParams,
  options: { withoutSearch?: boolean } = {},
): string[] {
  const conditions = [`c.space_id = ${params.bind(spaceId)}`, ...LIVE_CONDITIONS];
  if (visibility.kind === 'createdBy') {
    const scopes = [`c.created_by = ANY(${params.bind(visibility.accountIds)}::uuid[])`, ...(visibility.orWhere ?? [])];
    conditions.push(scopes.length === 1 ? scopes[0] : `(${scopes.join(' OR ')})`);
  }
  if (filter.q && !options.withoutSearch) conditions.push(...searchConditions(filter.q, params));
  if (filter.levels.length > 0) {
    const ids = filter.levels.filter((level) => level !== 'none');
    const parts = ids.length > 0 ? [`c.support_level_id = ANY(${params.bind(ids)}::uuid[])`] : [];
    if (filter.levels.includes('none')) parts.push('c.support_level_id IS NULL');
    conditions.push(parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`);
  }
  if (filter.tags.length > 0) {
    conditions.push(`c.tags ${filter.tagsMode === 'all' ? '@>' : '&&'} ${params.bind(filter.tags)}::text[]`);
  }
  if (filter.consent) {
    const column = `c.${CONSENT_COLUMNS[filter.consent.channel]}`;
    const state = { granted: 'IS TRUE', refused: 'IS FALSE', unknown: 'IS NULL' }[filter.consent.state];
    conditions.push(`${column} ${state}`);
  }
  if (filter.origins.length > 0) conditions.push(`c.origin = ANY(${params.bind(filter.origins)}::text[])`);
  conditions.push(...dateConditions('c.created_at', filter.created, params));
  conditions.push(...dateConditions('c.updated_at', filter.updated, params));
  conditions.push(...dateConditions('c.last_interaction_at', filter.interaction, params));
  for (const field of filter.has) conditions.push(PRESENCE[field]);
  for (const field of filter.lacks) conditions.push(`NOT ${PRESENCE[field]}`);
  if (filter.postcode) conditions.push(`c.postcode = ${params.bind(filter.postcode)}`);
  if (filter.city) conditions.push(`search_normalize(c.city) = search_normalize(${params.bind(filter.city)})`);
  if (filter.dnc === 'exclude') conditions.push('NOT c.do_not_contact');
  if (filter.dnc === 'only') conditions.push('c.do_not_contact');
  return conditions;
}

const NEVER_MET_LAST = "coalesce(c.last_interaction_at, '-infinity'::timestamptz)";

/** ORDER BY of each sort, and the column its cursor carries. */
export const ORDERS: Record<Sort, { orderBy: string; key: string }> = {
  name: { orderBy: 'c.sort_name, c.id', key: 'c.sort_name' },
  created: { orderBy: 'c.created_at DESC, c.id DESC', key: 'c.created_at' },
  updated: { orderBy: 'c.updated_at DESC, c.id DESC', key: 'c.updated_at' },
  // Never met last: as if met at the beginning of time, so that one index serves every page.
  interaction: { orderBy: `${NEVER_MET_LAST} DESC, c.id DESC`, key: 'c.last_interaction_at' },
};

/** The condition for "after this row" in the given sort (keyset pagination). */
export function afterCondition(sort: Sort, cursor: [string | null, string], params: SqlParams): string {
  const [value, id] = cursor;
  const boundId = params.bind(id);
  switch (sort) {
    case 'name':
      return `(c.sort_name, c.id) > (${params.bind(value ?? '')}, ${boundId}::uuid)`;
    case 'created':
    case 'updated': {
      const column = ORDERS[sort].key;
      return `(${column}, c.id) < (${params.bind(value)}::timestamptz, ${boundId}::uuid)`;
    }
    case 'interaction': {
      const at = value === null ? "'-infinity'::timestamptz" : `${params.bind(value)}::timestamptz`;
      return `(${NEVER_MET_LAST}, c.id) < (${at}, ${boundId}::uuid)`;
    }
  }
}
