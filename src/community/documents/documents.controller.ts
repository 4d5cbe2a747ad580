import {
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { Can } from '../../shared/auth/access.decorators';
import { CurrentActor } from '../../shared/auth/current.decorators';
import type { Actor } from '../../shared/auth/request-context';
import { Invalid } from '../../shared/errors';
import { ClientIp } from '../../shared/http/client-ip.decorator';
import type { UploadedFileLike } from '../../shared/http/uploads';
import { flash } from '../../shared/http/flash';
import { emptyForm, type FormState, parseForm, withError } from '../../shared/http/form';
import { Page } from '../../shared/http/page.decorator';
import { redirectTo, unprocessable } from '../../shared/http/view-result';
import { TeamsService } from '../teams/teams.service';
import { INLINE_TYPES, UPLOAD_READ_LIMIT_BYTES } from './document-files';
import { DocumentsService } from './documents.service';
import { DocumentForm } from './dto/document.forms';

const VIEW = ['community/documents', 'community/_document-form'] as const;

@Controller('s/:space/documents')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly teams: TeamsService,
  ) {}

  private async view(actor: Actor, form: FormState) {
    return {
      titleKey: 'community:documents.title',
      documents: await this.documents.list(actor),
      teams: await this.teams.list(actor),
      form,
    };
  }

  @Get()
  @Can('documents.read')
  @Page(...VIEW)
  show(@CurrentActor() actor: Actor) {
    return this.view(actor, emptyForm({ kind: 'file' }));
  }

  @Post()
  @Can('documents.publish')
  @Page(...VIEW)
  // Multer keeps a little room above the 10 MB rule so that a file just over it gets the
  // form back with its message (422); far larger uploads stop early with a 413 page.
  @UseInterceptors(
    FileInterceptor('file', { limits: { fileSize: UPLOAD_READ_LIMIT_BYTES, files: 1 }, defParamCharset: 'utf8' }),
  )
  async publish(
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
    @UploadedFile() file: UploadedFileLike | undefined,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    const teamIds = body.teamIds === undefined ? [] : [body.teamIds].flat();
    const parsed = await parseForm(DocumentForm, { ...body, teamIds });
    if (!parsed.ok) return unprocessable(await this.view(actor, parsed.state));
    const { title, kind, url } = parsed.value;
    if (kind === 'file' && !file) {
      return unprocessable(
        await this.view(actor, withError(parsed.state, 'file', { key: 'community:documents.noFile' })),
      );
    }
    try {
      await this.documents.publish(
        actor,
        kind === 'link'
          ? { kind, title, url: url!, teamIds: parsed.value.teamIds ?? [] }
          : {
              kind,
              title,
              file: { content: file!.buffer, fileName: file!.originalname },
              teamIds: parsed.value.teamIds ?? [],
            },
        ip,
      );
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return unprocessable(await this.view(actor, withError(parsed.state, 'file', { key: error.messageKey! })));
    }
    flash(req, 'success', 'community:documents.published');
    return redirectTo(`/s/${req.space!.slug}/documents`);
  }

  /** Opens the document (a download, or the link's site) and counts who opened it. */
  @Get(':id/open')
  @Can('documents.read')
  async open(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const opened = await this.documents.open(actor, id);
    if (opened.kind === 'link') return res.redirect(303, opened.url);
    const disposition = INLINE_TYPES.has(opened.mimeType) ? 'inline' : 'attachment';
    res.setHeader('Content-Type', opened.mimeType);
    res.setHeader('Content-Disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(opened.fileName)}`);
    // A published file is never a page of the app: no script, no form, no plug-in in it.
    res.setHeader('Content-Security-Policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
    res.setHeader('Cache-Control', 'private, no-store');
    // Relative to the space's folder: send refuses paths with dot-folders (~/.local/…) otherwise.
    res.sendFile(opened.storageKey, { root: opened.folder });
  }

  @Get(':id/opens')
  @Can('documents.publish')
  @Page('community/document-opens')
  async opens(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    const { document, openers } = await this.documents.openers(actor, id);
    return {
      titleKey: 'community:documents.opensTitle',
      titleValues: { title: document.title },
      document,
      openers,
      openedCount: openers.filter((person) => person.openedAt).length,
    };
  }

  @Post(':id/delete')
  @Can('documents.publish')
  @Page('community/documents')
  async delete(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    await this.documents.delete(actor, id, ip);
    flash(req, 'success', 'community:documents.deleted');
    return redirectTo(`/s/${req.space!.slug}/documents`);
  }
}
