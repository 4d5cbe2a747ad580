import { Body, Controller, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { IsBoolean, IsNotEmpty, IsOptional, MaxLength } from 'class-validator';
import type { Request } from 'express';
import { Can } from '../../shared/auth/access.decorators';
import { CurrentActor } from '../../shared/auth/current.decorators';
import type { Actor } from '../../shared/auth/request-context';
import { flash } from '../../shared/http/flash';
import { parseForm } from '../../shared/http/form';
import { Page } from '../../shared/http/page.decorator';
import { redirectTo, unprocessable } from '../../shared/http/view-result';
import { queryFromString } from '../list/contact-filter';
import { ContactsListPage } from '../list/contacts-list.page';
import { SavedFiltersService } from './saved-filters.service';

class SaveFilterForm {
  @IsNotEmpty({ message: 'contacts:saved.nameRequired' })
  @MaxLength(80, { context: { max: 80 } })
  name: string;

  /** The list's query string; none for the whole list. */
  @IsOptional()
  @MaxLength(2000, { context: { max: 2000 } })
  query?: string;

  @IsBoolean()
  shared: boolean;
}

@Controller('s/:space/contacts/lists')
export class SavedFiltersController {
  constructor(
    private readonly filters: SavedFiltersService,
    private readonly listPage: ContactsListPage,
  ) {}

  @Post()
  @Can('contacts.view')
  @Page('contacts/list')
  async save(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request) {
    const parsed = await parseForm(SaveFilterForm, body, ['shared']);
    if (!parsed.ok) {
      // The list as it was, with the form open and its errors.
      const query = queryFromString(typeof body.query === 'string' ? body.query : '');
      return unprocessable(
        await this.listPage.data(actor, req.space!.slug, query, { fragment: false, saveForm: parsed.state }),
      );
    }
    const saved = await this.filters.save(actor, { ...parsed.value, query: parsed.value.query ?? '' });
    flash(req, 'success', 'contacts:saved.saved', { name: saved.name });
    return redirectTo(`/s/${req.space!.slug}/contacts${saved.query ? `?${saved.query}` : ''}`);
  }

  @Post(':id/delete')
  @Can('contacts.view')
  @Page('contacts/list')
  async delete(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request) {
    await this.filters.delete(actor, id);
    flash(req, 'success', 'contacts:saved.deleted');
    return redirectTo(`/s/${req.space!.slug}/contacts`);
  }

  @Post(':id/pin')
  @Can('contacts.view')
  @Page('contacts/list')
  async pin(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body('pinned') pinned: unknown,
    @Req() req: Request,
  ) {
    if (pinned === 'true') await this.filters.pin(actor, id);
    else await this.filters.unpin(actor, id);
    return redirectTo(`/s/${req.space!.slug}/contacts`);
  }
}
