import { isEmail } from 'class-validator';
import Papa from 'papaparse';

export interface EmailList {
  valid: string[];
  invalid: string[];
}

export const MAX_INVITATIONS_AT_ONCE = 500;
const HEADER = /^(e-?mail|courriel|mail|adresse( e-?mail)?|email address)$/i;

function collect(candidates: string[]): EmailList {
  const valid = new Set<string>();
  const invalid = new Set<string>();
  for (const raw of candidates) {
    const candidate = raw.trim().replace(/^<|>$/g, '');
    if (!candidate) continue;
    if (isEmail(candidate)) valid.add(candidate.toLowerCase());
    else invalid.add(candidate);
  }
  return { valid: [...valid], invalid: [...invalid] };
}

/** A pasted list: addresses separated by `;`, `,`, spaces or new lines. */
export function parseEmailText(text: string): EmailList {
  return collect(text.split(/[;,\s]+/));
}

/**
 * A CSV of addresses: the column headed "email" (or "courriel", "e-mail"…), else the
 * column where addresses are; a file of one column without header works too.
 */
export function parseEmailCsv(content: string): EmailList {
  const { data } = Papa.parse<string[]>(content.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  if (data.length === 0) return { valid: [], invalid: [] };
  const headerIndex = data[0].findIndex((cell) => HEADER.test(cell.trim()));
  if (headerIndex >= 0) return collect(data.slice(1).map((row) => row[headerIndex] ?? ''));
  const width = Math.max(...data.map((row) => row.length));
  let best = 0;
  let bestCount = -1;
  for (let column = 0; column < width; column++) {
    const count = data.filter((row) => isEmail((row[column] ?? '').trim())).length;
    if (count > bestCount) [best, bestCount] = [column, count];
  }
  // A header line that is not an address is not an error.
  const rows = isEmail((data[0][best] ?? '').trim()) ? data : data.slice(1);
  return collect(rows.map((row) => row[best] ?? ''));
}
