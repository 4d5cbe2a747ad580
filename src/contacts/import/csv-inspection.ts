import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { suggestMapping } from './import-fields';

/** The encodings an organiser's spreadsheet comes in; the first three are recognised alone. */
export const CSV_ENCODINGS = ['utf-8', 'windows-1252', 'utf-16le', 'utf-16be', 'iso-8859-15', 'macintosh'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

export const CSV_SEPARATORS = [';', ',', '\t'] as const;
export type CsvSeparator = (typeof CSV_SEPARATORS)[number];

export type InspectionProblem = 'empty' | 'binary' | 'spreadsheet' | 'headerOnly' | 'separator' | 'noHeader';

export type Inspection =
  | { ok: true; encoding: CsvEncoding; separator: CsvSeparator; headers: string[]; estimatedRows: number }
  | { ok: false; problem: InspectionProblem };

/** Enough of the file to see its header and guess its separator. */
const HEAD_BYTES = 64 * 1024;

// Signatures of the files people upload instead of a CSV.
const SPREADSHEET_SIGNATURES = [
  Buffer.from('PK\x03\x04', 'latin1'), // .xlsx, .ods (zip)
  Buffer.from('D0CF11E0A1B11AE1', 'hex'), // .xls (OLE)
];

/**
 * Looks at an uploaded file before anything is imported: is it text, in which encoding,
 * with which separator, and what are its columns. Reads the whole file once (to be sure
 * it is UTF-8, and to count its lines for the progress bar), never holds it in memory.
 */
export async function inspectCsv(path: string): Promise<Inspection> {
  const { size } = await stat(path);
  if (size === 0) return { ok: false, problem: 'empty' };
  const head = await readHead(path, Math.min(size, HEAD_BYTES));
  if (SPREADSHEET_SIGNATURES.some((signature) => head.subarray(0, signature.length).equals(signature))) {
    return { ok: false, problem: 'spreadsheet' };
  }
  const bomEncoding = encodingFromBom(head);
  const scan = await scanBytes(path, bomEncoding === null);
  if (scan.hasNul && !bomEncoding?.startsWith('utf-16')) return { ok: false, problem: 'binary' };
  const encoding: CsvEncoding = bomEncoding ?? (scan.validUtf8 ? 'utf-8' : 'windows-1252');

  const text = decodeHead(head, encoding, size > head.length);
  if (text.trim() === '') return { ok: false, problem: 'empty' };
  const guessed = Papa.parse<string[]>(text, {
    delimitersToGuess: [...CSV_SEPARATORS],
    preview: 30,
    skipEmptyLines: 'greedy',
  });
  const rows = guessed.data;
  const headers = (rows[0] ?? []).map((header) => header.trim());
  if (headers.every((header) => header === '')) return { ok: false, problem: 'noHeader' };
  const separator = guessed.meta.delimiter as CsvSeparator;
  const undetectable = guessed.errors.some((error) => error.code === 'UndetectableDelimiter');
  // One column is fine when it is a field on its own (a list of e-mail addresses);
  // otherwise the file uses a separator Terrain does not read (| or spaces).
  if (headers.length === 1 && (undetectable || !CSV_SEPARATORS.includes(separator))) {
    if (Object.keys(suggestMapping(headers, null)).length === 0) return { ok: false, problem: 'separator' };
  }
  if (rows.length < 2) return { ok: false, problem: 'headerOnly' };
  const lines = scan.newlines + (scan.endsWithNewline ? 0 : 1);
  return {
    ok: true,
    encoding,
    separator: CSV_SEPARATORS.includes(separator) ? separator : ';',
    headers,
    estimatedRows: Math.max(lines - 1, rows.length - 1),
  };
}

async function readHead(path: string, length: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await file.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

function encodingFromBom(head: Buffer): CsvEncoding | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return null;
}

interface ByteScan {
  validUtf8: boolean;
  hasNul: boolean;
  newlines: number;
  endsWithNewline: boolean;
}

/**
 * One pass over the bytes: NUL bytes (binary), strict UTF-8 validity, line count. Nothing
 * is decoded: a 50 MB upload is checked without 100 MB of strings.
 */
async function scanBytes(path: string, checkUtf8: boolean): Promise<ByteScan> {
  const scan: ByteScan = { validUtf8: checkUtf8, hasNul: false, newlines: 0, endsWithNewline: false };
  let carried = Buffer.alloc(0);
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    if (!scan.hasNul && chunk.includes(0)) scan.hasNul = true;
    for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) scan.newlines++;
    scan.endsWithNewline = chunk[chunk.length - 1] === 10;
    if (scan.validUtf8) {
      const bytes = carried.length > 0 ? Buffer.concat([carried, chunk]) : chunk;
      const cut = completeLength(bytes);
      scan.validUtf8 = isUtf8(bytes.subarray(0, cut));
      carried = Buffer.from(bytes.subarray(cut));
    }
  }
  if (carried.length > 0) scan.validUtf8 = false;
  return scan;
}

/** The length of the bytes without a character cut at the end of the chunk (UTF-8 is up to 4 bytes). */
function completeLength(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back];
    if ((byte & 0xc0) !== 0x80) {
      // A lead byte: its sequence is complete if it has all its continuation bytes.
      const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
      return size > back ? bytes.length - back : bytes.length;
    }
  }
  return bytes.length;
}

/** The head as text, without its last line when the file goes on (it may be cut). */
function decodeHead(head: Buffer, encoding: CsvEncoding, truncated: boolean): string {
  const text = iconv.decode(head, encoding);
  if (!truncated) return text;
  const lastNewline = text.lastIndexOf('\n');
  return lastNewline > 0 ? text.slice(0, lastNewline + 1) : text;
}
