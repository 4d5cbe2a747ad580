import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { type Channel, CHANNELS, Contact } from '../contacts/contact.entity';
import { type ConsentSource, ContactConsent } from './contact-consent.entity';

export interface ConsentDecision {
  channel: Channel;
  granted: boolean;
  source: ConsentSource;
  proof: string | null;
  recordedBy: string | null;
  /** When the decision was made (an import may carry an older date); now by default. */
  at?: Date;
}

const COLUMN: Record<Channel, keyof Contact> = {
  email: 'consentEmail',
  sms: 'consentSms',
  phone: 'consentPhone',
  post: 'consentPost',
};

/**
 * The consent ledger: every decision is appended with its source, author and proof, and
 * the contact's current state per channel is the latest decision.
 */
@Injectable()
export class ConsentLedger {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(
    manager: EntityManager,
    spaceId: string,
    contactId: string,
    decisions: ConsentDecision[],
  ): Promise<void> {
    if (decisions.length === 0) return;
    await manager.getRepository(ContactConsent).insert(
      decisions.map((decision) => ({
        spaceId,
        contactId,
        channel: decision.channel,
        granted: decision.granted,
        source: decision.source,
        proof: decision.proof,
        recordedBy: decision.recordedBy,
        recordedAt: decision.at ?? new Date(),
      })),
    );
    const changes: Partial<Contact> = {};
    for (const decision of decisions) (changes as Record<string, unknown>)[COLUMN[decision.channel]] = decision.granted;
    await manager.getRepository(Contact).update({ spaceId, id: contactId }, changes);
  }

  /** Every decision about a contact, newest first (the sheet and the GDPR export show it). */
  history(spaceId: string, contactId: string): Promise<ContactConsent[]> {
    return this.dataSource.getRepository(ContactConsent).find({
      where: { spaceId, contactId },
      order: { recordedAt: 'DESC', id: 'DESC' },
    });
  }

  /** Revokes every channel ("ne plus contacter"). */
  revokeAll(
    manager: EntityManager,
    spaceId: string,
    contactId: string,
    source: ConsentSource,
    recordedBy: string | null,
    proof: string,
  ) {
    return this.record(
      manager,
      spaceId,
      contactId,
      CHANNELS.map((channel) => ({ channel, granted: false, source, proof, recordedBy })),
    );
  }
}
