import { Injectable } from '@nestjs/common';
import { AuditService } from '../../shared/audit/audit.service';
import type { Language } from '../../shared/i18n/languages';
import { SpacesService } from '../spaces/spaces.service';
import type { Account } from './account.entity';
import { AccountMails } from './account-mails';
import { AccountsRepository } from './accounts.repository';
import { EmailVerificationService } from './email-verification.service';
import { hashPassword } from './password-hasher';
import { normaliseEmail } from './secret-tokens';

export interface SignUpInput {
  name: string;
  email: string;
  password: string;
  language: Language;
}

export type SignUpResult =
  /** Verified at once (the instance's first account, or an invited address): signed in. */
  | { kind: 'owner' | 'invited'; account: Account }
  /** Check your inbox (also said when the address already has an account). */
  | { kind: 'checkMail'; email: string };

@Injectable()
export class SignUpService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly verification: EmailVerificationService,
    private readonly mails: AccountMails,
    private readonly spaces: SpacesService,
    private readonly audit: AuditService,
  ) {}

  async isFirstRun(): Promise<boolean> {
    return !(await this.accounts.anyAccount());
  }

  /**
   * Creates the account and mails the confirmation link. An address that already has an
   * account gets a mail saying so (with a way to reset the password) and the page says
   * the same as for a new one: the form does not reveal who has an account.
   */
  async signUp(input: SignUpInput, inviteCode: string | null, ip: string): Promise<SignUpResult> {
    const email = normaliseEmail(input.email);
    const existing = await this.accounts.findByEmail(email);
    if (existing?.emailVerifiedAt) {
      await this.mails.alreadyRegistered(existing);
      return { kind: 'checkMail', email };
    }
    if (existing) {
      // Nobody has proved they own this address yet: the latest sign-up replaces the
      // pending one (name, password, spaces joined by code), so that someone who signed up
      // first with another person's address cannot walk into the account it confirms.
      await this.accounts.replacePending(existing.id, {
        name: input.name,
        passwordHash: await hashPassword(input.password),
        language: input.language,
      });
      if (inviteCode) await this.spaces.joinWithCode(existing, inviteCode, ip);
      await this.verification.send({ ...existing, name: input.name, language: input.language });
      return { kind: 'checkMail', email };
    }
    const account = await this.accounts.create({
      email,
      name: input.name,
      passwordHash: await hashPassword(input.password),
      language: input.language,
      emailVerifiedAt: null,
    });
    await this.audit.record({
      spaceId: null,
      actor: { id: account.id, label: account.email },
      action: account.platformRole === 'owner' ? 'account.created_owner' : 'account.created',
      target: { type: 'account', id: account.id, label: account.email },
      ip,
    });
    if (inviteCode) await this.spaces.joinWithCode(account, inviteCode, ip);
    if (account.platformRole === 'owner') return { kind: 'owner', account };
    await this.verification.send(account);
    return { kind: 'checkMail', email };
  }

  /**
   * Signing up from an invitation link: the link was mailed to that address, which is
   * therefore confirmed when the person keeps it.
   */
  async signUpInvited(input: SignUpInput, invitedEmail: string, ip: string): Promise<SignUpResult> {
    if (normaliseEmail(input.email) !== invitedEmail) return this.signUp(input, null, ip);
    const existing = await this.accounts.findByEmail(invitedEmail);
    if (existing) return this.signUp(input, null, ip);
    const account = await this.accounts.create({
      email: invitedEmail,
      name: input.name,
      passwordHash: await hashPassword(input.password),
      language: input.language,
      emailVerifiedAt: new Date(),
    });
    await this.audit.record({
      spaceId: null,
      actor: { id: account.id, label: account.email },
      action: 'account.created',
      target: { type: 'account', id: account.id, label: account.email },
      details: { via: 'invitation' },
      ip,
    });
    return { kind: 'invited', account };
  }
}
