import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An entry of a contact's timeline written by the contacts module itself. */
@Entity('contact_events')
export class ContactEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'uuid' })
  spaceId: string;

  @Column({ type: 'uuid' })
  contactId: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  details: Record<string, unknown> | null;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  at: Date;
}
