import { Injectable } from '@nestjs/common';
import { AuditService } from '../../shared/audit/audit.service';
import type { Actor } from '../../shared/auth/request-context';
import { Conflict, Forbidden, NotFound } from '../../shared/errors';
import { SpacesRepository } from '../spaces/spaces.repository';
import type { Team } from './team.entity';
import { TeamsRepository } from './teams.repository';

const isManager = (actor: Actor) => actor.role === 'admin' || actor.role === 'supervisor';

/**
 * Teams. Admins and supervisors create, rename, delete them and name coordinators;
 * a coordinator sees and manages the members of the teams they coordinate, and no other
 * (another team answers 404, like a missing one).
 */
@Injectable()
export class TeamsService {
  constructor(
    private readonly teams: TeamsRepository,
    private readonly spaces: SpacesRepository,
    private readonly audit: AuditService,
  ) {}

  /** The teams a coordinator coordinates (everything for admins and supervisors: null). */
  async scopeOf(actor: Actor): Promise<string[] | null> {
    if (isManager(actor)) return null;
    const mine = await this.teams.teamsOf(actor.spaceId, actor.accountId);
    return mine.filter((team) => team.isCoordinator).map((team) => team.id);
  }

  async list(actor: Actor) {
    return this.teams.summaries(actor.spaceId, (await this.scopeOf(actor)) ?? undefined);
  }

  /** The team, if the actor may manage it; 404 otherwise. */
  async requireTeam(actor: Actor, teamId: string): Promise<Team> {
    const team = await this.teams.find(actor.spaceId, teamId);
    const scope = team ? await this.scopeOf(actor) : null;
    if (!team || (scope && !scope.includes(team.id))) throw new NotFound('team');
    return team;
  }

  members(actor: Actor, teamId: string) {
    return this.teams.membersOf(actor.spaceId, teamId);
  }

  teamsOf(spaceId: string, accountId: string) {
    return this.teams.teamsOf(spaceId, accountId);
  }

  nameTaken(spaceId: string, name: string, exceptTeamId?: string) {
    return this.teams.nameTaken(spaceId, name, exceptTeamId);
  }

  /** Only admins and supervisors create teams. */
  assertCanCreate(actor: Actor) {
    if (!isManager(actor)) throw new Forbidden('teams-create');
  }

  async create(actor: Actor, name: string, ip: string): Promise<Team> {
    this.assertCanCreate(actor);
    if (await this.teams.nameTaken(actor.spaceId, name)) throw new Conflict('team-name-taken');
    const team = await this.teams.create(actor.spaceId, name, actor.accountId);
    await this.record(actor, 'team.created', team, ip);
    return team;
  }

  async rename(actor: Actor, teamId: string, name: string, ip: string) {
    const team = await this.requireTeam(actor, teamId);
    if (await this.teams.nameTaken(actor.spaceId, name, teamId)) throw new Conflict('team-name-taken');
    await this.teams.rename(actor.spaceId, teamId, name);
    await this.record(actor, 'team.renamed', team, ip, { from: team.name, to: name });
  }

  async delete(actor: Actor, teamId: string, ip: string) {
    if (!isManager(actor)) throw new Forbidden('teams-delete');
    const team = await this.requireTeam(actor, teamId);
    await this.teams.delete(actor.spaceId, teamId);
    await this.record(actor, 'team.deleted', team, ip);
  }

  async addMember(actor: Actor, teamId: string, accountId: string, ip: string) {
    const team = await this.requireTeam(actor, teamId);
    if (!(await this.spaces.findMembership(actor.spaceId, accountId))) throw new NotFound('member');
    await this.teams.addMember(actor.spaceId, teamId, accountId);
    await this.record(actor, 'team.member_added', team, ip, { accountId });
  }

  async removeMember(actor: Actor, teamId: string, accountId: string, ip: string) {
    const team = await this.requireTeam(actor, teamId);
    await this.teams.removeMember(actor.spaceId, teamId, accountId);
    await this.record(actor, 'team.member_removed', team, ip, { accountId });
  }

  /**
   * Names (or un-names) a coordinator of the team. A plain member named coordinator gets
   * the coordinator role, without which they could not reach the team's pages.
   */
  async setCoordinator(actor: Actor, teamId: string, accountId: string, isCoordinator: boolean, ip: string) {
    if (!isManager(actor)) throw new Forbidden('teams-coordinator');
    const team = await this.requireTeam(actor, teamId);
    if (!(await this.teams.isMember(actor.spaceId, teamId, accountId))) throw new NotFound('member');
    await this.teams.transaction(async (manager) => {
      await this.teams.setCoordinator(actor.spaceId, teamId, accountId, isCoordinator, manager);
      const membership = await this.spaces.findMembership(actor.spaceId, accountId, manager);
      if (isCoordinator && membership?.role === 'member') {
        await this.spaces.setRole(actor.spaceId, accountId, 'coordinator', manager);
        await this.audit.recordAct(
          actor,
          'member.role_changed',
          { type: 'account', id: accountId },
          ip,
          { from: 'member', to: 'coordinator', because: 'team-coordinator' },
          manager,
        );
      }
    });
    await this.record(actor, isCoordinator ? 'team.coordinator_named' : 'team.coordinator_removed', team, ip, {
      accountId,
    });
  }

  private record(actor: Actor, action: string, team: Team, ip: string, details?: Record<string, unknown>) {
    return this.audit.recordAct(actor, action, { type: 'team', id: team.id, label: team.name }, ip, details);
  }
}
