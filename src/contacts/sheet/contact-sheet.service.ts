import { Injectable } from '@nestjs/common';
import { CommunityQueries } from '../../community/community.queries';
import { AuditService } from '../../shared/audit/audit.service';
import { ContactExtensions } from '../../shared/contacts/contact-extensions';
import type { Actor } from '../../shared/auth/request-context';
import { ConsentLedger } from '../consents/consent-ledger';
import { ContactsService, displayName } from '../contacts/contacts.service';
import { formatPhone } from '../../shared/phone';
import { SupportLevelsRepository } from '../support-levels/support-levels.repository';

export const TIMELINE_SHOWN = 50;

/**
 * The contact sheet: identity, consents and their history, support level, the sections
 * other modules add, and the timeline. Every opening is written to the audit log:
 * support levels are political opinions.
 */
@Injectable()
export class ContactSheetService {
  constructor(
    private readonly contacts: ContactsService,
    private readonly levels: SupportLevelsRepository,
    private readonly ledger: ConsentLedger,
    private readonly extensions: ContactExtensions,
    private readonly audit: AuditService,
    private readonly community: CommunityQueries,
  ) {}

  async open(actor: Actor, id: string, ip: string) {
    const contact = await this.contacts.require(actor, id);
    const [levels, consents, timeline, sections] = await Promise.all([
      this.levels.list(actor.spaceId),
      this.ledger.history(actor.spaceId, id),
      this.extensions.timeline(actor.spaceId, id, TIMELINE_SHOWN),
      this.extensions.sectionsFor(actor, id),
    ]);
    await this.audit.recordAct(actor, 'contact.viewed', { type: 'contact', id, label: displayName(contact) }, ip);
    // The ledger says who recorded each decision.
    const recorders = await this.community.accountNames([
      ...new Set(consents.map((consent) => consent.recordedBy).filter((accountId): accountId is string => !!accountId)),
    ]);
    return {
      contact,
      name: displayName(contact),
      phoneDisplay: formatPhone(contact.phone),
      level: levels.find((level) => level.id === contact.supportLevelId) ?? null,
      levels,
      consents: consents.map((consent) => ({
        ...consent,
        recordedByName: consent.recordedBy ? (recorders.get(consent.recordedBy) ?? null) : null,
      })),
      // Members see what they recorded themselves, not what others heard at the door.
      timeline: actor.role === 'member' ? timeline.filter((entry) => entry.actorId === actor.accountId) : timeline,
      sections,
    };
  }
}
