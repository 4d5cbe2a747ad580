import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../shared/audit/audit.service';
import type { Actor } from '../../shared/auth/request-context';
import { NotFound } from '../../shared/errors';
import type { FieldError } from '../../shared/http/form';
import { type ConsentDecision, ConsentLedger } from '../consents/consent-ledger';
import type { ConsentSource } from '../consents/contact-consent.entity';
import { type ContactForm, parseTags } from '../dto/contact.form';
import { ContactEventsRepository } from '../sheet/contact-events.repository';
import { SupportLevelsRepository } from '../support-levels/support-levels.repository';
import { type Channel, CHANNELS, type Contact, type Origin } from './contact.entity';
import { ContactVisibilityService } from './contact-visibility';
import { ContactsRepository } from './contacts.repository';
import { toE164 } from '../../shared/phone';

/** Fields of the form compared to tell the timeline what changed. */
const EDITABLE = [
  'firstName',
  'lastName',
  'gender',
  'birthDate',
  'email',
  'phone',
  'streetNumber',
  'street',
  'postcode',
  'city',
  'inseeCode',
  'latitude',
  'longitude',
  'supportLevelId',
  'tags',
  'notes',
] as const;

/** What only organisers see and change: a member's form neither shows nor changes it. */
const ORGANISER_ONLY = ['birthDate', 'inseeCode', 'latitude', 'longitude', 'notes'] as const;

const CONSENT_FIELDS: Record<Channel, 'consentEmail' | 'consentSms' | 'consentPhone' | 'consentPost'> = {
  email: 'consentEmail',
  sms: 'consentSms',
  phone: 'consentPhone',
  post: 'consentPost',
};

export type ContactInputResult = { ok: true; contact: Contact } | { ok: false; errors: Record<string, FieldError> };

/** Creating, editing and deleting contacts, with their timeline and consent ledger. */
@Injectable()
export class ContactsService {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly levels: SupportLevelsRepository,
    private readonly visibility: ContactVisibilityService,
    private readonly ledger: ConsentLedger,
    private readonly events: ContactEventsRepository,
    private readonly audit: AuditService,
  ) {}

  /** The contact, if the person may see it: 404 for missing and not yours alike. */
  async require(actor: Actor, id: string): Promise<Contact> {
    const contact = await this.contacts.findVisible(actor.spaceId, id, await this.visibility.of(actor));
    if (!contact) throw new NotFound('contact');
    return contact;
  }

  /** Field values from the form, or the errors only the space can tell (phone, level). */
  private async fieldsFrom(
    actor: Actor,
    input: ContactForm,
    current: Contact | null,
  ): Promise<{ fields: Partial<Contact>; errors: Record<string, FieldError> }> {
    const form: ContactForm = actor.role === 'member' ? { ...input, ...organiserOnlyOf(current) } : input;
    const errors: Record<string, FieldError> = {};
    const phone = form.phone ? toE164(form.phone) : null;
    if (form.phone && !phone) errors.phone = { key: 'contacts:form.badPhone' };
    if (form.supportLevelId && !(await this.levels.find(actor.spaceId, form.supportLevelId))) {
      errors.supportLevelId = { key: 'common:validation.invalid' };
    }
    if (!form.firstName && !form.lastName && !form.email && !form.phone) {
      errors._form = { key: 'contacts:form.nothingToIdentify' };
    }
    if (form.birthDate && (form.birthDate > new Date().toISOString().slice(0, 10) || form.birthDate < '1900-01-01')) {
      errors.birthDate = { key: 'contacts:form.badBirthDate' };
    }
    return {
      errors,
      fields: {
        firstName: form.firstName ?? null,
        lastName: form.lastName ?? null,
        gender: form.gender ?? 'unknown',
        birthDate: form.birthDate ?? null,
        email: form.email?.toLowerCase() ?? null,
        phone,
        phoneRaw: form.phone ?? null,
        streetNumber: form.streetNumber ?? null,
        street: form.street ?? null,
        postcode: form.postcode ?? null,
        city: form.city ?? null,
        inseeCode: form.inseeCode ?? null,
        latitude: form.latitude ?? null,
        longitude: form.longitude ?? null,
        supportLevelId: form.supportLevelId ?? null,
        tags: parseTags(form.tags),
        notes: form.notes ?? null,
      },
    };
  }

  /** The consent decisions the form makes, compared with the contact's current state. */
  private consentDecisions(actor: Actor, form: ContactForm, current: Partial<Contact> | null): ConsentDecision[] {
    const source: ConsentSource = actor.role === 'member' ? 'field' : 'manual';
    const decisions: ConsentDecision[] = [];
    for (const channel of CHANNELS) {
      const choice = form[CONSENT_FIELDS[channel]];
      if (!choice) continue;
      const granted = choice === 'granted';
      if (current && current[CONSENT_FIELDS[channel]] === granted) continue;
      decisions.push({ channel, granted, source, proof: null, recordedBy: actor.accountId });
    }
    return decisions;
  }

  /** Consent decisions appear on the timeline too, beside the ledger that proves them. */
  private async recordConsentEvents(
    manager: EntityManager,
    actor: Actor,
    contactId: string,
    decisions: ConsentDecision[],
  ) {
    for (const decision of decisions) {
      await this.events.record(manager, {
        spaceId: actor.spaceId,
        contactId,
        kind: decision.granted ? 'consent_granted' : 'consent_refused',
        actorId: actor.accountId,
        details: { channel: decision.channel },
      });
    }
  }

  async create(actor: Actor, form: ContactForm, origin: Origin): Promise<ContactInputResult> {
    const { fields, errors } = await this.fieldsFrom(actor, form, null);
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    const contact = await this.contacts.transaction(async (manager) => {
      const saved = await this.contacts.insert(
        { ...fields, spaceId: actor.spaceId, origin, createdBy: actor.accountId, updatedBy: actor.accountId },
        manager,
      );
      await this.events.record(manager, {
        spaceId: actor.spaceId,
        contactId: saved.id,
        kind: 'created',
        actorId: actor.accountId,
        details: { origin },
      });
      const decisions = this.consentDecisions(actor, form, null);
      await this.ledger.record(manager, actor.spaceId, saved.id, decisions);
      await this.recordConsentEvents(manager, actor, saved.id, decisions);
      return saved;
    });
    return { ok: true, contact };
  }

  async update(actor: Actor, id: string, form: ContactForm): Promise<ContactInputResult> {
    const before = await this.require(actor, id);
    const { fields, errors } = await this.fieldsFrom(actor, form, before);
    const decisions = this.consentDecisions(actor, form, before);
    if (before.doNotContact) {
      // Nobody re-grants consent to someone who asked not to be contacted: lift that first.
      for (const decision of decisions.filter((one) => one.granted)) {
        errors[CONSENT_FIELDS[decision.channel]] = { key: 'contacts:consents.doNotContact' };
      }
    }
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    const changed = EDITABLE.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(fields[field]));
    await this.contacts.transaction(async (manager) => {
      if (changed.length > 0) {
        await this.contacts.update(actor.spaceId, id, { ...fields, updatedBy: actor.accountId }, manager);
        await this.recordChanges(manager, actor, before, fields, changed);
      }
      await this.ledger.record(manager, actor.spaceId, id, decisions);
      await this.recordConsentEvents(manager, actor, id, decisions);
    });
    return { ok: true, contact: (await this.contacts.find(actor.spaceId, id))! };
  }

  private async recordChanges(
    manager: EntityManager,
    actor: Actor,
    before: Contact,
    after: Partial<Contact>,
    changed: readonly (typeof EDITABLE)[number][],
  ) {
    const base = { spaceId: actor.spaceId, contactId: before.id, actorId: actor.accountId };
    const others = changed.filter((field) => field !== 'supportLevelId');
    if (others.length > 0) await this.events.record(manager, { ...base, kind: 'updated', details: { fields: others } });
    if (changed.includes('supportLevelId')) {
      // Labels as they are now: a level renamed later still reads right in the history.
      const label = async (levelId: string | null | undefined) =>
        levelId ? ((await this.levels.find(actor.spaceId, levelId))?.label ?? null) : null;
      await this.events.record(manager, {
        ...base,
        kind: 'level_changed',
        details: {
          from: { id: before.supportLevelId, label: await label(before.supportLevelId) },
          to: { id: after.supportLevelId, label: await label(after.supportLevelId) },
        },
      });
    }
  }

  async delete(actor: Actor, id: string, ip: string): Promise<void> {
    const contact = await this.require(actor, id);
    await this.contacts.delete(actor.spaceId, id);
    await this.audit.recordAct(actor, 'contact.deleted', { type: 'contact', id, label: displayName(contact) }, ip);
  }

  /** "Ne plus contacter": every consent revoked, out of every list and message from now on. */
  async doNotContact(actor: Actor, id: string, ip: string): Promise<void> {
    const contact = await this.require(actor, id);
    if (contact.doNotContact) return;
    await this.contacts.transaction(async (manager) => {
      await this.contacts.update(actor.spaceId, id, { doNotContact: true, updatedBy: actor.accountId }, manager);
      await this.ledger.revokeAll(
        manager,
        actor.spaceId,
        id,
        actor.role === 'member' ? 'field' : 'manual',
        actor.accountId,
        'do-not-contact',
      );
      await this.events.record(manager, {
        spaceId: actor.spaceId,
        contactId: id,
        kind: 'do_not_contact',
        actorId: actor.accountId,
      });
    });
    await this.audit.recordAct(
      actor,
      'contact.do_not_contact',
      { type: 'contact', id, label: displayName(contact) },
      ip,
    );
  }

  /** Only when the person asks again to be contacted; consents stay revoked until given anew. */
  async liftDoNotContact(actor: Actor, id: string, ip: string): Promise<void> {
    const contact = await this.require(actor, id);
    if (!contact.doNotContact) return;
    await this.contacts.transaction(async (manager) => {
      await this.contacts.update(actor.spaceId, id, { doNotContact: false, updatedBy: actor.accountId }, manager);
      await this.events.record(manager, {
        spaceId: actor.spaceId,
        contactId: id,
        kind: 'do_not_contact_lifted',
        actorId: actor.accountId,
      });
    });
    await this.audit.recordAct(
      actor,
      'contact.do_not_contact_lifted',
      { type: 'contact', id, label: displayName(contact) },
      ip,
    );
  }
}

/** A member's form leaves these as they are (nothing for a new contact). */
function organiserOnlyOf(contact: Contact | null): Partial<ContactForm> {
  const kept: Record<string, unknown> = {};
  for (const field of ORGANISER_ONLY) kept[field] = contact?.[field] ?? undefined;
  return kept as Partial<ContactForm>;
}

/** "Hélène Dupré", or the address or phone when the contact has no name. */
export function displayName(contact: Pick<Contact, 'firstName' | 'lastName' | 'email' | 'phone'>): string {
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
  return name || contact.email || contact.phone || '—';
}
