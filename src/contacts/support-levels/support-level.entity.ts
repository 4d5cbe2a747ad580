import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const SUPPORT_CATEGORIES = ['opposed', 'undecided', 'supporter', 'volunteer'] as const;
export type SupportCategory = (typeof SUPPORT_CATEGORIES)[number];

/** One step of a space's support scale ("Sympathisant", green, supporter). */
@Entity('support_levels')
export class SupportLevel {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  spaceId: string;

  @Column({ type: 'text' })
  label: string;

  @Column({ type: 'text' })
  colour: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  category: SupportCategory;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
