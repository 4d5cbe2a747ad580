import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An announcement aimed at some teams only (none: everyone). */
@Entity('announcement_teams')
export class AnnouncementTeam {
  @PrimaryColumn({ type: 'uuid' })
  spaceId: string;

  @PrimaryColumn({ type: 'uuid' })
  announcementId: string;

  @PrimaryColumn({ type: 'uuid' })
  teamId: string;
}

/** A read receipt: gives the unread count on the field home. */
@Entity('announcement_reads')
export class AnnouncementRead {
  @PrimaryColumn({ type: 'uuid' })
  spaceId: string;

  @PrimaryColumn({ type: 'uuid' })
  announcementId: string;

  @PrimaryColumn({ type: 'uuid' })
  accountId: string;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  readAt: Date;
}
