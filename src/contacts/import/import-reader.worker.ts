import { parentPort, workerData } from 'node:worker_threads';
import { readCsvRecords } from './csv-records';
import type { ImportReaderInput, ReaderMessage } from './import-reader';
import { ImportRowReader, type StagedRow } from './import-row';

/**
 * Reads an import's file in a worker thread: parses, checks and normalises each row, and
 * hands the rows to the main thread a batch at a time, as one JSON text (the staging
 * table's columns). Its heap is capped by the main thread, so a file of any size reads in
 * bounded memory, and the web pages stay responsive while it does.
 */
async function read(input: ImportReaderInput): Promise<void> {
  const reader = new ImportRowReader(input.mapping, input.columnCount, input.levels);
  let header = true;
  let rows = 0;
  let rejected = 0;
  let batch: string[] = [];
  let acknowledged: Promise<void> = Promise.resolve();
  const post = async () => {
    // One batch in the main thread's hands at a time: the next is read meanwhile.
    await acknowledged;
    acknowledged = new Promise((resolve) => parentPort!.once('message', () => resolve()));
    const message: ReaderMessage = { kind: 'batch', json: `[${batch.join(',')}]`, upTo: rows };
    parentPort!.postMessage(message);
    batch = [];
  };
  for await (const records of readCsvRecords(input.path, input.encoding, input.separator)) {
    for (const record of records) {
      if (header) {
        header = false;
        continue;
      }
      const row = reader.read(record);
      if (row.status === 'rejected') rejected++;
      rows++;
      batch.push(stagingJson(row));
    }
    if (batch.length >= input.batchRows) await post();
  }
  if (batch.length > 0) await post();
  await acknowledged;
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
  const message: ReaderMessage = { kind: 'error', message: error.message };
  parentPort!.postMessage(message);
});
