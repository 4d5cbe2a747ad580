import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ROOT_DIR } from '../../paths';
import type { CsvEncoding, CsvSeparator } from './csv-inspection';
import { RowTooLongError } from './csv-records';
import type { ColumnMapping } from './import-fields';

export interface ImportReaderInput {
  /** The database the worker stores the rows in, on a connection of its own. */
  databaseUrl: string;
  spaceId: string;
  importId: string;
  path: string;
  encoding: CsvEncoding;
  separator: CsvSeparator;
  mapping: ColumnMapping;
  columnCount: number;
  levels: { id: string; label: string }[];
}

export type ReaderMessage =
  | { kind: 'stored'; upTo: number }
  | { kind: 'done'; rows: number; rejected: number }
  | { kind: 'error'; message: string; tooLongLine?: number };

/** Enough for the parser, a batch of rows and the driver; the worker's garbage never grows past it. */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 4 };

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
 * Reads a file into the staging table in a worker thread (see import-reader.worker.ts),
 * telling how many rows are stored as it goes; returns the totals. The work and its
 * garbage stay on the worker's side: the main thread only serves pages meanwhile.
 */
export function readInWorker(
  input: ImportReaderInput,
  onProgress: (storedRows: number) => void,
): Promise<{ rows: number; rejected: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerScript(), { workerData: input, resourceLimits: WORKER_LIMITS });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
      void worker.terminate();
    };
    worker.on('message', (message: ReaderMessage) => {
      if (message.kind === 'stored') onProgress(message.upTo);
      else if (message.kind === 'done') settle(() => resolve({ rows: message.rows, rejected: message.rejected }));
      else
        settle(() =>
          reject(message.tooLongLine ? new RowTooLongError(message.tooLongLine) : new Error(message.message)),
        );
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`The import reader stopped (exit code ${code})`))));
  });
}
