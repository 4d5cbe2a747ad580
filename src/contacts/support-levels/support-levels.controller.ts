import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { IsIn, IsNotEmpty, Matches, MaxLength } from 'class-validator';
import type { Request } from 'express';
import { Can } from '../../shared/auth/access.decorators';
import { CurrentActor } from '../../shared/auth/current.decorators';
import type { Actor } from '../../shared/auth/request-context';
import { Invalid, NotFound } from '../../shared/errors';
import { ClientIp } from '../../shared/http/client-ip.decorator';
import { flash } from '../../shared/http/flash';
import { emptyForm, type FormState, parseForm } from '../../shared/http/form';
import { Page } from '../../shared/http/page.decorator';
import { redirectTo, unprocessable } from '../../shared/http/view-result';
import { AuditService } from '../../shared/audit/audit.service';
import { SUPPORT_CATEGORIES, type SupportCategory } from './support-level.entity';
import { SupportLevelsRepository } from './support-levels.repository';

class SupportLevelForm {
  @IsNotEmpty()
  @MaxLength(60, { context: { max: 60 } })
  label: string;

  @Matches(/^#[0-9a-f]{6}$/i, { message: 'contacts:levels.badColour' })
  colour: string;

  @IsIn(SUPPORT_CATEGORIES)
  category: SupportCategory;
}

const NEW_LEVEL = { colour: '#667085', category: 'supporter' };

/** Space settings › support levels: the scale, its labels, colours and order. */
@Controller('s/:space/settings/support-levels')
export class SupportLevelsController {
  constructor(
    private readonly levels: SupportLevelsRepository,
    private readonly audit: AuditService,
  ) {}

  /** The page; `editing` is a level whose changes were refused, shown with its errors. */
  private async view(actor: Actor, form: FormState, editing?: { id: string; form: FormState }) {
    const levels = await this.levels.list(actor.spaceId);
    return {
      titleKey: 'contacts:levels.title',
      levels: levels.map((level) =>
        level.id === editing?.id
          ? { ...level, ...editing.form.values, id: level.id, errors: editing.form.errors }
          : level,
      ),
      form,
      categories: SUPPORT_CATEGORIES,
      categoryOptions: SUPPORT_CATEGORIES.map((category) => ({
        value: category,
        label: `contacts:levels.categories.${category}`,
      })),
    };
  }

  @Get()
  @Can('space.settings')
  @Page('contacts/support-levels')
  show(@CurrentActor() actor: Actor) {
    return this.view(actor, emptyForm(NEW_LEVEL));
  }

  @Post()
  @Can('space.settings')
  @Page('contacts/support-levels')
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    const parsed = await parseForm(SupportLevelForm, body);
    if (!parsed.ok) return unprocessable(await this.view(actor, parsed.state));
    const level = await this.levels.create(actor.spaceId, {
      ...parsed.value,
      colour: parsed.value.colour.toLowerCase(),
    });
    await this.audit.recordAct(
      actor,
      'support_level.created',
      { type: 'support_level', id: level.id, label: level.label },
      ip,
    );
    flash(req, 'success', 'contacts:levels.saved');
    return redirectTo(`/s/${req.space!.slug}/settings/support-levels`);
  }

  /** Renaming keeps history readable: the timeline kept the label of the day. */
  @Post(':id')
  @Can('space.settings')
  @Page('contacts/support-levels')
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    const level = await this.requireLevel(actor, id);
    const parsed = await parseForm(SupportLevelForm, body);
    if (!parsed.ok) return unprocessable(await this.view(actor, emptyForm(NEW_LEVEL), { id, form: parsed.state }));
    await this.levels.update(actor.spaceId, id, { ...parsed.value, colour: parsed.value.colour.toLowerCase() });
    await this.audit.recordAct(
      actor,
      'support_level.changed',
      { type: 'support_level', id, label: parsed.value.label },
      ip,
      {
        from: level.label,
      },
    );
    flash(req, 'success', 'contacts:levels.saved');
    return redirectTo(`/s/${req.space!.slug}/settings/support-levels`);
  }

  @Post(':id/move')
  @Can('space.settings')
  @Page('contacts/support-levels')
  async move(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body('direction') direction: unknown,
    @Req() req: Request,
  ) {
    await this.requireLevel(actor, id);
    if (direction !== 'up' && direction !== 'down') throw new Invalid('direction');
    await this.levels.move(actor.spaceId, id, direction);
    return redirectTo(`/s/${req.space!.slug}/settings/support-levels`);
  }

  /** Contacts at this level keep their other data and have no level any more. */
  @Post(':id/delete')
  @Can('space.settings')
  @Page('contacts/support-levels')
  async delete(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    const level = await this.requireLevel(actor, id);
    const used = await this.levels.usage(actor.spaceId, id);
    await this.levels.delete(actor.spaceId, level, actor.accountId);
    await this.audit.recordAct(actor, 'support_level.deleted', { type: 'support_level', id, label: level.label }, ip, {
      contacts: used,
    });
    flash(req, 'success', 'contacts:levels.deleted', { count: used });
    return redirectTo(`/s/${req.space!.slug}/settings/support-levels`);
  }

  private async requireLevel(actor: Actor, id: string) {
    const level = await this.levels.find(actor.spaceId, id);
    if (!level) throw new NotFound('support-level');
    return level;
  }
}
