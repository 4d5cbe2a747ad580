/**
 * Keyset pagination: a page is "the next N rows after this one", never OFFSET, so page 500
 * costs what page 1 costs. Queries fetch `limit + 1` rows to know whether more follow.
 */
export interface Page<T> {
  items: T[];
  /** Opaque token for the `after` parameter of the next page; null on the last page. */
  next: string | null;
}

export function toPage<T>(rows: T[], limit: number, cursorOf: (row: T) => unknown[]): Page<T> {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items.at(-1);
  return { items, next: more && last !== undefined ? encodeCursor(cursorOf(last)) : null };
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** The cursor's values, or null when the token is absent or not one of ours. */
export function decodeCursor(token: unknown, length: number): unknown[] | null {
  if (typeof token !== 'string' || token.length === 0 || token.length > 500) return null;
  try {
    const values = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    return Array.isArray(values) && values.length === length ? values : null;
  } catch {
    return null;
  }
}

const ID_PATTERNS = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  bigint: /^\d{1,19}$/,
};

/**
 * A (timestamp, id) cursor, the most common one: newest first with the id as tie-break.
 * Times are stored to the millisecond (timestamptz(3)), so the Date is exact. A token
 * that is not one of ours (wrong shape, an id of the wrong kind) counts as no cursor.
 */
export function decodeTimeCursor(
  token: unknown,
  idKind: keyof typeof ID_PATTERNS = 'uuid',
): { at: Date; id: string } | null {
  const values = decodeCursor(token, 2);
  if (!values || typeof values[0] !== 'string' || typeof values[1] !== 'string') return null;
  if (!ID_PATTERNS[idKind].test(values[1])) return null;
  const at = new Date(values[0]);
  return Number.isNaN(at.getTime()) ? null : { at, id: values[1] };
}
