import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { TFunction } from 'i18next';
import type { Language } from '../../shared/i18n/languages';

/** The groups of columns a person ticks on the export page, in the file's order. */
export const EXPORT_GROUPS = [
  'identity',
  'contact',
  'address',
  'level',
  'tags',
  'origin',
  'consents',
  'doNotContact',
  'dates',
  'notes',
] as const;
export type ExportGroup = (typeof EXPORT_GROUPS)[number];

/** Notes are free text written about the person: left out unless asked for. */
export const DEFAULT_EXPORT_GROUPS: ExportGroup[] = EXPORT_GROUPS.filter((group) => group !== 'notes');

/** A contact as the export reads it; only the chosen groups' fields are selected. */
export interface ExportRow {
  id: string;
  /** The name as sorted: the keyset cursor's first part. */
  sortKey: string;
  firstName?: string | null;
  lastName?: string | null;
  gender?: string;
  birthDate?: string | null;
  email?: string | null;
  phone?: string | null;
  streetNumber?: string | null;
  street?: string | null;
  postcode?: string | null;
  city?: string | null;
  inseeCode?: string | null;
  levelLabel?: string | null;
  tags?: string[];
  origin?: string;
  consentEmail?: boolean | null;
  consentSms?: boolean | null;
  consentPhone?: boolean | null;
  consentPost?: boolean | null;
  doNotContact?: boolean;
  createdAt?: Date;
  updatedAt?: Date;
  lastInteractionAt?: Date | null;
  notes?: string | null;
}

export interface ExportFormat {
  t: TFunction;
  language: Language;
}

interface ExportColumn {
  /** i18n key of the header. */
  header: string;
  value(row: ExportRow, format: ExportFormat): string;
}

interface GroupDefinition {
  /** Select expressions (alias `c` for contacts, `l` for the support level). */
  select: string[];
  columns: ExportColumn[];
}

const text = (value: string | null | undefined) => value ?? '';

/** A yes/no cell, blank when nobody asked (a consent never recorded). */
function yesNo(value: boolean | null | undefined, format: ExportFormat): string {
  if (value === null || value === undefined) return '';
  return format.t(value ? 'contacts:export.yes' : 'contacts:export.no');
}

/** "05/03/2026" for French readers (what French Excel reads as a date), ISO otherwise. */
export function exportDay(isoDay: string | null | undefined, language: Language): string {
  if (!isoDay) return '';
  const [year, month, day] = isoDay.split('-');
  return language === 'fr' ? `${day}/${month}/${year}` : `${year}-${month}-${day}`;
}

/** A moment as the day it was, in the server's time zone (the one the pages show). */
function exportMoment(value: Date | null | undefined, language: Language): string {
  if (!value) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return exportDay(`${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`, language);
}

/**
 * French numbers as people write them ("06 12 34 56 78"): a spreadsheet keeps them as
 * text, with their leading zero, and they do not start with "+", which the formula
 * defence would have to quote. Other countries keep their international form.
 */
export function exportPhone(e164: string | null | undefined): string {
  if (!e164) return '';
  const phone = parsePhoneNumberFromString(e164);
  if (!phone) return e164;
  return phone.country === 'FR' ? phone.formatNational() : phone.formatInternational();
}

export const EXPORT_COLUMNS: Record<ExportGroup, GroupDefinition> = {
  identity: {
    select: [
      'c.first_name AS "firstName"',
      'c.last_name AS "lastName"',
      'c.gender',
      `to_char(c.birth_date, 'YYYY-MM-DD') AS "birthDate"`,
    ],
    columns: [
      { header: 'contacts:fields.firstName', value: (row) => text(row.firstName) },
      { header: 'contacts:fields.lastName', value: (row) => text(row.lastName) },
      {
        header: 'contacts:fields.gender',
        value: (row, format) => format.t(`contacts:genders.${row.gender ?? 'unknown'}`),
      },
      { header: 'contacts:fields.birthDate', value: (row, format) => exportDay(row.birthDate, format.language) },
    ],
  },
  contact: {
    select: ['c.email', 'c.phone'],
    columns: [
      { header: 'contacts:fields.email', value: (row) => text(row.email) },
      { header: 'contacts:fields.phone', value: (row) => exportPhone(row.phone) },
    ],
  },
  address: {
    select: ['c.street_number AS "streetNumber"', 'c.street', 'c.postcode', 'c.city', 'c.insee_code AS "inseeCode"'],
    columns: [
      { header: 'contacts:fields.streetNumber', value: (row) => text(row.streetNumber) },
      { header: 'contacts:fields.street', value: (row) => text(row.street) },
      { header: 'contacts:fields.postcode', value: (row) => text(row.postcode) },
      { header: 'contacts:fields.city', value: (row) => text(row.city) },
      { header: 'contacts:fields.inseeCode', value: (row) => text(row.inseeCode) },
    ],
  },
  level: {
    select: ['l.label AS "levelLabel"'],
    columns: [{ header: 'contacts:fields.supportLevel', value: (row) => text(row.levelLabel) }],
  },
  tags: {
    select: ['c.tags'],
    columns: [{ header: 'contacts:fields.tags', value: (row) => (row.tags ?? []).join(', ') }],
  },
  origin: {
    select: ['c.origin'],
    columns: [
      {
        header: 'contacts:export.headers.origin',
        value: (row, format) => (row.origin ? format.t(`contacts:origins.${row.origin}`) : ''),
      },
    ],
  },
  consents: {
    select: [
      'c.consent_email AS "consentEmail"',
      'c.consent_sms AS "consentSms"',
      'c.consent_phone AS "consentPhone"',
      'c.consent_post AS "consentPost"',
    ],
    columns: [
      { header: 'contacts:export.headers.consentEmail', value: (row, format) => yesNo(row.consentEmail, format) },
      { header: 'contacts:export.headers.consentSms', value: (row, format) => yesNo(row.consentSms, format) },
      { header: 'contacts:export.headers.consentPhone', value: (row, format) => yesNo(row.consentPhone, format) },
      { header: 'contacts:export.headers.consentPost', value: (row, format) => yesNo(row.consentPost, format) },
    ],
  },
  doNotContact: {
    select: ['c.do_not_contact AS "doNotContact"'],
    columns: [
      { header: 'contacts:export.headers.doNotContact', value: (row, format) => yesNo(row.doNotContact, format) },
    ],
  },
  dates: {
    select: [
      'c.created_at AS "createdAt"',
      'c.updated_at AS "updatedAt"',
      'c.last_interaction_at AS "lastInteractionAt"',
    ],
    columns: [
      {
        header: 'contacts:export.headers.createdAt',
        value: (row, format) => exportMoment(row.createdAt, format.language),
      },
      {
        header: 'contacts:export.headers.updatedAt',
        value: (row, format) => exportMoment(row.updatedAt, format.language),
      },
      {
        header: 'contacts:export.headers.lastInteractionAt',
        value: (row, format) => exportMoment(row.lastInteractionAt, format.language),
      },
    ],
  },
  notes: {
    select: ['c.notes'],
    columns: [{ header: 'contacts:fields.notes', value: (row) => text(row.notes) }],
  },
};
