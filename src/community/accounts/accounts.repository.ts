import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, IsNull, MoreThan, Not, type Repository } from 'typeorm';
import type { Language } from '../../shared/i18n/languages';
import { AccountToken, type TokenPurpose } from './account-token.entity';
import { Account } from './account.entity';

export interface NewAccount {
  email: string;
  name: string;
  passwordHash: string;
  language: Language;
  emailVerifiedAt: Date | null;
}

/** Accounts and their mailed tokens. Accounts belong to no space. */
@Injectable()
export class AccountsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Account) private readonly accounts: Repository<Account>,
    @InjectRepository(AccountToken) private readonly tokens: Repository<AccountToken>,
  ) {}

  findById(id: string): Promise<Account | null> {
    return this.accounts.findOneBy({ id });
  }

  async anyAccount(): Promise<boolean> {
    const rows = await this.accounts.query('SELECT 1 FROM accounts LIMIT 1');
    return rows.length > 0;
  }

  async namesOf(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await this.dataSource.query(
      'SELECT id, name FROM accounts WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  findByEmail(email: string): Promise<Account | null> {
    return this.accounts.findOneBy({ email });
  }

  /** With the password hash, which is never loaded otherwise. */
  findWithPassword(by: { email: string } | { id: string }): Promise<Account | null> {
    return this.accounts
      .createQueryBuilder('account')
      .addSelect('account.passwordHash')
      .where('email' in by ? 'account.email = :email' : 'account.id = :id', by)
      .getOne();
  }

  /**
   * Creates an account; the very first one of the instance becomes its owner (support
   * staff) and needs no mail to be verified. The lock makes two simultaneous first
   * sign-ups impossible.
   */
  async create(account: NewAccount): Promise<Account> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(7460221814)');
      const [{ exists }] = await manager.query('SELECT EXISTS (SELECT 1 FROM accounts) AS exists');
      const first = !exists;
      const row = manager.getRepository(Account).create({
        ...account,
        platformRole: first ? 'owner' : null,
        emailVerifiedAt: first ? new Date() : account.emailVerifiedAt,
      });
      return manager.getRepository(Account).save(row);
    });
  }

  async update(
    id: string,
    changes: Partial<
      Pick<Account, 'name' | 'language' | 'email' | 'emailVerifiedAt' | 'lastSignInAt' | 'platformRole'>
    >,
  ) {
    await this.accounts.update({ id }, changes);
  }

  /** A new sign-up on an unconfirmed address: new name and password, no space joined. */
  async replacePending(id: string, changes: Pick<Account, 'name' | 'passwordHash' | 'language'>): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(Account).update({ id, emailVerifiedAt: IsNull() }, changes);
      await manager.query(
        '/* cross-space: an unconfirmed account leaves the spaces it joined by code */ DELETE FROM memberships WHERE account_id = $1',
        [id],
      );
    });
  }

  async updatePassword(id: string, passwordHash: string, manager?: EntityManager) {
    await (manager ?? this.dataSource.manager).getRepository(Account).update({ id }, { passwordHash });
  }

  async createToken(
    accountId: string,
    purpose: TokenPurpose,
    tokenHash: string,
    expiresAt: Date,
    newEmail: string | null = null,
  ): Promise<void> {
    await this.tokens.insert({ accountId, purpose, tokenHash, expiresAt, newEmail });
  }

  /** An unused, unexpired token of that purpose. */
  findUsableToken(tokenHash: string, purpose: TokenPurpose): Promise<AccountToken | null> {
    return this.tokens.findOneBy({ tokenHash, purpose, usedAt: IsNull(), expiresAt: MoreThan(new Date()) });
  }

  /** Marks every open token of that purpose used: a new link voids the previous ones. */
  async useTokens(accountId: string, purpose: TokenPurpose, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager)
      .getRepository(AccountToken)
      .update({ accountId, purpose, usedAt: IsNull() }, { usedAt: new Date() });
  }

  /** Ends every session of an account, but the one given (the current browser). */
  async deleteSessionsOf(accountId: string, keepSessionId?: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).query(
      `DELETE FROM session WHERE (sess -> 'passport' ->> 'user') = $1 AND sid <> $2`,
      [accountId, keepSessionId ?? ''],
    );
  }

  listStaff(): Promise<Account[]> {
    return this.accounts.find({ where: { platformRole: Not(IsNull()) }, order: { createdAt: 'ASC' } });
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
