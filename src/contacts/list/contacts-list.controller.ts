import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Can } from '../../shared/auth/access.decorators';
import { CurrentActor } from '../../shared/auth/current.decorators';
import type { Actor } from '../../shared/auth/request-context';
import { flash } from '../../shared/http/flash';
import { emptyForm, type FormState, parseForm, withError } from '../../shared/http/form';
import { Page } from '../../shared/http/page.decorator';
import { redirectTo, unprocessable, withFragment } from '../../shared/http/view-result';
import { ContactsService } from '../contacts/contacts.service';
import { ContactForm } from '../dto/contact.form';
import { CONTACT_FORM_OPTIONS } from '../dto/contact-form-options';
import { SavedFiltersService } from '../saved-filters/saved-filters.service';
import { SupportLevelsRepository } from '../support-levels/support-levels.repository';
import { CHANNELS, ORIGINS } from '../contacts/contact.entity';
import { CONSENT_STATES, type ContactFilter, filterToQuery, isEmptyFilter, parseContactFilter, SORTS } from './contact-filter';
import { ContactsListService } from './contacts-list.service';

/** The contact base: the filtered list, and a new contact. */
@Controller('s/:space/contacts')
export class ContactsListController {
  constructor(
    private readonly list: ContactsListService,
    private readonly contacts: ContactsService,
    private readonly levels: SupportLevelsRepository,
    private readonly savedFilters: SavedFiltersService,
  ) {}

  @Get()
  @Can('contacts.view')
  @Page('contacts/list', 'contacts/_results')
  async show(
    @CurrentActor() actor: Actor,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { filter, ignored } = parseContactFilter(query);
    const page = await this.list.page(actor, filter, query.after);
    const queryString = filterToQuery(filter);
    // The address bar shows the filter's canonical form, not every empty field of the form.
    if (!query.after) res.setHeader('HX-Push-Url', `/s/${req.space!.slug}/contacts${queryString ? `?${queryString}` : ''}`);
    const data = {
      titleKey: 'contacts:list.title',
      filter,
      ignored,
      page,
      queryString,
      filtered: !isEmptyFilter(filter),
      nextQuery: page.next ? `${queryString ? `${queryString}&` : ''}after=${page.next}` : null,
    };
    // "More" appends rows to the table already shown.
    if (query.after) return withFragment('contacts/_more', data);
    const [levels, saved] = await Promise.all([this.levels.list(actor.spaceId), this.savedFilters.forPerson(actor)]);
    return { ...data, levels, saved, options: filterOptions(filter) };
  }

  private async formView(actor: Actor, form: FormState) {
    return {
      titleKey: 'contacts:form.newTitle',
      form,
      levels: await this.levels.list(actor.spaceId),
      formOptions: CONTACT_FORM_OPTIONS,
    };
  }

  @Get('new')
  @Can('contacts.edit')
  @Page('contacts/new')
  async create(@CurrentActor() actor: Actor) {
    return this.formView(actor, emptyForm({ gender: 'unknown' }));
  }

  @Post()
  @Can('contacts.edit')
  @Page('contacts/new')
  async submit(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request) {
    const parsed = await parseForm(ContactForm, body);
    if (!parsed.ok) return unprocessable(await this.formView(actor, parsed.state));
    const result = await this.contacts.create(actor, parsed.value, actor.role === 'member' ? 'field' : 'manual');
    if (!result.ok) {
      const state = Object.entries(result.errors).reduce((acc, [field, error]) => withError(acc, field, error), parsed.state);
      return unprocessable(await this.formView(actor, state));
    }
    flash(req, 'success', 'contacts:form.created');
    return redirectTo(`/s/${req.space!.slug}/contacts/${result.contact.id}`);
  }
}

/** The choices of the filter form's lists. */
function filterOptions(filter: ContactFilter) {
  const selected = filter.consent ? `${filter.consent.channel}:${filter.consent.state}` : null;
  return {
    consents: CHANNELS.flatMap((channel) =>
      CONSENT_STATES.map((state) => ({ value: `${channel}:${state}`, channel, state, selected: selected === `${channel}:${state}` })),
    ),
    origins: ORIGINS,
    sorts: SORTS,
  };
}
