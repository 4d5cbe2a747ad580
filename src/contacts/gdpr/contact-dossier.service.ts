import { Injectable } from '@nestjs/common';
import { CommunityQueries } from '../../community/community.queries';
import { AuditService } from '../../shared/audit/audit.service';
import type { Actor } from '../../shared/auth/request-context';
import { ContactExtensions } from '../../shared/contacts/contact-extensions';
import type { Language } from '../../shared/i18n/languages';
import { Translator } from '../../shared/i18n/translator';
import { formatPhone } from '../../shared/phone';
import { ConsentLedger } from '../consents/consent-ledger';
import type { Contact } from '../contacts/contact.entity';
import { ContactsService, displayName } from '../contacts/contacts.service';
import { SupportLevelsRepository } from '../support-levels/support-levels.repository';
import { ContactViewsRepository } from './contact-views.repository';

/**
 * How far back the dossier reads the timeline and the views: far beyond what one person
 * gathers, and a bound all the same; the page says when it was reached.
 */
export const DOSSIER_LIMIT = 10_000;

export type DossierFormat = 'page' | 'json';

/**
 * "Everything about this contact" (GDPR right of access): every field, the whole consent
 * ledger, the timeline from every module that writes one, the sections other modules add
 * to the sheet, and who opened the sheet and when. The same data feeds the readable
 * page and the JSON file; both are written to the audit log.
 */
@Injectable()
export class ContactDossierService {
  constructor(
    private readonly contacts: ContactsService,
    private readonly levels: SupportLevelsRepository,
    private readonly ledger: ConsentLedger,
    private readonly extensions: ContactExtensions,
    private readonly views: ContactViewsRepository,
    private readonly community: CommunityQueries,
    private readonly translator: Translator,
    private readonly audit: AuditService,
  ) {}

  async build(actor: Actor, id: string, language: Language, format: DossierFormat, ip: string) {
    const contact = await this.contacts.require(actor, id);
    const t = this.translator.for(language);
    const [level, consents, timeline, sections, views] = await Promise.all([
      contact.supportLevelId ? this.levels.find(actor.spaceId, contact.supportLevelId) : null,
      this.ledger.history(actor.spaceId, id),
      this.extensions.timeline(actor.spaceId, id, DOSSIER_LIMIT),
      this.extensions.sectionsFor(actor, id),
      this.views.list(actor.spaceId, id, DOSSIER_LIMIT),
    ]);
    const names = await this.community.accountNames(
      unique([
        contact.createdBy,
        contact.updatedBy,
        ...consents.map((consent) => consent.recordedBy),
        ...views.map((view) => view.actorId),
      ]),
    );
    const nameOf = (accountId: string | null) => (accountId ? (names.get(accountId) ?? null) : null);
    await this.audit.recordAct(
      actor,
      'contact.gdpr_exported',
      { type: 'contact', id, label: displayName(contact) },
      ip,
      { format },
    );
    return {
      name: displayName(contact),
      contact: {
        ...fieldsOf(contact),
        supportLevel: level?.label ?? null,
        createdBy: nameOf(contact.createdBy),
        updatedBy: nameOf(contact.updatedBy),
      },
      phoneDisplay: formatPhone(contact.phone),
      consentHistory: consents.map((consent) => ({
        recordedAt: consent.recordedAt,
        channel: consent.channel,
        granted: consent.granted,
        source: consent.source,
        proof: consent.proof,
        recordedBy: nameOf(consent.recordedBy),
      })),
      timeline: timeline.map((entry) => ({
        at: entry.at,
        entry: t(entry.labelKey, entry.values ?? {}),
        by: entry.actorName,
      })),
      timelineComplete: timeline.length < DOSSIER_LIMIT,
      sections,
      views: views.map((view) => ({
        at: view.at,
        by: nameOf(view.actorId),
        email: view.actorLabel,
        bySupport: view.bySupport,
      })),
      viewsComplete: views.length < DOSSIER_LIMIT,
    };
  }
}

export type ContactDossier = Awaited<ReturnType<ContactDossierService['build']>>;

/** The dossier as a file: what the page shows, in plain data. */
export function dossierJson(dossier: ContactDossier, exportedAt: Date) {
  return {
    exportedAt,
    contact: dossier.contact,
    consentHistory: dossier.consentHistory,
    timeline: dossier.timeline,
    otherSections: dossier.sections.map((section) => ({ section: section.partial, data: section.data })),
    views: dossier.views,
  };
}

/** Every field of the contact, as stored; the ones Postgres computes for searching aside. */
function fieldsOf(contact: Contact) {
  return {
    id: contact.id,
    firstName: contact.firstName,
    lastName: contact.lastName,
    gender: contact.gender,
    birthDate: contact.birthDate,
    email: contact.email,
    phone: contact.phone,
    phoneAsTyped: contact.phoneRaw,
    streetNumber: contact.streetNumber,
    street: contact.street,
    postcode: contact.postcode,
    city: contact.city,
    inseeCode: contact.inseeCode,
    latitude: contact.latitude,
    longitude: contact.longitude,
    tags: contact.tags,
    origin: contact.origin,
    notes: contact.notes,
    consents: {
      email: contact.consentEmail,
      sms: contact.consentSms,
      phone: contact.consentPhone,
      post: contact.consentPost,
    },
    doNotContact: contact.doNotContact,
    createdAt: contact.createdAt,
    updatedAt: contact.updatedAt,
    lastInteractionAt: contact.lastInteractionAt,
  };
}

function unique(ids: (string | null)[]): string[] {
  return [...new Set(ids.filter((id): id is string => !!id))];
}
