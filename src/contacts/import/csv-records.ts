import { createReadStream } from 'node:fs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import type { CsvEncoding, CsvSeparator } from './csv-inspection';

/**
 * A row longer than anyone writes by hand: almost always a quote opened and never closed,
 * after which the rest of the file reads as one cell. Reading stops there rather than
 * holding the rest of the file in memory.
 */
export class RowTooLongError extends Error {
  readonly code = 'ROW_TOO_LONG';

  constructor(readonly line: number) {
    super(`Row ${line} is longer than ${MAX_ROW_CHARACTERS} characters`);
  }
}

export const MAX_ROW_CHARACTERS = 2 * 1024 * 1024;

export interface CsvRecord {
  /** The row as a spreadsheet numbers it: the header is 1. */
  line: number;
  cells: string[];
  /** A quote that is opened and never closed, or closed in the middle of a cell. */
  quoteProblem: boolean;
}

/**
 * The file's records, a parsed chunk at a time (a few hundred rows), decoded from its
 * encoding as it is read. The parser waits while the caller works on a chunk, so a
 * file of any size goes through in constant memory.
 *
 * Empty rows are left out but still counted, so that line numbers match what the
 * organiser sees in their spreadsheet.
 */
export async function* readCsvRecords(
  path: string,
  encoding: CsvEncoding,
  separator: CsvSeparator,
): AsyncGenerator<CsvRecord[]> {
  const file = createReadStream(path);
  const input = file.pipe(iconv.decodeStream(encoding));
  const pending: Papa.ParseResult<string[]>[] = [];
  // Characters read since the parser last completed a row (see RowTooLongError).
  let unfinished = 0;
  let line = 0;
  let finished = false;
  let failure: Error | null = null;
  let parser: Papa.Parser | null = null;
  let wake: (() => void) | null = null;
  const signal = () => {
    wake?.();
    wake = null;
  };

  input.on('data', (text: string) => {
    unfinished += text.length;
    if (unfinished > MAX_ROW_CHARACTERS && !failure) {
      failure = new RowTooLongError(line + 1);
      file.destroy();
      signal();
    }
  });
  Papa.parse<string[]>(input as unknown as File, {
    delimiter: separator,
    chunk(results, handle) {
      parser = handle;
      if (results.data.length > 0) unfinished = 0;
      pending.push(results);
      handle.pause();
      signal();
    },
    complete() {
      finished = true;
      signal();
    },
    error(error: Error) {
      failure = error;
      signal();
    },
  });

  try {
    for (;;) {
      if (failure) throw failure;
      const results = pending.shift();
      if (results) {
        yield toRecords(results, line);
        line += results.data.length;
        parser!.resume();
        continue;
      }
      if (failure) throw failure;
      if (finished) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    // Stopped early (a preview needs 20 rows): close the file.
    file.destroy();
  }
}

function toRecords(results: Papa.ParseResult<string[]>, before: number): CsvRecord[] {
  const quoteRows = new Set(results.errors.filter((error) => error.type === 'Quotes').map((error) => error.row));
  const records: CsvRecord[] = [];
  results.data.forEach((cells, index) => {
    if (cells.every((cell) => cell.trim() === '')) return;
    records.push({ line: before + index + 1, cells, quoteProblem: quoteRows.has(index) });
  });
  return records;
}
