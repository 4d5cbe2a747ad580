import { Body, Controller, Get, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Can } from '../../shared/auth/access.decorators';
import { CurrentActor } from '../../shared/auth/current.decorators';
import type { Actor } from '../../shared/auth/request-context';
import { ClientIp } from '../../shared/http/client-ip.decorator';
import { flash } from '../../shared/http/flash';
import { emptyForm, type FormState, parseForm } from '../../shared/http/form';
import { Page } from '../../shared/http/page.decorator';
import { redirectTo, unprocessable } from '../../shared/http/view-result';
import { RetentionSettingsForm } from './retention.forms';
import { RetentionService } from './retention.service';

/** Space settings › contacts: the retention rule. */
@Controller('s/:space/settings/contacts')
export class RetentionSettingsController {
  constructor(private readonly retention: RetentionService) {}

  private view(form: FormState) {
    return { titleKey: 'contacts:gdpr.settings.title', form };
  }

  @Get()
  @Can('contacts.gdpr')
  @Page('contacts/retention-settings', 'contacts/_retention-settings-form')
  async show(@CurrentActor() actor: Actor) {
    const months = await this.retention.months(actor);
    return this.view(emptyForm({ retentionMonths: months ?? '' }));
  }

  @Post()
  @Can('contacts.gdpr')
  @Page('contacts/retention-settings', 'contacts/_retention-settings-form')
  async save(
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    const parsed = await parseForm(RetentionSettingsForm, body);
    if (!parsed.ok) return unprocessable(this.view(parsed.state));
    const months = parsed.value.retentionMonths ? Number(parsed.value.retentionMonths) : null;
    await this.retention.setMonths(actor, months, ip);
    flash(req, 'success', 'contacts:gdpr.settings.saved');
    return redirectTo(`/s/${req.space!.slug}/settings/contacts`);
  }
}
