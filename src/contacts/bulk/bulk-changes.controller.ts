import { Body, Controller, Get, Post, Query, Req } from '@nestjs/common';
import { IsBoolean, IsIn, IsOptional, IsUUID, MaxLength } from 'class-validator';
import type { Request } from 'express';
import { Can } from '../../shared/auth/access.decorators';
import { CurrentActor } from '../../shared/auth/current.decorators';
import type { Actor } from '../../shared/auth/request-context';
import { ClientIp } from '../../shared/http/client-ip.decorator';
import { flash } from '../../shared/http/flash';
import { emptyForm, type FormState, parseForm, withError } from '../../shared/http/form';
import { Page } from '../../shared/http/page.decorator';
import { redirectTo, unprocessable } from '../../shared/http/view-result';
import { type ContactFilter, filterToQuery, parseContactFilter } from '../list/contact-filter';
import { ContactsListService } from '../list/contacts-list.service';
import { SupportLevelsRepository } from '../support-levels/support-levels.repository';
import { BulkChangesService } from './bulk-changes.service';

class BulkForm {
  @IsIn(['addTag', 'removeTag', 'setLevel'])
  action: 'addTag' | 'removeTag' | 'setLevel';

  @IsOptional()
  @MaxLength(50, { context: { max: 50 } })
  tag?: string;

  @IsOptional()
  @IsUUID('all', { message: 'common:validation.invalid' })
  levelId?: string;

  @IsBoolean()
  confirm: boolean;

  @IsOptional()
  @MaxLength(2000)
  query?: string;
}

/** "Actions on these N contacts": add or remove a tag, set a support level, after confirming. */
@Controller('s/:space/contacts/bulk')
export class BulkChangesController {
  constructor(
    private readonly bulk: BulkChangesService,
    private readonly list: ContactsListService,
    private readonly levels: SupportLevelsRepository,
  ) {}

  private async view(actor: Actor, filter: ContactFilter, form: FormState) {
    return {
      titleKey: 'contacts:bulk.title',
      count: await this.list.count(actor, filter),
      query: filterToQuery(filter),
      levels: await this.levels.list(actor.spaceId),
      form,
    };
  }

  @Get()
  @Can('contacts.edit')
  @Page('contacts/bulk')
  show(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.view(actor, parseContactFilter(query).filter, emptyForm({ action: 'addTag' }));
  }

  @Post()
  @Can('contacts.edit')
  @Page('contacts/bulk')
  async apply(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @ClientIp() ip: string) {
    const parsed = await parseForm(BulkForm, body, ['confirm']);
    const filter = parseContactFilter(Object.fromEntries(new URLSearchParams(String(body.query ?? '')))).filter;
    if (!parsed.ok) return unprocessable(await this.view(actor, filter, parsed.state));
    let state = parsed.state;
    const { action, tag, levelId, confirm } = parsed.value;
    if (action !== 'setLevel' && !tag) state = withError(state, 'tag', { key: 'common:validation.isNotEmpty' });
    if (!confirm) state = withError(state, 'confirm', { key: 'contacts:bulk.confirmRequired' });
    if (state.errorCount > 0) return unprocessable(await this.view(actor, filter, state));
    const changed = await this.bulk.apply(
      actor,
      filter,
      action === 'setLevel' ? { kind: 'setLevel', levelId: levelId ?? null } : { kind: action, tag: tag! },
      ip,
    );
    flash(req, 'success', 'contacts:bulk.done', { count: changed });
    const query = filterToQuery(filter);
    return redirectTo(`/s/${req.space!.slug}/contacts${query ? `?${query}` : ''}`);
  }
}
