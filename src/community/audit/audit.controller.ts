import { Controller, Get, Query } from '@nestjs/common';
import { IsDateString, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { Can } from '../../shared/auth/access.decorators';
import { CurrentActor } from '../../shared/auth/current.decorators';
import type { Actor } from '../../shared/auth/request-context';
import { AuditService } from '../../shared/audit/audit.service';
import { parseForm } from '../../shared/http/form';
import { Page } from '../../shared/http/page.decorator';
import { MembersService } from '../members/members.service';

class AuditFilterForm {
  @IsOptional()
  @IsUUID()
  person?: string;

  @IsOptional()
  @MaxLength(80)
  action?: string;

  @IsOptional()
  @IsDateString()
  from?: string;

  @IsOptional()
  @IsDateString()
  to?: string;

  @IsOptional()
  @MaxLength(500)
  after?: string;
}

const DAY_MS = 24 * 3600 * 1000;

/** The space's audit log, for its admins: who did what, when, from where. */
@Controller('s/:space/audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly members: MembersService,
  ) {}

  @Get()
  @Can('audit.read')
  @Page('community/audit', 'community/_audit-rows')
  async show(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    const parsed = await parseForm(AuditFilterForm, query);
    const filters = parsed.ok ? parsed.value : {};
    const page = await this.audit.list(
      actor.spaceId,
      {
        actorId: filters.person,
        action: filters.action,
        from: filters.from ? new Date(filters.from) : undefined,
        // "To" is inclusive: up to the end of that day.
        to: filters.to ? new Date(new Date(filters.to).getTime() + DAY_MS) : undefined,
      },
      filters.after,
      50,
    );
    const { after: _after, ...kept } = filters;
    return {
      titleKey: 'community:audit.title',
      page,
      filters,
      invalidFilters: !parsed.ok,
      people: await this.members.everyone(actor.spaceId),
      actions: await this.audit.actionsOf(actor.spaceId),
      nextQuery: page.next
        ? new URLSearchParams({ ...(kept as Record<string, string>), after: page.next }).toString()
        : null,
    };
  }
}
