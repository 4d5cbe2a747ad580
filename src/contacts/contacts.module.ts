import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommunityModule } from '../community/community.module';
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
import { ContactMerge, NotDuplicate } from './duplicates/duplicate.entities';
import { ContactImport } from './import/contact-import.entity';
import { ContactsListController } from './list/contacts-list.controller';
import { ContactsListService } from './list/contacts-list.service';
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
    ContactSheetController,
  ],
  providers: [
    ContactsRepository,
    ContactsService,
    ContactVisibilityService,
    ContactsListService,
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
  ],
  exports: [ContactsQueries],
})
export class ContactsModule {}
