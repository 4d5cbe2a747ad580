import { Body, Controller, Get, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { SignedIn } from '../../shared/auth/access.decorators';
import { CurrentAccount } from '../../shared/auth/current.decorators';
import { type SessionAccount, SpaceDirectory } from '../../shared/auth/directories';
import { ClientIp } from '../../shared/http/client-ip.decorator';
import { flash } from '../../shared/http/flash';
import { emptyForm, parseForm, withError } from '../../shared/http/form';
import { Page } from '../../shared/http/page.decorator';
import { redirectTo, unprocessable } from '../../shared/http/view-result';
import { Conflict } from '../../shared/errors';
import { JoinForm, NewSpaceForm } from './dto/space.forms';
import { SpacesService } from './spaces.service';

/** Outside any space: the list of mine, creating one, joining one with its code. */
@Controller()
export class SpacesController {
  constructor(
    private readonly spaces: SpacesService,
    private readonly directory: SpaceDirectory,
  ) {}

  @Get('spaces')
  @SignedIn()
  @Page('community/spaces')
  async list(@CurrentAccount() account: SessionAccount) {
    const mine = await this.directory.listSpacesOf(account.id);
    // One space: straight in.
    if (mine.length === 1) return redirectTo(`/s/${mine[0].slug}`);
    return { titleKey: 'community:spaces.title', spaces: mine, joinForm: emptyForm() };
  }

  @Get('spaces/new')
  @SignedIn()
  @Page('community/space-new', 'community/_space-new-form')
  create(@Req() req: Request) {
    return { titleKey: 'community:spaces.newTitle', form: emptyForm({ language: req.lang }) };
  }

  @Post('spaces')
  @SignedIn()
  @Page('community/space-new', 'community/_space-new-form')
  async submit(
    @CurrentAccount() account: SessionAccount,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    const parsed = await parseForm(NewSpaceForm, body);
    if (!parsed.ok) return unprocessable({ titleKey: 'community:spaces.newTitle', form: parsed.state });
    try {
      const space = await this.spaces.create(account, parsed.value, ip);
      flash(req, 'success', 'community:spaces.created', { name: space.name });
      return redirectTo(`/s/${space.slug}`);
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
      return unprocessable({
        titleKey: 'community:spaces.newTitle',
        form: withError(parsed.state, 'slug', { key: 'community:spaces.slugTaken' }),
      });
    }
  }

  @Get('join')
  @SignedIn()
  @Page('community/join', 'community/_join-form')
  join() {
    return { titleKey: 'community:join.title', form: emptyForm() };
  }

  @Post('join')
  @SignedIn()
  @Page('community/join', 'community/_join-form')
  async submitJoin(
    @CurrentAccount() account: SessionAccount,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    const parsed = await parseForm(JoinForm, body);
    if (!parsed.ok) return unprocessable({ titleKey: 'community:join.title', form: parsed.state });
    const result = await this.spaces.joinWithCode(account, parsed.value.code, ip);
    if (result.kind === 'unknownCode') {
      return unprocessable({
        titleKey: 'community:join.title',
        form: withError(parsed.state, 'code', { key: 'community:join.unknownCode' }),
      });
    }
    flash(
      req,
      result.kind === 'joined' ? 'success' : 'info',
      result.kind === 'joined' ? 'community:join.joined' : 'community:join.alreadyMember',
      { name: result.space.name },
    );
    return redirectTo(`/s/${result.space.slug}`);
  }
}
