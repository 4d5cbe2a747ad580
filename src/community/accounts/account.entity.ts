import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { PlatformRole } from '../../shared/auth/roles';
import type { Language } from '../../shared/i18n/languages';

/** One person: an email and a password, several spaces. */
@Entity('accounts')
export class Account {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Always lower case (the unique index relies on it). */
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', select: false })
  passwordHash: string;

  @Column({ type: 'text', default: 'fr' })
  language: Language;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  emailVerifiedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  platformRole: PlatformRole | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lastSignInAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
