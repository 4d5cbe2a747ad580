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

/**
 * The staging table of imports (`contact_import_rows`): rows land here as they are read
 * (by the reader's worker thread, see import-reader.worker.ts), the import then works on
 * them with set-based statements.
 */
@Injectable()
export class ImportStagingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
