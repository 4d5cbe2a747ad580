import { isCommonPassword } from './common-passwords';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export interface PasswordContext {
  name?: string;
  email?: string;
  spaceName?: string;
}

const normalise = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

// Words of a name worth refusing inside a password. Shorter ones ("Tom", "les") would refuse
// innocent passwords ("automobile") for no real gain.
function wordsOf(text: string | undefined): string[] {
  if (!text) return [];
  return normalise(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= 4);
}

/**
 * NIST-style rules: long enough, no composition rules, not a known leaked password and
 * not built on the person's or the space's name. Returns the i18n key of the first
 * problem, or null.
 */
export function passwordProblem(password: string, context: PasswordContext = {}): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'community:password.tooShort';
  if (length > PASSWORD_MAX_LENGTH) return 'community:password.tooLong';
  if (isCommonPassword(password)) return 'community:password.common';
  const normalised = normalise(password);
  const personal = [...wordsOf(context.name), ...wordsOf(context.email?.split('@')[0])];
  if (personal.some((word) => normalised.includes(word))) return 'community:password.containsName';
  if (wordsOf(context.spaceName).some((word) => normalised.includes(word))) return 'community:password.containsSpace';
  return null;
}
