import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Public } from '../../shared/auth/access.decorators';
import { signInSession, toSessionAccount } from '../../shared/auth/session-login';
import { ClientIp } from '../../shared/http/client-ip.decorator';
import { emptyForm, parseForm, withError } from '../../shared/http/form';
import { Page } from '../../shared/http/page.decorator';
import { localPath } from '../../shared/http/safe-redirect';
import { destroySession } from '../../shared/http/session';
import { redirectTo, unprocessable, ViewResult } from '../../shared/http/view-result';
import { deviceAccountId, setDeviceCookie } from './device-cookie';
import { SignInForm } from './dto/account.forms';
import { SignInService } from './sign-in.service';
import { SignUpService } from './sign-up.service';

const TITLE = 'community:signIn.title';
const VIEW = ['community/sign-in', 'community/_sign-in-form'] as const;

@Controller()
export class SignInController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly signIns: SignInService,
    private readonly signUps: SignUpService,
  ) {}

  /** The front door: your space(s) when signed in, the sign-in page otherwise. */
  @Get()
  @Public()
  home(@Req() req: Request, @Res() res: Response) {
    res.redirect(303, req.user ? '/spaces' : '/login');
  }

  @Get('login')
  @Public()
  @Page(...VIEW)
  async show(@Req() req: Request, @Query('next') next?: string, @Query('signedOut') signedOut?: string) {
    if (req.user) return redirectTo(localPath(next) ?? '/spaces');
    return {
      titleKey: TITLE,
      form: emptyForm(),
      next: localPath(next),
      signedOut: signedOut === '1',
      // A new instance has no account yet: its first visitor creates the owner's.
      firstRun: await this.signUps.isFirstRun(),
    };
  }

  @Post('login')
  @Public()
  @Page(...VIEW)
  async submit(
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @ClientIp() ip: string,
  ) {
    const next = localPath(body.next);
    const parsed = await parseForm(SignInForm, body);
    if (!parsed.ok) return unprocessable({ titleKey: TITLE, form: parsed.state, next });
    const result = await this.signIns.signIn({
      email: parsed.value.email,
      password: parsed.value.password,
      ip,
      deviceAccountId: deviceAccountId(req, this.config.sessionSecret!),
    });
    switch (result.kind) {
      case 'signedIn':
        await signInSession(req, toSessionAccount(result.account));
        setDeviceCookie(res, this.config.sessionSecret!, result.account.id, this.config.secureCookies);
        return redirectTo(next ?? '/spaces');
      case 'throttled':
        return new ViewResult(
          {
            titleKey: TITLE,
            form: withError(parsed.state, '_form', {
              key: 'community:signIn.throttled',
              values: { count: result.minutes },
            }),
            next,
          },
          429,
        );
      case 'unverified':
        return new ViewResult({ titleKey: TITLE, form: parsed.state, next, unverifiedEmail: result.email }, 403);
      case 'failed':
        return unprocessable({
          titleKey: TITLE,
          form: withError(parsed.state, '_form', { key: 'community:signIn.failed' }),
          next,
        });
    }
  }

  // Public: signing out an anonymous session is harmless, and always answers the same.
  @Post('logout')
  @Public()
  @Page('community/sign-in')
  async signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    await destroySession(req, res);
    return redirectTo('/login?signedOut=1');
  }
}
