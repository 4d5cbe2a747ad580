import { Body, Controller, Get, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Can } from '../../shared/auth/access.decorators';
import { CurrentActor } from '../../shared/auth/current.decorators';
import type { Actor } from '../../shared/auth/request-context';
import { ClientIp } from '../../shared/http/client-ip.decorator';
import { flash } from '../../shared/http/flash';
import { emptyForm, type FormState, parseForm, withError } from '../../shared/http/form';
import { Page } from '../../shared/http/page.decorator';
import { redirectTo, unprocessable } from '../../shared/http/view-result';
import { PurgeForm } from './retention.forms';
import { RetentionService } from './retention.service';

/** The contacts past the retention rule: preview, then purge after confirming the count. */
@Controller('s/:space/contacts/retention')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  private async view(actor: Actor, after: unknown, form: FormState) {
    const preview = await this.retention.preview(actor, after);
    return {
      titleKey: 'contacts:gdpr.retention.title',
      preview,
      // The confirmation carries what this preview showed, not what the person may have typed.
      form: { ...form, values: preview ? { cutoff: preview.cutoff.toISOString(), count: preview.count } : {} },
    };
  }

  @Get()
  @Can('contacts.gdpr')
  @Page('contacts/retention')
  show(@CurrentActor() actor: Actor, @Query('after') after: unknown) {
    return this.view(actor, after, emptyForm());
  }

  @Post('purge')
  @Can('contacts.gdpr')
  @Page('contacts/retention')
  async purge(
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    const parsed = await parseForm(PurgeForm, body, ['confirm']);
    let state = parsed.state;
    if (parsed.ok && !parsed.value.confirm)
      state = withError(state, 'confirm', { key: 'contacts:gdpr.retention.confirmRequired' });
    if (!parsed.ok || state.errorCount > 0) return unprocessable(await this.view(actor, null, state));
    const result = await this.retention.purge(
      actor,
      { cutoff: new Date(parsed.value.cutoff), count: Number(parsed.value.count) },
      ip,
    );
    if (!result.ok) {
      const error = withError(state, '_form', { key: `contacts:gdpr.retention.refused.${result.reason}` });
      return unprocessable(await this.view(actor, null, error));
    }
    flash(req, 'success', 'contacts:gdpr.retention.purged', { count: result.purged.contacts });
    return redirectTo(`/s/${req.space!.slug}/contacts/retention`);
  }
}
