import { Injectable } from '@nestjs/common';
import { AuditService } from '../../shared/audit/audit.service';
import type { Actor } from '../../shared/auth/request-context';
import { NotFound } from '../../shared/errors';
import { ContactVisibilityService } from '../contacts/contact-visibility';
import { type ContactFilter, filterToQuery } from '../list/contact-filter';
import { SupportLevelsRepository } from '../support-levels/support-levels.repository';
import { BulkChangesRepository } from './bulk-changes.repository';

export type BulkAction = { kind: 'addTag' | 'removeTag'; tag: string } | { kind: 'setLevel'; levelId: string | null };

/** Bulk changes on the whole filtered set of what the person may see; audited. */
@Injectable()
export class BulkChangesService {
  constructor(
    private readonly bulk: BulkChangesRepository,
    private readonly visibility: ContactVisibilityService,
    private readonly levels: SupportLevelsRepository,
    private readonly audit: AuditService,
  ) {}

  async apply(actor: Actor, filter: ContactFilter, action: BulkAction, ip: string): Promise<number> {
    const visibility = await this.visibility.of(actor);
    let changed: number;
    if (action.kind === 'setLevel') {
      const level = action.levelId ? await this.levels.find(actor.spaceId, action.levelId) : null;
      if (action.levelId && !level) throw new NotFound('support-level');
      changed = await this.bulk.setLevel(
        actor.spaceId,
        filter,
        visibility,
        { id: level?.id ?? null, label: level?.label ?? null },
        actor.accountId,
      );
    } else if (action.kind === 'addTag') {
      changed = await this.bulk.addTag(actor.spaceId, filter, visibility, action.tag, actor.accountId);
    } else {
      changed = await this.bulk.removeTag(actor.spaceId, filter, visibility, action.tag, actor.accountId);
    }
    await this.audit.recordAct(
      actor,
      `contacts.bulk_${action.kind === 'setLevel' ? 'level' : action.kind === 'addTag' ? 'tag_added' : 'tag_removed'}`,
      { type: 'contacts', id: '-' },
      ip,
      {
        changed,
        filter: filterToQuery(filter),
        ...(action.kind === 'setLevel' ? { levelId: action.levelId } : { tag: action.tag }),
      },
    );
    return changed;
  }
}
