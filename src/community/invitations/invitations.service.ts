import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { AuditService } from '../../shared/audit/audit.service';
import type { Actor } from '../../shared/auth/request-context';
import type { Role } from '../../shared/auth/roles';
import { Forbidden, NotFound } from '../../shared/errors';
import type { Language } from '../../shared/i18n/languages';
import { MailService } from '../../shared/mail/mail.service';
import { decodeTimeCursor, toPage } from '../../shared/pagination/keyset';
import { hashSecretToken, newSecretToken } from '../accounts/secret-tokens';
import { SpacesRepository } from '../spaces/spaces.repository';
import { TeamsService } from '../teams/teams.service';
import { TeamsRepository } from '../teams/teams.repository';
import { type InvitationView, InvitationsRepository } from './invitations.repository';

const VALIDITY_MS = 14 * 24 * 60 * 60 * 1000;
const PAGE_SIZE = 50;

/** Who may invite with which role: nobody hands out more than they hold (admins excepted). */
export const INVITABLE_ROLES: Record<Role, readonly Role[]> = {
  admin: ['admin', 'supervisor', 'coordinator', 'member'],
  supervisor: ['supervisor', 'coordinator', 'member'],
  coordinator: ['member'],
  member: [],
};

export type InvitationStatus = 'open' | 'expired' | 'revoked' | 'accepted';

export function statusOf(invitation: {
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}): InvitationStatus {
  if (invitation.acceptedAt) return 'accepted';
  if (invitation.revokedAt) return 'revoked';
  return new Date(invitation.expiresAt).getTime() < Date.now() ? 'expired' : 'open';
}

export interface InvitationBatch {
  emails: string[];
  role: Role;
  teamId: string | null;
}

export interface BatchResult {
  invited: string[];
  renewed: string[];
  alreadyMembers: string[];
}

@Injectable()
export class InvitationsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly invitations: InvitationsRepository,
    private readonly spaces: SpacesRepository,
    private readonly teams: TeamsService,
    private readonly teamsRepository: TeamsRepository,
    private readonly mail: MailService,
    private readonly audit: AuditService,
  ) {}

  /** Checks the role and team an actor may invite with (403 beyond their rights, 404 for a team not theirs). */
  async checkBatch(actor: Actor, role: Role, teamId: string | null) {
    if (!INVITABLE_ROLES[actor.role].includes(role)) throw new Forbidden('invite-role');
    if (teamId) await this.teams.requireTeam(actor, teamId);
  }

  async send(actor: Actor, batch: InvitationBatch, ip: string): Promise<BatchResult> {
    await this.checkBatch(actor, batch.role, batch.teamId);
    const space = await this.spaces.findById(actor.spaceId);
    const result: BatchResult = { invited: [], renewed: [], alreadyMembers: [] };
    for (const email of batch.emails) {
      if (await this.spaces.isMemberByEmail(actor.spaceId, email)) {
        result.alreadyMembers.push(email);
        continue;
      }
      const { token, hash } = newSecretToken();
      const expiresAt = new Date(Date.now() + VALIDITY_MS);
      const open = await this.invitations.findOpenFor(actor.spaceId, email);
      if (open) {
        await this.invitations.renew(actor.spaceId, open.id, {
          tokenHash: hash,
          expiresAt,
          invitedBy: actor.accountId,
          role: batch.role,
          teamId: batch.teamId,
        });
        result.renewed.push(email);
      } else {
        await this.invitations.create({
          spaceId: actor.spaceId,
          email,
          role: batch.role,
          teamId: batch.teamId,
          tokenHash: hash,
          invitedBy: actor.accountId,
          expiresAt,
        });
        result.invited.push(email);
      }
      await this.mailInvitation(email, token, space!.name, actor.name, space!.language);
    }
    if (result.invited.length + result.renewed.length > 0) {
      await this.audit.recordAct(actor, 'invitation.sent', { type: 'space', id: actor.spaceId }, ip, {
        count: result.invited.length + result.renewed.length,
        role: batch.role,
        emails: [...result.invited, ...result.renewed],
      });
    }
    return result;
  }

  async list(actor: Actor, after: unknown) {
    const rows = await this.invitations.page(
      actor.spaceId,
      actor.role === 'coordinator' ? actor.accountId : null,
      decodeTimeCursor(after),
      PAGE_SIZE,
    );
    const page = toPage(rows, PAGE_SIZE, (row) => [new Date(row.createdAt).toISOString(), row.id]);
    return { ...page, items: page.items.map((row) => ({ ...row, status: statusOf(row) })) };
  }

  /**
   * The invitation, if the actor may act on it: coordinators their own only (404 for the
   * others, like a missing one), and nobody on a role beyond what they may hand out (403).
   */
  private async require(actor: Actor, id: string) {
    const invitation = await this.invitations.find(actor.spaceId, id);
    if (!invitation || (actor.role === 'coordinator' && invitation.invitedBy !== actor.accountId)) {
      throw new NotFound('invitation');
    }
    if (!INVITABLE_ROLES[actor.role].includes(invitation.role)) throw new Forbidden('invite-role');
    return invitation;
  }

  async resend(actor: Actor, id: string, ip: string) {
    const invitation = await this.require(actor, id);
    const status = statusOf(invitation);
    if (status === 'accepted' || status === 'revoked') throw new NotFound('invitation');
    const { token, hash } = newSecretToken();
    await this.invitations.renew(actor.spaceId, id, {
      tokenHash: hash,
      expiresAt: new Date(Date.now() + VALIDITY_MS),
      invitedBy: actor.accountId,
    });
    const space = await this.spaces.findById(actor.spaceId);
    await this.mailInvitation(invitation.email, token, space!.name, actor.name, space!.language);
    await this.record(actor, 'invitation.resent', invitation.id, invitation.email, ip);
  }

  async revoke(actor: Actor, id: string, ip: string) {
    const invitation = await this.require(actor, id);
    if (statusOf(invitation) === 'accepted') throw new NotFound('invitation');
    await this.invitations.revoke(actor.spaceId, id);
    await this.record(actor, 'invitation.revoked', invitation.id, invitation.email, ip);
  }

  /** The invitation behind a link, whatever its state (the page says which). */
  async lookup(token: string): Promise<(InvitationView & { status: InvitationStatus }) | null> {
    const invitation = await this.invitations.findByTokenHash(hashSecretToken(token));
    return invitation ? { ...invitation, status: statusOf(invitation) } : null;
  }

  /**
   * Joins the space with the invitation's role (someone already a member keeps their
   * role) and its team. Returns the space's slug, or null when the link is no longer open.
   */
  async accept(account: { id: string; email: string }, token: string, ip: string): Promise<string | null> {
    const invitation = await this.lookup(token);
    if (!invitation || invitation.status !== 'open') return null;
    await this.invitations.transaction(async (manager) => {
      const existing = await this.spaces.findMembership(invitation.spaceId, account.id, manager);
      if (!existing)
        await this.spaces.addMember(invitation.spaceId, account.id, invitation.role, 'invitation', manager);
      if (invitation.teamId)
        await this.teamsRepository.addMember(invitation.spaceId, invitation.teamId, account.id, manager);
      await this.invitations.markAccepted(invitation.spaceId, invitation.id, account.id, manager);
      await this.audit.record(
        {
          spaceId: invitation.spaceId,
          actor: { id: account.id, label: account.email },
          action: 'member.joined',
          target: { type: 'account', id: account.id, label: account.email },
          details: { via: 'invitation', role: existing?.role ?? invitation.role, invitation: invitation.id },
          ip,
        },
        manager,
      );
    });
    return invitation.spaceSlug;
  }

  private mailInvitation(email: string, token: string, spaceName: string, inviterName: string, language: Language) {
    return this.mail.send({
      to: email,
      language,
      template: 'link',
      subjectKey: 'community:mail.invitation.subject',
      values: {
        name: email,
        url: `${this.config.baseUrl}/invitations/${token}`,
        bodyKey: 'community:mail.invitation.body',
        bodyValues: { space: spaceName, inviter: inviterName },
        actionKey: 'community:mail.invitation.action',
        spaceName,
      },
    });
  }

  private record(actor: Actor, action: string, id: string, email: string, ip: string) {
    return this.audit.recordAct(actor, action, { type: 'invitation', id, label: email }, ip);
  }
}
