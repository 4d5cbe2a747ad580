import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const GENDERS = ['female', 'male', 'other', 'unknown'] as const;
export type Gender = (typeof GENDERS)[number];
export const ORIGINS = ['field', 'import', 'form', 'manual'] as const;
export type Origin = (typeof ORIGINS)[number];
export const CHANNELS = ['email', 'sms', 'phone', 'post'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * A person met or to meet. `sort_name`, `first_key` and `search_text` are computed by
 * Postgres (generated columns, see the migration) and not mapped here.
 */
@Entity('contacts')
export class Contact {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  spaceId: string;

  @Column({ type: 'text', nullable: true })
  firstName: string | null;

  @Column({ type: 'text', nullable: true })
  lastName: string | null;

  @Column({ type: 'text', default: 'unknown' })
  gender: Gender;

  @Column({ type: 'date', nullable: true })
  birthDate: string | null;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  /** E.164 (+33612345678); the form typed is in phoneRaw. */
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ type: 'text', nullable: true })
  phoneRaw: string | null;

  @Column({ type: 'text', nullable: true })
  streetNumber: string | null;

  @Column({ type: 'text', nullable: true })
  street: string | null;

  @Column({ type: 'text', nullable: true })
  postcode: string | null;

  @Column({ type: 'text', nullable: true })
  city: string | null;

  @Column({ type: 'text', nullable: true })
  inseeCode: string | null;

  @Column({ type: 'double precision', nullable: true })
  latitude: number | null;

  @Column({ type: 'double precision', nullable: true })
  longitude: number | null;

  @Column({ type: 'uuid', nullable: true })
  supportLevelId: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: string[];

  @Column({ type: 'text' })
  origin: Origin;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  // The latest decision of the consent ledger, per channel (null: never asked).
  @Column({ type: 'boolean', nullable: true })
  consentEmail: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  consentSms: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  consentPhone: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  consentPost: boolean | null;

  /** "Ne plus contacter": every consent revoked, out of every list and message. */
  @Column({ type: 'boolean', default: false })
  doNotContact: boolean;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lastInteractionAt: Date | null;

  /** Set when merged into another contact: hidden, kept 30 days for an undo. */
  @Column({ type: 'uuid', nullable: true })
  mergedInto: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  erasedAt: Date | null;
}
