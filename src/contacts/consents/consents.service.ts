import { Injectable } from '@nestjs/common';
import type { Actor } from '../../shared/auth/request-context';
import { Invalid } from '../../shared/errors';
import { ContactsService } from '../contacts/contacts.service';
import { ContactsRepository } from '../contacts/contacts.repository';
import type { ConsentForm } from '../dto/consent.form';
import { ContactEventsRepository } from '../sheet/contact-events.repository';
import { ConsentLedger } from './consent-ledger';

/** A consent decision recorded by hand on the sheet, with its proof. */
@Injectable()
export class ConsentsService {
  constructor(
    private readonly contacts: ContactsService,
    private readonly repository: ContactsRepository,
    private readonly ledger: ConsentLedger,
    private readonly events: ContactEventsRepository,
  ) {}

  async decide(actor: Actor, contactId: string, form: ConsentForm): Promise<void> {
    const contact = await this.contacts.require(actor, contactId);
    const granted = form.decision === 'granted';
    // "Ne plus contacter" wins until an organiser lifts it.
    if (granted && contact.doNotContact) throw new Invalid('do-not-contact', 'contacts:consents.doNotContact');
    await this.repository.transaction(async (manager) => {
      await this.ledger.record(manager, actor.spaceId, contactId, [
        {
          channel: form.channel,
          granted,
          source: actor.role === 'member' ? 'field' : 'manual',
          proof: form.proof ?? null,
          recordedBy: actor.accountId,
        },
      ]);
      await this.events.record(manager, {
        spaceId: actor.spaceId,
        contactId,
        kind: granted ? 'consent_granted' : 'consent_refused',
        actorId: actor.accountId,
        details: { channel: form.channel },
      });
    });
  }
}
