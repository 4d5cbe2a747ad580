import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ContactEvent } from './contact-event.entity';

/** The contacts module's own timeline entries: creation, edits, consents, merges… */
@Injectable()
export class ContactEventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(
    manager: EntityManager,
    event: {
      spaceId: string;
      contactId: string;
      kind: string;
      actorId: string | null;
      details?: Record<string, unknown>;
    },
  ): Promise<void> {
    await manager
      .getRepository(ContactEvent)
      .insert({ ...event, details: (event.details ?? null) as ContactEvent['details'] & object });
  }

  latest(spaceId: string, contactId: string, limit: number): Promise<ContactEvent[]> {
    return this.dataSource.getRepository(ContactEvent).find({
      where: { spaceId, contactId },
      order: { at: 'DESC', id: 'DESC' },
      take: limit,
    });
  }
}
