import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../shared/audit/audit.service';
import type { Actor } from '../../shared/auth/request-context';
import { Conflict } from '../../shared/errors';
import { Events } from '../../shared/events/events';
import { ContactsRepository } from '../contacts/contacts.repository';
import { type MergePlan, type MergeRecord, MergesRepository } from './merges.repository';

export interface MergeOptions {
  /** Said in the audit log: a bulk merge, a merge by hand and its choices… */
  details: Record<string, unknown>;
  /** More writes in the same transaction, once the contacts are merged (a person's choices). */
  then?: (manager: EntityManager, records: MergeRecord[]) => Promise<void>;
}

/**
 * Carries out merges, one or thousands, in one transaction: all of them or none. Each is
 * written to the audit log; other modules hear of each (`contacts.merged`) once it is
 * committed, to move their own rows to the master.
 */
@Injectable()
export class MergeRunner {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly merges: MergesRepository,
    private readonly audit: AuditService,
    private readonly events: Events,
  ) {}

  async run(actor: Actor, ip: string, plans: MergePlan[], options: MergeOptions): Promise<MergeRecord[]> {
    if (plans.length === 0) return [];
    const ids = plans.flatMap((plan) => [plan.masterId, ...plan.mergedIds]);
    const records = await this.contacts.transaction(async (manager) => {
      // Someone else may have merged or deleted one of them since the page was shown.
      if ((await this.merges.lockLive(manager, actor.spaceId, ids)) !== ids.length) {
        throw new Conflict('merge-stale', 'contacts:duplicates.errors.changed');
      }
      const merged = await this.merges.merge(manager, actor.spaceId, actor.accountId, plans);
      await options.then?.(manager, merged);
      const names = await this.merges.names(
        manager,
        actor.spaceId,
        merged.map((record) => record.masterId),
      );
      for (const record of merged) {
        await this.audit.recordAct(
          actor,
          'contacts.merged',
          { type: 'contact', id: record.masterId, label: names.get(record.masterId) },
          ip,
          { mergeId: record.id, mergedIds: record.mergedIds, ...options.details },
          manager,
        );
      }
      return merged;
    });
    for (const record of records) {
      await this.events.emit('contacts.merged', {
        spaceId: actor.spaceId,
        mergeId: record.id,
        masterId: record.masterId,
        mergedIds: record.mergedIds,
      });
    }
    return records;
  }
}
