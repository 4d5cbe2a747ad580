import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Channel } from '../contacts/contact.entity';

export const CONSENT_SOURCES = ['field', 'import', 'form', 'manual'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

/** One decision of the ledger: never changed, never deleted (but with its contact). */
@Entity('contact_consents')
export class ContactConsent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'uuid' })
  spaceId: string;

  @Column({ type: 'uuid' })
  contactId: string;

  @Column({ type: 'text' })
  channel: Channel;

  @Column({ type: 'boolean' })
  granted: boolean;

  @Column({ type: 'text' })
  source: ConsentSource;

  @Column({ type: 'text', nullable: true })
  proof: string | null;

  @Column({ type: 'uuid', nullable: true })
  recordedBy: string | null;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  recordedAt: Date;
}
