import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ROOT_DIR } from '../../paths';
import type { CsvEncoding, CsvSeparator } from './csv-inspection';
import type { ColumnMapping } from './import-fields';

export interface ImportReaderInput {
  path: string;
  encoding: CsvEncoding;
  separator: CsvSeparator;
  mapping: ColumnMapping;
  columnCount: number;
  levels: { id: string; label: string }[];
  batchRows: number;
}

export type ReaderMessage =
  | { kind: 'batch'; json: string; upTo: number }
  | { kind: 'done'; rows: number; rejected: number }
  | { kind: 'error'; message: string };

export interface ReadBatch {
  /** The batch's rows, as a JSON array of staging table rows. */
  json: string;
  /** Rows read so far, this batch included. */
  upTo: number;
}

/** Enough for a batch of rows and the parser; the worker's garbage never grows past it. */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 };

/**
 * The worker's compiled script. `npm start` runs the compiled code, where it sits beside
 * this file; the test runner runs this file as TypeScript, and the worker then runs the
 * copy its set-up compiled into dist/.
 */
function workerScript(): string {
  const beside = join(__dirname, 'import-reader.worker.js');
  return existsSync(beside) ? beside : join(ROOT_DIR, 'dist', relative(ROOT_DIR, __dirname), 'import-reader.worker.js');
}

/**
 * Reads a file in a worker thread (see import-reader.worker.ts): yields its rows a batch
 * at a time and returns the totals. The worker reads the next batch while the caller
 * stores this one, and waits for it to be taken before sending another.
 */
export async function* readInWorker(
  input: ImportReaderInput,
): AsyncGenerator<ReadBatch, { rows: number; rejected: number }> {
  const worker = new Worker(workerScript(), { workerData: input, resourceLimits: WORKER_LIMITS });
  const inbox: ReaderMessage[] = [];
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const signal = () => {
    wake?.();
    wake = null;
  };
  worker.on('message', (message: ReaderMessage) => {
    inbox.push(message);
    signal();
  });
  worker.on('error', (error) => {
    failure = error;
    signal();
  });
  worker.on('exit', (code) => {
    if (code !== 0 && !failure) failure = new Error(`The import reader stopped (exit code ${code})`);
    signal();
  });
  try {
    for (;;) {
      const message = inbox.shift();
      if (!message) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (message.kind === 'error') throw new Error(message.message);
      if (message.kind === 'done') return { rows: message.rows, rejected: message.rejected };
      yield { json: message.json, upTo: message.upTo };
      worker.postMessage('next');
    }
  } finally {
    await worker.terminate();
  }
}
