import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('team_members')
export class TeamMember {
  @PrimaryColumn({ type: 'uuid' })
  spaceId: string;

  @PrimaryColumn({ type: 'uuid' })
  teamId: string;

  @PrimaryColumn({ type: 'uuid' })
  accountId: string;

  @Column({ type: 'boolean', default: false })
  isCoordinator: boolean;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  addedAt: Date;
}
