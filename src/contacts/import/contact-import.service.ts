import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { AuditService } from '../../shared/audit/audit.service';
import type { Actor } from '../../shared/auth/request-context';
import { Conflict, Invalid, NotFound } from '../../shared/errors';
import type { FieldError } from '../../shared/http/form';
import { JobsService } from '../../shared/jobs/jobs.service';
import type { Page } from '../../shared/pagination/keyset';
import { SupportLevelsRepository } from '../support-levels/support-levels.repository';
import type { ContactImport, MatchMode } from './contact-import.entity';
import { IMPORT_JOB, type ImportJobData } from './contact-import.job';
import { ContactImportsRepository } from './contact-imports.repository';
import { type CsvEncoding, inspectCsv } from './csv-inspection';
import { readCsvRecords, RowTooLongError } from './csv-records';
import { importFileExists, importFilePath, MAX_IMPORT_BYTES, removeImportFile } from './import-files';
import {
  type ColumnMapping,
  IDENTITY_FIELDS,
  type ImportField,
  isImportField,
  mappingToRemember,
  suggestMapping,
} from './import-fields';
import { ImportRowReader, type StagedRow } from './import-row';
import { ImportStagingRepository, type ReportRow, type StagedStatus } from './import-staging.repository';

const PREVIEW_ROWS = 20;
const REPORT_PAGE = 50;

export interface UploadedImportFile {
  path: string;
  originalname: string;
  size: number;
}

export interface ImportChoices {
  mapping: ColumnMapping;
  mode: MatchMode;
  keepValidRows: boolean;
  encoding: CsvEncoding;
}

/** Errors of the mapping page, by form field (`column_3`, `_form`). */
export type MappingErrors = Record<string, FieldError>;

/**
 * CSV imports, as the organiser goes through them: upload (the file is checked), mapping
 * with a preview, then the background job, its progress and its report.
 */
@Injectable()
export class ContactImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly imports: ContactImportsRepository,
    private readonly staging: ImportStagingRepository,
    private readonly supportLevels: SupportLevelsRepository,
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
  ) {}

  /** Checks the uploaded file and records the import; the file is deleted if refused. */
  async upload(actor: Actor, file: UploadedImportFile): Promise<ContactImport> {
    const storedName = file.path.split(/[\\/]/).pop()!;
    if (file.size > MAX_IMPORT_BYTES) {
      await removeImportFile(this.config, storedName);
      throw new Invalid('import-too-large', 'contacts:import.tooLarge');
    }
    const inspection = await inspectCsv(file.path);
    if (!inspection.ok) {
      await removeImportFile(this.config, storedName);
      throw new Invalid(`import-${inspection.problem}`, `contacts:import.fileProblems.${inspection.problem}`);
    }
    return this.imports.create({
      spaceId: actor.spaceId,
      createdBy: actor.accountId,
      fileName: file.originalname.slice(0, 200),
      storedName,
      sizeBytes: String(file.size),
      encoding: inspection.encoding,
      separator: inspection.separator,
      headers: inspection.headers,
      status: 'uploaded',
      totalRows: inspection.estimatedRows,
    });
  }

  async find(actor: Actor, id: string): Promise<ContactImport> {
    const contactImport = await this.imports.find(actor.spaceId, id);
    if (!contactImport) throw new NotFound('contact-import');
    return contactImport;
  }

  /** What the mapping page proposes: the choices saved, or those suggested from the headers. */
  async proposedChoices(actor: Actor, contactImport: ContactImport): Promise<ImportChoices> {
    return {
      mapping:
        contactImport.mapping ??
        suggestMapping(contactImport.headers, await this.imports.rememberedMapping(actor.spaceId)),
      mode: contactImport.matchMode,
      keepValidRows: contactImport.keepValidRows,
      encoding: contactImport.encoding,
    };
  }

  /** The columns chosen on the mapping page (`column_<index>` → field or nothing). */
  readColumnChoices(contactImport: ContactImport, body: Record<string, unknown>): ColumnMapping {
    const mapping: ColumnMapping = {};
    contactImport.headers.forEach((_header, index) => {
      const value = body[`column_${index}`];
      if (isImportField(value)) mapping[index] = value;
    });
    return mapping;
  }

  /** The space's support levels, which a "support level" column names. */
  levels(actor: Actor) {
    return this.supportLevels.list(actor.spaceId);
  }

  /** Problems of the mapping itself: a field chosen twice, nothing that says who. */
  checkMapping(contactImport: ContactImport, mapping: ColumnMapping): MappingErrors {
    const errors: MappingErrors = {};
    const firstColumn = new Map<ImportField, number>();
    for (const [index, field] of Object.entries(mapping)) {
      const first = firstColumn.get(field);
      if (first === undefined) firstColumn.set(field, Number(index));
      else {
        errors[`column_${index}`] = {
          key: 'contacts:import.mapping.chosenTwice',
          values: { column: contactImport.headers[first] || String(first + 1) },
        };
      }
    }
    if (!IDENTITY_FIELDS.some((field) => firstColumn.has(field)))
      errors._form = { key: 'contacts:import.mapping.noIdentity' };
    return errors;
  }

  /** The first rows of the file as they would be imported, with their problems. */
  async preview(actor: Actor, contactImport: ContactImport, choices: ImportChoices): Promise<StagedRow[]> {
    if (contactImport.status !== 'uploaded') return [];
    const reader = new ImportRowReader(
      choices.mapping,
      contactImport.headers.length,
      await this.supportLevels.list(actor.spaceId),
    );
    const rows: StagedRow[] = [];
    let header = true;
    const path = importFilePath(this.config, contactImport.storedName);
    try {
      for await (const records of readCsvRecords(path, choices.encoding, contactImport.separator)) {
        for (const record of records) {
          if (header) header = false;
          else rows.push(reader.read(record));
          if (rows.length === PREVIEW_ROWS) return rows;
        }
      }
    } catch (error) {
      if (!(error instanceof RowTooLongError)) throw error;
      // Shown as the preview's last row: the import would stop there.
      rows.push({
        ...reader.read({ line: error.line, cells: [], quoteProblem: true }),
        problems: [{ field: null, key: 'neverEnds' }],
      });
    }
    return rows;
  }

  /** Saves the choices, remembers the mapping for next time and queues the import. */
  async start(actor: Actor, contactImport: ContactImport, choices: ImportChoices, ip: string): Promise<void> {
    if (contactImport.status !== 'uploaded') throw new Conflict('import-started', 'contacts:import.alreadyStarted');
    await this.dataSource.transaction(async (manager) => {
      await this.imports.update(
        actor.spaceId,
        contactImport.id,
        {
          mapping: choices.mapping,
          matchMode: choices.mode,
          keepValidRows: choices.keepValidRows,
          encoding: choices.encoding,
          status: 'queued',
        },
        manager,
      );
      await this.imports.rememberMapping(
        actor.spaceId,
        mappingToRemember(contactImport.headers, choices.mapping),
        manager,
      );
      await this.audit.recordAct(
        actor,
        'contacts.import_started',
        { type: 'contact_import', id: contactImport.id, label: contactImport.fileName },
        ip,
        { mode: choices.mode, keepValidRows: choices.keepValidRows },
        manager,
      );
      const job: ImportJobData = { spaceId: actor.spaceId, importId: contactImport.id };
      await this.jobs.send(IMPORT_JOB, job, manager);
    });
  }

  /**
   * After rejected rows stopped an import: runs it again, writing the valid rows this
   * time, while the file is still kept.
   */
  async importValidRows(actor: Actor, contactImport: ContactImport, ip: string): Promise<void> {
    if (contactImport.status !== 'done' || contactImport.report?.written !== false) {
      throw new Conflict('import-not-stopped', 'contacts:import.alreadyStarted');
    }
    if (!(await importFileExists(this.config, contactImport.storedName))) {
      throw new Conflict('import-file-gone', 'contacts:import.fileGone');
    }
    await this.dataSource.transaction(async (manager) => {
      await this.imports.update(
        actor.spaceId,
        contactImport.id,
        { keepValidRows: true, status: 'queued', report: null, rejectedCount: 0, processedRows: 0, finishedAt: null },
        manager,
      );
      await this.audit.recordAct(
        actor,
        'contacts.import_started',
        { type: 'contact_import', id: contactImport.id, label: contactImport.fileName },
        ip,
        { mode: contactImport.matchMode, keepValidRows: true },
        manager,
      );
      const job: ImportJobData = { spaceId: actor.spaceId, importId: contactImport.id };
      await this.jobs.send(IMPORT_JOB, job, manager);
    });
  }

  /** Drops an import that was uploaded but not started. */
  async cancel(actor: Actor, contactImport: ContactImport): Promise<void> {
    if (contactImport.status !== 'uploaded') throw new Conflict('import-started', 'contacts:import.alreadyStarted');
    await removeImportFile(this.config, contactImport.storedName);
    await this.imports.update(actor.spaceId, contactImport.id, {
      status: 'failed',
      error: 'cancelled',
      finishedAt: new Date(),
    });
  }

  recent(actor: Actor, after: unknown): Promise<Page<ContactImport>> {
    return this.imports.recent(actor.spaceId, after, 20);
  }

  /** Rejected or skipped rows of the report, by line (keyset). */
  async reportRows(
    actor: Actor,
    contactImport: ContactImport,
    status: StagedStatus,
    afterLine: number,
  ): Promise<{ rows: ReportRow[]; nextLine: number | null }> {
    const rows = await this.staging.problems(actor.spaceId, contactImport.id, status, afterLine, REPORT_PAGE + 1);
    const more = rows.length > REPORT_PAGE;
    const shown = more ? rows.slice(0, REPORT_PAGE) : rows;
    return { rows: shown, nextLine: more ? shown[shown.length - 1].line : null };
  }

  /** The rejected rows file holds personal data: downloading it is an export. */
  recordRejectedDownload(actor: Actor, contactImport: ContactImport, ip: string): Promise<void> {
    return this.audit.recordAct(
      actor,
      'contacts.import_rejected_exported',
      { type: 'contact_import', id: contactImport.id, label: contactImport.fileName },
      ip,
      { rows: contactImport.rejectedCount },
    );
  }

  /** Every rejected row with its cells as read, in batches, for the rejected rows file. */
  async *rejectedRows(actor: Actor, contactImport: ContactImport): AsyncGenerator<ReportRow[]> {
    let afterLine = 0;
    for (;;) {
      const rows = await this.staging.problems(actor.spaceId, contactImport.id, 'rejected', afterLine, 2000);
      if (rows.length === 0) return;
      yield rows;
      afterLine = rows[rows.length - 1].line;
    }
  }
}
