import { parentPort, workerData } from 'node:worker_threads';
import { Client } from 'pg';
import { readCsvRecords, RowTooLongError } from './csv-records';
import type { ImportReaderInput, ReaderMessage } from './import-reader';
import { ImportRowReader, type StagedRow } from './import-row';
import { STAGING_INSERT_SQL } from './staging-insert.sql';

/**
 * Reads an import's file in a worker thread: parses, checks and normalises each row, and
 * stores the rows in the staging table a batch at a time, on a connection of its own, as
 * one JSON text per statement. Its heap is capped by the main thread, so a file of any
 * size reads in bounded memory, and the web pages stay responsive while it does.
 */
/**
 * A batch's size, in characters: small enough for V8 to allocate its text among the
 * short-lived objects that die young (the largest ones would wait for a full collection),
 * large enough that a statement carries hundreds of rows.
 */
const BATCH_CHARACTERS = 96 * 1024;

async function read(input: ImportReaderInput): Promise<void> {
  const reader = new ImportRowReader(input.mapping, input.columnCount, input.levels);
  const client = new Client({ connectionString: input.databaseUrl, application_name: 'terrain-import' });
  await client.connect();
  let header = true;
  let rows = 0;
  let rejected = 0;
  let batch: string[] = [];
  let batchLength = 0;
  let storing: Promise<unknown> = Promise.resolve();
  const store = async () => {
    // One batch stored at a time; the next one is read meanwhile.
    await storing;
    const upTo = rows;
    storing = client.query(STAGING_INSERT_SQL, [input.spaceId, input.importId, `[${batch.join(',')}]`]).then(() => {
      const message: ReaderMessage = { kind: 'stored', upTo };
      parentPort!.postMessage(message);
    });
    batch = [];
    batchLength = 0;
  };
  try {
    for await (const records of readCsvRecords(input.path, input.encoding, input.separator)) {
      for (const record of records) {
        if (header) {
          header = false;
          continue;
        }
        const row = reader.read(record);
        if (row.status === 'rejected') rejected++;
        rows++;
        const json = stagingJson(row);
        batch.push(json);
        batchLength += json.length;
        if (batchLength >= BATCH_CHARACTERS) await store();
      }
    }
    if (batch.length > 0) await store();
    await storing;
  } finally {
    await client.end();
  }
  const done: ReaderMessage = { kind: 'done', rows, rejected };
  parentPort!.postMessage(done);
}

/** A row as an object of the staging table's columns; empty values left out (NULL). */
function stagingJson(row: StagedRow): string {
  return JSON.stringify({
    line: row.line,
    status: row.status,
    problems: row.problems ?? undefined,
    raw: row.raw ?? undefined,
    first_name: row.firstName ?? undefined,
    last_name: row.lastName ?? undefined,
    gender: row.gender ?? undefined,
    birth_date: row.birthDate ?? undefined,
    email: row.email ?? undefined,
    phone: row.phone ?? undefined,
    phone_raw: row.phoneRaw ?? undefined,
    street_number: row.streetNumber ?? undefined,
    street: row.street ?? undefined,
    postcode: row.postcode ?? undefined,
    city: row.city ?? undefined,
    insee_code: row.inseeCode ?? undefined,
    latitude: row.latitude ?? undefined,
    longitude: row.longitude ?? undefined,
    support_level_id: row.supportLevelId ?? undefined,
    tags: row.tags ?? undefined,
    notes: row.notes ?? undefined,
    consent_email: row.consentEmail ?? undefined,
    consent_sms: row.consentSms ?? undefined,
    consent_phone: row.consentPhone ?? undefined,
    consent_post: row.consentPost ?? undefined,
  });
}

read(workerData as ImportReaderInput).catch((error: Error) => {
  const message: ReaderMessage = {
    kind: 'error',
    message: error.message,
    tooLongLine: error instanceof RowTooLongError ? error.line : undefined,
  };
  parentPort!.postMessage(message);
});
