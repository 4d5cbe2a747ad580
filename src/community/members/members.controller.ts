import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Can } from '../../shared/auth/access.decorators';
import { CurrentActor } from '../../shared/auth/current.decorators';
import type { Actor } from '../../shared/auth/request-context';
import { ROLES } from '../../shared/auth/roles';
import { Invalid } from '../../shared/errors';
import { ClientIp } from '../../shared/http/client-ip.decorator';
import { flash } from '../../shared/http/flash';
import { parseForm } from '../../shared/http/form';
import { Page } from '../../shared/http/page.decorator';
import { redirectTo } from '../../shared/http/view-result';
import { OnboardingRegistry } from '../../shared/onboarding/onboarding.registry';
import { TeamsService } from '../teams/teams.service';
import { MemberFilterForm, RoleForm } from './dto/member.forms';
import { MembersService } from './members.service';

/** The member directory (filters, roles, removal), onboarding progress, and leaving a space. */
@Controller('s/:space')
export class MembersController {
  constructor(
    private readonly members: MembersService,
    private readonly teams: TeamsService,
    private readonly onboarding: OnboardingRegistry,
  ) {}

  @Get('members')
  @Can('members.view')
  @Page('community/members', 'community/_members-list')
  async directory(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    const parsed = await parseForm(MemberFilterForm, query);
    const filters = parsed.ok ? parsed.value : {};
    const page = await this.members.directory(
      actor.spaceId,
      { text: filters.q, role: filters.role, teamId: filters.team },
      filters.after,
    );
    return {
      titleKey: 'community:members.title',
      page,
      filters,
      roles: ROLES,
      teams: await this.teams.list(actor),
      canManage: actor.role === 'admin',
      nextQuery: page.next ? new URLSearchParams({ ...strip({ ...filters }), after: page.next }).toString() : null,
    };
  }

  @Post('members/:accountId/role')
  @Can('members.manage')
  @Page('community/members')
  async changeRole(
    @CurrentActor() actor: Actor,
    @Param('accountId', ParseUUIDPipe) accountId: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    const parsed = await parseForm(RoleForm, body);
    if (!parsed.ok) throw new Invalid('role');
    await this.members.changeRole(actor, accountId, parsed.value.role, ip);
    flash(req, 'success', 'community:members.roleChanged');
    return redirectTo(`/s/${req.space!.slug}/members`);
  }

  @Post('members/:accountId/remove')
  @Can('members.manage')
  @Page('community/members')
  async remove(
    @CurrentActor() actor: Actor,
    @Param('accountId', ParseUUIDPipe) accountId: string,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    await this.members.remove(actor, accountId, ip);
    flash(req, 'success', 'community:members.removed');
    return redirectTo(`/s/${req.space!.slug}/members`);
  }

  @Get('members/onboarding')
  @Can('members.manage')
  @Page('community/members-onboarding')
  async progress(@CurrentActor() actor: Actor) {
    const everyone = await this.members.everyone(actor.spaceId);
    const progress = await this.onboarding.progress(actor.spaceId, everyone);
    return {
      titleKey: 'community:members.onboardingTitle',
      people: everyone.map((person) => ({ ...person, ...progress.get(person.accountId)! })),
    };
  }

  @Post('leave')
  @Can('space.field')
  @Page('community/field')
  async leave(@CurrentActor() actor: Actor, @Req() req: Request, @ClientIp() ip: string) {
    await this.members.leave(actor, ip);
    flash(req, 'success', 'community:members.left', { name: req.space!.name });
    return redirectTo('/spaces');
  }
}

function strip(filters: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(filters).filter(([key, value]) => key !== 'after' && typeof value === 'string' && value) as [
      string,
      string,
    ][],
  );
}
