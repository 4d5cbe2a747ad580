import { Injectable } from '@nestjs/common';
import { AuditService } from '../../shared/audit/audit.service';
import type { Actor } from '../../shared/auth/request-context';
import { decodeTimeCursor, toPage } from '../../shared/pagination/keyset';
import type { AnonymisedCount } from '../gdpr/contact-anonymiser.repository';
import { ContactAnonymisationService } from '../gdpr/contact-anonymisation.service';
import { RetentionRepository } from './retention.repository';
import { RetentionSettingsRepository } from './retention-settings.repository';

export const RETENTION_PAGE_SIZE = 50;

export type PurgeResult =
  { ok: true; purged: AnonymisedCount } | { ok: false; reason: 'off' | 'ruleChanged' | 'listChanged' };

/**
 * Retention: contacts without interaction for the space's number of months are shown,
 * then purged after a confirmation that states how many. A purge anonymises rather than
 * deletes: the people are gone, and the space's figures (support per zone, per period,
 * per team) stay true — exactly what an erasure does, for many at once.
 */
@Injectable()
export class RetentionService {
  constructor(
    private readonly settings: RetentionSettingsRepository,
    private readonly candidates: RetentionRepository,
    private readonly anonymisation: ContactAnonymisationService,
    private readonly audit: AuditService,
  ) {}

  months(actor: Actor): Promise<number | null> {
    return this.settings.months(actor.spaceId);
  }

  async setMonths(actor: Actor, months: number | null, ip: string): Promise<void> {
    const before = await this.settings.months(actor.spaceId);
    if (before === months) return;
    await this.settings.setMonths(actor.spaceId, months);
    await this.audit.recordAct(actor, 'contacts.retention_changed', { type: 'space', id: actor.spaceId }, ip, {
      from: before,
      to: months,
    });
  }

  /** The rule, its cutoff, how many contacts are past it and one page of them (null when off). */
  async preview(actor: Actor, after: unknown) {
    const months = await this.settings.months(actor.spaceId);
    if (months === null) return null;
    const cutoff = await this.candidates.cutoff(months);
    const [count, rows] = await Promise.all([
      this.candidates.count(actor.spaceId, cutoff),
      this.candidates.page(actor.spaceId, cutoff, decodeTimeCursor(after), RETENTION_PAGE_SIZE),
    ]);
    return {
      months,
      cutoff,
      count,
      page: toPage(rows, RETENTION_PAGE_SIZE, (row) => [row.seenAt.toISOString(), row.id]),
    };
  }

  /**
   * Anonymises exactly the contacts the preview showed: those past the preview's cutoff,
   * provided there are still as many as the person confirmed. A later cutoff than the
   * rule allows today (the rule was lengthened meanwhile) is refused.
   */
  async purge(actor: Actor, confirmed: { cutoff: Date; count: number }, ip: string): Promise<PurgeResult> {
    const months = await this.settings.months(actor.spaceId);
    if (months === null) return { ok: false, reason: 'off' };
    if (confirmed.cutoff > (await this.candidates.cutoff(months))) return { ok: false, reason: 'ruleChanged' };
    if ((await this.candidates.count(actor.spaceId, confirmed.cutoff)) !== confirmed.count)
      return { ok: false, reason: 'listChanged' };
    const purged = await this.anonymisation.run(
      actor.spaceId,
      actor.accountId,
      this.candidates.selection(actor.spaceId, confirmed.cutoff),
      (manager, count) =>
        this.audit.recordAct(
          actor,
          'contacts.retention_purged',
          { type: 'contacts', id: '-' },
          ip,
          { months, cutoff: confirmed.cutoff.toISOString(), ...count },
          manager,
        ),
    );
    return { ok: true, purged };
  }
}
