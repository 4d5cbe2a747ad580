import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One line of the audit log: who did what, to what, where, when, from which address. */
@Entity('audit_log')
export class AuditEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  /** Null for platform events (signing in) that belong to no space. */
  @Column({ type: 'uuid', nullable: true })
  spaceId: string | null;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  /** The actor's email when it happened: the account may change or disappear. */
  @Column({ type: 'text', nullable: true })
  actorLabel: string | null;

  @Column({ type: 'boolean', default: false })
  bySupport: boolean;

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text', nullable: true })
  targetType: string | null;

  @Column({ type: 'text', nullable: true })
  targetId: string | null;

  @Column({ type: 'text', nullable: true })
  targetLabel: string | null;

  @Column({ type: 'jsonb', nullable: true })
  details: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  ip: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
