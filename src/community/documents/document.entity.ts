import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type DocumentKind = 'file' | 'link';

/** A file (stored under UPLOAD_DIR) or a link published to the space's members. */
@Entity('documents')
export class SpaceDocument {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  spaceId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  kind: DocumentKind;

  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Column({ type: 'text', nullable: true })
  fileName: string | null;

  /** File name under UPLOAD_DIR/<space id>/: random, never the uploaded name. */
  @Column({ type: 'text', nullable: true })
  storageKey: string | null;

  @Column({ type: 'text', nullable: true })
  mimeType: string | null;

  @Column({ type: 'bigint', nullable: true })
  sizeBytes: string | null;

  /** False: for the members of its target teams only (document_teams). */
  @Column({ type: 'boolean', default: true })
  forEveryone: boolean;

  @Column({ type: 'uuid', nullable: true })
  publishedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
