import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Can } from '../../shared/auth/access.decorators';
import { CurrentActor } from '../../shared/auth/current.decorators';
import type { Actor } from '../../shared/auth/request-context';
import { ClientIp } from '../../shared/http/client-ip.decorator';
import { flash } from '../../shared/http/flash';
import { emptyForm, type FormState, parseForm, withError } from '../../shared/http/form';
import { Page } from '../../shared/http/page.decorator';
import { redirectTo, unprocessable } from '../../shared/http/view-result';
import { MembersService } from '../members/members.service';
import { TeamMemberForm, TeamNameForm } from './dto/team.forms';
import { TeamsService } from './teams.service';

@Controller('s/:space/teams')
export class TeamsController {
  constructor(
    private readonly teams: TeamsService,
    private readonly members: MembersService,
  ) {}

  private async listView(actor: Actor, form: FormState) {
    return {
      titleKey: 'community:teams.title',
      teams: await this.teams.list(actor),
      form,
      canCreate: actor.role === 'admin' || actor.role === 'supervisor',
    };
  }

  private async teamView(actor: Actor, teamId: string, renameForm?: FormState, addForm?: FormState) {
    const team = await this.teams.requireTeam(actor, teamId);
    const members = await this.teams.members(actor, teamId);
    const inTeam = new Set(members.map((member) => member.accountId));
    const everyone = await this.members.everyone(actor.spaceId);
    return {
      titleKey: 'community:teams.teamTitle',
      titleValues: { name: team.name },
      team,
      members,
      candidates: everyone.filter((person) => !inTeam.has(person.accountId)),
      renameForm: renameForm ?? emptyForm({ name: team.name }),
      addForm: addForm ?? emptyForm(),
      isManager: actor.role === 'admin' || actor.role === 'supervisor',
    };
  }

  @Get()
  @Can('teams.manage')
  @Page('community/teams', 'community/_teams-list')
  list(@CurrentActor() actor: Actor) {
    return this.listView(actor, emptyForm());
  }

  @Post()
  @Can('teams.manage')
  @Page('community/teams', 'community/_teams-list')
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    this.teams.assertCanCreate(actor);
    const parsed = await parseForm(TeamNameForm, body);
    if (!parsed.ok) return unprocessable(await this.listView(actor, parsed.state));
    if (await this.teams.nameTaken(actor.spaceId, parsed.value.name)) {
      return unprocessable(
        await this.listView(actor, withError(parsed.state, 'name', { key: 'community:teams.nameTaken' })),
      );
    }
    const team = await this.teams.create(actor, parsed.value.name, ip);
    flash(req, 'success', 'community:teams.created', { name: team.name });
    return redirectTo(`/s/${req.space!.slug}/teams/${team.id}`);
  }

  @Get(':teamId')
  @Can('teams.manage')
  @Page('community/team')
  show(@CurrentActor() actor: Actor, @Param('teamId', ParseUUIDPipe) teamId: string) {
    return this.teamView(actor, teamId);
  }

  @Post(':teamId/rename')
  @Can('teams.manage')
  @Page('community/team')
  async rename(
    @CurrentActor() actor: Actor,
    @Param('teamId', ParseUUIDPipe) teamId: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    const parsed = await parseForm(TeamNameForm, body);
    if (!parsed.ok) return unprocessable(await this.teamView(actor, teamId, parsed.state));
    if (await this.teams.nameTaken(actor.spaceId, parsed.value.name, teamId)) {
      return unprocessable(
        await this.teamView(actor, teamId, withError(parsed.state, 'name', { key: 'community:teams.nameTaken' })),
      );
    }
    await this.teams.rename(actor, teamId, parsed.value.name, ip);
    flash(req, 'success', 'community:teams.renamed');
    return redirectTo(`/s/${req.space!.slug}/teams/${teamId}`);
  }

  @Post(':teamId/delete')
  @Can('teams.manage')
  @Page('community/team')
  async delete(
    @CurrentActor() actor: Actor,
    @Param('teamId', ParseUUIDPipe) teamId: string,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    await this.teams.delete(actor, teamId, ip);
    flash(req, 'success', 'community:teams.deleted');
    return redirectTo(`/s/${req.space!.slug}/teams`);
  }

  @Post(':teamId/members')
  @Can('teams.manage')
  @Page('community/team')
  async addMember(
    @CurrentActor() actor: Actor,
    @Param('teamId', ParseUUIDPipe) teamId: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    const parsed = await parseForm(TeamMemberForm, body);
    if (!parsed.ok) return unprocessable(await this.teamView(actor, teamId, undefined, parsed.state));
    await this.teams.addMember(actor, teamId, parsed.value.accountId, ip);
    flash(req, 'success', 'community:teams.memberAdded');
    return redirectTo(`/s/${req.space!.slug}/teams/${teamId}`);
  }

  @Post(':teamId/members/:accountId/remove')
  @Can('teams.manage')
  @Page('community/team')
  async removeMember(
    @CurrentActor() actor: Actor,
    @Param('teamId', ParseUUIDPipe) teamId: string,
    @Param('accountId', ParseUUIDPipe) accountId: string,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    await this.teams.removeMember(actor, teamId, accountId, ip);
    flash(req, 'success', 'community:teams.memberRemoved');
    return redirectTo(`/s/${req.space!.slug}/teams/${teamId}`);
  }

  @Post(':teamId/members/:accountId/coordinator')
  @Can('teams.manage')
  @Page('community/team')
  async setCoordinator(
    @CurrentActor() actor: Actor,
    @Param('teamId', ParseUUIDPipe) teamId: string,
    @Param('accountId', ParseUUIDPipe) accountId: string,
    @Body('coordinator') coordinator: unknown,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    const isCoordinator = coordinator === 'true';
    await this.teams.setCoordinator(actor, teamId, accountId, isCoordinator, ip);
    flash(req, 'success', isCoordinator ? 'community:teams.coordinatorNamed' : 'community:teams.coordinatorRemoved');
    return redirectTo(`/s/${req.space!.slug}/teams/${teamId}`);
  }
}
