import { Injectable } from '@nestjs/common';
import { AuditService } from '../../shared/audit/audit.service';
import type { Actor } from '../../shared/auth/request-context';
import type { Language } from '../../shared/i18n/languages';
import { Translator } from '../../shared/i18n/translator';
import type { Contact } from '../contacts/contact.entity';
import { ContactsService, displayName } from '../contacts/contacts.service';
import { LIVE_CONDITIONS } from '../list/contact-query';
import { ContactAnonymisationService } from './contact-anonymisation.service';

/** What the person must type to erase: the name as shown, or a fixed word for a contact without one. */
export interface ErasureConfirmation {
  expected: string;
  isWord: boolean;
}

/**
 * GDPR erasure of one contact: irreversible, so confirmed by typing the name (case and
 * accents aside), then anonymised like a retention purge, and audited without any
 * personal data.
 */
@Injectable()
export class ContactErasureService {
  constructor(
    private readonly contacts: ContactsService,
    private readonly anonymisation: ContactAnonymisationService,
    private readonly translator: Translator,
    private readonly audit: AuditService,
  ) {}

  /** The contact and what to type; 404 for an erased, merged or missing contact. */
  async prepare(actor: Actor, id: string, language: Language) {
    const contact = await this.contacts.require(actor, id);
    return { contact, name: displayName(contact), confirmation: this.confirmationFor(contact, language) };
  }

  confirmationFor(contact: Pick<Contact, 'firstName' | 'lastName'>, language: Language): ErasureConfirmation {
    const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
    return name
      ? { expected: name, isWord: false }
      : { expected: this.translator.for(language)('contacts:gdpr.erase.word'), isWord: true };
  }

  /** False when what was typed is not the expected name; the contact is then untouched. */
  async erase(actor: Actor, id: string, typed: string, language: Language, ip: string): Promise<boolean> {
    const { contact, confirmation } = await this.prepare(actor, id, language);
    if (comparable(typed) !== comparable(confirmation.expected)) return false;
    await this.anonymisation.run(
      actor.spaceId,
      actor.accountId,
      (params) =>
        `SELECT c.id FROM contacts c WHERE c.space_id = ${params.bind(actor.spaceId)}::uuid AND c.id = ${params.bind(contact.id)}::uuid AND ${LIVE_CONDITIONS.join(' AND ')}`,
      (manager, count) =>
        this.audit.recordAct(actor, 'contact.erased', { type: 'contact', id: contact.id }, ip, { ...count }, manager),
    );
    return true;
  }
}

/** Lower case, no accents, œ as oe, one space between words, one kind of apostrophe. */
export function comparable(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/[’‘`]/g, "'")
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/\s+/g, ' ')
    .trim();
}
