import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { RowProblem, StagedRow } from './import-row';

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

// Column name → Postgres array type, in the order `insert` sends them.
const COLUMNS: [keyof StagedRow, string, string][] = [
  ['line', 'line', 'int[]'],
  ['status', 'status', 'text[]'],
  ['firstName', 'first_name', 'text[]'],
  ['lastName', 'last_name', 'text[]'],
  ['gender', 'gender', 'text[]'],
  ['birthDate', 'birth_date', 'date[]'],
  ['email', 'email', 'text[]'],
  ['phone', 'phone', 'text[]'],
  ['phoneRaw', 'phone_raw', 'text[]'],
  ['streetNumber', 'street_number', 'text[]'],
  ['street', 'street', 'text[]'],
  ['postcode', 'postcode', 'text[]'],
  ['city', 'city', 'text[]'],
  ['inseeCode', 'insee_code', 'text[]'],
  ['latitude', 'latitude', 'float8[]'],
  ['longitude', 'longitude', 'float8[]'],
  ['supportLevelId', 'support_level_id', 'uuid[]'],
  ['notes', 'notes', 'text[]'],
  ['consentEmail', 'consent_email', 'bool[]'],
  ['consentSms', 'consent_sms', 'bool[]'],
  ['consentPhone', 'consent_phone', 'bool[]'],
  ['consentPost', 'consent_post', 'bool[]'],
];

/**
 * The staging table of imports (`contact_import_rows`): rows land here as they are read,
 * the import then works on them with set-based statements.
 */
@Injectable()
export class ImportStagingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One statement per batch: a column of values per array parameter. Tags and raw cells
   * (arrays in each row) travel joined by the unit separator, which text never holds.
   */
  async insert(spaceId: string, importId: string, rows: StagedRow[]): Promise<void> {
    if (rows.length === 0) return;
    const values: unknown[] = [spaceId, importId];
    const selects: string[] = [];
    for (const [key, , type] of COLUMNS) {
      values.push(rows.map((row) => row[key]));
      selects.push(`$${values.length}::${type}`);
    }
    values.push(rows.map((row) => joinCells(row.tags)));
    values.push(rows.map((row) => joinCells(row.raw)));
    values.push(rows.map((row) => (row.problems ? JSON.stringify(row.problems) : null)));
    const n = values.length;
    await this.dataSource.query(
      `INSERT INTO contact_import_rows (space_id, import_id, ${COLUMNS.map(([, column]) => column).join(', ')}, tags, raw, problems)
       SELECT $1, $2, ${COLUMNS.map(([, column]) => `u.${column}`).join(', ')},
              string_to_array(u.tags, E'\\x1f'), string_to_array(u.raw, E'\\x1f'), u.problems
       FROM unnest(${selects.join(', ')}, $${n - 2}::text[], $${n - 1}::text[], $${n}::jsonb[])
            AS u (${COLUMNS.map(([, column]) => column).join(', ')}, tags, raw, problems)`,
      values,
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

const UNIT_SEPARATOR = '\x1f';

function joinCells(cells: string[] | null): string | null {
  return cells ? cells.map((cell) => cell.replaceAll(UNIT_SEPARATOR, ' ')).join(UNIT_SEPARATOR) : null;
}
