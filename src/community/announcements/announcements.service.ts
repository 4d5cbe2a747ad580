import { Injectable } from '@nestjs/common';
import { AuditService } from '../../shared/audit/audit.service';
import { can } from '../../shared/auth/permissions';
import type { Actor } from '../../shared/auth/request-context';
import { NotFound } from '../../shared/errors';
import { TeamsRepository } from '../teams/teams.repository';
import { AnnouncementsRepository } from './announcements.repository';

export const ANNOUNCEMENTS_SHOWN = 30;

/** Posted by admins and supervisors, to everyone or to some teams; read receipts give the unread count. */
@Injectable()
export class AnnouncementsService {
  constructor(
    private readonly announcements: AnnouncementsRepository,
    private readonly teams: TeamsRepository,
    private readonly audit: AuditService,
  ) {}

  async publish(actor: Actor, input: { title: string; body: string; pinned: boolean; teamIds: string[] }, ip: string) {
    for (const teamId of input.teamIds) {
      if (!(await this.teams.find(actor.spaceId, teamId))) throw new NotFound('team');
    }
    const announcement = await this.announcements.create(
      { spaceId: actor.spaceId, title: input.title, body: input.body, pinned: input.pinned, authorId: actor.accountId },
      input.teamIds,
    );
    await this.record(actor, 'announcement.published', announcement.id, announcement.title, ip);
    return announcement;
  }

  /** What a person sees: publishers see everything, others what is aimed at them. */
  list(actor: Actor) {
    return this.announcements.list(
      actor.spaceId,
      actor.accountId,
      !can(actor.role, 'announcements.publish'),
      ANNOUNCEMENTS_SHOWN,
    );
  }

  unreadCount(actor: Actor) {
    return this.announcements.unreadCount(actor.spaceId, actor.accountId);
  }

  async markRead(actor: Actor, ids: string[]) {
    const visible = [];
    for (const id of ids) if (await this.announcements.isVisible(actor.spaceId, actor.accountId, id)) visible.push(id);
    await this.announcements.markRead(actor.spaceId, actor.accountId, visible);
  }

  async setPinned(actor: Actor, id: string, pinned: boolean, ip: string) {
    const announcement = await this.require(actor, id);
    await this.announcements.setPinned(actor.spaceId, id, pinned);
    await this.record(actor, pinned ? 'announcement.pinned' : 'announcement.unpinned', id, announcement.title, ip);
  }

  async delete(actor: Actor, id: string, ip: string) {
    const announcement = await this.require(actor, id);
    await this.announcements.delete(actor.spaceId, id);
    await this.record(actor, 'announcement.deleted', id, announcement.title, ip);
  }

  private async require(actor: Actor, id: string) {
    const announcement = await this.announcements.find(actor.spaceId, id);
    if (!announcement) throw new NotFound('announcement');
    return announcement;
  }

  private record(actor: Actor, action: string, id: string, title: string, ip: string) {
    return this.audit.recordAct(actor, action, { type: 'announcement', id, label: title }, ip);
  }
}
