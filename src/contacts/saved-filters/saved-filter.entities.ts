import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A "liste dynamique": a named filter of the contacts list, private or shared. */
@Entity('contact_saved_filters')
export class SavedFilter {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  spaceId: string;

  @Column({ type: 'uuid' })
  ownerId: string;

  @Column({ type: 'text' })
  name: string;

  /** The list's query string (`level=…&tags=…`), replayed as is. */
  @Column({ type: 'text' })
  query: string;

  @Column({ type: 'boolean', default: false })
  shared: boolean;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

@Entity('contact_filter_pins')
export class FilterPin {
  @PrimaryColumn({ type: 'uuid' })
  spaceId: string;

  @PrimaryColumn({ type: 'uuid' })
  accountId: string;

  @PrimaryColumn({ type: 'uuid' })
  filterId: string;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  pinnedAt: Date;
}
