import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Can } from '../../shared/auth/access.decorators';
import { CurrentActor } from '../../shared/auth/current.decorators';
import type { Actor } from '../../shared/auth/request-context';
import { ClientIp } from '../../shared/http/client-ip.decorator';
import { flash } from '../../shared/http/flash';
import { Page } from '../../shared/http/page.decorator';
import { redirectTo, withFragment } from '../../shared/http/view-result';
import { UNDO_DAYS } from './merge-history.repository';
import { MergeHistoryService } from './merge-history.service';

/** Contacts › merges: what was merged, by whom, and the undo within 30 days. */
@Controller('s/:space/contacts/merges')
export class MergesController {
  constructor(private readonly history: MergeHistoryService) {}

  @Get()
  @Can('contacts.merge')
  @Page('contacts/merges')
  async show(@CurrentActor() actor: Actor, @Query('after') after: unknown) {
    const page = await this.history.page(actor, after);
    const data = { titleKey: 'contacts:duplicates.history.title', page, undoDays: UNDO_DAYS };
    // "More" appends rows to the table already shown.
    return after ? withFragment('contacts/_merges-more', data) : data;
  }

  @Post(':id/undo')
  @Can('contacts.merge')
  @Page('contacts/merges')
  async undo(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    const result = await this.history.undo(actor, id, ip);
    if (result.ok) flash(req, 'success', 'contacts:duplicates.undo.done');
    else flash(req, 'error', `contacts:duplicates.undo.refused.${result.reason}`, { days: UNDO_DAYS });
    return redirectTo(`/s/${req.space!.slug}/contacts/merges`);
  }
}
