import { Injectable } from '@nestjs/common';
import type { Actor } from '../shared/auth/request-context';
import { ContactsService, displayName } from './contacts/contacts.service';
import { SupportLevelsRepository } from './support-levels/support-levels.repository';

/** What other modules may read about contacts. */
@Injectable()
export class ContactsQueries {
  constructor(
    private readonly contacts: ContactsService,
    private readonly levels: SupportLevelsRepository,
  ) {}

  /** A contact the person may see (404 otherwise), with the name to show. */
  async visibleContact(actor: Actor, contactId: string) {
    const contact = await this.contacts.require(actor, contactId);
    return { ...contact, displayName: displayName(contact) };
  }

  /** The space's support scale, in order. */
  supportLevels(spaceId: string) {
    return this.levels.list(spaceId);
  }
}
