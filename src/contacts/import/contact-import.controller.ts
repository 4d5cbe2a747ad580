import {
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
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
import { ClientIp } from '../../shared/http/client-ip.decorator';
import { Invalid } from '../../shared/errors';
import { emptyForm, type FormState, parseForm, withError } from '../../shared/http/form';
import { Page } from '../../shared/http/page.decorator';
import { redirectTo, unprocessable, withFragment } from '../../shared/http/view-result';
import type { ContactImport } from './contact-import.entity';
import { type ImportChoices, ContactImportService, type UploadedImportFile } from './contact-import.service';
import { ImportChoicesForm } from './import-choices.form';
import { importPageData, mappingPageData, reportRowsData } from './import-views';
import { streamRejectedRows } from './rejected-rows-csv';

/** The CSV import of contacts: upload, mapping and preview, progress, report. */
@Controller('s/:space/contacts/import')
export class ContactImportController {
  constructor(private readonly imports: ContactImportService) {}

  private async uploadView(actor: Actor, form: FormState, after?: unknown) {
    return { titleKey: 'contacts:import.title', form, imports: await this.imports.recent(actor, after) };
  }

  @Get()
  @Can('contacts.import')
  @Page('contacts/import', 'contacts/_import-list')
  async show(@CurrentActor() actor: Actor, @Query('after') after: unknown) {
    return this.uploadView(actor, emptyForm(), after);
  }

  @Post()
  @Can('contacts.import')
  @Page('contacts/import')
  // The upload goes to disk, never to memory (see importUploadOptions, set on the module).
  @UseInterceptors(FileInterceptor('file'))
  async upload(
    @CurrentActor() actor: Actor,
    @UploadedFile() file: UploadedImportFile | undefined,
    @Req() req: Request,
  ) {
    if (!file)
      return unprocessable(
        await this.uploadView(actor, withError(emptyForm(), 'file', { key: 'contacts:import.noFile' })),
      );
    try {
      const contactImport = await this.imports.upload(actor, file);
      return redirectTo(`/s/${req.space!.slug}/contacts/import/${contactImport.id}`);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return unprocessable(await this.uploadView(actor, withError(emptyForm(), 'file', { key: error.messageKey! })));
    }
  }

  /** The import as it stands: its mapping page, its progress, or its report. */
  @Get(':id')
  @Can('contacts.import')
  @Page('contacts/import-show', 'contacts/_import-status')
  async import(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    const contactImport = await this.imports.find(actor, id);
    if (contactImport.status !== 'uploaded')
      return importPageData(contactImport, await this.firstReportRows(actor, contactImport));
    const choices = await this.imports.proposedChoices(actor, contactImport);
    return mappingPageData(
      contactImport,
      choices,
      await this.imports.preview(actor, contactImport, choices),
      {},
      emptyForm(),
      await this.imports.levels(actor),
    );
  }

  /** The preview again, for the choices being made (htmx, on every change of the form). */
  @Post(':id/preview')
  @Can('contacts.import')
  @Page('contacts/import-show', 'contacts/_import-preview')
  async preview(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
  ) {
    const contactImport = await this.imports.find(actor, id);
    const { choices, state } = await this.readChoices(contactImport, body);
    const errors = this.imports.checkMapping(contactImport, choices.mapping);
    return mappingPageData(
      contactImport,
      choices,
      await this.imports.preview(actor, contactImport, choices),
      errors,
      state,
      await this.imports.levels(actor),
    );
  }

  @Post(':id/start')
  @Can('contacts.import')
  @Page('contacts/import-show')
  async start(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    const contactImport = await this.imports.find(actor, id);
    const url = `/s/${req.space!.slug}/contacts/import/${id}`;
    if (contactImport.status !== 'uploaded') return redirectTo(url);
    const { choices, state, valid } = await this.readChoices(contactImport, body);
    const errors = this.imports.checkMapping(contactImport, choices.mapping);
    if (!valid || Object.keys(errors).length > 0) {
      const preview = await this.imports.preview(actor, contactImport, choices);
      return unprocessable(
        mappingPageData(contactImport, choices, preview, errors, state, await this.imports.levels(actor)),
      );
    }
    await this.imports.start(actor, contactImport, choices, ip);
    return redirectTo(url);
  }

  @Post(':id/cancel')
  @Can('contacts.import')
  @Page('contacts/import')
  async cancel(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request) {
    await this.imports.cancel(actor, await this.imports.find(actor, id));
    return redirectTo(`/s/${req.space!.slug}/contacts/import`);
  }

  /** After rejected rows stopped the import: import the valid ones after all. */
  @Post(':id/keep-valid')
  @Can('contacts.import')
  @Page('contacts/import-show')
  async keepValid(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    await this.imports.importValidRows(actor, await this.imports.find(actor, id), ip);
    return redirectTo(`/s/${req.space!.slug}/contacts/import/${id}`);
  }

  /** More rows of the report (rejected or skipped), after a line. */
  @Get(':id/rows')
  @Can('contacts.import')
  @Page('contacts/import-rows', 'contacts/_import-rows')
  async rows(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query('status') status: unknown,
    @Query('after') after: unknown,
  ) {
    const contactImport = await this.imports.find(actor, id);
    const shown = status === 'skipped' ? 'skipped' : 'rejected';
    const afterLine = Math.max(0, Number.parseInt(String(after ?? '0'), 10) || 0);
    const page = await this.imports.reportRows(actor, contactImport, shown, afterLine);
    return withFragment('contacts/_import-rows', {
      titleKey: 'contacts:import.importTitle',
      ...reportRowsData(contactImport, shown, page),
    });
  }

  /** The rejected rows as they were in the file, with a column saying what to fix. */
  @Get(':id/rejected.csv')
  @Can('contacts.import')
  async rejected(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Res() res: Response,
    @ClientIp() ip: string,
  ) {
    const contactImport = await this.imports.find(actor, id);
    await streamRejectedRows(this.imports, actor, contactImport, res, ip);
  }

  private async firstReportRows(actor: Actor, contactImport: ContactImport) {
    if (contactImport.status !== 'done') return null;
    const [rejected, skipped] = await Promise.all([
      this.imports.reportRows(actor, contactImport, 'rejected', 0),
      this.imports.reportRows(actor, contactImport, 'skipped', 0),
    ]);
    return { rejected, skipped };
  }

  private async readChoices(
    contactImport: ContactImport,
    body: Record<string, unknown>,
  ): Promise<{ choices: ImportChoices; state: FormState; valid: boolean }> {
    const parsed = await parseForm(ImportChoicesForm, body, ['keepValidRows']);
    const value = parsed.ok ? parsed.value : null;
    return {
      choices: {
        mapping: this.imports.readColumnChoices(contactImport, body),
        mode: value?.mode ?? contactImport.matchMode,
        keepValidRows: value?.keepValidRows ?? false,
        encoding: value?.encoding ?? contactImport.encoding,
      },
      state: parsed.state,
      valid: parsed.ok,
    };
  }
}
