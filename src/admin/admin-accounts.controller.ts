import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { CommunityQueries } from '../community/community.queries';
import { Staff } from '../shared/auth/access.decorators';
import { CurrentAccount } from '../shared/auth/current.decorators';
import type { SessionAccount } from '../shared/auth/directories';
import { Events } from '../shared/events/events';
import { ClientIp } from '../shared/http/client-ip.decorator';
import { flash } from '../shared/http/flash';
import { Page } from '../shared/http/page.decorator';
import { redirectTo } from '../shared/http/view-result';

@Controller('admin/accounts')
export class AdminAccountsController {
  constructor(
    private readonly community: CommunityQueries,
    private readonly events: Events,
  ) {}

  @Get()
  @Staff()
  @Page('admin/accounts', 'admin/_accounts-rows')
  async list(@Query('q') q?: string, @Query('after') after?: string) {
    const text = typeof q === 'string' && q.trim() ? q.trim().slice(0, 100) : null;
    const page = await this.community.accountsForSupport(text, after);
    return {
      titleKey: 'admin:accounts.title',
      q: text,
      page,
      nextQuery: page.next ? new URLSearchParams({ ...(text ? { q: text } : {}), after: page.next }).toString() : null,
    };
  }

  @Post(':id/resend-verification')
  @Staff()
  @Page('admin/accounts')
  async resend(
    @CurrentAccount() staff: SessionAccount,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    await this.events.emit('support.verification_resend', {
      accountId: id,
      staff: { id: staff.id, label: staff.email },
      ip,
    });
    flash(req, 'success', 'admin:accounts.resent');
    return redirectTo('/admin/accounts');
  }
}
