import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public, SignedIn } from '../../shared/auth/access.decorators';
import { CurrentAccount } from '../../shared/auth/current.decorators';
import { type SessionAccount, SpaceDirectory } from '../../shared/auth/directories';
import { ClientIp } from '../../shared/http/client-ip.decorator';
import { flash } from '../../shared/http/flash';
import { emptyForm, type FormState, parseForm, withError } from '../../shared/http/form';
import { Page } from '../../shared/http/page.decorator';
import { redirectTo, unprocessable, ViewResult } from '../../shared/http/view-result';
import { setLanguageCookie } from '../../shared/i18n/language.middleware';
import { AccountSettingsService } from './account-settings.service';
import { EmailChangeForm, PasswordChangeForm, ProfileForm } from './dto/account.forms';
import { passwordProblem } from './password-policy';

const TITLE = 'community:account.title';

/** "My account": profile and language, password, address, sessions, spaces. */
@Controller('account')
export class AccountController {
  constructor(
    private readonly settings: AccountSettingsService,
    private readonly spaces: SpaceDirectory,
  ) {}

  private async page(account: SessionAccount, forms: Partial<Record<'profile' | 'password' | 'email', FormState>>) {
    return {
      titleKey: TITLE,
      profileForm: forms.profile ?? emptyForm({ name: account.name, language: account.language }),
      passwordForm: forms.password ?? emptyForm(),
      emailForm: forms.email ?? emptyForm(),
      spaces: await this.spaces.listSpacesOf(account.id),
    };
  }

  @Get()
  @SignedIn()
  @Page('community/account')
  show(@CurrentAccount() account: SessionAccount) {
    return this.page(account, {});
  }

  @Post('profile')
  @SignedIn()
  @Page('community/account', 'community/_account-profile-form')
  async saveProfile(
    @CurrentAccount() account: SessionAccount,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const parsed = await parseForm(ProfileForm, body);
    if (!parsed.ok) return unprocessable(await this.page(account, { profile: parsed.state }));
    await this.settings.updateProfile(account.id, parsed.value);
    // The chosen language applies at once, here and on the next visits.
    setLanguageCookie(res, parsed.value.language, req.secure);
    flash(req, 'success', 'community:account.profileSaved');
    return redirectTo('/account');
  }

  @Post('password')
  @SignedIn()
  @Page('community/account', 'community/_account-password-form')
  async changePassword(
    @CurrentAccount() account: SessionAccount,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    const parsed = await parseForm(PasswordChangeForm, body, ['signOutEverywhere']);
    if (!parsed.ok) return unprocessable(await this.page(account, { password: parsed.state }));
    let state = parsed.state;
    if (!(await this.settings.checkPassword(account.id, parsed.value.currentPassword))) {
      state = withError(state, 'currentPassword', { key: 'community:account.wrongPassword' });
    }
    const problem = passwordProblem(parsed.value.newPassword, { name: account.name, email: account.email });
    if (problem) state = withError(state, 'newPassword', { key: problem });
    if (state.errorCount > 0) return unprocessable(await this.page(account, { password: state }));
    const everywhere = parsed.value.signOutEverywhere === true;
    await this.settings.changePassword(account.id, parsed.value.newPassword, everywhere, req.sessionID, ip);
    flash(
      req,
      'success',
      everywhere ? 'community:account.passwordChangedEverywhere' : 'community:account.passwordChanged',
    );
    return redirectTo('/account');
  }

  @Post('email')
  @SignedIn()
  @Page('community/account', 'community/_account-email-form')
  async changeEmail(
    @CurrentAccount() account: SessionAccount,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
  ) {
    const parsed = await parseForm(EmailChangeForm, body);
    if (!parsed.ok) return unprocessable(await this.page(account, { email: parsed.state }));
    const result = await this.settings.requestEmailChange(account.id, parsed.value.newEmail, parsed.value.password);
    if (result.kind === 'wrongPassword') {
      const state = withError(parsed.state, 'password', { key: 'community:account.wrongPassword' });
      return unprocessable(await this.page(account, { email: state }));
    }
    if (result.kind === 'same') {
      const state = withError(parsed.state, 'newEmail', { key: 'community:account.sameEmail' });
      return unprocessable(await this.page(account, { email: state }));
    }
    flash(req, 'info', 'community:account.emailPending', { email: result.email });
    return redirectTo('/account');
  }

  @Post('sessions/close-others')
  @SignedIn()
  @Page('community/account')
  async closeOthers(@CurrentAccount() account: SessionAccount, @Req() req: Request) {
    await this.settings.signOutOthers(account.id, req.sessionID);
    flash(req, 'success', 'community:account.othersSignedOut');
    return redirectTo('/account');
  }

  /** The link mailed to the new address; public because it may open in another browser. */
  @Get('email/confirm')
  @Public()
  @Page('community/email-confirm')
  async showEmailConfirm(@Query('token') token?: string) {
    const email = typeof token === 'string' && token ? await this.settings.pendingEmail(token) : null;
    if (!email) return new ViewResult({ titleKey: 'community:account.emailConfirmTitle', invalid: true }, 410);
    return { titleKey: 'community:account.emailConfirmTitle', token, email };
  }

  @Post('email/confirm')
  @Public()
  @Page('community/email-confirm')
  async confirmEmail(@Body('token') token: unknown, @Req() req: Request, @ClientIp() ip: string) {
    const done = typeof token === 'string' && token ? await this.settings.confirmEmailChange(token, ip) : false;
    if (!done) return new ViewResult({ titleKey: 'community:account.emailConfirmTitle', invalid: true }, 410);
    flash(req, 'success', 'community:account.emailChanged');
    return redirectTo(req.user ? '/account' : '/login');
  }
}
