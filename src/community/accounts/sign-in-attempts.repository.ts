import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, MoreThan, type Repository } from 'typeorm';
import { SignInAttempt } from './sign-in-attempt.entity';
import type { AttemptRecord } from './sign-in-throttle';

const HOUR_MS = 60 * 60 * 1000;
const KEEP_MS = 24 * HOUR_MS;

@Injectable()
export class SignInAttemptsRepository {
  constructor(@InjectRepository(SignInAttempt) private readonly attempts: Repository<SignInAttempt>) {}

  /** The last hour's attempts on this address or from this IP: all the throttle needs. */
  recent(emailKey: string, ip: string): Promise<AttemptRecord[]> {
    const since = new Date(Date.now() - HOUR_MS);
    return this.attempts.find({
      select: { emailKey: true, ip: true, trustedDevice: true, succeeded: true, createdAt: true },
      where: [
        { emailKey, createdAt: MoreThan(since) },
        { ip, createdAt: MoreThan(since) },
      ],
    });
  }

  async record(attempt: Omit<AttemptRecord, 'createdAt'> & { accountId: string | null }): Promise<void> {
    await this.attempts.insert(attempt);
  }

  /** Attempts older than a day serve no rule any more. */
  async prune(): Promise<void> {
    await this.attempts.delete({ createdAt: LessThan(new Date(Date.now() - KEEP_MS)) });
  }
}
