import { Body, Controller, Get, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Can } from '../../shared/auth/access.decorators';
import { CurrentActor } from '../../shared/auth/current.decorators';
import type { Actor } from '../../shared/auth/request-context';
import { Invalid } from '../../shared/errors';
import { ClientIp } from '../../shared/http/client-ip.decorator';
import { flash } from '../../shared/http/flash';
import { Page } from '../../shared/http/page.decorator';
import { redirectTo, withFragment } from '../../shared/http/view-result';
import { DUPLICATE_RULES, MAX_GROUP_SIZE, parseRule } from './duplicate-rules';
import { DuplicatesService } from './duplicates.service';
import { parseGroupIds } from './group-contacts';

/** Contacts › duplicates: candidate groups, rule by rule, and "not duplicates". */
@Controller('s/:space/contacts/duplicates')
export class DuplicatesController {
  constructor(private readonly duplicates: DuplicatesService) {}

  @Get()
  @Can('contacts.merge')
  @Page('contacts/duplicates', 'contacts/_duplicates-results')
  async show(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    const rule = parseRule(query.rule);
    const page = await this.duplicates.page(actor, rule, query.after);
    const ruleQuery = rule ? `rule=${rule}&` : '';
    const data = {
      titleKey: 'contacts:duplicates.title',
      rule,
      ruleLinks: [null, ...DUPLICATE_RULES].map((value) => ({
        value,
        query: value ? `?rule=${value}` : '',
        current: value === rule,
      })),
      groups: page.groups,
      nextQuery: page.next ? `${ruleQuery}after=${page.next}` : null,
      maxGroupSize: MAX_GROUP_SIZE,
    };
    // "More" appends groups to those already shown.
    return query.after ? withFragment('contacts/_duplicates-more', data) : data;
  }

  @Post('not-duplicates')
  @Can('contacts.merge')
  @Page('contacts/duplicates')
  async notDuplicates(
    @CurrentActor() actor: Actor,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @ClientIp() ip: string,
  ) {
    const ids = parseGroupIds(body.ids);
    if (!ids) throw new Invalid('group', 'contacts:duplicates.errors.badGroup');
    await this.duplicates.rememberNotDuplicates(actor, ids, ip);
    flash(req, 'success', 'contacts:duplicates.notDuplicatesDone');
    const rule = parseRule(body.rule);
    return redirectTo(`/s/${req.space!.slug}/contacts/duplicates${rule ? `?rule=${rule}` : ''}`);
  }
}
