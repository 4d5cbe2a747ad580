import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '../../shared/auth/roles';

export type JoinedVia = 'creator' | 'code' | 'invitation';

@Entity('memberships')
export class Membership {
  @PrimaryColumn({ type: 'uuid' })
  spaceId: string;

  @PrimaryColumn({ type: 'uuid' })
  accountId: string;

  @Column({ type: 'text' })
  role: Role;

  @Column({ type: 'text' })
  joinedVia: JoinedVia;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  joinedAt: Date;
}
