import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Per space: the last import mapping (suggested next time) and the retention rule. */
@Entity('contact_settings')
export class ContactSettings {
  @PrimaryColumn({ type: 'uuid' })
  spaceId: string;

  /** Normalised header → field. */
  @Column({ type: 'jsonb', nullable: true })
  importMapping: Record<string, string> | null;

  /** Contacts without interaction for this many months are proposed for deletion. */
  @Column({ type: 'integer', nullable: true })
  retentionMonths: number | null;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  updatedAt: Date;
}

/** A hash of an erased person's address or phone, checked by imports. */
@Entity('contact_suppressions')
export class ContactSuppression {
  @PrimaryColumn({ type: 'uuid' })
  spaceId: string;

  @PrimaryColumn({ type: 'text' })
  kind: 'email' | 'phone';

  @PrimaryColumn({ type: 'text' })
  valueHash: string;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt: Date;
}
