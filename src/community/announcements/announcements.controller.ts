import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Can } from '../../shared/auth/access.decorators';
import { CurrentActor } from '../../shared/auth/current.decorators';
import type { Actor } from '../../shared/auth/request-context';
import { ClientIp } from '../../shared/http/client-ip.decorator';
import { flash } from '../../shared/http/flash';
import { emptyForm, type FormState, parseForm } from '../../shared/http/form';
import { Page } from '../../shared/http/page.decorator';
import { redirectTo, unprocessable } from '../../shared/http/view-result';
import { TeamsService } from '../teams/teams.service';
import { AnnouncementsService } from './announcements.service';
import { AnnouncementForm } from './dto/announcement.forms';

@Controller('s/:space/announcements')
export class AnnouncementsController {
  constructor(
    private readonly announcements: AnnouncementsService,
    private readonly teams: TeamsService,
  ) {}

  private async view(actor: Actor, form: FormState) {
    return {
      titleKey: 'community:announcements.title',
      announcements: await this.announcements.list(actor),
      teams: await this.teams.list(actor),
      form,
    };
  }

  @Get()
  @Can('announcements.publish')
  @Page('community/announcements', 'community/_announcement-form')
  show(@CurrentActor() actor: Actor) {
    return this.view(actor, emptyForm());
  }

  @Post()
  @Can('announcements.publish')
  @Page('community/announcements', 'community/_announcement-form')
  async publish(
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    const teamIds = body.teamIds === undefined ? [] : [body.teamIds].flat();
    const parsed = await parseForm(AnnouncementForm, { ...body, teamIds }, ['pinned']);
    if (!parsed.ok) return unprocessable(await this.view(actor, parsed.state));
    await this.announcements.publish(actor, { ...parsed.value, teamIds: parsed.value.teamIds ?? [] }, ip);
    flash(req, 'success', 'community:announcements.published');
    return redirectTo(`/s/${req.space!.slug}/announcements`);
  }

  @Post(':id/pin')
  @Can('announcements.publish')
  @Page('community/announcements')
  async pin(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body('pinned') pinned: unknown,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    await this.announcements.setPinned(actor, id, pinned === 'true', ip);
    return redirectTo(`/s/${req.space!.slug}/announcements`);
  }

  @Post(':id/delete')
  @Can('announcements.publish')
  @Page('community/announcements')
  async delete(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    await this.announcements.delete(actor, id, ip);
    flash(req, 'success', 'community:announcements.deleted');
    return redirectTo(`/s/${req.space!.slug}/announcements`);
  }

  /** "Mark as read" on the field home: the listed announcements, or every one shown. */
  @Post('read')
  @Can('space.field')
  @Page('community/field')
  async markRead(@CurrentActor() actor: Actor, @Body('ids') ids: unknown, @Req() req: Request) {
    const list = [ids ?? []].flat().filter((id): id is string => typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id));
    await this.announcements.markRead(actor, list);
    return redirectTo(`/s/${req.space!.slug}/field`);
  }
}
