import { isUUID } from 'class-validator';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../../shared/auth/request-context';
import { decodeCursor, type Page, toPage } from '../../shared/pagination/keyset';
import { type ContactRow, ContactsRepository } from '../contacts/contacts.repository';
import { ContactVisibilityService } from '../contacts/contact-visibility';
import type { ContactFilter, Sort } from './contact-filter';

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
      decodeContactCursor(after, filter.sort),
      CONTACTS_PAGE_SIZE,
    );
    return toPage(rows, CONTACTS_PAGE_SIZE, (row) => [row.cursorValue, row.id]);
  }

  async count(actor: Actor, filter: ContactFilter): Promise<number> {
    return this.contacts.count(actor.spaceId, filter, await this.visibility.of(actor));
  }
}

const TIME = /^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * (sort value, contact id) as the list wrote it: a name, or a time to the millisecond
 * (null only for never-met contacts, last in the interaction order). Anything else,
 * forged or from another sort, counts as no cursor.
 */
export function decodeContactCursor(after: unknown, sort: Sort): [string | null, string] | null {
  const values = decodeCursor(after, 2);
  if (!values) return null;
  const [value, id] = values;
  if (typeof id !== 'string' || !isUUID(id)) return null;
  if (sort === 'name') return typeof value === 'string' ? [value, id] : null;
  if (value === null) return sort === 'interaction' ? [null, id] : null;
  if (typeof value !== 'string' || !TIME.test(value)) return null;
  const time = new Date(value);
  return !Number.isNaN(time.getTime()) && time.toISOString() === value ? [value, id] : null;
}
