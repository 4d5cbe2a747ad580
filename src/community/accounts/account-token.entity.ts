import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type TokenPurpose = 'verify_email' | 'reset_password' | 'change_email';

/** A single-use secret sent by mail. Only its SHA-256 is stored. */
@Entity('account_tokens')
export class AccountToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  accountId: string;

  @Column({ type: 'text' })
  purpose: TokenPurpose;

  @Column({ type: 'text' })
  tokenHash: string;

  /** For an email change: the address being confirmed. */
  @Column({ type: 'text', nullable: true })
  newEmail: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  expiresAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  usedAt: Date | null;
}
