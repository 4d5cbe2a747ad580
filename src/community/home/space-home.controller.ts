import { Controller, Get, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Can } from '../../shared/auth/access.decorators';
import { CurrentActor } from '../../shared/auth/current.decorators';
import { can } from '../../shared/auth/permissions';
import type { Actor } from '../../shared/auth/request-context';
import { Page } from '../../shared/http/page.decorator';
import { redirectTo } from '../../shared/http/view-result';
import { OnboardingRegistry } from '../../shared/onboarding/onboarding.registry';
import { AnnouncementsService } from '../announcements/announcements.service';
import { DocumentsService } from '../documents/documents.service';
import { MembersRepository } from '../members/members.repository';
import { SpacesService } from '../spaces/spaces.service';
import { TeamsService } from '../teams/teams.service';

/** A space's front pages: the desktop home for organisers, the field home for everyone. */
@Controller('s/:space')
export class SpaceHomeController {
  constructor(
    private readonly onboarding: OnboardingRegistry,
    private readonly announcements: AnnouncementsService,
    private readonly documents: DocumentsService,
    private readonly teams: TeamsService,
    private readonly spaces: SpacesService,
    private readonly members: MembersRepository,
  ) {}

  /** Members land on the field home; organisers on the desktop home. */
  @Get()
  @Can('space.field')
  @Page('community/home')
  enter(@CurrentActor() actor: Actor, @Req() req: Request) {
    return redirectTo(`/s/${req.space!.slug}/${can(actor.role, 'space.web') ? 'home' : 'field'}`);
  }

  @Get('home')
  @Can('space.web')
  @Page('community/home')
  async home(@CurrentActor() actor: Actor) {
    const [checklist, announcements, space, memberCount, teams] = await Promise.all([
      this.onboarding.checklist(actor.spaceId, actor.accountId, actor.role),
      this.announcements.list(actor),
      this.spaces.get(actor.spaceId),
      this.members.count(actor.spaceId),
      this.teams.list(actor),
    ]);
    return {
      titleKey: 'community:home.title',
      checklist,
      checklistDone: checklist.filter((entry) => entry.done).length,
      announcements: announcements.slice(0, 5),
      inviteCode: actor.role === 'admin' ? space.inviteCode : null,
      memberCount,
      teamCount: teams.length,
    };
  }

  @Get('field')
  @Can('space.field')
  @Page('community/field')
  async field(@CurrentActor() actor: Actor) {
    const [checklist, announcements, unread, documents, myTeams] = await Promise.all([
      this.onboarding.checklist(actor.spaceId, actor.accountId, actor.role),
      this.announcements.list(actor),
      this.announcements.unreadCount(actor),
      this.documents.list(actor),
      this.teams.teamsOf(actor.spaceId, actor.accountId),
    ]);
    return {
      titleKey: 'community:field.title',
      checklist,
      checklistDone: checklist.filter((entry) => entry.done).length,
      announcements,
      unread,
      documents: documents.slice(0, 10),
      myTeams,
    };
  }
}
