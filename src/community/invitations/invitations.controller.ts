import {
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import { Can } from '../../shared/auth/access.decorators';
import { CurrentActor } from '../../shared/auth/current.decorators';
import type { Actor } from '../../shared/auth/request-context';
import { ClientIp } from '../../shared/http/client-ip.decorator';
import type { UploadedFileLike } from '../../shared/http/uploads';
import { flash } from '../../shared/http/flash';
import { emptyForm, type FormState, parseForm, withError } from '../../shared/http/form';
import { Page } from '../../shared/http/page.decorator';
import { redirectTo, unprocessable } from '../../shared/http/view-result';
import { TeamsService } from '../teams/teams.service';
import { InvitationForm } from './dto/invitation.forms';
import { type EmailList, MAX_INVITATIONS_AT_ONCE, parseEmailCsv, parseEmailText } from './email-list';
import { INVITABLE_ROLES, InvitationsService } from './invitations.service';

const TITLE = 'community:invitations.title';
const VIEW = ['community/invitations', 'community/_invitations-form'] as const;
const CSV_LIMIT = { fileSize: 1024 * 1024, files: 1 };

/** Inviting people by email: one address, a pasted list or a CSV, with a preset role. */
@Controller('s/:space/invitations')
export class InvitationsController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly teams: TeamsService,
  ) {}

  private async view(actor: Actor, form: FormState, after?: string) {
    return {
      titleKey: TITLE,
      form,
      roles: INVITABLE_ROLES[actor.role],
      teamRequired: actor.role === 'coordinator',
      teams: await this.teams.list(actor),
      invitations: await this.invitations.list(actor, after),
    };
  }

  @Get()
  @Can('members.invite')
  @Page(...VIEW)
  show(@CurrentActor() actor: Actor, @Query('after') after?: string) {
    return this.view(actor, emptyForm({ role: 'member' }), after);
  }

  @Post()
  @Can('members.invite')
  @Page(...VIEW)
  @UseInterceptors(FileInterceptor('file', { limits: CSV_LIMIT }))
  async send(
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
    @UploadedFile() file: UploadedFileLike | undefined,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    const parsed = await parseForm(InvitationForm, body);
    if (!parsed.ok) return unprocessable(await this.view(actor, parsed.state));
    const fromText = parseEmailText(parsed.value.emails ?? '');
    const fromFile: EmailList = file ? parseEmailCsv(file.buffer.toString('utf8')) : { valid: [], invalid: [] };
    const emails = [...new Set([...fromText.valid, ...fromFile.valid])];
    const invalid = [...fromText.invalid, ...fromFile.invalid];
    let state = parsed.state;
    // A coordinator brings people into one of their teams, not into the space at large.
    if (actor.role === 'coordinator' && !parsed.value.teamId) {
      state = withError(state, 'teamId', { key: 'community:invitations.teamRequired' });
    }
    // Nothing is sent while one address is wrong: the person fixes the list and sends again.
    if (invalid.length > 0) {
      state = withError(state, 'emails', {
        key: 'community:invitations.invalidAddresses',
        values: { list: invalid.slice(0, 20).join(', '), count: invalid.length },
      });
    } else if (emails.length === 0) {
      state = withError(state, 'emails', { key: 'community:invitations.noAddress' });
    } else if (emails.length > MAX_INVITATIONS_AT_ONCE) {
      state = withError(state, 'emails', {
        key: 'community:invitations.tooMany',
        values: { max: MAX_INVITATIONS_AT_ONCE },
      });
    }
    if (state.errorCount > 0) return unprocessable(await this.view(actor, state));

    const result = await this.invitations.send(
      actor,
      { emails, role: parsed.value.role, teamId: parsed.value.teamId ?? null },
      ip,
    );
    flash(req, 'success', 'community:invitations.sent', { count: result.invited.length + result.renewed.length });
    if (result.alreadyMembers.length > 0) {
      flash(req, 'info', 'community:invitations.alreadyMembers', { list: result.alreadyMembers.join(', ') });
    }
    return redirectTo(`/s/${req.space!.slug}/invitations`);
  }

  @Post(':id/resend')
  @Can('members.invite')
  @Page(...VIEW)
  async resend(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    await this.invitations.resend(actor, id, ip);
    flash(req, 'success', 'community:invitations.resent');
    return redirectTo(`/s/${req.space!.slug}/invitations`);
  }

  @Post(':id/revoke')
  @Can('members.invite')
  @Page(...VIEW)
  async revoke(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    await this.invitations.revoke(actor, id, ip);
    flash(req, 'success', 'community:invitations.revoked');
    return redirectTo(`/s/${req.space!.slug}/invitations`);
  }
}
