import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES, STREETS, TAGS, TOWNS } from './french-data';
import { seededRandom } from './random';

/** The columns of an organiser's spreadsheet, as in samples/contacts (French headers). */
export const IMPORT_CSV_HEADERS = [
  'Prénom',
  'Nom',
  'Civilité',
  'Date de naissance',
  'E-mail',
  'Téléphone',
  'Numéro',
  'Rue',
  'Code postal',
  'Ville',
  'Niveau de soutien',
  'Consentement e-mail',
  'Consentement SMS',
  'Tags',
];

const LEVELS = ['Opposé', 'Indécis', 'Sympathisant', 'Soutien fort', 'Donateur', "Membre de l'équipe"];

/**
 * Rows as Excel saves them (`;`, dd/mm/yyyy, phones as typed, oui/non, several tags in a
 * cell), deterministic for a seed; every e-mail is unique, so that every row creates a
 * contact.
 */
export function* importCsvLines(count: number, seed: number): Generator<string> {
  const random = seededRandom(seed);
  const pad = (n: number) => String(n).padStart(2, '0');
  const yesNo = () => (random.chance(0.5) ? (random.chance(0.7) ? 'oui' : 'non') : '');
  for (let i = 0; i < count; i++) {
    const female = random.chance(0.52);
    const first = random.pick(female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const town = random.pick(TOWNS);
    const mobile = `0${random.chance(0.8) ? 6 : 7}${String(random.int(10000000, 99999999))}`;
    const cells = [
      first,
      last,
      female ? 'Mme' : 'M.',
      random.chance(0.3) ? `${pad(random.int(1, 28))}/${pad(random.int(1, 12))}/${random.int(1940, 2006)}` : '',
      random.chance(0.8) ? `contact.${seed}.${i}@exemple.fr` : '',
      random.chance(0.6) ? mobile.replace(/(\d{2})(?=\d)/g, '$1 ') : '',
      String(random.int(1, 180)),
      random.pick(STREETS),
      town.postcode,
      town.city,
      random.chance(0.7) ? random.pick(LEVELS) : '',
      yesNo(),
      yesNo(),
      TAGS.filter(() => random.chance(0.12)).join(','),
    ];
    yield cells.map((cell) => (/[;"\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(';') + '\r\n';
  }
}

/**
 * A lean file: first name, last name, phone and postcode only, so that a million rows
 * stay under the 50 MB an upload may weigh.
 */
export const LEAN_CSV_HEADERS = ['Prénom', 'Nom', 'Téléphone', 'Code postal'];

export function* leanCsvLines(count: number, seed: number): Generator<string> {
  const random = seededRandom(seed);
  for (let i = 0; i < count; i++) {
    const female = random.chance(0.52);
    const phone = random.chance(0.6) ? `0${random.chance(0.8) ? 6 : 7}${String(random.int(10000000, 99999999))}` : '';
    const cells = [
      random.pick(female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES),
      random.pick(LAST_NAMES),
      phone,
      random.pick(TOWNS).postcode,
    ];
    yield cells.join(';') + '\r\n';
  }
}

/** Writes such a file (UTF-8 with BOM), streaming. */
export async function writeImportCsv(path: string, count: number, seed: number, lean = false): Promise<void> {
  const out = createWriteStream(path);
  out.write('\ufeff' + (lean ? LEAN_CSV_HEADERS : IMPORT_CSV_HEADERS).join(';') + '\r\n');
  for (const line of lean ? leanCsvLines(count, seed) : importCsvLines(count, seed)) {
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
