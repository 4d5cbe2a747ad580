import { Injectable } from '@nestjs/common';
import { CommunityQueries } from '../../community/community.queries';
import type { Actor } from '../../shared/auth/request-context';
import type { ContactVisibility } from '../list/contact-query';

/**
 * Who sees which contacts (PRODUCT.md): admins and supervisors all of them; a coordinator
 * those created by the members of the teams they coordinate (and their own); a member
 * those they created. The same rule serves lists, sheets, exports and bulk changes, so a
 * contact one cannot open never shows in one's lists.
 */
@Injectable()
export class ContactVisibilityService {
  constructor(private readonly community: CommunityQueries) {}

  async of(actor: Actor): Promise<ContactVisibility> {
    if (actor.role === 'admin' || actor.role === 'supervisor') return { kind: 'all' };
    if (actor.role === 'coordinator') {
      const members = await this.community.membersOfCoordinatedTeams(actor.spaceId, actor.accountId);
      return { kind: 'createdBy', accountIds: [...new Set([actor.accountId, ...members])] };
    }
    return { kind: 'createdBy', accountIds: [actor.accountId] };
  }
}
