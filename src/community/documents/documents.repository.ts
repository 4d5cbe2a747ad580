import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, Repository } from 'typeorm';
import { targetTeamNames, visibleTo } from '../teams/team-targeting';
import { SpaceDocument } from './document.entity';

export interface DocumentView {
  id: string;
  title: string;
  kind: 'file' | 'link';
  url: string | null;
  fileName: string | null;
  mimeType: string | null;
  sizeBytes: string | null;
  createdAt: Date;
  publisherName: string | null;
  teamNames: string[];
  openedByMe: boolean;
  openedBy: number;
  audience: number;
}

// Visible to the person $2: aimed at everyone, or at one of their teams.
const VISIBLE_TO = visibleTo('d', 'document_teams', 'document_id', '$2');

// The members a document is for (m: memberships): everyone, or the members of its teams.
const IN_AUDIENCE = visibleTo('d', 'document_teams', 'document_id', 'm.account_id');

@Injectable()
export class DocumentsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(SpaceDocument) private readonly documents: Repository<SpaceDocument>,
  ) {}

  find(spaceId: string, id: string): Promise<SpaceDocument | null> {
    return this.documents.findOneBy({ spaceId, id });
  }

  async create(
    document: Omit<SpaceDocument, 'id' | 'createdAt' | 'forEveryone'>,
    teamIds: string[],
  ): Promise<SpaceDocument> {
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager
        .getRepository(SpaceDocument)
        .save(manager.getRepository(SpaceDocument).create({ ...document, forEveryone: teamIds.length === 0 }));
      for (const teamId of teamIds) {
        await manager.query('INSERT INTO document_teams (space_id, document_id, team_id) VALUES ($1, $2, $3)', [
          document.spaceId,
          saved.id,
          teamId,
        ]);
      }
      return saved;
    });
  }

  async delete(spaceId: string, id: string) {
    await this.documents.delete({ spaceId, id });
  }

  list(spaceId: string, accountId: string, onlyVisible: boolean, limit: number): Promise<DocumentView[]> {
    return this.dataSource.query(
      `SELECT d.id, d.title, d.kind, d.url, d.file_name AS "fileName", d.mime_type AS "mimeType", d.size_bytes AS "sizeBytes",
              d.created_at AS "createdAt", a.name AS "publisherName",
              ${targetTeamNames('d', 'document_teams', 'document_id')} AS "teamNames",
              EXISTS (SELECT 1 FROM document_opens o WHERE o.space_id = d.space_id AND o.document_id = d.id AND o.account_id = $2) AS "openedByMe",
              (SELECT count(o.account_id)::int FROM memberships m
               LEFT JOIN document_opens o ON o.space_id = m.space_id AND o.document_id = d.id AND o.account_id = m.account_id
               WHERE m.space_id = d.space_id AND ${IN_AUDIENCE}) AS "openedBy",
              (SELECT count(*)::int FROM memberships m WHERE m.space_id = d.space_id AND ${IN_AUDIENCE}) AS audience
       FROM documents d LEFT JOIN accounts a ON a.id = d.published_by
       WHERE d.space_id = $1 AND ($3::boolean = false OR ${VISIBLE_TO})
       ORDER BY d.created_at DESC, d.id DESC
       LIMIT $4`,
      [spaceId, accountId, onlyVisible, limit],
    );
  }

  async isVisible(spaceId: string, accountId: string, id: string): Promise<boolean> {
    const rows = await this.dataSource.query(
      `SELECT 1 FROM documents d WHERE d.space_id = $1 AND d.id = $3 AND ${VISIBLE_TO}`,
      [spaceId, accountId, id],
    );
    return rows.length > 0;
  }

  async recordOpen(spaceId: string, documentId: string, accountId: string) {
    await this.dataSource.query(
      `INSERT INTO document_opens (space_id, document_id, account_id) VALUES ($1, $2, $3)
       ON CONFLICT (space_id, document_id, account_id)
       DO UPDATE SET last_opened_at = now(), open_count = document_opens.open_count + 1`,
      [spaceId, documentId, accountId],
    );
  }

  /** The document's audience (current members it is for), each with whether and when they opened it. */
  openers(
    spaceId: string,
    documentId: string,
  ): Promise<{ name: string; email: string; openedAt: Date | null; count: number }[]> {
    return this.dataSource.query(
      `SELECT a.name, a.email, o.first_opened_at AS "openedAt", coalesce(o.open_count, 0) AS count
       FROM documents d
       JOIN memberships m ON m.space_id = d.space_id
       JOIN accounts a ON a.id = m.account_id
       LEFT JOIN document_opens o ON o.space_id = m.space_id AND o.document_id = d.id AND o.account_id = m.account_id
       WHERE d.space_id = $1 AND d.id = $2 AND ${IN_AUDIENCE}
       ORDER BY o.first_opened_at IS NULL, search_normalize(a.name)`,
      [spaceId, documentId],
    );
  }
}
