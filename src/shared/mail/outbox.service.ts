import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { decodeTimeCursor, toPage, type Page } from '../pagination/keyset';
import { OutboxEntry } from './outbox-entry.entity';

/** Reading the outbox (support staff only: the routes say so). */
@Injectable()
export class OutboxService {
  constructor(@InjectRepository(OutboxEntry) private readonly entries: Repository<OutboxEntry>) {}

  async list(filter: { to?: string }, after: unknown, limit: number): Promise<Page<OutboxEntry>> {
    const cursor = decodeTimeCursor(after);
    const query = this.entries
      .createQueryBuilder('mail')
      .select(['mail.id', 'mail.toAddress', 'mail.subject', 'mail.status', 'mail.createdAt', 'mail.template'])
      .orderBy('mail.created_at', 'DESC')
      .addOrderBy('mail.id', 'DESC')
      .limit(limit + 1);
    if (filter.to) query.andWhere('mail.to_address = :to', { to: filter.to.toLowerCase() });
    if (cursor) query.andWhere('(mail.created_at, mail.id) < (:at, :id)', { at: cursor.at, id: cursor.id });
    return toPage(await query.getMany(), limit, (mail) => [mail.createdAt.toISOString(), mail.id]);
  }

  find(id: string): Promise<OutboxEntry | null> {
    return this.entries.findOneBy({ id });
  }
}
