import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CsvEncoding, CsvSeparator } from './csv-inspection';
import type { ColumnMapping } from './import-fields';

export type ImportStatus = 'uploaded' | 'queued' | 'reading' | 'writing' | 'done' | 'failed';

/** What the report says beyond the counts. */
export interface ImportReport {
  /** False when rejected rows stopped the import: nothing was written. */
  written: boolean;
  /** Skipped rows by reason (duplicateInFile, sameContact, erased, exists, unchanged). */
  skipReasons: Record<string, number>;
  /** Where reading stopped, when a row could not be read at all. */
  failedLine?: number;
}
export type MatchMode = 'fill' | 'overwrite' | 'skip';

/** A CSV import, from upload to report. The file waits under DATA_DIR/imports meanwhile. */
@Entity('contact_imports')
export class ContactImport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  spaceId: string;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ type: 'text' })
  fileName: string;

  @Column({ type: 'text' })
  storedName: string;

  @Column({ type: 'bigint' })
  sizeBytes: string;

  @Column({ type: 'text' })
  encoding: CsvEncoding;

  @Column({ type: 'text' })
  separator: CsvSeparator;

  @Column({ type: 'text', array: true })
  headers: string[];

  /** Column index → field name. */
  @Column({ type: 'jsonb', nullable: true })
  mapping: ColumnMapping | null;

  @Column({ type: 'text', default: 'fill' })
  matchMode: MatchMode;

  @Column({ type: 'boolean', default: false })
  keepValidRows: boolean;

  @Column({ type: 'text' })
  status: ImportStatus;

  @Column({ type: 'integer', nullable: true })
  totalRows: number | null;

  @Column({ type: 'integer', default: 0 })
  processedRows: number;

  @Column({ type: 'integer', default: 0 })
  createdCount: number;

  @Column({ type: 'integer', default: 0 })
  updatedCount: number;

  @Column({ type: 'integer', default: 0 })
  skippedCount: number;

  @Column({ type: 'integer', default: 0 })
  rejectedCount: number;

  @Column({ type: 'jsonb', nullable: true })
  report: ImportReport | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  finishedAt: Date | null;
}
