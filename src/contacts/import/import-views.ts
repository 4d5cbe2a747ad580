import type { FieldError, FormState } from '../../shared/http/form';
import type { ContactImport } from './contact-import.entity';
import type { ImportChoices, MappingErrors } from './contact-import.service';
import { CSV_ENCODINGS } from './csv-inspection';
import { MATCH_MODES } from './import-choices.form';
import { type ColumnMapping, IMPORT_FIELDS } from './import-fields';
import type { StagedRow } from './import-row';
import type { ReportRow, StagedStatus } from './import-staging.repository';

const CONSENTS = [
  ['email', 'consentEmail'],
  ['sms', 'consentSms'],
  ['phone', 'consentPhone'],
  ['post', 'consentPost'],
] as const;

/** How the separator reads on the page. */
const SEPARATOR_KEYS: Record<string, string> = { ';': 'semicolon', ',': 'comma', '\t': 'tab' };

/** A problem as the page says it: its message, and the column it is about. */
interface ShownProblem {
  key: string;
  values: Record<string, unknown>;
}

function problemsOf(
  problems: { field?: string | null; key: string; values?: Record<string, unknown> }[],
  columnOf: (field: string) => string | null,
): ShownProblem[] {
  return problems.map((problem) => ({
    key: `contacts:import.problems.${problem.key}`,
    values: { ...problem.values, column: problem.field ? (columnOf(problem.field) ?? problem.field) : '' },
  }));
}

/** The header of the column a field comes from ("#3" when the header is blank). */
function columnHeader(headers: string[], mapping: ColumnMapping) {
  return (field: string): string | null => {
    const entry = Object.entries(mapping).find(([, chosen]) => chosen === field);
    return entry ? headers[Number(entry[0])] || `#${Number(entry[0]) + 1}` : null;
  };
}

/** The mapping page: a select per column, the options, and the preview of the first rows. */
export function mappingPageData(
  contactImport: ContactImport,
  choices: ImportChoices,
  preview: StagedRow[],
  errors: MappingErrors,
  state: FormState,
  levels: { id: string; label: string }[],
) {
  const levelLabels = new Map(levels.map((level) => [level.id, level.label]));
  const headerOf = columnHeader(contactImport.headers, choices.mapping);
  const formErrors: Record<string, FieldError[]> = { ...state.errors };
  for (const [name, error] of Object.entries(errors)) formErrors[name] = [...(formErrors[name] ?? []), error];
  return {
    titleKey: 'contacts:import.mappingTitle',
    contactImport,
    separatorKey: `contacts:import.separators.${SEPARATOR_KEYS[contactImport.separator] ?? 'semicolon'}`,
    columns: contactImport.headers.map((header, index) => ({
      index,
      position: index + 1,
      name: `column_${index}`,
      header,
      options: IMPORT_FIELDS.map((field) => ({
        value: field,
        labelKey: `contacts:import.fields.${field}`,
        selected: choices.mapping[index] === field,
      })),
      ignored: choices.mapping[index] === undefined,
      errors: formErrors[`column_${index}`] ?? [],
    })),
    modes: MATCH_MODES.map((mode) => ({ value: mode, checked: choices.mode === mode })),
    keepValidRows: choices.keepValidRows,
    encodings: CSV_ENCODINGS.map((encoding) => ({ value: encoding, selected: choices.encoding === encoding })),
    formErrors: formErrors._form ?? [],
    preview: preview.map((row) => ({
      ...row,
      levelLabel: row.supportLevelId ? levelLabels.get(row.supportLevelId) : null,
      consents: CONSENTS.filter(([, field]) => row[field] !== null).map(([channel, field]) => ({
        channel,
        state: row[field] ? 'granted' : 'refused',
      })),
      problems: problemsOf(row.problems ?? [], headerOf),
    })),
    previewProblems: preview.filter((row) => row.status === 'rejected').length,
  };
}

/** Progress or report of an import that was started. */
export function importPageData(
  contactImport: ContactImport,
  rows: { rejected: ReportPage; skipped: ReportPage } | null,
) {
  const running =
    contactImport.status === 'queued' || contactImport.status === 'reading' || contactImport.status === 'writing';
  const total = contactImport.totalRows ?? 0;
  // The total is counted from the file's lines before reading; a cell over several
  // lines makes it a little high, so the bar never claims 100% before the end.
  const percent = total > 0 ? Math.min(99, Math.floor((contactImport.processedRows * 100) / total)) : 0;
  return {
    titleKey: 'contacts:import.importTitle',
    contactImport,
    running,
    reading: contactImport.status === 'reading' || contactImport.status === 'queued',
    percent,
    finished: contactImport.status === 'done',
    failed: contactImport.status === 'failed',
    written: contactImport.report?.written ?? false,
    skipReasons: Object.entries(contactImport.report?.skipReasons ?? {}).map(([reason, count]) => ({
      key: `contacts:import.skipReasons.${reason}`,
      count,
    })),
    rejected: rows ? reportRowsData(contactImport, 'rejected', rows.rejected) : null,
    skipped: rows ? reportRowsData(contactImport, 'skipped', rows.skipped) : null,
  };
}

type ReportPage = { rows: ReportRow[]; nextLine: number | null };

/** Rows of the report, with what to fix, in the column's words. */
export function reportRowsData(contactImport: ContactImport, status: StagedStatus, page: ReportPage) {
  const headerOf = columnHeader(contactImport.headers, contactImport.mapping ?? {});
  return {
    contactImport,
    status,
    rows: page.rows.map((row) => ({
      line: row.line,
      who:
        [row.firstName, row.lastName].filter(Boolean).join(' ') || row.email || (row.raw ?? []).slice(0, 3).join(' '),
      // Rows skipped for a reason of their own (erased, already there) have no problem list.
      problems:
        row.problems.length > 0
          ? problemsOf(row.problems, headerOf)
          : [{ key: `contacts:import.skipRowReasons.${row.skipReason}`, values: {} }],
    })),
    nextLine: page.nextLine,
  };
}
