import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Can } from '../../shared/auth/access.decorators';
import { CurrentActor } from '../../shared/auth/current.decorators';
import type { Actor } from '../../shared/auth/request-context';
import { ClientIp } from '../../shared/http/client-ip.decorator';
import { flash } from '../../shared/http/flash';
import { emptyForm, type FormState, parseForm, withError } from '../../shared/http/form';
import { Page } from '../../shared/http/page.decorator';
import { redirectTo, unprocessable } from '../../shared/http/view-result';
import { ContactDossierService, dossierJson } from './contact-dossier.service';
import { ContactErasureService } from './contact-erasure.service';
import { ErasureForm } from './erasure.form';

/** A contact's GDPR rights (admins): everything about them, as a page or a file; erasure. */
@Controller('s/:space/contacts/:id')
export class ContactGdprController {
  constructor(
    private readonly dossiers: ContactDossierService,
    private readonly erasure: ContactErasureService,
  ) {}

  @Get('gdpr')
  @Can('contacts.gdpr')
  @Page('contacts/gdpr')
  async show(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    const dossier = await this.dossiers.build(actor, id, req.lang, 'page', ip);
    return { titleKey: 'contacts:gdpr.title', titleValues: { name: dossier.name }, ...dossier };
  }

  @Get('gdpr.json')
  @Can('contacts.gdpr')
  async download(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: Request,
    @Res() res: Response,
    @ClientIp() ip: string,
  ) {
    const dossier = await this.dossiers.build(actor, id, req.lang, 'json', ip);
    res.setHeader('Content-Disposition', `attachment; filename="contact-${id}.json"`);
    res.type('application/json').send(JSON.stringify(dossierJson(dossier, new Date()), null, 2));
  }

  private async erasureView(actor: Actor, id: string, req: Request, form: FormState) {
    const { contact, name, confirmation } = await this.erasure.prepare(actor, id, req.lang);
    return { titleKey: 'contacts:gdpr.erase.title', titleValues: { name }, contact, name, confirmation, form };
  }

  @Get('erase')
  @Can('contacts.gdpr')
  @Page('contacts/erase', 'contacts/_erase-form')
  confirm(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request) {
    return this.erasureView(actor, id, req, emptyForm());
  }

  @Post('erase')
  @Can('contacts.gdpr')
  @Page('contacts/erase', 'contacts/_erase-form')
  async erase(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    // The contact first: a missing one answers 404 whatever was typed.
    await this.erasure.prepare(actor, id, req.lang);
    const parsed = await parseForm(ErasureForm, body);
    if (!parsed.ok) return unprocessable(await this.erasureView(actor, id, req, parsed.state));
    if (!(await this.erasure.erase(actor, id, parsed.value.name, req.lang, ip))) {
      const state = withError(parsed.state, 'name', { key: 'contacts:gdpr.erase.mismatch' });
      return unprocessable(await this.erasureView(actor, id, req, state));
    }
    flash(req, 'success', 'contacts:gdpr.erase.done');
    return redirectTo(`/s/${req.space!.slug}/contacts`);
  }
}
