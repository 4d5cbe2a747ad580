import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type OutboxStatus = 'outbox' | 'sent' | 'failed';

/**
 * Every mail Terrain sends. Without SMTP the mail stops here (status `outbox`) and support
 * staff read it at /admin/outbox, so a laptop works end to end. With SMTP only the envelope
 * is kept: bodies hold single-use links that nobody else should read.
 */
@Entity('mail_outbox')
export class OutboxEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  toAddress: string;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text', nullable: true })
  textBody: string | null;

  @Column({ type: 'text', nullable: true })
  htmlBody: string | null;

  @Column({ type: 'text' })
  language: string;

  @Column({ type: 'text' })
  template: string;

  @Column({ type: 'text' })
  status: OutboxStatus;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  sentAt: Date | null;
}
