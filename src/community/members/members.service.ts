import { Injectable } from '@nestjs/common';
import { AuditService } from '../../shared/audit/audit.service';
import type { Actor } from '../../shared/auth/request-context';
import type { Role } from '../../shared/auth/roles';
import { Conflict, NotFound } from '../../shared/errors';
import { decodeCursor, toPage } from '../../shared/pagination/keyset';
import { SpacesRepository } from '../spaces/spaces.repository';
import { type MemberFilters, MembersRepository } from './members.repository';

export const MEMBERS_PAGE_SIZE = 50;

/** The directory, role changes, removals and leaving; a space always keeps an admin. */
@Injectable()
export class MembersService {
  constructor(
    private readonly members: MembersRepository,
    private readonly spaces: SpacesRepository,
    private readonly audit: AuditService,
  ) {}

  async directory(spaceId: string, filters: MemberFilters, after: unknown) {
    const cursor = decodeCursor(after, 2) as [string, string] | null;
    const rows = await this.members.page(spaceId, filters, cursor, MEMBERS_PAGE_SIZE);
    return toPage(rows, MEMBERS_PAGE_SIZE, (row) => [row.sortKey, row.accountId]);
  }

  everyone(spaceId: string) {
    return this.members.everyone(spaceId);
  }

  async get(spaceId: string, accountId: string) {
    const member = await this.members.findOne(spaceId, accountId);
    if (!member) throw new NotFound('member');
    return member;
  }

  async changeRole(actor: Actor, accountId: string, role: Role, ip: string): Promise<void> {
    const member = await this.get(actor.spaceId, accountId);
    if (member.role === role) return;
    await this.spaces.transaction(async (manager) => {
      const admins = await this.spaces.lockAdmins(actor.spaceId, manager);
      if (member.role === 'admin' && admins.length <= 1)
        throw new Conflict('last-admin', 'community:members.lastAdmin');
      await this.spaces.setRole(actor.spaceId, accountId, role, manager);
      await this.audit.recordAct(
        actor,
        'member.role_changed',
        { type: 'account', id: accountId, label: member.email },
        ip,
        { from: member.role, to: role },
        manager,
      );
    });
  }

  async remove(actor: Actor, accountId: string, ip: string): Promise<void> {
    const member = await this.get(actor.spaceId, accountId);
    await this.leaveOrRemove(actor, member, 'member.removed', ip);
  }

  async leave(actor: Actor, ip: string): Promise<void> {
    const member = await this.get(actor.spaceId, actor.accountId);
    await this.leaveOrRemove(actor, member, 'member.left', ip);
  }

  private async leaveOrRemove(
    actor: Actor,
    member: { accountId: string; email: string; role: Role },
    action: string,
    ip: string,
  ) {
    await this.spaces.transaction(async (manager) => {
      const admins = await this.spaces.lockAdmins(actor.spaceId, manager);
      if (member.role === 'admin' && admins.length <= 1)
        throw new Conflict('last-admin', 'community:members.lastAdmin');
      // Team memberships go with it (foreign key).
      await this.spaces.removeMember(actor.spaceId, member.accountId, manager);
      await this.audit.recordAct(
        actor,
        action,
        { type: 'account', id: member.accountId, label: member.email },
        ip,
        { role: member.role },
        manager,
      );
    });
  }
}
