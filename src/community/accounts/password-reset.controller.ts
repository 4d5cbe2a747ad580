import { Body, Controller, Get, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Public } from '../../shared/auth/access.decorators';
import { ClientIp } from '../../shared/http/client-ip.decorator';
import { emptyForm, parseForm, withError } from '../../shared/http/form';
import { flash } from '../../shared/http/flash';
import { Page } from '../../shared/http/page.decorator';
import { regenerateSession } from '../../shared/http/session';
import { redirectTo, unprocessable, ViewResult } from '../../shared/http/view-result';
import { EmailForm, NewPasswordForm } from './dto/account.forms';
import { passwordProblem } from './password-policy';
import { PasswordResetService } from './password-reset.service';

@Controller('password')
export class PasswordResetController {
  constructor(private readonly resets: PasswordResetService) {}

  @Get('forgot')
  @Public()
  @Page('community/password-forgot', 'community/_password-forgot-form')
  forgot() {
    return { titleKey: 'community:forgot.title', form: emptyForm() };
  }

  @Post('forgot')
  @Public()
  @Page('community/password-forgot', 'community/_password-forgot-form')
  async requestLink(@Body() body: Record<string, unknown>) {
    const parsed = await parseForm(EmailForm, body);
    if (!parsed.ok) return unprocessable({ titleKey: 'community:forgot.title', form: parsed.state });
    await this.resets.request(parsed.value.email);
    return { titleKey: 'community:forgot.title', form: emptyForm(), sent: true };
  }

  @Get('reset')
  @Public()
  @Page('community/password-reset', 'community/_password-reset-form')
  async showReset(@Query('token') token?: string) {
    const account = typeof token === 'string' && token ? await this.resets.accountFor(token) : null;
    if (!account) return new ViewResult({ titleKey: 'community:reset.title', invalid: true }, 410);
    return { titleKey: 'community:reset.title', form: emptyForm(), token };
  }

  @Post('reset')
  @Public()
  @Page('community/password-reset', 'community/_password-reset-form')
  async reset(@Body() body: Record<string, unknown>, @Req() req: Request, @ClientIp() ip: string) {
    const token = typeof body.token === 'string' ? body.token : '';
    const account = token ? await this.resets.accountFor(token) : null;
    if (!account) return new ViewResult({ titleKey: 'community:reset.title', invalid: true }, 410);
    const parsed = await parseForm(NewPasswordForm, body);
    if (!parsed.ok) return unprocessable({ titleKey: 'community:reset.title', form: parsed.state, token });
    const problem = passwordProblem(parsed.value.password, { name: account.name, email: account.email });
    if (problem) {
      return unprocessable({
        titleKey: 'community:reset.title',
        form: withError(parsed.state, 'password', { key: problem }),
        token,
      });
    }
    if (!(await this.resets.reset(token, parsed.value.password, ip))) {
      return new ViewResult({ titleKey: 'community:reset.title', invalid: true }, 410);
    }
    // Every session of the account was closed, this browser's too: start a fresh one for
    // the message, or saving it would bring the signed-in session back.
    await regenerateSession(req);
    flash(req, 'success', 'community:reset.done');
    return redirectTo('/login');
  }
}
