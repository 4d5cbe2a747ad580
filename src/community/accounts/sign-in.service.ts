import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../shared/audit/audit.service';
import type { Account } from './account.entity';
import { AccountsRepository } from './accounts.repository';
import { verifyDecoy, verifyPassword } from './password-hasher';
import { normaliseEmail } from './secret-tokens';
import { SignInAttemptsRepository } from './sign-in-attempts.repository';
import { waitBeforeAttempt } from './sign-in-throttle';

export type SignInResult =
  | { kind: 'signedIn'; account: Account }
  | { kind: 'failed' }
  | { kind: 'throttled'; minutes: number }
  | { kind: 'unverified'; email: string };

export interface SignInRequest {
  email: string;
  password: string;
  ip: string;
  /** The account whose device cookie this browser carries, if any. */
  deviceAccountId: string | null;
}

@Injectable()
export class SignInService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly attempts: SignInAttemptsRepository,
    private readonly audit: AuditService,
  ) {}

  async signIn(request: SignInRequest): Promise<SignInResult> {
    const email = normaliseEmail(request.email);
    const emailKey = createHash('sha256').update(email).digest('hex');
    const account = await this.accounts.findWithPassword({ email });
    const trustedDevice = !!account && request.deviceAccountId === account.id;
    const subject = { emailKey, ip: request.ip, trustedDevice };

    const wait = waitBeforeAttempt(subject, await this.attempts.recent(emailKey, request.ip));
    if (wait > 0) return { kind: 'throttled', minutes: Math.ceil(wait / 60_000) };

    // An unknown address costs the same time as a wrong password and answers the same.
    const valid = account
      ? await verifyPassword(account.passwordHash, request.password)
      : await verifyDecoy(request.password);
    await this.attempts.record({ ...subject, accountId: account?.id ?? null, succeeded: valid });
    if (Math.random() < 0.01) await this.attempts.prune();

    if (!account || !valid) {
      await this.audit.record({
        spaceId: null,
        actor: account ? { id: account.id, label: account.email } : null,
        action: 'account.sign_in_failed',
        target: { type: 'account', id: account?.id ?? '-', label: email },
        ip: request.ip,
      });
      return { kind: 'failed' };
    }
    // Only someone who knows the password learns that the address is not confirmed yet.
    if (!account.emailVerifiedAt) return { kind: 'unverified', email };

    await this.accounts.update(account.id, { lastSignInAt: new Date() });
    await this.audit.record({
      spaceId: null,
      actor: { id: account.id, label: account.email },
      action: 'account.signed_in',
      target: { type: 'account', id: account.id, label: account.email },
      ip: request.ip,
    });
    return { kind: 'signedIn', account };
  }
}
