import { Injectable } from '@nestjs/common';
import { AuditService } from '../shared/audit/audit.service';
import type { EventMap } from '../shared/events/event-map';
import { Listen } from '../shared/events/events';
import { Forbidden, NotFound } from '../shared/errors';
import { AccountsRepository } from './accounts/accounts.repository';
import { EmailVerificationService } from './accounts/email-verification.service';
import { SpacesService } from './spaces/spaces.service';

/** What support staff ask of community, from the admin module. */
@Injectable()
export class CommunityListeners {
  constructor(
    private readonly spaces: SpacesService,
    private readonly verification: EmailVerificationService,
    private readonly accounts: AccountsRepository,
    private readonly audit: AuditService,
  ) {}

  @Listen('support.modules_set')
  async modulesSet(event: EventMap['support.modules_set']) {
    await this.spaces.get(event.spaceId);
    await this.spaces.setModules(event.spaceId, event.modules, { ...event.staff, bySupport: true }, event.ip);
  }

  @Listen('support.verification_resend')
  async verificationResend(event: EventMap['support.verification_resend']) {
    const account = await this.verification.resendFor(event.accountId);
    if (!account) throw new NotFound('unverified-account');
    await this.audit.record({
      spaceId: null,
      actor: event.staff,
      bySupport: true,
      action: 'support.verification_resent',
      target: { type: 'account', id: account.id, label: account.email },
      ip: event.ip,
    });
  }

  @Listen('support.staff_set')
  async staffSet(event: EventMap['support.staff_set']) {
    const account = await this.accounts.findById(event.accountId);
    if (!account || !account.emailVerifiedAt) throw new NotFound('account');
    // The owner stays the owner.
    if (account.platformRole === 'owner') throw new Forbidden('owner');
    await this.accounts.update(account.id, { platformRole: event.staff ? 'staff' : null });
    await this.audit.record({
      spaceId: null,
      actor: event.by,
      bySupport: true,
      action: event.staff ? 'support.staff_named' : 'support.staff_removed',
      target: { type: 'account', id: account.id, label: account.email },
      ip: event.ip,
    });
  }
}
