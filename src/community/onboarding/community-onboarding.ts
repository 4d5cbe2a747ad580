import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OnboardingRegistry } from '../../shared/onboarding/onboarding.registry';
import { NavigationRegistry } from '../../shared/views/navigation.registry';
import { CommunityOnboardingRepository } from './onboarding.repository';

/** A space-wide fact ticks the step for everyone concerned. */
const forEveryone = (fact: (spaceId: string) => Promise<boolean>) => async (spaceId: string, accountIds: string[]) =>
  new Set((await fact(spaceId)) ? accountIds : []);

/** Registers community's onboarding steps and navigation links at start-up. */
@Injectable()
export class CommunityRegistrations implements OnModuleInit {
  constructor(
    private readonly onboarding: OnboardingRegistry,
    private readonly navigation: NavigationRegistry,
    private readonly facts: CommunityOnboardingRepository,
  ) {}

  onModuleInit() {
    this.onboarding.register(
      {
        id: 'community.invite',
        roles: ['admin', 'supervisor'],
        labelKey: 'community:onboarding.invite',
        path: 'invitations',
        order: 10,
        completedBy: forEveryone((spaceId) => this.facts.teamInvited(spaceId)),
      },
      {
        id: 'community.team',
        roles: ['admin', 'supervisor'],
        labelKey: 'community:onboarding.team',
        path: 'teams',
        order: 20,
        completedBy: forEveryone((spaceId) => this.facts.hasTeam(spaceId)),
      },
      {
        id: 'community.document',
        roles: ['admin', 'supervisor'],
        labelKey: 'community:onboarding.document',
        path: 'documents',
        order: 80,
        completedBy: forEveryone((spaceId) => this.facts.hasDocument(spaceId)),
      },
      {
        id: 'community.announcement',
        roles: ['supervisor'],
        labelKey: 'community:onboarding.announcement',
        path: 'announcements',
        order: 85,
        completedBy: forEveryone((spaceId) => this.facts.hasAnnouncement(spaceId)),
      },
      {
        id: 'community.coordinate',
        roles: ['coordinator'],
        labelKey: 'community:onboarding.coordinate',
        path: 'teams',
        order: 10,
        completedBy: (spaceId, accountIds) => this.facts.coordinatingAPeopledTeam(spaceId, accountIds),
      },
      {
        id: 'community.joinTeam',
        roles: ['member'],
        labelKey: 'community:onboarding.joinTeam',
        path: 'field',
        order: 10,
        completedBy: (spaceId, accountIds) => this.facts.inATeam(spaceId, accountIds),
      },
      {
        id: 'community.readAnnouncements',
        roles: ['coordinator', 'member'],
        labelKey: 'community:onboarding.readAnnouncements',
        path: 'field',
        order: 20,
        completedBy: (spaceId, accountIds) => this.facts.readEveryAnnouncement(spaceId, accountIds),
      },
    );
    this.navigation.register(
      { path: 'home', labelKey: 'community:nav.home', permission: 'space.web', order: 0 },
      { path: 'field', labelKey: 'community:nav.field', permission: 'space.field', order: 1 },
      { path: 'members', labelKey: 'community:nav.members', permission: 'members.view', order: 10 },
      { path: 'teams', labelKey: 'community:nav.teams', permission: 'teams.manage', order: 11 },
      { path: 'invitations', labelKey: 'community:nav.invitations', permission: 'members.invite', order: 12 },
      {
        path: 'announcements',
        labelKey: 'community:nav.announcements',
        permission: 'announcements.publish',
        order: 13,
      },
      { path: 'documents', labelKey: 'community:nav.documents', permission: 'documents.read', order: 14 },
      { path: 'settings', labelKey: 'community:nav.settings', permission: 'space.settings', order: 90 },
      { path: 'audit', labelKey: 'community:nav.audit', permission: 'audit.read', order: 91 },
    );
  }
}
