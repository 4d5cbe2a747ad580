import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** Two contacts someone said are different people: never proposed together again. */
@Entity('contact_not_duplicates')
export class NotDuplicate {
  @PrimaryColumn({ type: 'uuid' })
  spaceId: string;

  @PrimaryColumn({ type: 'uuid' })
  contactA: string;

  @PrimaryColumn({ type: 'uuid' })
  contactB: string;

  @Column({ type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  decidedAt: Date;
}

/** A merge and what it changed, kept 30 days for an undo. */
@Entity('contact_merges')
export class ContactMerge {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  spaceId: string;

  @Column({ type: 'uuid' })
  masterId: string;

  @Column({ type: 'uuid', array: true })
  mergedIds: string[];

  @Column({ type: 'jsonb' })
  snapshot: Record<string, unknown>;

  @Column({ type: 'uuid', nullable: true })
  mergedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  undoneAt: Date | null;
}
