import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Can } from '../../shared/auth/access.decorators';
import { CurrentActor } from '../../shared/auth/current.decorators';
import type { Actor } from '../../shared/auth/request-context';
import { Forbidden } from '../../shared/errors';
import { ClientIp } from '../../shared/http/client-ip.decorator';
import { flash } from '../../shared/http/flash';
import { emptyForm, type FormState, parseForm, withError } from '../../shared/http/form';
import { Page } from '../../shared/http/page.decorator';
import { redirectTo, unprocessable } from '../../shared/http/view-result';
import { ConsentForm } from '../dto/consent.form';
import type { Contact } from '../contacts/contact.entity';
import { ContactsService } from '../contacts/contacts.service';
import { ContactForm } from '../dto/contact.form';
import { CONTACT_FORM_OPTIONS } from '../dto/contact-form-options';
import { ConsentsService } from '../consents/consents.service';
import { MergeHistoryService } from '../duplicates/merge-history.service';
import { SupportLevelsRepository } from '../support-levels/support-levels.repository';
import { ContactSheetService } from './contact-sheet.service';

/** A contact's sheet: read, edit in place, consents, "ne plus contacter", delete. */
@Controller('s/:space/contacts/:id')
export class ContactSheetController {
  constructor(
    private readonly sheet: ContactSheetService,
    private readonly contacts: ContactsService,
    private readonly consents: ConsentsService,
    private readonly levels: SupportLevelsRepository,
    private readonly mergeHistory: MergeHistoryService,
  ) {}

  @Get()
  @Can('contacts.view')
  @Page('contacts/sheet')
  async show(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @ClientIp() ip: string,
    @Req() req: Request,
  ) {
    // The old address of a merged contact leads an admin to the contact it is now part of.
    const master = await this.mergeHistory.liveMasterOf(actor, id);
    if (master) return redirectTo(`/s/${req.space!.slug}/contacts/${master}`);
    const sheet = await this.sheet.open(actor, id, ip);
    return { titleKey: 'contacts:sheet.title', titleValues: { name: sheet.name }, ...sheet, consentForm: emptyForm() };
  }

  /** The form's data; it carries its own addresses, since htmx may render it alone (quick edit). */
  private async editView(actor: Actor, slug: string, contact: Contact, form: FormState) {
    return {
      titleKey: 'contacts:form.editTitle',
      action: `/s/${slug}/contacts/${contact.id}`,
      cancel: `/s/${slug}/contacts/${contact.id}`,
      contact,
      form,
      levels: await this.levels.list(actor.spaceId),
      formOptions: CONTACT_FORM_OPTIONS,
    };
  }

  @Get('edit')
  @Can('contacts.edit')
  @Page('contacts/edit', 'contacts/_form')
  async edit(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request) {
    const contact = await this.contacts.require(actor, id);
    return this.editView(actor, req.space!.slug, contact, emptyForm(formValues(contact)));
  }

  @Post()
  @Can('contacts.edit')
  @Page('contacts/edit', 'contacts/_form')
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
  ) {
    const contact = await this.contacts.require(actor, id);
    const parsed = await parseForm(ContactForm, body);
    if (!parsed.ok) return unprocessable(await this.editView(actor, req.space!.slug, contact, parsed.state));
    const result = await this.contacts.update(actor, id, parsed.value);
    if (!result.ok) {
      const state = Object.entries(result.errors).reduce(
        (acc, [field, error]) => withError(acc, field, error),
        parsed.state,
      );
      return unprocessable(await this.editView(actor, req.space!.slug, contact, state));
    }
    flash(req, 'success', 'contacts:form.saved');
    return redirectTo(`/s/${req.space!.slug}/contacts/${id}`);
  }

  @Post('consents')
  @Can('contacts.edit')
  @Page('contacts/sheet')
  async recordConsent(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    const parsed = await parseForm(ConsentForm, body);
    if (!parsed.ok) {
      const sheet = await this.sheet.open(actor, id, ip);
      return unprocessable({
        titleKey: 'contacts:sheet.title',
        titleValues: { name: sheet.name },
        ...sheet,
        consentForm: parsed.state,
      });
    }
    await this.consents.decide(actor, id, parsed.value);
    flash(req, 'success', 'contacts:consents.recorded');
    return redirectTo(`/s/${req.space!.slug}/contacts/${id}#consents`);
  }

  @Post('do-not-contact')
  @Can('contacts.edit')
  @Page('contacts/sheet')
  async doNotContact(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    await this.contacts.doNotContact(actor, id, ip);
    flash(req, 'success', 'contacts:sheet.doNotContactDone');
    return redirectTo(`/s/${req.space!.slug}/contacts/${id}`);
  }

  @Post('do-not-contact/lift')
  @Can('contacts.edit')
  @Page('contacts/sheet')
  async liftDoNotContact(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    // Only organisers may undo a person's wish not to be contacted.
    if (actor.role !== 'admin' && actor.role !== 'supervisor') throw new Forbidden('lift-do-not-contact');
    await this.contacts.liftDoNotContact(actor, id, ip);
    flash(req, 'success', 'contacts:sheet.doNotContactLifted');
    return redirectTo(`/s/${req.space!.slug}/contacts/${id}`);
  }

  @Post('delete')
  @Can('contacts.edit')
  @Page('contacts/sheet')
  async delete(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body('confirm') confirm: unknown,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    if (actor.role !== 'admin' && actor.role !== 'supervisor') throw new Forbidden('delete-contact');
    if (confirm !== 'yes') {
      const sheet = await this.sheet.open(actor, id, ip);
      return unprocessable({
        titleKey: 'contacts:sheet.title',
        titleValues: { name: sheet.name },
        ...sheet,
        consentForm: emptyForm(),
        deleteForm: withError(emptyForm(), 'confirm', { key: 'contacts:sheet.deleteConfirmRequired' }),
      });
    }
    await this.contacts.delete(actor, id, ip);
    flash(req, 'success', 'contacts:sheet.deleted');
    return redirectTo(`/s/${req.space!.slug}/contacts`);
  }
}

/** The form's values from a contact, as the form fields expect them. */
function formValues(contact: Contact): Record<string, unknown> {
  const consent = (value: boolean | null) => (value === null ? '' : value ? 'granted' : 'refused');
  return {
    firstName: contact.firstName,
    lastName: contact.lastName,
    gender: contact.gender,
    birthDate: contact.birthDate,
    email: contact.email,
    phone: contact.phoneRaw ?? contact.phone,
    streetNumber: contact.streetNumber,
    street: contact.street,
    postcode: contact.postcode,
    city: contact.city,
    inseeCode: contact.inseeCode,
    latitude: contact.latitude,
    longitude: contact.longitude,
    supportLevelId: contact.supportLevelId,
    tags: contact.tags.join(', '),
    notes: contact.notes,
    consentEmail: consent(contact.consentEmail),
    consentSms: consent(contact.consentSms),
    consentPhone: consent(contact.consentPhone),
    consentPost: consent(contact.consentPost),
  };
}
