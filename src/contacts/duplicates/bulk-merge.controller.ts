import { Body, Controller, Get, Post, Req } from '@nestjs/common';
import { IsBoolean, IsInt, Min } from 'class-validator';
import { Type } from 'class-transformer';
import type { Request } from 'express';
import { Can } from '../../shared/auth/access.decorators';
import { CurrentActor } from '../../shared/auth/current.decorators';
import type { Actor } from '../../shared/auth/request-context';
import { ClientIp } from '../../shared/http/client-ip.decorator';
import { flash } from '../../shared/http/flash';
import { emptyForm, type FormState, parseForm, withError } from '../../shared/http/form';
import { Page } from '../../shared/http/page.decorator';
import { redirectTo, unprocessable } from '../../shared/http/view-result';
import { type BulkCounts, BulkMergeService } from './bulk-merge.service';

/** The numbers the person saw and confirmed: nothing is merged if they changed since. */
class BulkMergeForm {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  groups: number;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  contacts: number;

  @IsBoolean()
  confirm: boolean;
}

/** Merging at once every group whose contacts do not disagree on any field. */
@Controller('s/:space/contacts/duplicates/bulk')
export class BulkMergeController {
  constructor(private readonly bulk: BulkMergeService) {}

  private view(counts: BulkCounts, form: FormState) {
    return { titleKey: 'contacts:duplicates.bulk.title', counts, form };
  }

  @Get()
  @Can('contacts.merge')
  @Page('contacts/duplicates-bulk')
  async show(@CurrentActor() actor: Actor) {
    const counts = this.bulk.counts(await this.bulk.plan(actor));
    return this.view(counts, emptyForm({ ...counts }));
  }

  @Post()
  @Can('contacts.merge')
  @Page('contacts/duplicates-bulk')
  async submit(
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    const parsed = await parseForm(BulkMergeForm, body, ['confirm']);
    if (!parsed.ok || !parsed.value.confirm) {
      const counts = this.bulk.counts(await this.bulk.plan(actor));
      const state = parsed.ok
        ? withError(parsed.state, 'confirm', { key: 'contacts:duplicates.bulk.confirmRequired' })
        : parsed.state;
      return unprocessable(this.view(counts, { ...state, values: { ...counts } }));
    }
    const result = await this.bulk.mergeAll(
      actor,
      { groups: parsed.value.groups, contacts: parsed.value.contacts },
      ip,
    );
    if (!result.ok) {
      const state = withError(emptyForm({ ...result.counts }), '_form', { key: 'contacts:duplicates.bulk.changed' });
      return unprocessable(this.view(result.counts, state));
    }
    flash(req, 'success', 'contacts:duplicates.bulk.done', {
      count: result.counts.groups,
      contacts: result.counts.contacts,
    });
    return redirectTo(`/s/${req.space!.slug}/contacts/duplicates`);
  }
}
