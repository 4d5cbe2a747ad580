import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A document aimed at some teams only (none: everyone). */
@Entity('document_teams')
export class DocumentTeam {
  @PrimaryColumn({ type: 'uuid' })
  spaceId: string;

  @PrimaryColumn({ type: 'uuid' })
  documentId: string;

  @PrimaryColumn({ type: 'uuid' })
  teamId: string;
}

/** Who opened a document ("opened by 12 of 40"). */
@Entity('document_opens')
export class DocumentOpen {
  @PrimaryColumn({ type: 'uuid' })
  spaceId: string;

  @PrimaryColumn({ type: 'uuid' })
  documentId: string;

  @PrimaryColumn({ type: 'uuid' })
  accountId: string;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  firstOpenedAt: Date;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  lastOpenedAt: Date;

  @Column({ type: 'integer', default: 1 })
  openCount: number;
}
