import { Module } from '@nestjs/common';
import { CommunityModule } from '../community/community.module';
import { AdminAccountsController } from './admin-accounts.controller';
import { AdminAuditController } from './admin-audit.controller';
import { AdminOutboxController } from './admin-outbox.controller';
import { AdminSpacesController } from './admin-spaces.controller';
import { AdminStaffController } from './admin-staff.controller';

/** /admin: the instance's support staff. They see spaces and accounts, never contact data. */
@Module({
  imports: [CommunityModule],
  controllers: [
    AdminSpacesController,
    AdminAccountsController,
    AdminOutboxController,
    AdminStaffController,
    AdminAuditController,
  ],
})
export class AdminModule {}
