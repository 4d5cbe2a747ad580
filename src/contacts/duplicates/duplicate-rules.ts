/** Why contacts are proposed as duplicates (PRODUCT.md), in the order groups are listed. */
export const DUPLICATE_RULES = ['email', 'phone', 'birth', 'address'] as const;
export type DuplicateRule = (typeof DUPLICATE_RULES)[number];

export function parseRule(value: unknown): DuplicateRule | null {
  return DUPLICATE_RULES.includes(value as DuplicateRule) ? (value as DuplicateRule) : null;
}

/**
 * A key shared by more contacts than this is not one person's (a switchboard number, a
 * family address shared by a whole list): such keys are never proposed.
 */
export const MAX_GROUP_SIZE = 20;

/**
 * One way of grouping live contacts by a key. Each detector reads exactly one partial
 * index of the migration (same key expressions, same conditions), in key order, so that a
 * page of groups is found without sorting the base. The "address" rule has two: same
 * postcode, or same town when the postcodes do not settle it.
 */
export interface Detector {
  id: 'email' | 'phone' | 'birth' | 'address' | 'addressCity';
  rule: DuplicateRule;
  /** Key expressions for a table alias, in the index's column order. */
  keys(alias: string): string[];
  /** SQL type of each key, to read a cursor back. */
  types: string[];
  /** Conditions besides the space and "live": those of the index's WHERE. */
  where(alias: string): string[];
  /**
   * Group-level flags (see groupFlags) that mean "this group lies inside a group an
   * earlier detector lists": with every rule shown, such a group is listed only there.
   */
  containedWhen: (keyof GroupFlags)[];
  /** Flags that hide the group even when only this rule is shown. */
  alwaysContainedWhen?: (keyof GroupFlags)[];
}

export interface GroupFlags {
  sameEmail: boolean;
  samePhone: boolean;
  sameBirth: boolean;
  sameAddress: boolean;
  samePostcode: boolean;
}

const named = (a: string) => [`${a}.first_name IS NOT NULL`, `${a}.last_name IS NOT NULL`];
const addressKey = (a: string) => `duplicate_address_key(${a}.street_number, ${a}.street)`;

export const DETECTORS: Detector[] = [
  {
    id: 'email',
    rule: 'email',
    keys: (a) => [`${a}.email`],
    types: ['text'],
    where: (a) => [`${a}.email IS NOT NULL`],
    containedWhen: [],
  },
  {
    id: 'phone',
    rule: 'phone',
    keys: (a) => [`${a}.phone`],
    types: ['text'],
    where: (a) => [`${a}.phone IS NOT NULL`],
    containedWhen: ['sameEmail'],
  },
  {
    id: 'birth',
    rule: 'birth',
    // sort_name and first_key are the names lower-cased without accents (generated columns).
    keys: (a) => [`${a}.sort_name`, `${a}.first_key`, `${a}.birth_date`],
    types: ['text', 'text', 'date'],
    where: (a) => [...named(a), `${a}.birth_date IS NOT NULL`],
    containedWhen: ['sameEmail', 'samePhone'],
  },
  {
    id: 'address',
    rule: 'address',
    keys: (a) => [`${a}.sort_name`, `${a}.first_key`, addressKey(a), `${a}.postcode`],
    types: ['text', 'text', 'text', 'text'],
    where: (a) => [...named(a), `${a}.street IS NOT NULL`, `${a}.postcode IS NOT NULL`],
    containedWhen: ['sameEmail', 'samePhone', 'sameBirth'],
  },
  {
    id: 'addressCity',
    rule: 'address',
    keys: (a) => [`${a}.sort_name`, `${a}.first_key`, addressKey(a), `search_normalize(${a}.city)`],
    types: ['text', 'text', 'text', 'text'],
    where: (a) => [...named(a), `${a}.street IS NOT NULL`, `${a}.city IS NOT NULL`],
    containedWhen: ['sameEmail', 'samePhone', 'sameBirth'],
    // Everyone with the same postcode too: the postcode detector lists that group.
    alwaysContainedWhen: ['samePostcode'],
  },
];

export function detectorsFor(rule: DuplicateRule | null): Detector[] {
  return rule ? DETECTORS.filter((detector) => detector.rule === rule) : DETECTORS;
}

export function detectorById(id: unknown): Detector | null {
  return DETECTORS.find((detector) => detector.id === id) ?? null;
}

/** The rules a whole group matches, from its flags (a group may match several). */
export function rulesOf(flags: GroupFlags): DuplicateRule[] {
  const rules: DuplicateRule[] = [];
  if (flags.sameEmail) rules.push('email');
  if (flags.samePhone) rules.push('phone');
  if (flags.sameBirth) rules.push('birth');
  if (flags.sameAddress) rules.push('address');
  return rules;
}
