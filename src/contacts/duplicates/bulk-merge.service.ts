import { Injectable } from '@nestjs/common';
import type { Actor } from '../../shared/auth/request-context';
import { DETECTORS } from './duplicate-rules';
import { DuplicatesRepository } from './duplicates.repository';
import { MergeRunner } from './merge-runner';
import type { MergePlan } from './merges.repository';

const BATCH = 1000;

export interface BulkCounts {
  /** Groups merged, each into its oldest contact. */
  groups: number;
  /** Contacts in those groups, masters included. */
  contacts: number;
}

export type BulkResult = { ok: true; counts: BulkCounts } | { ok: false; counts: BulkCounts };

/**
 * Merging at once every group nobody needs to look at: its contacts agree on every field
 * (or leave it empty) and no pair of it was marked "not duplicates". Each contact is merged
 * once per run: a contact found in two groups is merged with the first, and the second
 * group, if it still stands, is proposed the next time.
 */
@Injectable()
export class BulkMergeService {
  constructor(
    private readonly duplicates: DuplicatesRepository,
    private readonly runner: MergeRunner,
  ) {}

  async plan(actor: Actor): Promise<MergePlan[]> {
    const taken = new Set<string>();
    const plans: MergePlan[] = [];
    for (const detector of DETECTORS) {
      // In batches along the detector's index: memory stays small and Postgres keeps to the index.
      let after: string[] | null = null;
      for (;;) {
        const rows = await this.duplicates.groups(actor.spaceId, detector, {
          after,
          limit: BATCH,
          skipContained: true,
          mergeableOnly: true,
        });
        for (const row of rows) {
          if (row.ids.some((id) => taken.has(id))) continue;
          for (const id of row.ids) taken.add(id);
          const [masterId, ...mergedIds] = row.ids;
          plans.push({ masterId, mergedIds });
        }
        if (rows.length < BATCH) break;
        after = rows[rows.length - 1].key;
      }
    }
    return plans;
  }

  counts(plans: MergePlan[]): BulkCounts {
    return { groups: plans.length, contacts: plans.reduce((sum, plan) => sum + 1 + plan.mergedIds.length, 0) };
  }

  /** Merges what the person confirmed; if the numbers changed since, nothing is done and the new ones are returned. */
  async mergeAll(actor: Actor, confirmed: BulkCounts, ip: string): Promise<BulkResult> {
    const plans = await this.plan(actor);
    const counts = this.counts(plans);
    if (counts.groups !== confirmed.groups || counts.contacts !== confirmed.contacts) return { ok: false, counts };
    await this.runner.run(actor, ip, plans, { details: { bulk: true } });
    return { ok: true, counts };
  }
}
