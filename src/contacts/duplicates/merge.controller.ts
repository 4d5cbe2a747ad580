import { Body, Controller, Get, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Can } from '../../shared/auth/access.decorators';
import { CurrentActor } from '../../shared/auth/current.decorators';
import type { Actor } from '../../shared/auth/request-context';
import { Invalid } from '../../shared/errors';
import { ClientIp } from '../../shared/http/client-ip.decorator';
import { flash } from '../../shared/http/flash';
import { Page } from '../../shared/http/page.decorator';
import { redirectTo, unprocessable } from '../../shared/http/view-result';
import { parseRule } from './duplicate-rules';
import { parseGroupIds } from './group-contacts';
import { readMergeForm } from './merge.form';
import { MergeService } from './merge.service';

/** Merging one group by hand: choose the master, then each value that differs. */
@Controller('s/:space/contacts/duplicates/merge')
export class MergeController {
  constructor(private readonly merge: MergeService) {}

  @Get()
  @Can('contacts.merge')
  @Page('contacts/merge', 'contacts/_merge-form')
  async show(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>, @Req() req: Request) {
    const ids = parseGroupIds(query.ids);
    // Opened without a group (an old bookmark): the groups are on the duplicates page.
    if (!ids) return redirectTo(`/s/${req.space!.slug}/contacts/duplicates`);
    const contacts = await this.merge.group(actor, ids);
    return {
      titleKey: 'contacts:duplicates.merge.title',
      rule: parseRule(query.rule),
      ...(await this.merge.view(actor, contacts, this.merge.defaults(contacts))),
    };
  }

  @Post()
  @Can('contacts.merge')
  @Page('contacts/merge', 'contacts/_merge-form')
  async submit(
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    const ids = parseGroupIds(body.ids);
    if (!ids) throw new Invalid('group', 'contacts:duplicates.errors.badGroup');
    const contacts = await this.merge.group(actor, ids);
    const read = readMergeForm(body, contacts);
    if (!read.ok) {
      return unprocessable({
        titleKey: 'contacts:duplicates.merge.title',
        rule: parseRule(body.rule),
        ...(await this.merge.view(actor, contacts, read.state)),
      });
    }
    const record = await this.merge.merge(actor, contacts, read.choice, ip);
    flash(req, 'success', 'contacts:duplicates.merge.done', { count: record.mergedIds.length });
    return redirectTo(`/s/${req.space!.slug}/contacts/${record.masterId}`);
  }
}
