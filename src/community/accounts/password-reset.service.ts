import { Injectable } from '@nestjs/common';
import { AuditService } from '../../shared/audit/audit.service';
import { AccountMails } from './account-mails';
import { AccountsRepository } from './accounts.repository';
import { hashPassword } from './password-hasher';
import { hashSecretToken, newSecretToken, normaliseEmail } from './secret-tokens';

const VALIDITY_MS = 60 * 60 * 1000;

/** Forgotten passwords: a single-use link valid one hour; never says whether an address has an account. */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly mails: AccountMails,
    private readonly audit: AuditService,
  ) {}

  async request(email: string): Promise<void> {
    const account = await this.accounts.findByEmail(normaliseEmail(email));
    if (!account) return;
    const { token, hash } = newSecretToken();
    await this.accounts.useTokens(account.id, 'reset_password');
    await this.accounts.createToken(account.id, 'reset_password', hash, new Date(Date.now() + VALIDITY_MS));
    await this.mails.passwordReset(account, token);
  }

  /** The account the link is for, while it is usable. */
  async accountFor(token: string) {
    const found = await this.accounts.findUsableToken(hashSecretToken(token), 'reset_password');
    return found ? this.accounts.findById(found.accountId) : null;
  }

  /**
   * Sets the new password, uses up the link, confirms the address (the link proved it)
   * and closes every session: whoever knew the old password is out.
   */
  async reset(token: string, password: string, ip: string): Promise<boolean> {
    const found = await this.accounts.findUsableToken(hashSecretToken(token), 'reset_password');
    if (!found) return false;
    const passwordHash = await hashPassword(password);
    const account = await this.accounts.transaction(async (manager) => {
      await this.accounts.updatePassword(found.accountId, passwordHash, manager);
      await this.accounts.useTokens(found.accountId, 'reset_password', manager);
      await this.accounts.deleteSessionsOf(found.accountId, undefined, manager);
      return found.accountId;
    });
    const current = await this.accounts.findById(account);
    if (current && !current.emailVerifiedAt) await this.accounts.update(account, { emailVerifiedAt: new Date() });
    await this.audit.record({
      spaceId: null,
      actor: { id: account, label: current?.email ?? '' },
      action: 'account.password_reset',
      target: { type: 'account', id: account, label: current?.email },
      ip,
    });
    return true;
  }
}
