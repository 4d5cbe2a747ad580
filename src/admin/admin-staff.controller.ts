import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { IsEmail, IsNotEmpty } from 'class-validator';
import type { Request } from 'express';
import { CommunityQueries } from '../community/community.queries';
import { Staff } from '../shared/auth/access.decorators';
import { CurrentAccount } from '../shared/auth/current.decorators';
import type { SessionAccount } from '../shared/auth/directories';
import { Events } from '../shared/events/events';
import { ClientIp } from '../shared/http/client-ip.decorator';
import { flash } from '../shared/http/flash';
import { emptyForm, type FormState, parseForm, withError } from '../shared/http/form';
import { Page } from '../shared/http/page.decorator';
import { redirectTo, unprocessable } from '../shared/http/view-result';

class StaffForm {
  @IsNotEmpty()
  @IsEmail({}, { message: 'common:validation.isEmail' })
  email: string;
}

/** The owner names support staff among existing, confirmed accounts. */
@Controller('admin/staff')
export class AdminStaffController {
  constructor(
    private readonly community: CommunityQueries,
    private readonly events: Events,
  ) {}

  private async view(form: FormState) {
    return { titleKey: 'admin:staff.title', staff: await this.community.staff(), form };
  }

  @Get()
  @Staff({ ownerOnly: true })
  @Page('admin/staff', 'admin/_staff-form')
  show() {
    return this.view(emptyForm());
  }

  @Post()
  @Staff({ ownerOnly: true })
  @Page('admin/staff', 'admin/_staff-form')
  async name(
    @CurrentAccount() owner: SessionAccount,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    const parsed = await parseForm(StaffForm, body);
    if (!parsed.ok) return unprocessable(await this.view(parsed.state));
    const page = await this.community.accountsForSupport(parsed.value.email.toLowerCase(), null);
    const account = page.items.find((item) => item.email === parsed.value.email.toLowerCase() && item.verified);
    if (!account)
      return unprocessable(await this.view(withError(parsed.state, 'email', { key: 'admin:staff.unknown' })));
    await this.events.emit('support.staff_set', {
      accountId: account.id,
      staff: true,
      by: { id: owner.id, label: owner.email },
      ip,
    });
    flash(req, 'success', 'admin:staff.named', { email: account.email });
    return redirectTo('/admin/staff');
  }

  @Post(':id/remove')
  @Staff({ ownerOnly: true })
  @Page('admin/staff')
  async remove(
    @CurrentAccount() owner: SessionAccount,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    await this.events.emit('support.staff_set', {
      accountId: id,
      staff: false,
      by: { id: owner.id, label: owner.email },
      ip,
    });
    flash(req, 'success', 'admin:staff.removed');
    return redirectTo('/admin/staff');
  }
}
