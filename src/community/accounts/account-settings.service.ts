import { Injectable } from '@nestjs/common';
import { AuditService } from '../../shared/audit/audit.service';
import type { Language } from '../../shared/i18n/languages';
import { AccountMails } from './account-mails';
import { AccountsRepository } from './accounts.repository';
import { hashPassword, verifyPassword } from './password-hasher';
import { hashSecretToken, newSecretToken, normaliseEmail } from './secret-tokens';

const EMAIL_CHANGE_VALIDITY_MS = 48 * 60 * 60 * 1000;

export type EmailChangeRequest = { kind: 'sent'; email: string } | { kind: 'wrongPassword' } | { kind: 'same' };

/** The account page: profile, password, address, sessions. */
@Injectable()
export class AccountSettingsService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly mails: AccountMails,
    private readonly audit: AuditService,
  ) {}

  async updateProfile(accountId: string, profile: { name: string; language: Language }) {
    await this.accounts.update(accountId, profile);
  }

  async checkPassword(accountId: string, password: string): Promise<boolean> {
    const account = await this.accounts.findWithPassword({ id: accountId });
    return !!account && (await verifyPassword(account.passwordHash, password));
  }

  /** Changes the password; other sessions are closed when asked (the current one stays). */
  async changePassword(
    accountId: string,
    newPassword: string,
    signOutOthers: boolean,
    currentSessionId: string,
    ip: string,
  ) {
    const passwordHash = await hashPassword(newPassword);
    await this.accounts.transaction(async (manager) => {
      await this.accounts.updatePassword(accountId, passwordHash, manager);
      // A reset link asked for before the change must not undo it.
      await this.accounts.useTokens(accountId, 'reset_password', manager);
      if (signOutOthers) await this.accounts.deleteSessionsOf(accountId, currentSessionId, manager);
    });
    const account = await this.accounts.findById(accountId);
    await this.audit.record({
      spaceId: null,
      actor: { id: accountId, label: account?.email ?? '' },
      action: 'account.password_changed',
      target: { type: 'account', id: accountId },
      details: { signOutOthers },
      ip,
    });
  }

  async signOutOthers(accountId: string, currentSessionId: string) {
    await this.accounts.deleteSessionsOf(accountId, currentSessionId);
  }

  /**
   * Asks to move the account to another address: only with the password typed again, and
   * effective once the new address confirms (the old one is told).
   */
  async requestEmailChange(accountId: string, newEmail: string, password: string): Promise<EmailChangeRequest> {
    const account = await this.accounts.findWithPassword({ id: accountId });
    if (!account || !(await verifyPassword(account.passwordHash, password))) return { kind: 'wrongPassword' };
    const email = normaliseEmail(newEmail);
    if (email === account.email) return { kind: 'same' };
    const { token, hash } = newSecretToken();
    await this.accounts.useTokens(accountId, 'change_email');
    await this.accounts.createToken(
      accountId,
      'change_email',
      hash,
      new Date(Date.now() + EMAIL_CHANGE_VALIDITY_MS),
      email,
    );
    await this.mails.emailChange({ email, name: account.name, language: account.language }, token);
    await this.mails.emailChangeNotice(account, email);
    return { kind: 'sent', email };
  }

  /** The pending address behind a link, while it is usable. */
  async pendingEmail(token: string): Promise<string | null> {
    const found = await this.accounts.findUsableToken(hashSecretToken(token), 'change_email');
    return found?.newEmail ?? null;
  }

  async confirmEmailChange(token: string, ip: string): Promise<boolean> {
    const found = await this.accounts.findUsableToken(hashSecretToken(token), 'change_email');
    if (!found?.newEmail || (await this.accounts.findByEmail(found.newEmail))) return false;
    const before = await this.accounts.findById(found.accountId);
    await this.accounts.useTokens(found.accountId, 'change_email');
    // Reset links went to the old address: they stop working with it.
    await this.accounts.useTokens(found.accountId, 'reset_password');
    await this.accounts.update(found.accountId, { email: found.newEmail, emailVerifiedAt: new Date() });
    await this.audit.record({
      spaceId: null,
      actor: { id: found.accountId, label: found.newEmail },
      action: 'account.email_changed',
      target: { type: 'account', id: found.accountId },
      details: { from: before?.email, to: found.newEmail },
      ip,
    });
    return true;
  }
}
