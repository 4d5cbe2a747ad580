import { Body, Controller, Get, Post, Query, Req } from '@nestjs/common';
import { IsBoolean, IsIn, IsOptional, Matches, MaxLength } from 'class-validator';
import type { Request } from 'express';
import { Can } from '../../shared/auth/access.decorators';
import { CurrentActor } from '../../shared/auth/current.decorators';
import type { Actor } from '../../shared/auth/request-context';
import { ClientIp } from '../../shared/http/client-ip.decorator';
import { flash } from '../../shared/http/flash';
import { emptyForm, type FormState, parseForm, withError } from '../../shared/http/form';
import { Page } from '../../shared/http/page.decorator';
import { redirectTo, unprocessable } from '../../shared/http/view-result';
import { type ContactFilter, filterToQuery, parseContactFilter, queryFromString } from '../list/contact-filter';
import { ContactsListService } from '../list/contacts-list.service';
import { parseTags } from '../dto/contact.form';
import { SupportLevelsRepository } from '../support-levels/support-levels.repository';
import { BulkChangesService } from './bulk-changes.service';

class BulkForm {
  @IsIn(['addTag', 'removeTag', 'setLevel'])
  action: 'addTag' | 'removeTag' | 'setLevel';

  @IsOptional()
  @MaxLength(50, { context: { max: 50 } })
  tag?: string;

  /** A level of the space, or `none` to take their level away. */
  @IsOptional()
  @Matches(/^(none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, {
    message: 'common:validation.invalid',
  })
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
  async apply(
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    const parsed = await parseForm(BulkForm, body, ['confirm']);
    const filter = parseContactFilter(queryFromString(typeof body.query === 'string' ? body.query : '')).filter;
    if (!parsed.ok) return unprocessable(await this.view(actor, filter, parsed.state));
    let state = parsed.state;
    const { action, levelId, confirm } = parsed.value;
    // One tag, written as the contact form writes tags.
    const tags = parseTags(parsed.value.tag);
    if (action !== 'setLevel' && tags.length !== 1) {
      state = withError(state, 'tag', {
        key: tags.length === 0 ? 'common:validation.isNotEmpty' : 'contacts:bulk.oneTag',
      });
    }
    if (action === 'setLevel') {
      // Taking every level away is chosen, never the result of a forgotten choice.
      if (!levelId) state = withError(state, 'levelId', { key: 'contacts:bulk.chooseLevel' });
      else if (levelId !== 'none' && !(await this.levels.find(actor.spaceId, levelId))) {
        state = withError(state, 'levelId', { key: 'common:validation.invalid' });
      }
    }
    if (!confirm) state = withError(state, 'confirm', { key: 'contacts:bulk.confirmRequired' });
    if (state.errorCount > 0) return unprocessable(await this.view(actor, filter, state));
    const changed = await this.bulk.apply(
      actor,
      filter,
      action === 'setLevel'
        ? { kind: 'setLevel', levelId: levelId === 'none' ? null : levelId! }
        : { kind: action, tag: tags[0] },
      ip,
    );
    flash(req, 'success', 'contacts:bulk.done', { count: changed });
    const query = filterToQuery(filter);
    return redirectTo(`/s/${req.space!.slug}/contacts${query ? `?${query}` : ''}`);
  }
}
