import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountDirectory, SpaceDirectory } from '../shared/auth/directories';
import { AccountController } from './accounts/account.controller';
import { AccountMails } from './accounts/account-mails';
import { AccountSettingsService } from './accounts/account-settings.service';
import { AccountToken } from './accounts/account-token.entity';
import { Account } from './accounts/account.entity';
import { AccountsRepository } from './accounts/accounts.repository';
import { EmailVerificationController } from './accounts/email-verification.controller';
import { EmailVerificationService } from './accounts/email-verification.service';
import { PasswordResetController } from './accounts/password-reset.controller';
import { PasswordResetService } from './accounts/password-reset.service';
import { SignInAttempt } from './accounts/sign-in-attempt.entity';
import { SignInAttemptsRepository } from './accounts/sign-in-attempts.repository';
import { SignInController } from './accounts/sign-in.controller';
import { SignInService } from './accounts/sign-in.service';
import { SignUpController } from './accounts/sign-up.controller';
import { SignUpService } from './accounts/sign-up.service';
import { AnnouncementRead, AnnouncementTeam } from './announcements/announcement-link.entities';
import { Announcement } from './announcements/announcement.entity';
import { AnnouncementsController } from './announcements/announcements.controller';
import { AnnouncementsRepository } from './announcements/announcements.repository';
import { AnnouncementsService } from './announcements/announcements.service';
import { AuditController } from './audit/audit.controller';
import { CommunityListeners } from './community.listeners';
import { CommunityQueries } from './community.queries';
import { DocumentOpen, DocumentTeam } from './documents/document-link.entities';
import { SpaceDocument } from './documents/document.entity';
import { DocumentsController } from './documents/documents.controller';
import { DocumentsRepository } from './documents/documents.repository';
import { DocumentsService } from './documents/documents.service';
import { HelpController } from './home/help.controller';
import { SpaceHomeController } from './home/space-home.controller';
import { InvitationLinkController } from './invitations/invitation-link.controller';
import { Invitation } from './invitations/invitation.entity';
import { InvitationsController } from './invitations/invitations.controller';
import { InvitationsRepository } from './invitations/invitations.repository';
import { InvitationsService } from './invitations/invitations.service';
import { MembersController } from './members/members.controller';
import { MembersRepository } from './members/members.repository';
import { MembersService } from './members/members.service';
import { CommunityRegistrations } from './onboarding/community-onboarding';
import { CommunityOnboardingRepository } from './onboarding/onboarding.repository';
import { Membership } from './spaces/membership.entity';
import { SpaceSettingsController } from './spaces/space-settings.controller';
import { Space } from './spaces/space.entity';
import { SpacesController } from './spaces/spaces.controller';
import { SpacesRepository } from './spaces/spaces.repository';
import { SpacesService } from './spaces/spaces.service';
import { SupportRepository } from './support/support.repository';
import { TeamMember } from './teams/team-member.entity';
import { Team } from './teams/team.entity';
import { TeamsController } from './teams/teams.controller';
import { TeamsRepository } from './teams/teams.repository';
import { TeamsService } from './teams/teams.service';

/**
 * Accounts, spaces, invitations, roles, teams, onboarding, announcements, documents:
 * everything a space needs before its first contact.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      Account,
      AccountToken,
      SignInAttempt,
      Space,
      Membership,
      Team,
      TeamMember,
      Invitation,
      Announcement,
      AnnouncementTeam,
      AnnouncementRead,
      SpaceDocument,
      DocumentTeam,
      DocumentOpen,
    ]),
  ],
  controllers: [
    SignInController,
    SignUpController,
    EmailVerificationController,
    PasswordResetController,
    AccountController,
    SpacesController,
    SpaceSettingsController,
    SpaceHomeController,
    InvitationsController,
    InvitationLinkController,
    MembersController,
    TeamsController,
    AnnouncementsController,
    DocumentsController,
    AuditController,
    HelpController,
  ],
  providers: [
    AccountsRepository,
    SignInAttemptsRepository,
    AccountMails,
    SignInService,
    SignUpService,
    EmailVerificationService,
    PasswordResetService,
    AccountSettingsService,
    SpacesRepository,
    SpacesService,
    MembersRepository,
    MembersService,
    TeamsRepository,
    TeamsService,
    InvitationsRepository,
    InvitationsService,
    AnnouncementsRepository,
    AnnouncementsService,
    DocumentsRepository,
    DocumentsService,
    CommunityOnboardingRepository,
    CommunityRegistrations,
    SupportRepository,
    CommunityListeners,
    CommunityQueries,
    { provide: AccountDirectory, useExisting: CommunityQueries },
    { provide: SpaceDirectory, useExisting: CommunityQueries },
  ],
  exports: [CommunityQueries, AccountDirectory, SpaceDirectory],
})
export class CommunityModule {}
