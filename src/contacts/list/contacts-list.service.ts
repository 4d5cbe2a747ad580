import { isUUID } from 'class-validator';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../../shared/auth/request-context';
import { decodeCursor, type Page, toPage } from '../../shared/pagination/keyset';
import { type ContactRow, ContactsRepository } from '../contacts/contacts.repository';
import { ContactVisibilityService } from '../contacts/contact-visibility';
import type { ContactFilter } from './contact-filter';

export const CONTACTS_PAGE_SIZE = 50;

/** The contacts list: what the person may see, filtered, one keyset page at a time. */
@Injectable()
export class ContactsListService {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly visibility: ContactVisibilityService,
  ) {}

  async page(actor: Actor, filter: ContactFilter, after: unknown): Promise<Page<ContactRow>> {
    const rows = await this.contacts.page(
      actor.spaceId,
      filter,
      await this.visibility.of(actor),
      decodeContactCursor(after),
      CONTACTS_PAGE_SIZE,
    );
    return toPage(rows, CONTACTS_PAGE_SIZE, (row) => [row.cursorValue, row.id]);
  }

  async count(actor: Actor, filter: ContactFilter): Promise<number> {
    return this.contacts.count(actor.spaceId, filter, await this.visibility.of(actor));
  }

  tags(actor: Actor) {
    return this.contacts.tags(actor.spaceId);
  }
}

/** (sort value or null, contact id); anything else counts as no cursor. */
function decodeContactCursor(after: unknown): [string | null, string] | null {
  const values = decodeCursor(after, 2);
  if (!values) return null;
  const [value, id] = values;
  if ((value !== null && typeof value !== 'string') || typeof id !== 'string' || !isUUID(id)) return null;
  return [value, id];
}
