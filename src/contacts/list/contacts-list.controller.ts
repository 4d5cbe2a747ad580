import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Can } from '../../shared/auth/access.decorators';
import { CurrentActor } from '../../shared/auth/current.decorators';
import type { Actor } from '../../shared/auth/request-context';
import { flash } from '../../shared/http/flash';
import { wantsFragment } from '../../shared/http/htmx';
import { emptyForm, type FormState, parseForm, withError } from '../../shared/http/form';
import { Page } from '../../shared/http/page.decorator';
import { redirectTo, unprocessable, withFragment } from '../../shared/http/view-result';
import { ContactsService } from '../contacts/contacts.service';
import { ContactForm } from '../dto/contact.form';
import { CONTACT_FORM_OPTIONS } from '../dto/contact-form-options';
import { SupportLevelsRepository } from '../support-levels/support-levels.repository';
import { ContactsListPage } from './contacts-list.page';

/** The contact base: the filtered list, and a new contact. */
@Controller('s/:space/contacts')
export class ContactsListController {
  constructor(
    private readonly listPage: ContactsListPage,
    private readonly contacts: ContactsService,
    private readonly levels: SupportLevelsRepository,
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
    const fragment = wantsFragment(req);
    const data = await this.listPage.data(actor, req.space!.slug, query, { fragment });
    // Only for a filter change: a history restore must not push the address it came back to.
    if (fragment && !query.after) res.setHeader('HX-Push-Url', data.canonicalUrl);
    // "More" appends rows to the table already shown; without JavaScript it opens as a page.
    if (query.after && fragment) return withFragment('contacts/_more', data);
    return data;
  }

  /** The form's data; it carries its own addresses, since htmx may render it alone. */
  private async formView(actor: Actor, slug: string, form: FormState) {
    return {
      titleKey: 'contacts:form.newTitle',
      action: `/s/${slug}/contacts`,
      cancel: `/s/${slug}/contacts`,
      form,
      levels: await this.levels.list(actor.spaceId),
      formOptions: CONTACT_FORM_OPTIONS,
    };
  }

  @Get('new')
  @Can('contacts.edit')
  @Page('contacts/new', 'contacts/_form')
  async create(@CurrentActor() actor: Actor, @Req() req: Request) {
    return this.formView(actor, req.space!.slug, emptyForm({ gender: 'unknown' }));
  }

  @Post()
  @Can('contacts.edit')
  @Page('contacts/new', 'contacts/_form')
  async submit(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request) {
    const parsed = await parseForm(ContactForm, body);
    if (!parsed.ok) return unprocessable(await this.formView(actor, req.space!.slug, parsed.state));
    const result = await this.contacts.create(actor, parsed.value, actor.role === 'member' ? 'field' : 'manual');
    if (!result.ok) {
      const state = Object.entries(result.errors).reduce(
        (acc, [field, error]) => withError(acc, field, error),
        parsed.state,
      );
      return unprocessable(await this.formView(actor, req.space!.slug, state));
    }
    flash(req, 'success', 'contacts:form.created');
    return redirectTo(`/s/${req.space!.slug}/contacts/${result.contact.id}`);
  }
}
