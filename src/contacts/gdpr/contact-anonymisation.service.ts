import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Events } from '../../shared/events/events';
import {
  type AnonymisedCount,
  ContactAnonymiserRepository,
  type ContactSelection,
} from './contact-anonymiser.repository';

/** Ids per `contacts.erased` event: a purge of 100,000 people is told in pieces. */
export const ERASED_EVENT_BATCH = 5000;

/**
 * Anonymises a set of contacts (an erasure, a retention purge) in one transaction with
 * its audit entry, then tells the other modules, which remove their own free text.
 * Listeners run after the commit: on the embedded database a query on another
 * connection would wait for the transaction forever.
 */
@Injectable()
export class ContactAnonymisationService {
  constructor(
    private readonly anonymiser: ContactAnonymiserRepository,
    private readonly events: Events,
  ) {}

  async run(
    spaceId: string,
    actorId: string,
    selection: ContactSelection,
    audit: (manager: EntityManager, count: AnonymisedCount) => Promise<void>,
  ): Promise<AnonymisedCount> {
    // A JavaScript date has the column's precision (milliseconds): the same instant finds them again.
    const at = new Date();
    const count = await this.anonymiser.transaction(async (manager) => {
      const erased = await this.anonymiser.anonymise(manager, spaceId, selection, at, actorId);
      await audit(manager, erased);
      return erased;
    });
    let after: string | null = null;
    for (;;) {
      const contactIds = await this.anonymiser.erasedAt(spaceId, at, after, ERASED_EVENT_BATCH);
      if (contactIds.length > 0) await this.events.emit('contacts.erased', { spaceId, contactIds });
      if (contactIds.length < ERASED_EVENT_BATCH) break;
      after = contactIds[contactIds.length - 1];
    }
    return count;
  }
}
