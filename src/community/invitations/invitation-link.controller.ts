import { Body, Controller, Get, Param, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Public } from '../../shared/auth/access.decorators';
import { signInSession, toSessionAccount } from '../../shared/auth/session-login';
import { ClientIp } from '../../shared/http/client-ip.decorator';
import { flash } from '../../shared/http/flash';
import { emptyForm, parseForm, withError } from '../../shared/http/form';
import { Page } from '../../shared/http/page.decorator';
import { redirectTo, unprocessable, ViewResult } from '../../shared/http/view-result';
import { SignUpForm } from '../accounts/dto/account.forms';
import { passwordProblem } from '../accounts/password-policy';
import { SignUpService } from '../accounts/sign-up.service';
import { NotFound } from '../../shared/errors';
import { InvitationsService } from './invitations.service';

const TITLE = 'community:invitationLink.title';

/**
 * The link of an invitation mail. Signed in: one button joins. Not signed in: sign in
 * first (an account exists) or sign up right here, the address being the invited one.
 */
@Controller('invitations/:token')
export class InvitationLinkController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly signUps: SignUpService,
  ) {}

  private async find(token: string) {
    const invitation = await this.invitations.lookup(token);
    if (!invitation) throw new NotFound('invitation');
    return invitation;
  }

  @Get()
  @Public()
  @Page('community/invitation-link', 'community/_invitation-sign-up-form')
  async show(@Param('token') token: string) {
    const invitation = await this.find(token);
    const data = { titleKey: TITLE, invitation, token, form: emptyForm({ email: invitation.email }) };
    return invitation.status === 'open' ? data : new ViewResult(data, 410);
  }

  @Post('accept')
  @Public()
  @Page('community/invitation-link')
  async accept(@Param('token') token: string, @Req() req: Request, @ClientIp() ip: string) {
    if (!req.user) return redirectTo(`/login?next=${encodeURIComponent(`/invitations/${token}`)}`);
    const invitation = await this.find(token);
    const slug = await this.invitations.accept(req.user, token, ip);
    if (!slug) return new ViewResult({ titleKey: TITLE, invitation, token }, 410);
    flash(req, 'success', 'community:join.joined', { name: invitation.spaceName });
    return redirectTo(`/s/${slug}`);
  }

  @Post('signup')
  @Public()
  @Page('community/invitation-link', 'community/_invitation-sign-up-form')
  async signUp(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    const invitation = await this.find(token);
    if (invitation.status !== 'open') return new ViewResult({ titleKey: TITLE, invitation, token }, 410);
    const parsed = await parseForm(SignUpForm, body);
    if (!parsed.ok) return unprocessable({ titleKey: TITLE, invitation, token, form: parsed.state });
    const problem = passwordProblem(parsed.value.password, {
      name: parsed.value.name,
      email: parsed.value.email,
      spaceName: invitation.spaceName,
    });
    if (problem) {
      return unprocessable({
        titleKey: TITLE,
        invitation,
        token,
        form: withError(parsed.state, 'password', { key: problem }),
      });
    }
    const result = await this.signUps.signUpInvited({ ...parsed.value, language: req.lang }, invitation.email, ip);
    if (result.kind === 'checkMail') {
      // Another address (or one that already has an account): the usual confirmation mail.
      return { titleKey: 'community:signUp.checkMail.title', invitation, token, checkMail: result.email };
    }
    await signInSession(req, toSessionAccount(result.account));
    const slug = await this.invitations.accept(result.account, token, ip);
    flash(req, 'success', 'community:join.joined', { name: invitation.spaceName });
    return redirectTo(slug ? `/s/${slug}` : '/spaces');
  }
}
