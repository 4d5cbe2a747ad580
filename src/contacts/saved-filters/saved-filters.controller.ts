import { Body, Controller, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { IsNotEmpty, MaxLength } from 'class-validator';
import type { Request } from 'express';
import { Can } from '../../shared/auth/access.decorators';
import { CurrentActor } from '../../shared/auth/current.decorators';
import type { Actor } from '../../shared/auth/request-context';
import { Invalid } from '../../shared/errors';
import { flash } from '../../shared/http/flash';
import { parseForm } from '../../shared/http/form';
import { Page } from '../../shared/http/page.decorator';
import { redirectTo } from '../../shared/http/view-result';
import { SavedFiltersService } from './saved-filters.service';

class SaveFilterForm {
  @IsNotEmpty()
  @MaxLength(80, { context: { max: 80 } })
  name: string;

  @MaxLength(2000)
  query: string;

  shared: boolean;
}

@Controller('s/:space/contacts/lists')
export class SavedFiltersController {
  constructor(private readonly filters: SavedFiltersService) {}

  @Post()
  @Can('contacts.view')
  @Page('contacts/list')
  async save(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request) {
    const parsed = await parseForm(SaveFilterForm, { query: '', ...body }, ['shared']);
    if (!parsed.ok) throw new Invalid('saved-filter', 'contacts:saved.nameRequired');
    const saved = await this.filters.save(actor, parsed.value);
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
  async pin(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body('pinned') pinned: unknown, @Req() req: Request) {
    if (pinned === 'true') await this.filters.pin(actor, id);
    else await this.filters.unpin(actor, id);
    return redirectTo(`/s/${req.space!.slug}/contacts`);
  }
}
