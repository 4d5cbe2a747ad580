import { randomInt } from 'node:crypto';

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/;

/** "Les Colibris de Pessac !" → "les-colibris-de-pessac" (3 to 40 characters). */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  return slug.length >= 3 ? slug : `espace-${slug || randomInt(1000, 9999)}`.slice(0, 40);
}

// No 0/O, 1/I/L: a code read aloud or copied from paper stays unambiguous.
const LETTERS = 'ABCDEFGHJKMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const ALPHABET = LETTERS + DIGITS;
export const INVITE_CODE_LENGTH = 8;

/** Eight characters from the unambiguous alphabet, at least one of them a digit. */
export function newInviteCode(): string {
  const characters = Array.from({ length: INVITE_CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]);
  if (!characters.some((character) => DIGITS.includes(character))) {
    characters[randomInt(INVITE_CODE_LENGTH)] = DIGITS[randomInt(DIGITS.length)];
  }
  return characters.join('');
}

/** What people type: "abcd-ef23 " → "ABCDEF23". */
export function normaliseInviteCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}
