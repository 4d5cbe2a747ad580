import { FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES, STREETS, TAGS, TOWNS } from './french-data';
import { seededRandom } from './random';

export const CONTACT_COPY_COLUMNS = [
  'space_id',
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
  'consent_email',
  'consent_sms',
  'consent_phone',
  'consent_post',
  'do_not_contact',
  'created_by',
  'updated_by',
  'created_at',
  'updated_at',
  'last_interaction_at',
];

const ascii = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '');

/** COPY text format: tabs, new lines and backslashes escaped, \N for null. */
function field(value: string | number | boolean | null): string {
  if (value === null) return '\\N';
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

export interface SeedContext {
  spaceId: string;
  createdBy: string;
  /** Support level ids, most common first is not required: the distribution is fixed here. */
  levelIds: string[];
  seed: number;
}

/**
 * Generates contacts as lines of COPY text, `count` of them, deterministic for a seed:
 * French names and Bordeaux addresses, 70% with an email, 60% with a phone, a spread of
 * support levels, tags and consents, three years of creation dates.
 */
export function* contactCopyLines(context: SeedContext, count: number, offset = 0): Generator<string> {
  const random = seededRandom(context.seed + offset);
  const now = Date.now();
  const threeYears = 3 * 365 * 24 * 3600 * 1000;
  for (let i = offset; i < offset + count; i++) {
    const female = random.chance(0.52);
    const first = random.pick(female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const town = random.pick(TOWNS);
    const createdAt = new Date(now - random.next() * threeYears);
    const seen = random.chance(0.5)
      ? new Date(createdAt.getTime() + random.next() * (now - createdAt.getTime()))
      : null;
    const hasPhone = random.chance(0.6);
    const mobile = `0${random.chance(0.8) ? 6 : 7}${String(random.int(10000000, 99999999))}`;
    const tags = TAGS.filter(() => random.chance(0.12));
    const level = random.chance(0.7) ? context.levelIds[random.int(0, context.levelIds.length - 1)] : null;
    const consent = () => (random.chance(0.4) ? random.chance(0.75) : null);
    const row = [
      context.spaceId,
      first,
      last,
      female ? 'female' : 'male',
      random.chance(0.3)
        ? `${random.int(1940, 2006)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`
        : null,
      random.chance(0.7) ? `${ascii(first)}.${ascii(last)}.${i}@exemple.fr` : null,
      hasPhone ? `+33${mobile.slice(1)}` : null,
      hasPhone ? mobile.replace(/(\d{2})(?=\d)/g, '$1 ') : null,
      String(random.int(1, 180)),
      random.pick(STREETS),
      town.postcode,
      town.city,
      town.insee,
      (town.lat + (random.next() - 0.5) * 0.02).toFixed(6),
      (town.lon + (random.next() - 0.5) * 0.02).toFixed(6),
      level,
      `{${tags.join(',')}}`,
      random.chance(0.6) ? 'import' : random.chance(0.7) ? 'field' : 'manual',
      consent(),
      consent(),
      consent(),
      consent(),
      random.chance(0.01),
      context.createdBy,
      context.createdBy,
      createdAt.toISOString(),
      createdAt.toISOString(),
      seen ? seen.toISOString() : null,
    ];
    yield `${row.map(field).join('\t')}\n`;
  }
}
