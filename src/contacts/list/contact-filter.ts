import { isUUID } from 'class-validator';
import { CHANNELS, type Channel, ORIGINS, type Origin } from '../contacts/contact.entity';

export const SORTS = ['name', 'created', 'updated', 'interaction'] as const;
export type Sort = (typeof SORTS)[number];
export const PRESENCE_FIELDS = ['email', 'phone', 'address'] as const;
export type PresenceField = (typeof PRESENCE_FIELDS)[number];
export const CONSENT_STATES = ['granted', 'refused', 'unknown'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];
export const DNC_CHOICES = ['exclude', 'include', 'only'] as const;
export type DncChoice = (typeof DNC_CHOICES)[number];

export interface DateRange {
  from: string | null;
  to: string | null;
}

/**
 * What the contacts list is filtered on: everything travels in the URL (bookmarkable,
 * back button, saved filters replay it).
 */
export interface ContactFilter {
  q: string | null;
  /** Support level ids; `none` for contacts without a level. */
  levels: string[];
  tags: string[];
  tagsMode: 'any' | 'all';
  consent: { channel: Channel; state: ConsentState } | null;
  origins: Origin[];
  created: DateRange;
  updated: DateRange;
  interaction: DateRange;
  has: PresenceField[];
  lacks: PresenceField[];
  postcode: string | null;
  city: string | null;
  /**
   * "Ne plus contacter": left out of every list unless asked for (`include` shows them
   * marked, `only` shows nothing else), so that nobody calls or writes to them by mistake.
   */
  dnc: DncChoice;
  sort: Sort;
}

export const EMPTY_FILTER: ContactFilter = {
  q: null,
  levels: [],
  tags: [],
  tagsMode: 'any',
  consent: null,
  origins: [],
  created: { from: null, to: null },
  updated: { from: null, to: null },
  interaction: { from: null, to: null },
  has: [],
  lacks: [],
  postcode: null,
  city: null,
  dnc: 'exclude',
  sort: 'name',
};

// Years from 1000: Postgres has no year 0, and a calendar date must exist ("2024-02-30" does not).
const DATE = /^[1-9]\d{3}-\d{2}-\d{2}$/;

function list(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return values
    .flatMap((item) => (typeof item === 'string' ? item.split(',') : []))
    .map((item) => item.trim())
    .filter(Boolean);
}

function text(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed ? trimmed.slice(0, max) : null;
}

function date(value: unknown): string | null {
  if (typeof value !== 'string' || !DATE.test(value)) return null;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value ? value : null;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

/**
 * Reads the filter from a query string, keeping what is valid and naming what was
 * ignored (a typo in a bookmarked URL must not break the page).
 */
export function parseContactFilter(query: Record<string, unknown>): { filter: ContactFilter; ignored: string[] } {
  const ignored: string[] = [];
  const keep = <T>(name: string, raw: unknown, value: T | null): T | null => {
    if (raw !== undefined && raw !== '' && value === null) ignored.push(name);
    return value;
  };
  const levels = list(query.level).filter((level) => level === 'none' || isUUID(level));
  if (list(query.level).length !== levels.length) ignored.push('level');
  const origins = list(query.origin).filter((origin): origin is Origin => oneOf(origin, ORIGINS));
  if (list(query.origin).length !== origins.length) ignored.push('origin');
  // email=yes|no, phone=yes|no, address=yes|no
  const has = PRESENCE_FIELDS.filter((field) => query[field] === 'yes');
  const lacks = PRESENCE_FIELDS.filter((field) => query[field] === 'no');
  for (const field of PRESENCE_FIELDS) {
    if (query[field] !== undefined && query[field] !== '' && query[field] !== 'yes' && query[field] !== 'no') {
      ignored.push(field);
    }
  }
  let consent: ContactFilter['consent'] = null;
  if (typeof query.consent === 'string' && query.consent) {
    const [channel, state] = query.consent.split(':');
    if (oneOf(channel, CHANNELS) && oneOf(state, CONSENT_STATES)) consent = { channel, state };
    else ignored.push('consent');
  }
  const range = (prefix: string): DateRange => ({
    from: keep(`${prefix}_from`, query[`${prefix}_from`], date(query[`${prefix}_from`])),
    to: keep(`${prefix}_to`, query[`${prefix}_to`], date(query[`${prefix}_to`])),
  });
  const dnc = oneOf(query.dnc, DNC_CHOICES) ? query.dnc : (keep('dnc', query.dnc, null) ?? 'exclude');
  const sort = oneOf(query.sort, SORTS) ? query.sort : (keep('sort', query.sort, null) ?? 'name');
  const tagsMode = oneOf(query.tags_mode, ['any', 'all'] as const)
    ? query.tags_mode
    : (keep('tags_mode', query.tags_mode, null) ?? 'any');
  return {
    filter: {
      q: text(query.q, 100),
      levels,
      tags: [...new Set(list(query.tag).map((tag) => tag.slice(0, 50)))],
      tagsMode,
      consent,
      origins,
      created: range('created'),
      updated: range('updated'),
      interaction: range('seen'),
      has,
      lacks,
      postcode: text(query.postcode, 10),
      city: text(query.city, 80),
      dnc,
      sort,
    },
    ignored,
  };
}

/** The canonical query string of a filter (saved filters, pushed URLs, export links). */
export function filterToQuery(filter: ContactFilter): string {
  const params = new URLSearchParams();
  if (filter.q) params.set('q', filter.q);
  for (const level of filter.levels) params.append('level', level);
  for (const tag of filter.tags) params.append('tag', tag);
  if (filter.tags.length > 0 && filter.tagsMode === 'all') params.set('tags_mode', 'all');
  if (filter.consent) params.set('consent', `${filter.consent.channel}:${filter.consent.state}`);
  for (const origin of filter.origins) params.append('origin', origin);
  const range = (prefix: string, value: DateRange) => {
    if (value.from) params.set(`${prefix}_from`, value.from);
    if (value.to) params.set(`${prefix}_to`, value.to);
  };
  range('created', filter.created);
  range('updated', filter.updated);
  range('seen', filter.interaction);
  for (const field of filter.has) params.set(field, 'yes');
  for (const field of filter.lacks) params.set(field, 'no');
  if (filter.postcode) params.set('postcode', filter.postcode);
  if (filter.city) params.set('city', filter.city);
  if (filter.dnc !== 'exclude') params.set('dnc', filter.dnc);
  if (filter.sort !== 'name') params.set('sort', filter.sort);
  return params.toString();
}

/**
 * A stored or posted query string (saved filters, the bulk form) as the list reads its
 * URL: a name given several times (`level=…&level=…`) keeps all its values.
 */
export function queryFromString(queryString: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(queryString)) {
    const known = query[name];
    query[name] = known === undefined ? value : [...(Array.isArray(known) ? known : [known]), value];
  }
  return query;
}

/** True when the filter narrows nothing (the sort aside). */
export function isEmptyFilter(filter: ContactFilter): boolean {
  return filterToQuery({ ...filter, sort: 'name' }) === '';
}
