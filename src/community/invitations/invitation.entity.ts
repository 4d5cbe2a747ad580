import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../../shared/auth/roles';

/** An email invitation with a preset role; valid 14 days, renewable, revocable. */
@Entity('invitations')
export class Invitation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  spaceId: string;

  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  role: Role;

  /** Team joined on acceptance (coordinators invite into their teams). */
  @Column({ type: 'uuid', nullable: true })
  teamId: string | null;

  @Column({ type: 'text', select: false })
  tokenHash: string;

  @Column({ type: 'uuid', nullable: true })
  invitedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  expiresAt: Date;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  lastSentAt: Date;

  @Column({ type: 'integer', default: 1 })
  sendCount: number;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  acceptedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  acceptedBy: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  revokedAt: Date | null;
}
