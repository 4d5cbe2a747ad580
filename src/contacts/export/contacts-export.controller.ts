import { Body, Controller, Get, Logger, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Can } from '../../shared/auth/access.decorators';
import { CurrentActor } from '../../shared/auth/current.decorators';
import type { Actor } from '../../shared/auth/request-context';
import { ClientIp } from '../../shared/http/client-ip.decorator';
import { emptyForm, type FormState, parseForm } from '../../shared/http/form';
import { Page } from '../../shared/http/page.decorator';
import { renderView } from '../../shared/http/render';
import {
  type ContactFilter,
  filterToQuery,
  isEmptyFilter,
  parseContactFilter,
  queryFromString,
} from '../list/contact-filter';
import { ContactsExportService } from './contacts-export.service';
import { DEFAULT_EXPORT_GROUPS, EXPORT_GROUPS } from './export-columns';
import { ExportForm } from './export.form';
import { responseSink } from './text-sink';

/** CSV export of the filtered list (admins): the columns to include, then the download. */
@Controller('s/:space/contacts/export')
export class ContactsExportController {
  private readonly logger = new Logger(ContactsExportController.name);

  constructor(private readonly exports: ContactsExportService) {}

  private async view(actor: Actor, filter: ContactFilter, form: FormState) {
    const chosen = [form.values.columns ?? []].flat();
    const query = filterToQuery(filter);
    return {
      titleKey: 'contacts:export.title',
      count: await this.exports.count(actor, filter),
      filtered: !isEmptyFilter(filter),
      query,
      groups: EXPORT_GROUPS.map((group) => ({ id: group, checked: chosen.includes(group) })),
      form,
    };
  }

  @Get()
  @Can('contacts.export')
  @Page('contacts/export')
  show(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.view(actor, parseContactFilter(query).filter, emptyForm({ columns: DEFAULT_EXPORT_GROUPS }));
  }

  /** The file itself, streamed as it is read; the page again (422) when no column is ticked. */
  @Post()
  @Can('contacts.export')
  async download(
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
    @ClientIp() ip: string,
  ) {
    const filter = parseContactFilter(queryFromString(typeof body.query === 'string' ? body.query : '')).filter;
    const parsed = await parseForm(ExportForm, body);
    if (!parsed.ok) {
      const html = await renderView(res, 'contacts/export', await this.view(actor, filter, parsed.state));
      res.status(422).type('html').send(html);
      return;
    }
    const fileName = `contacts-${req.space!.slug}-${today()}.csv`;
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    );
    try {
      await this.exports.write(
        actor,
        { filter, groups: parsed.value.columns, language: req.lang },
        responseSink(res),
        ip,
      );
      res.end();
    } catch (error) {
      if (!res.headersSent) {
        res.removeHeader('Content-Disposition');
        throw error;
      }
      // The headers are gone: breaking the connection is the only way to say the file is incomplete.
      this.logger.error(String(error), (error as Error).stack);
      res.destroy();
    }
  }
}

/** The server's day, as yyyy-mm-dd. */
function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
