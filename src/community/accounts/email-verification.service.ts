import { Injectable } from '@nestjs/common';
import type { Account } from './account.entity';
import { AccountMails } from './account-mails';
import { AccountsRepository } from './accounts.repository';
import { hashSecretToken, newSecretToken, normaliseEmail } from './secret-tokens';

const VALIDITY_MS = 48 * 60 * 60 * 1000;

/** Sign-in waits for the address to be confirmed through a single-use link (48 h). */
@Injectable()
export class EmailVerificationService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly mails: AccountMails,
  ) {}

  /** Sends a new link; the previous ones stop working. */
  async send(account: Account): Promise<void> {
    const { token, hash } = newSecretToken();
    await this.accounts.useTokens(account.id, 'verify_email');
    await this.accounts.createToken(account.id, 'verify_email', hash, new Date(Date.now() + VALIDITY_MS));
    await this.mails.verification(account, token);
  }

  /** True when the token was valid: the account is now verified. */
  async confirm(token: string): Promise<Account | null> {
    const found = await this.accounts.findUsableToken(hashSecretToken(token), 'verify_email');
    if (!found) return null;
    await this.accounts.useTokens(found.accountId, 'verify_email');
    await this.accounts.update(found.accountId, { emailVerifiedAt: new Date() });
    return this.accounts.findById(found.accountId);
  }

  /** Same answer whatever the address: whether an account exists is nobody's business. */
  async resend(email: string): Promise<void> {
    const account = await this.accounts.findByEmail(normaliseEmail(email));
    if (account && !account.emailVerifiedAt) await this.send(account);
  }

  /** Support staff resending for someone who lost the mail. */
  async resendFor(accountId: string): Promise<Account | null> {
    const account = await this.accounts.findById(accountId);
    if (!account || account.emailVerifiedAt) return null;
    await this.send(account);
    return account;
  }
}
