import { createHash } from 'node:crypto';

export type SuppressedKind = 'email' | 'phone';

/**
 * What is kept of an erased person: a hash of their address or phone, salted with the
 * space's id so the same person cannot be followed from one space to another. Emails are
 * compared lower-cased, phones in E.164, as contacts store them.
 *
 * The same formula exists in SQL (`suppressionHashSql`), for imports that check their
 * staged rows in one statement; a test keeps the two equal.
 */
export function suppressionHash(spaceId: string, kind: SuppressedKind, value: string): string {
  return createHash('sha256')
    .update(`${spaceId}:${kind}:${normalise(kind, value)}`, 'utf8')
    .digest('hex');
}

/** SQL expression computing `suppressionHash` from a space id, a kind literal and a value expression. */
export function suppressionHashSql(spaceIdSql: string, kind: SuppressedKind, valueSql: string): string {
  const normalised = kind === 'email' ? `lower(btrim(${valueSql}))` : `btrim(${valueSql})`;
  return `encode(sha256(convert_to(${spaceIdSql}::text || ':${kind}:' || ${normalised}, 'UTF8')), 'hex')`;
}

function normalise(kind: SuppressedKind, value: string): string {
  return kind === 'email' ? value.trim().toLowerCase() : value.trim();
}
