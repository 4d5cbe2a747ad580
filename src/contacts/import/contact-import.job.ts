import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { CommunityQueries } from '../../community/community.queries';
import { AuditService } from '../../shared/audit/audit.service';
import { JobsService } from '../../shared/jobs/jobs.service';
import { SupportLevelsRepository } from '../support-levels/support-levels.repository';
import type { ContactImport } from './contact-import.entity';
import { ContactImportsRepository } from './contact-imports.repository';
import { RowTooLongError } from './csv-records';
import { importFilePath, removeImportFile } from './import-files';
import { ImportMergeRepository } from './import-merge.repository';
import { readInWorker } from './import-reader';
import { ImportStagingRepository } from './import-staging.repository';

export const IMPORT_JOB = 'contacts.import';
const CLEANUP_JOB = 'contacts.import-cleanup';
const KEEP_REPORT_ROWS_DAYS = 7;
const PROGRESS_EVERY_MS = 500;
/** An uploaded file waits this long to be started, or kept after a stopped import. */
const KEEP_FILE_HOURS = 24;

export interface ImportJobData {
  spaceId: string;
  importId: string;
}

/**
 * Runs an import in the background: reads the file into the staging table (progress
 * after each batch), then, unless rejected rows stop it, writes everything in one
 * transaction. Running it again (after a crash) starts over from the file.
 */
@Injectable()
export class ContactImportJob implements OnModuleInit {
  private readonly logger = new Logger('ContactImportJob');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobsService,
    private readonly imports: ContactImportsRepository,
    private readonly staging: ImportStagingRepository,
    private readonly merge: ImportMergeRepository,
    private readonly levels: SupportLevelsRepository,
    private readonly audit: AuditService,
    private readonly community: CommunityQueries,
  ) {}

  onModuleInit() {
    this.jobs.define<ImportJobData>({
      name: IMPORT_JOB,
      handle: (data) => this.run(data),
      retryLimit: 1,
      expireInMinutes: 60,
    });
    this.jobs.define({ name: CLEANUP_JOB, handle: () => this.cleanUp() });
    this.jobs.every(CLEANUP_JOB, '17 3 * * *');
  }

  async run({ spaceId, importId }: ImportJobData): Promise<void> {
    const contactImport = await this.imports.find(spaceId, importId);
    if (!contactImport || contactImport.status === 'done' || contactImport.status === 'failed') return;
    try {
      await this.staging.clear(spaceId, importId);
      await this.imports.update(spaceId, importId, { status: 'reading', startedAt: new Date(), processedRows: 0 });
      const { rows, rejected } = await this.read(contactImport);
      if (rejected > 0 && !contactImport.keepValidRows) {
        // Nothing is written. The file stays (a day at most) in case the organiser
        // chooses to import its valid rows after all.
        await this.staging.keepRejectedOnly(spaceId, importId);
        await this.imports.update(spaceId, importId, {
          status: 'done',
          totalRows: rows,
          processedRows: rows,
          rejectedCount: rejected,
          report: { written: false, skipReasons: {} },
          finishedAt: new Date(),
        });
        return;
      }
      await this.imports.update(spaceId, importId, { status: 'writing', totalRows: rows, rejectedCount: rejected });
      await this.staging.analyse();
      await this.write(contactImport, rows, rejected);
    } catch (error) {
      this.logger.error(`import ${importId} failed: ${(error as Error).message}`, (error as Error).stack);
      await this.staging.clear(spaceId, importId);
      const tooLong = error instanceof RowTooLongError;
      await this.imports.update(spaceId, importId, {
        status: 'failed',
        error: tooLong ? 'rowTooLong' : 'unexpected',
        report: tooLong ? { written: false, skipReasons: {}, failedLine: error.line } : null,
        finishedAt: new Date(),
      });
    }
    await removeImportFile(this.config, contactImport.storedName);
  }

  /** File → staging table, by the reader's worker thread; progress saved twice a second at most. */
  private async read(contactImport: ContactImport): Promise<{ rows: number; rejected: number }> {
    const { spaceId, id } = contactImport;
    let saved = 0;
    let saving: Promise<void> = Promise.resolve();
    const totals = await readInWorker(
      {
        databaseUrl: (this.dataSource.options as { url: string }).url,
        spaceId,
        importId: id,
        path: importFilePath(this.config, contactImport.storedName),
        encoding: contactImport.encoding,
        separator: contactImport.separator,
        mapping: contactImport.mapping ?? {},
        columnCount: contactImport.headers.length,
        levels: (await this.levels.list(spaceId)).map((level) => ({ id: level.id, label: level.label })),
      },
      (storedRows) => {
        if (Date.now() - saved < PROGRESS_EVERY_MS) return;
        saved = Date.now();
        // A progress update that fails is no reason to stop the import: the next one may pass.
        saving = saving
          .then(() => this.imports.update(spaceId, id, { processedRows: storedRows }))
          .catch(() => undefined);
      },
    );
    await saving;
    return totals;
  }

  private async write(contactImport: ContactImport, rows: number, rejected: number): Promise<void> {
    const { spaceId, id } = contactImport;
    const context = {
      spaceId,
      importId: id,
      actorId: contactImport.createdBy,
      proof: contactImport.fileName,
      mode: contactImport.matchMode,
    };
    await this.dataSource.transaction(async (manager) => {
      await this.merge.skipRepeatsInFile(manager, spaceId, id);
      await this.merge.skipErased(manager, spaceId, id);
      await this.merge.matchExisting(manager, spaceId, id);
      const updated = await this.merge.updateMatched(manager, context);
      const created = await this.merge.insertNew(manager, context);
      const skipReasons = await this.merge.finish(manager, spaceId, id);
      const skipped = Object.values(skipReasons).reduce((sum, count) => sum + count, 0);
      await this.imports.update(
        spaceId,
        id,
        {
          status: 'done',
          processedRows: rows,
          createdCount: created,
          updatedCount: updated,
          skippedCount: skipped,
          report: { written: true, skipReasons },
          finishedAt: new Date(),
        },
        manager,
      );
      await this.audit.record(
        {
          spaceId,
          actor: contactImport.createdBy
            ? { id: contactImport.createdBy, label: await this.importerName(contactImport.createdBy) }
            : null,
          action: 'contacts.imported',
          target: { type: 'contact_import', id, label: contactImport.fileName },
          details: { created, updated, skipped, rejected },
        },
        manager,
      );
    });
  }

  private async importerName(accountId: string): Promise<string> {
    return (await this.community.accountNames([accountId])).get(accountId) ?? accountId;
  }

  /** Old report rows, and the files of imports nobody started or took further. */
  private async cleanUp(): Promise<void> {
    await this.staging.purgeFinishedBefore(new Date(Date.now() - KEEP_REPORT_ROWS_DAYS * 86_400_000));
    for (const idle of await this.imports.idleWithFileBefore(new Date(Date.now() - KEEP_FILE_HOURS * 3_600_000))) {
      await removeImportFile(this.config, idle.storedName);
      if (idle.status === 'uploaded') {
        await this.imports.update(idle.spaceId, idle.id, {
          status: 'failed',
          error: 'abandoned',
          finishedAt: new Date(),
        });
      }
    }
  }
}
