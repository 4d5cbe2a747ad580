import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { Staff } from '../shared/auth/access.decorators';
import { NotFound } from '../shared/errors';
import { Page } from '../shared/http/page.decorator';
import { OutboxService } from '../shared/mail/outbox.service';

/** Every mail Terrain sent or kept: without SMTP, the only way to read them (laptops). */
@Controller('admin/outbox')
export class AdminOutboxController {
  constructor(private readonly outbox: OutboxService) {}

  @Get()
  @Staff()
  @Page('admin/outbox', 'admin/_outbox-rows')
  async list(@Query('to') to?: string, @Query('after') after?: string) {
    const filter = typeof to === 'string' && to.trim() ? to.trim() : undefined;
    const page = await this.outbox.list({ to: filter }, after, 50);
    return {
      titleKey: 'admin:outbox.title',
      to: filter,
      page,
      nextQuery: page.next
        ? new URLSearchParams({ ...(filter ? { to: filter } : {}), after: page.next }).toString()
        : null,
    };
  }

  @Get(':id')
  @Staff()
  @Page('admin/outbox-mail')
  async show(@Param('id', ParseUUIDPipe) id: string) {
    const mail = await this.outbox.find(id);
    if (!mail) throw new NotFound('mail');
    return { titleKey: 'admin:outbox.mailTitle', mail };
  }
}
