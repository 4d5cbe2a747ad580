import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { SpaceModule } from '../../shared/auth/modules';
import type { Language } from '../../shared/i18n/languages';

/** The tenant: an association, a campaign, a union section. */
@Entity('spaces')
export class Space {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  slug: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: 'fr' })
  language: Language;

  @Column({ type: 'text', nullable: true })
  contactEmail: string | null;

  @Column({ type: 'text' })
  inviteCode: string;

  @Column({ type: 'text', array: true })
  enabledModules: SpaceModule[];

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
