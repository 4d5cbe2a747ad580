import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CommunityQueries } from '../../community/community.queries';
import { AuditService } from '../../shared/audit/audit.service';
import { can } from '../../shared/auth/permissions';
import type { Actor } from '../../shared/auth/request-context';
import { NotFound } from '../../shared/errors';
import { Events } from '../../shared/events/events';
import { decodeTimeCursor, type Page, toPage } from '../../shared/pagination/keyset';
import { ContactsRepository } from '../contacts/contacts.repository';
import { type MergeHistoryRow, MergeHistoryRepository, UNDO_DAYS } from './merge-history.repository';
import { MergesRepository, type UndoableMerge } from './merges.repository';

export const MERGES_PER_PAGE = 30;

/** Why an undo is refused: each has its message (contacts:duplicates.undo.refused.*). */
export type UndoRefusal = 'alreadyUndone' | 'tooOld' | 'contactGone' | 'masterGone' | 'laterMerge' | 'damaged';

export interface MergeEntry extends MergeHistoryRow {
  mergedByName: string | null;
  undoable: boolean;
  undoUntil: Date;
}

/** The history of merges, their undo, and where a merged contact went. */
@Injectable()
export class MergeHistoryService {
  constructor(
    private readonly history: MergeHistoryRepository,
    private readonly merges: MergesRepository,
    private readonly contacts: ContactsRepository,
    private readonly community: CommunityQueries,
    private readonly audit: AuditService,
    private readonly events: Events,
  ) {}

  async page(actor: Actor, after: unknown): Promise<Page<MergeEntry>> {
    const rows = await this.history.page(actor.spaceId, decodeTimeCursor(after), MERGES_PER_PAGE);
    const names = await this.community.accountNames([
      ...new Set(rows.map((row) => row.mergedBy).filter((id): id is string => !!id)),
    ]);
    const entries = rows.map((row) => ({
      ...row,
      mergedByName: row.mergedBy ? (names.get(row.mergedBy) ?? null) : null,
      undoable: row.recent && !row.undoneAt && row.masterLive,
      undoUntil: new Date(new Date(row.createdAt).getTime() + UNDO_DAYS * 24 * 3600 * 1000),
    }));
    return toPage(entries, MERGES_PER_PAGE, (entry) => [new Date(entry.createdAt).toISOString(), entry.id]);
  }

  /**
   * Undoes a merge, in one transaction, or says why it cannot: too old, already undone,
   * a contact erased or deleted since, or the master merged again since (undo that first).
   */
  async undo(actor: Actor, id: string, ip: string): Promise<{ ok: true } | { ok: false; reason: UndoRefusal }> {
    const outcome = await this.contacts.transaction(async (manager) => {
      const merge = await this.merges.findForUndo(manager, actor.spaceId, id);
      if (!merge) throw new NotFound('merge');
      const refusal = await this.refusal(manager, actor.spaceId, merge);
      if (refusal) return { ok: false as const, reason: refusal };
      await this.merges.undo(manager, actor.spaceId, actor.accountId, merge);
      const names = await this.merges.names(manager, actor.spaceId, [merge.masterId]);
      await this.audit.recordAct(
        actor,
        'contacts.merge_undone',
        { type: 'contact', id: merge.masterId, label: names.get(merge.masterId) },
        ip,
        { mergeId: merge.id, mergedIds: merge.mergedIds },
        manager,
      );
      return { ok: true as const, merge };
    });
    if (!outcome.ok) return outcome;
    const { merge } = outcome;
    await this.events.emit('contacts.merge_undone', {
      spaceId: actor.spaceId,
      mergeId: merge.id,
      masterId: merge.masterId,
      mergedIds: merge.mergedIds,
    });
    return { ok: true };
  }

  private async refusal(manager: EntityManager, spaceId: string, merge: UndoableMerge): Promise<UndoRefusal | null> {
    if (merge.undoneAt) return 'alreadyUndone';
    if (merge.expired) return 'tooOld';
    if (merge.snapshot.master?.id !== merge.masterId) return 'damaged';
    const states = await this.merges.contactStates(manager, spaceId, [merge.masterId, ...merge.mergedIds]);
    const master = states.find((state) => state.id === merge.masterId);
    if (!master || master.erased) return 'masterGone';
    if (master.mergedInto) return 'laterMerge';
    const merged = merge.mergedIds.map((mergedId) => states.find((state) => state.id === mergedId));
    if (merged.some((state) => !state || state.erased || state.mergedInto !== merge.masterId)) return 'contactGone';
    if (await this.merges.laterMergeOf(manager, spaceId, merge)) return 'laterMerge';
    return null;
  }

  /** For an admin opening a merged contact's old address: the contact it is now part of. */
  liveMasterOf(actor: Actor, contactId: string): Promise<string | null> {
    if (!can(actor.role, 'contacts.merge')) return Promise.resolve(null);
    return this.history.liveMasterOf(actor.spaceId, contactId);
  }
}
