import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { Public } from '../../shared/auth/access.decorators';
import { emptyForm, parseForm } from '../../shared/http/form';
import { Page } from '../../shared/http/page.decorator';
import { unprocessable, ViewResult } from '../../shared/http/view-result';
import { EmailForm } from './dto/account.forms';
import { EmailVerificationService } from './email-verification.service';

const TITLE = 'community:verify.title';

/**
 * The link in the mail opens a page with a button: the confirmation is a POST, so mail
 * scanners that follow links do not use the single-use token up.
 */
@Controller('verify-email')
export class EmailVerificationController {
  constructor(private readonly verification: EmailVerificationService) {}

  @Get()
  @Public()
  @Page('community/verify-email')
  show(@Query('token') token?: string) {
    return { titleKey: TITLE, token: typeof token === 'string' ? token : '', resendForm: emptyForm() };
  }

  @Post()
  @Public()
  @Page('community/verify-email')
  async confirm(@Body('token') token: unknown) {
    const account = typeof token === 'string' && token ? await this.verification.confirm(token) : null;
    if (!account) return new ViewResult({ titleKey: TITLE, invalid: true, resendForm: emptyForm() }, 410);
    return { titleKey: TITLE, confirmed: true, email: account.email };
  }

  @Post('resend')
  @Public()
  @Page('community/verify-email', 'community/_resend-verification')
  async resend(@Body() body: Record<string, unknown>) {
    const parsed = await parseForm(EmailForm, body);
    if (!parsed.ok) return unprocessable({ titleKey: TITLE, resendForm: parsed.state });
    await this.verification.resend(parsed.value.email);
    return { titleKey: TITLE, resendForm: emptyForm(), resent: true };
  }
}
