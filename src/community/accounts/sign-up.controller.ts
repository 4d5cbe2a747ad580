import { Body, Controller, Get, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Public } from '../../shared/auth/access.decorators';
import { signInSession, toSessionAccount } from '../../shared/auth/session-login';
import { ClientIp } from '../../shared/http/client-ip.decorator';
import { emptyForm, type FormState, parseForm, withError } from '../../shared/http/form';
import { Page } from '../../shared/http/page.decorator';
import { redirectTo, unprocessable } from '../../shared/http/view-result';
import { SpacesService } from '../spaces/spaces.service';
import { SignUpForm } from './dto/account.forms';
import { passwordProblem } from './password-policy';
import { SignUpService } from './sign-up.service';

const TITLE = 'community:signUp.title';
const VIEW = ['community/sign-up', 'community/_sign-up-form'] as const;

@Controller('signup')
export class SignUpController {
  constructor(
    private readonly signUps: SignUpService,
    private readonly spaces: SpacesService,
  ) {}

  @Get()
  @Public()
  @Page(...VIEW)
  async show(@Req() req: Request) {
    if (req.user) return redirectTo('/spaces');
    return { titleKey: TITLE, form: emptyForm(), firstRun: await this.signUps.isFirstRun() };
  }

  @Post()
  @Public()
  @Page(...VIEW)
  async submit(@Body() body: Record<string, unknown>, @Req() req: Request, @ClientIp() ip: string) {
    const firstRun = await this.signUps.isFirstRun();
    const parsed = await parseForm(SignUpForm, body);
    if (!parsed.ok) return unprocessable({ titleKey: TITLE, form: parsed.state, firstRun });
    const input = parsed.value;
    let state: FormState = parsed.state;
    const problem = passwordProblem(input.password, { name: input.name, email: input.email });
    if (problem) state = withError(state, 'password', { key: problem });
    if (input.inviteCode && !(await this.spaces.inviteCodeExists(input.inviteCode))) {
      state = withError(state, 'inviteCode', { key: 'community:join.unknownCode' });
    }
    if (state.errorCount > 0) return unprocessable({ titleKey: TITLE, form: state, firstRun });

    const result = await this.signUps.signUp({ ...input, language: req.lang }, input.inviteCode ?? null, ip);
    if (result.kind !== 'checkMail') {
      await signInSession(req, toSessionAccount(result.account));
      return redirectTo('/spaces/new');
    }
    return { titleKey: 'community:signUp.checkMail.title', checkMail: result.email };
  }
}
