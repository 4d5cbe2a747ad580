import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { RowProblem } from './import-row';

export type StagedStatus = 'rejected' | 'skipped';

export interface ReportRow {
  line: number;
  status: StagedStatus;
  problems: RowProblem[];
  skipReason: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  raw: string[] | null;
}

/** The staging table's columns a batch carries, with their types (jsonb_to_recordset). */
const STAGED_COLUMNS = [
  'line int',
  'status text',
  'problems jsonb',
  'raw text[]',
  'first_name text',
  'last_name text',
  'gender text',
  'birth_date date',
  'email text',
  'phone text',
  'phone_raw text',
  'street_number text',
  'street text',
  'postcode text',
  'city text',
  'insee_code text',
  'latitude float8',
  'longitude float8',
  'support_level_id uuid',
  'tags text[]',
  'notes text',
  'consent_email boolean',
  'consent_sms boolean',
  'consent_phone boolean',
  'consent_post boolean',
];

/**
 * The staging table of imports (`contact_import_rows`): rows land here as they are read,
 * the import then works on them with set-based statements.
 */
@Injectable()
export class ImportStagingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One statement per batch: the rows come as one JSON text (see import-reader.worker.ts). */
  async insert(spaceId: string, importId: string, json: string): Promise<void> {
    const columns = STAGED_COLUMNS.map((column) => column.split(' ')[0]).join(', ');
    await this.dataSource.query(
      `INSERT INTO contact_import_rows (space_id, import_id, ${columns})
       SELECT $1, $2, ${columns} FROM jsonb_to_recordset($3::jsonb) AS x (${STAGED_COLUMNS.join(', ')})`,
      [spaceId, importId, json],
    );
  }

  /**
   * Fresh statistics after a file was read: the statements that follow join on the
   * staged rows, and a planner that still believes the table empty picks nested loops.
   */
  async analyse(): Promise<void> {
    await this.dataSource.query('/* cross-space: statistics of the whole table */ ANALYZE contact_import_rows');
  }

  /** After an import that wrote nothing: only the rejected rows are kept, for the report. */
  async keepRejectedOnly(spaceId: string, importId: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM contact_import_rows WHERE space_id = $1 AND import_id = $2 AND status <> 'rejected'`,
      [spaceId, importId],
    );
  }

  async clear(spaceId: string, importId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM contact_import_rows WHERE space_id = $1 AND import_id = $2', [
      spaceId,
      importId,
    ]);
  }

  /** Rejected and skipped rows after a line, for the report (keyset by line). */
  problems(
    spaceId: string,
    importId: string,
    status: StagedStatus,
    afterLine: number,
    limit: number,
  ): Promise<ReportRow[]> {
    return this.dataSource.query(
      `SELECT line, status, coalesce(problems, '[]') AS problems, skip_reason AS "skipReason",
              first_name AS "firstName", last_name AS "lastName", email, raw
       FROM contact_import_rows
       WHERE space_id = $1 AND import_id = $2 AND status = $3 AND line > $4
       ORDER BY line LIMIT $5`,
      [spaceId, importId, status, afterLine, limit],
    );
  }

  /** Rows of imports finished before the date: the report keeps its counts, not its rows. */
  async purgeFinishedBefore(before: Date): Promise<number> {
    const rows: unknown[] = await this.dataSource.query(
      `/* cross-space: housekeeping of every space's old imports */
       DELETE FROM contact_import_rows r USING contact_imports i
       WHERE i.space_id = r.space_id AND i.id = r.import_id AND i.finished_at < $1
       RETURNING 1`,
      [before],
    );
    return rows.length;
  }
}
