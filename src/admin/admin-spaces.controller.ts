import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { CommunityQueries } from '../community/community.queries';
import { Staff } from '../shared/auth/access.decorators';
import { CurrentAccount } from '../shared/auth/current.decorators';
import type { SessionAccount } from '../shared/auth/directories';
import { isSpaceModule, SPACE_MODULES } from '../shared/auth/modules';
import { NotFound } from '../shared/errors';
import { Events } from '../shared/events/events';
import { ClientIp } from '../shared/http/client-ip.decorator';
import { flash } from '../shared/http/flash';
import { Page } from '../shared/http/page.decorator';
import { redirectTo } from '../shared/http/view-result';

@Controller('admin')
export class AdminSpacesController {
  constructor(
    private readonly community: CommunityQueries,
    private readonly events: Events,
  ) {}

  @Get()
  @Staff()
  @Page('admin/spaces')
  async spaces(@Query('after') after?: string) {
    return { titleKey: 'admin:spaces.title', page: await this.community.spacesForSupport(after) };
  }

  @Get('spaces/:id')
  @Staff()
  @Page('admin/space')
  async space(@Param('id', ParseUUIDPipe) id: string) {
    const space = await this.community.spaceForSupport(id);
    if (!space) throw new NotFound('space');
    return {
      titleKey: 'admin:space.title',
      titleValues: { name: space.name },
      space,
      modules: SPACE_MODULES.map((module) => ({ module, enabled: space.enabledModules.includes(module) })),
    };
  }

  /** Turning modules on or off is written to the space's own log, marked as support's doing. */
  @Post('spaces/:id/modules')
  @Staff()
  @Page('admin/space')
  async setModules(
    @CurrentAccount() staff: SessionAccount,
    @Param('id', ParseUUIDPipe) id: string,
    @Body('modules') modules: unknown,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    const chosen = [modules ?? []].flat().filter(isSpaceModule);
    await this.events.emit('support.modules_set', {
      spaceId: id,
      modules: chosen,
      staff: { id: staff.id, label: staff.email },
      ip,
    });
    flash(req, 'success', 'admin:space.modulesSaved');
    return redirectTo(`/admin/spaces/${id}`);
  }
}
