import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommunityModule } from '../community/community.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { BulkChangesController } from './bulk/bulk-changes.controller';
import { BulkChangesRepository } from './bulk/bulk-changes.repository';
import { BulkChangesService } from './bulk/bulk-changes.service';
import { ConsentLedger } from './consents/consent-ledger';
import { ContactConsent } from './consents/contact-consent.entity';
import { ConsentsService } from './consents/consents.service';
import { ContactSettings, ContactSuppression } from './contact-settings.entities';
import { ContactsListeners } from './contacts.listeners';
import { ContactsQueries } from './contacts.queries';
import { ContactsRegistrations } from './contacts.registrations';
import { Contact } from './contacts/contact.entity';
import { ContactVisibilityService } from './contacts/contact-visibility';
import { ContactsRepository } from './contacts/contacts.repository';
import { ContactsService } from './contacts/contacts.service';
import { BulkMergeController } from './duplicates/bulk-merge.controller';
import { BulkMergeService } from './duplicates/bulk-merge.service';
import { ContactMerge, NotDuplicate } from './duplicates/duplicate.entities';
import { DuplicatesController } from './duplicates/duplicates.controller';
import { DuplicatesRepository } from './duplicates/duplicates.repository';
import { DuplicatesService } from './duplicates/duplicates.service';
import { MergeController } from './duplicates/merge.controller';
import { MergeService } from './duplicates/merge.service';
import { MergeHistoryRepository } from './duplicates/merge-history.repository';
import { MergeHousekeepingJob } from './duplicates/merge-housekeeping.job';
import { MergeHistoryService } from './duplicates/merge-history.service';
import { MergeRunner } from './duplicates/merge-runner';
import { MergesController } from './duplicates/merges.controller';
import { MergesRepository } from './duplicates/merges.repository';
import { ContactsExportController } from './export/contacts-export.controller';
import { ContactsExportRepository } from './export/contacts-export.repository';
import { ContactsExportService } from './export/contacts-export.service';
import { ContactAnonymisationService } from './gdpr/contact-anonymisation.service';
import { ContactAnonymiserRepository } from './gdpr/contact-anonymiser.repository';
import { ContactDossierService } from './gdpr/contact-dossier.service';
import { ContactErasureService } from './gdpr/contact-erasure.service';
import { ContactGdprController } from './gdpr/contact-gdpr.controller';
import { ContactViewsRepository } from './gdpr/contact-views.repository';
import { ContactImportController } from './import/contact-import.controller';
import { ContactImport } from './import/contact-import.entity';
import { ContactImportJob } from './import/contact-import.job';
import { ContactImportService } from './import/contact-import.service';
import { ContactImportsRepository } from './import/contact-imports.repository';
import { importUploadOptions } from './import/import-files';
import { ImportMergeRepository } from './import/import-merge.repository';
import { ImportStagingRepository } from './import/import-staging.repository';
import { ContactsListController } from './list/contacts-list.controller';
import { ContactsListPage } from './list/contacts-list.page';
import { ContactsListService } from './list/contacts-list.service';
import { RetentionController } from './retention/retention.controller';
import { RetentionRepository } from './retention/retention.repository';
import { RetentionService } from './retention/retention.service';
import { RetentionSettingsController } from './retention/retention-settings.controller';
import { RetentionSettingsRepository } from './retention/retention-settings.repository';
import { FilterPin, SavedFilter } from './saved-filters/saved-filter.entities';
import { SavedFiltersController } from './saved-filters/saved-filters.controller';
import { SavedFiltersRepository } from './saved-filters/saved-filters.repository';
import { SavedFiltersService } from './saved-filters/saved-filters.service';
import { ContactEvent } from './sheet/contact-event.entity';
import { ContactEventsRepository } from './sheet/contact-events.repository';
import { ContactSheetController } from './sheet/contact-sheet.controller';
import { ContactSheetService } from './sheet/contact-sheet.service';
import { ContactTimelineSource } from './sheet/contact-timeline.source';
import { SupportLevel } from './support-levels/support-level.entity';
import { SupportLevelsController } from './support-levels/support-levels.controller';
import { SupportLevelsRepository } from './support-levels/support-levels.repository';

/**
 * The contact base: contacts, support levels, consent ledger, timeline, saved filters,
 * bulk changes, duplicates, imports and exports, GDPR rights.
 */
@Module({
  imports: [
    CommunityModule,
    // Uploads of this module (CSV imports) go to disk under DATA_DIR.
    MulterModule.registerAsync({
      useFactory: (config: AppConfig) => importUploadOptions(config),
      inject: [APP_CONFIG],
    }),
    TypeOrmModule.forFeature([
      Contact,
      SupportLevel,
      ContactConsent,
      ContactEvent,
      SavedFilter,
      FilterPin,
      NotDuplicate,
      ContactMerge,
      ContactImport,
      ContactSettings,
      ContactSuppression,
    ]),
  ],
  // Fixed paths (/contacts/new, /contacts/lists, /contacts/bulk…) before /contacts/:id.
  controllers: [
    ContactsListController,
    SavedFiltersController,
    BulkChangesController,
    SupportLevelsController,
    ContactImportController,
    ContactsExportController,
    RetentionController,
    RetentionSettingsController,
    ContactGdprController,
    MergeController,
    BulkMergeController,
    DuplicatesController,
    MergesController,
    ContactSheetController,
  ],
  providers: [
    ContactsRepository,
    ContactsService,
    ContactVisibilityService,
    ContactsListService,
    ContactsListPage,
    ConsentLedger,
    ConsentsService,
    ContactEventsRepository,
    ContactSheetService,
    ContactTimelineSource,
    SupportLevelsRepository,
    SavedFiltersRepository,
    SavedFiltersService,
    BulkChangesRepository,
    BulkChangesService,
    ContactsListeners,
    ContactsRegistrations,
    ContactsQueries,
    ContactImportsRepository,
    ImportStagingRepository,
    ImportMergeRepository,
    ContactImportService,
    ContactImportJob,
    ContactsExportRepository,
    ContactsExportService,
    ContactAnonymiserRepository,
    ContactAnonymisationService,
    ContactViewsRepository,
    ContactDossierService,
    ContactErasureService,
    RetentionSettingsRepository,
    RetentionRepository,
    RetentionService,
    DuplicatesRepository,
    DuplicatesService,
    MergesRepository,
    MergeRunner,
    MergeService,
    BulkMergeService,
    MergeHistoryRepository,
    MergeHistoryService,
    MergeHousekeepingJob,
  ],
  exports: [ContactsQueries],
})
export class ContactsModule {}
