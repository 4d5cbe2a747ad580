import { Controller, Get, Query } from '@nestjs/common';
import { Staff } from '../shared/auth/access.decorators';
import { AuditService } from '../shared/audit/audit.service';
import { Page } from '../shared/http/page.decorator';

/** Platform events (sign-ins, support actions on accounts) that belong to no space. */
@Controller('admin/audit')
export class AdminAuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Staff({ ownerOnly: true })
  @Page('admin/audit')
  async show(@Query('after') after?: string) {
    const page = await this.audit.listPlatform(after, 50);
    return {
      titleKey: 'admin:audit.title',
      page,
      nextQuery: page.next ? new URLSearchParams({ after: page.next }).toString() : null,
    };
  }
}
