import { isEmail } from 'class-validator';
import { toE164 } from '../../shared/phone';
import type { Gender } from '../contacts/contact.entity';
import { parseTags } from '../dto/contact.form';
import type { CsvRecord } from './csv-records';
import { type ColumnMapping, IDENTITY_FIELDS, type ImportField, normaliseHeader } from './import-fields';

/** What is wrong with a row: an i18n key under `contacts:import.problems`, and its values. */
export interface RowProblem {
  field: ImportField | null;
  key: string;
  values?: Record<string, string | number>;
}

/** A row ready for the staging table: checked and normalised, or rejected with its problems. */
export interface StagedRow {
  line: number;
  status: 'valid' | 'rejected';
  problems: RowProblem[] | null;
  /** The cells as read, kept for the rejected rows file only. */
  raw: string[] | null;
  firstName: string | null;
  lastName: string | null;
  gender: Gender | null;
  birthDate: string | null;
  email: string | null;
  phone: string | null;
  phoneRaw: string | null;
  streetNumber: string | null;
  street: string | null;
  postcode: string | null;
  city: string | null;
  inseeCode: string | null;
  latitude: number | null;
  longitude: number | null;
  supportLevelId: string | null;
  tags: string[] | null;
  notes: string | null;
  consentEmail: boolean | null;
  consentSms: boolean | null;
  consentPhone: boolean | null;
  consentPost: boolean | null;
}

const MAX_LENGTH: Partial<Record<ImportField, number>> = {
  firstName: 100,
  lastName: 100,
  email: 254,
  phone: 40,
  streetNumber: 20,
  street: 200,
  addressLine: 220,
  postcode: 10,
  city: 100,
  tags: 1000,
  notes: 5000,
};

const GENDERS: Record<string, Gender> = {};
const addGender = (gender: Gender, words: string[]) => words.forEach((word) => (GENDERS[word] = gender));
addGender('female', [
  'f',
  'femme',
  'mme',
  'madame',
  'mlle',
  'mademoiselle',
  'female',
  'woman',
  'w',
  'mrs',
  'ms',
  'miss',
]);
addGender('male', ['h', 'm', 'homme', 'monsieur', 'mr', 'male', 'man']);
addGender('other', ['autre', 'other', 'x', 'non binaire', 'nb', 'non binary']);
addGender('unknown', ['', 'inconnu', 'non precise', 'nc', 'unknown', 'n a', 'na']);

const YES = new Set([
  'oui',
  'o',
  'yes',
  'y',
  '1',
  'true',
  'vrai',
  'x',
  'ok',
  'accepte',
  'accord',
  'granted',
  'opt in',
  'optin',
]);
const NO = new Set(['non', 'n', 'no', '0', 'false', 'faux', 'refuse', 'refus', 'refused', 'opt out', 'optout']);

const CONSENT_FIELDS = {
  consentEmail: 'consentEmail',
  consentSms: 'consentSms',
  consentPhone: 'consentPhone',
  consentPost: 'consentPost',
} as const;

/**
 * Reads a record of the file as a contact, with the problems a person would fix by hand:
 * the same rules as the contact form, plus what spreadsheets do to data (postcodes that
 * lost their leading zero, "Mme"/"M." for the gender, "oui"/"non", dd/mm/yyyy dates).
 */
export class ImportRowReader {
  private readonly levelsByLabel: Map<string, string>;
  private readonly today = new Date().toISOString().slice(0, 10);

  constructor(
    private readonly mapping: ColumnMapping,
    private readonly columnCount: number,
    levels: { id: string; label: string }[],
  ) {
    this.levelsByLabel = new Map(levels.map((level) => [comparable(level.label), level.id]));
  }

  read(record: CsvRecord): StagedRow {
    const row = emptyRow(record.line);
    const problems: RowProblem[] = [];
    if (record.quoteProblem) problems.push({ field: null, key: 'quotes' });
    else if (record.cells.length !== this.columnCount) {
      problems.push({
        field: null,
        key: 'columns',
        values: { found: record.cells.length, expected: this.columnCount },
      });
    } else {
      for (const [index, field] of Object.entries(this.mapping)) {
        const value = record.cells[Number(index)]?.trim() ?? '';
        if (value !== '') this.readField(row, field, value, problems);
      }
      if (IDENTITY_FIELDS.every((field) => row[field as keyof StagedRow] === null) && problems.length === 0) {
        problems.push({ field: null, key: 'noIdentity' });
      }
    }
    if (problems.length > 0) {
      row.status = 'rejected';
      row.problems = problems;
      row.raw = keptCells(record.cells);
    }
    return row;
  }

  private readField(row: StagedRow, field: ImportField, value: string, problems: RowProblem[]) {
    const max = MAX_LENGTH[field];
    if (max && value.length > max) {
      problems.push({ field, key: 'tooLong', values: { max } });
      return;
    }
    const problem = (key: string, values?: Record<string, string | number>) => problems.push({ field, key, values });
    switch (field) {
      case 'firstName':
      case 'lastName':
      case 'street':
      case 'city':
      case 'notes':
      case 'streetNumber':
        row[field] = field === 'notes' ? value : value.replace(/\s+/g, ' ');
        return;
      case 'gender': {
        const gender = GENDERS[comparable(value).replace(/\./g, '').trim()];
        if (gender) row.gender = gender;
        else problem('badGender', { value });
        return;
      }
      case 'birthDate': {
        const date = parseDate(value);
        if (!date) problem('badDate', { value });
        else if (date > this.today || date < '1900-01-01') problem('unlikelyBirthDate', { value });
        else row.birthDate = date;
        return;
      }
      case 'email': {
        const email = value.toLowerCase();
        if (isEmail(email)) row.email = email;
        else problem('badEmail', { value });
        return;
      }
      case 'phone': {
        const phone = toE164(value);
        if (phone) {
          row.phone = phone;
          row.phoneRaw = value;
        } else problem('badPhone', { value });
        return;
      }
      case 'addressLine': {
        const match = /^(\d+\s?(?:bis|ter|quater|[a-d])?)\b[\s,]+(.+)$/i.exec(value);
        row.streetNumber ??= match ? match[1] : null;
        row.street ??= (match ? match[2] : value).replace(/\s+/g, ' ');
        return;
      }
      case 'postcode': {
        // Spreadsheets read postcodes as numbers: 01000 comes back as 1000.
        const postcode = /^\d{4}$/.test(value) ? `0${value}` : value.toUpperCase();
        if (/^[0-9A-Z -]{3,10}$/.test(postcode)) row.postcode = postcode;
        else problem('badPostcode', { value });
        return;
      }
      case 'inseeCode': {
        const code = /^\d{4}$/.test(value) ? `0${value}` : value.toUpperCase();
        if (/^\d[\dAB]\d{3}$/.test(code)) row.inseeCode = code;
        else problem('badInsee', { value });
        return;
      }
      case 'latitude':
      case 'longitude': {
        const number = Number(value.replace(',', '.'));
        const limit = field === 'latitude' ? 90 : 180;
        if (Number.isFinite(number) && Math.abs(number) <= limit) row[field] = number;
        else problem(field === 'latitude' ? 'badLatitude' : 'badLongitude', { value });
        return;
      }
      case 'supportLevel': {
        const id = this.levelsByLabel.get(comparable(value));
        if (id) row.supportLevelId = id;
        else problem('badLevel', { value });
        return;
      }
      case 'tags':
        row.tags = parseTags(value);
        return;
      case 'consentEmail':
      case 'consentSms':
      case 'consentPhone':
      case 'consentPost': {
        const answer = comparable(value);
        if (YES.has(answer)) row[CONSENT_FIELDS[field]] = true;
        else if (NO.has(answer)) row[CONSENT_FIELDS[field]] = false;
        else problem('badConsent', { value });
        return;
      }
    }
  }
}

/**
 * A rejected row's cells as kept for the report and the rejected rows file: a cell that
 * swallowed half the file (a quote never closed) would not help anyone fix it.
 */
const KEPT_CELLS = 500;
const KEPT_CELL_LENGTH = 2000;

function keptCells(cells: string[]): string[] {
  return cells
    .slice(0, KEPT_CELLS)
    .map((cell) => (cell.length > KEPT_CELL_LENGTH ? `${cell.slice(0, KEPT_CELL_LENGTH)}…` : cell));
}

function emptyRow(line: number): StagedRow {
  return {
    line,
    status: 'valid',
    problems: null,
    raw: null,
    firstName: null,
    lastName: null,
    gender: null,
    birthDate: null,
    email: null,
    phone: null,
    phoneRaw: null,
    streetNumber: null,
    street: null,
    postcode: null,
    city: null,
    inseeCode: null,
    latitude: null,
    longitude: null,
    supportLevelId: null,
    tags: null,
    notes: null,
    consentEmail: null,
    consentSms: null,
    consentPhone: null,
    consentPost: null,
  };
}

/** Labels and answers compared without case, accents or punctuation: "Indécis" = "indecis". */
function comparable(value: string): string {
  return normaliseHeader(value.replace(/[’`]/g, "'").replace(/'/g, ' '));
}

/** dd/mm/yyyy (also with - or .), yyyy-mm-dd, dd/mm/yy → yyyy-mm-dd; null when it is no date. */
export function parseDate(value: string): string | null {
  let year: number, month: number, day: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  const french = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(value);
  if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (french) {
    [day, month, year] = [Number(french[1]), Number(french[2]), Number(french[3])];
    if (french[3].length === 2) {
      // Two-digit years: the most recent past year that ends that way.
      const century = Math.floor(new Date().getFullYear() / 100) * 100;
      year = century + year > new Date().getFullYear() ? century - 100 + year : century + year;
    }
  } else return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}
