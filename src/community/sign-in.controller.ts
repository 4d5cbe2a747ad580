import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { emptyForm, parseForm, withError } from '../shared/http/form';
import { Page } from '../shared/http/page.decorator';
import { localPath } from '../shared/http/safe-redirect';
import { destroySession } from '../shared/http/session';
import { redirectTo, unprocessable } from '../shared/http/view-result';
import { SignInForm } from './dto/sign-in.form';

const TITLE = 'community:signIn.title';

@Controller()
export class SignInController {
  @Get()
  home(@Res() res: Response) {
    res.redirect(303, '/login');
  }

  @Get('login')
  @Page('community/sign-in', 'community/_sign-in-form')
  show(@Query('next') next?: string, @Query('signedOut') signedOut?: string) {
    return { titleKey: TITLE, form: emptyForm(), next: localPath(next), signedOut: signedOut === '1' };
  }

  @Post('login')
  @Page('community/sign-in', 'community/_sign-in-form')
  async submit(@Body() body: Record<string, unknown>) {
    const next = localPath(body.next);
    const parsed = await parseForm(SignInForm, body);
    if (!parsed.ok) return unprocessable({ titleKey: TITLE, form: parsed.state, next });
    // No account matches yet: accounts arrive with the community module's sign-up.
    return unprocessable({
      titleKey: TITLE,
      form: withError(parsed.state, '_form', { key: 'community:signIn.failed' }),
      next,
    });
  }

  @Post('logout')
  @Page('community/sign-in')
  async signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    await destroySession(req, res);
    return redirectTo('/login?signedOut=1');
  }
}
