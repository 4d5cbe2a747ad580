import { Body, Controller, Get, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Can } from '../../shared/auth/access.decorators';
import { CurrentActor } from '../../shared/auth/current.decorators';
import { SPACE_MODULES } from '../../shared/auth/modules';
import type { Actor } from '../../shared/auth/request-context';
import { ClientIp } from '../../shared/http/client-ip.decorator';
import { flash } from '../../shared/http/flash';
import { emptyForm, type FormState, parseForm, withError } from '../../shared/http/form';
import { Page } from '../../shared/http/page.decorator';
import { redirectTo, unprocessable } from '../../shared/http/view-result';
import { ModulesForm, SpaceSettingsForm } from './dto/space.forms';
import type { Space } from './space.entity';
import { SpacesService } from './spaces.service';
import { NavigationRegistry } from '../../shared/views/navigation.registry';

const TITLE = 'community:settings.title';

/** Space settings (admins): name, address, language, modules, invitation code. */
@Controller('s/:space/settings')
export class SpaceSettingsController {
  constructor(
    private readonly spaces: SpacesService,
    private readonly navigation: NavigationRegistry,
  ) {}

  private view(space: Space, form?: FormState, actor?: Actor) {
    return {
      settingsLinks: actor
        ? this.navigation.settingsFor({ ...space, enabledModules: space.enabledModules }, actor.role, '')
        : [],
      titleKey: TITLE,
      current: space,
      form:
        form ??
        emptyForm({ name: space.name, slug: space.slug, language: space.language, contactEmail: space.contactEmail }),
      modules: SPACE_MODULES.map((module) => ({ module, enabled: space.enabledModules.includes(module) })),
    };
  }

  @Get()
  @Can('space.settings')
  @Page('community/settings')
  async show(@CurrentActor() actor: Actor) {
    return this.view(await this.spaces.get(actor.spaceId), undefined, actor);
  }

  @Post()
  @Can('space.settings')
  @Page('community/settings', 'community/_settings-form')
  async save(
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    const space = await this.spaces.get(actor.spaceId);
    const parsed = await parseForm(SpaceSettingsForm, body);
    if (!parsed.ok) return unprocessable(this.view(space, parsed.state, actor));
    if (await this.spaces.slugTaken(parsed.value.slug, actor.spaceId)) {
      return unprocessable(
        this.view(space, withError(parsed.state, 'slug', { key: 'community:spaces.slugTaken' }), actor),
      );
    }
    const saved = await this.spaces.updateSettings(
      actor,
      { ...parsed.value, contactEmail: parsed.value.contactEmail ?? null },
      ip,
    );
    flash(req, 'success', 'community:settings.saved');
    return redirectTo(`/s/${saved.slug}/settings`);
  }

  @Post('modules')
  @Can('space.settings')
  @Page('community/settings')
  async saveModules(
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    const modules = body.modules === undefined ? [] : [body.modules].flat();
    const parsed = await parseForm(ModulesForm, { modules });
    if (!parsed.ok) return unprocessable(this.view(await this.spaces.get(actor.spaceId), undefined, actor));
    await this.spaces.setModules(
      actor.spaceId,
      parsed.value.modules ?? [],
      { id: actor.accountId, label: actor.email, bySupport: false },
      ip,
    );
    flash(req, 'success', 'community:settings.modulesSaved');
    return redirectTo(`/s/${req.space!.slug}/settings`);
  }

  @Post('invite-code')
  @Can('space.settings')
  @Page('community/settings')
  async regenerateCode(@CurrentActor() actor: Actor, @Req() req: Request, @ClientIp() ip: string) {
    await this.spaces.regenerateInviteCode(actor, ip);
    flash(req, 'success', 'community:settings.codeRegenerated');
    return redirectTo(`/s/${req.space!.slug}/settings#invite-code`);
  }
}
