import { createReadStream } from 'node:fs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import type { CsvEncoding, CsvSeparator } from './csv-inspection';

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
  let finished = false;
  let failure: Error | null = null;
  let parser: Papa.Parser | null = null;
  let wake: (() => void) | null = null;
  const signal = () => {
    wake?.();
    wake = null;
  };

  Papa.parse<string[]>(input as unknown as File, {
    delimiter: separator,
    chunk(results, handle) {
      parser = handle;
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

  let line = 0;
  try {
    for (;;) {
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
