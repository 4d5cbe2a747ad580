import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { AuditService } from '../../shared/audit/audit.service';
import { can } from '../../shared/auth/permissions';
import type { Actor } from '../../shared/auth/request-context';
import { Invalid, NotFound } from '../../shared/errors';
import { TeamsRepository } from '../teams/teams.repository';
import {
  deleteDocumentFile,
  detectDocumentType,
  documentFolder,
  MAX_DOCUMENT_BYTES,
  storeDocument,
} from './document-files';
import { DocumentsRepository } from './documents.repository';

export const DOCUMENTS_SHOWN = 100;

export type NewDocument =
  | { kind: 'link'; title: string; url: string; teamIds: string[] }
  | { kind: 'file'; title: string; file: { content: Buffer; fileName: string }; teamIds: string[] };

export type OpenedDocument =
  | { kind: 'link'; url: string }
  | { kind: 'file'; folder: string; storageKey: string; mimeType: string; fileName: string };

@Injectable()
export class DocumentsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly documents: DocumentsRepository,
    private readonly teams: TeamsRepository,
    private readonly audit: AuditService,
  ) {}

  /** Publishes a link or a file; a file of an unaccepted type or over 10 MB is refused. */
  async publish(actor: Actor, input: NewDocument, ip: string) {
    for (const teamId of input.teamIds) {
      if (!(await this.teams.find(actor.spaceId, teamId))) throw new NotFound('team');
    }
    let fields: {
      url: string | null;
      fileName: string | null;
      storageKey: string | null;
      mimeType: string | null;
      sizeBytes: string | null;
    };
    if (input.kind === 'link') {
      fields = { url: input.url, fileName: null, storageKey: null, mimeType: null, sizeBytes: null };
    } else {
      const { content, fileName } = input.file;
      if (content.length > MAX_DOCUMENT_BYTES) throw new Invalid('too-large', 'community:documents.tooLarge');
      const mimeType = await detectDocumentType(content, fileName);
      if (!mimeType) throw new Invalid('type', 'community:documents.badType');
      const storageKey = await storeDocument(this.config.uploadDir, actor.spaceId, content);
      fields = { url: null, fileName, storageKey, mimeType, sizeBytes: String(content.length) };
    }
    const document = await this.documents.create(
      { spaceId: actor.spaceId, title: input.title, kind: input.kind, publishedBy: actor.accountId, ...fields },
      input.teamIds,
    );
    await this.record(actor, 'document.published', document.id, document.title, ip);
    return document;
  }

  list(actor: Actor) {
    return this.documents.list(actor.spaceId, actor.accountId, !can(actor.role, 'documents.publish'), DOCUMENTS_SHOWN);
  }

  /** Opens a document the person may see, and remembers that they did. */
  async open(actor: Actor, id: string): Promise<OpenedDocument> {
    const document = await this.documents.find(actor.spaceId, id);
    const visible =
      document &&
      (can(actor.role, 'documents.publish') || (await this.documents.isVisible(actor.spaceId, actor.accountId, id)));
    if (!document || !visible) throw new NotFound('document');
    await this.documents.recordOpen(actor.spaceId, id, actor.accountId);
    if (document.kind === 'link') return { kind: 'link', url: document.url! };
    return {
      kind: 'file',
      folder: documentFolder(this.config.uploadDir, actor.spaceId),
      storageKey: document.storageKey!,
      mimeType: document.mimeType!,
      fileName: document.fileName!,
    };
  }

  async openers(actor: Actor, id: string) {
    const document = await this.documents.find(actor.spaceId, id);
    if (!document) throw new NotFound('document');
    return { document, openers: await this.documents.openers(actor.spaceId, id) };
  }

  async delete(actor: Actor, id: string, ip: string) {
    const document = await this.documents.find(actor.spaceId, id);
    if (!document) throw new NotFound('document');
    await this.documents.delete(actor.spaceId, id);
    if (document.storageKey) await deleteDocumentFile(this.config.uploadDir, actor.spaceId, document.storageKey);
    await this.record(actor, 'document.deleted', id, document.title, ip);
  }

  private record(actor: Actor, action: string, id: string, title: string, ip: string) {
    return this.audit.recordAct(actor, action, { type: 'document', id, label: title }, ip);
  }
}
