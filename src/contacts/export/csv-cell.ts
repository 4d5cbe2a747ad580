/**
 * A cell a spreadsheet could read as a formula: one starting with = + - @ (or their
 * full-width forms, which some versions of Excel accept too), possibly after spaces or
 * line breaks that a spreadsheet may trim, or one starting with a tab or a carriage return.
 */
const FORMULA_START = /^[\s\u00a0\u200b\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r]/;

/**
 * Defuses a cell against formula injection (OWASP "CSV injection"): a single quote in
 * front makes Excel and LibreOffice show the text as typed instead of evaluating it.
 */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
