import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Sign-in attempts of the last day, for throttling. `emailKey` is a hash of the typed
 * address, so attempts on addresses without an account are throttled exactly the same.
 */
@Entity('sign_in_attempts')
export class SignInAttempt {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'text' })
  emailKey: string;

  @Column({ type: 'uuid', nullable: true })
  accountId: string | null;

  @Column({ type: 'text' })
  ip: string;

  /** Came from a browser where this account signed in successfully before. */
  @Column({ type: 'boolean' })
  trustedDevice: boolean;

  @Column({ type: 'boolean' })
  succeeded: boolean;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
