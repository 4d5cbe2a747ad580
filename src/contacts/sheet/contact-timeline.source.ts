import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CommunityQueries } from '../../community/community.queries';
import { ContactExtensions, type TimelineEntry } from '../../shared/contacts/contact-extensions';
import { ContactEventsRepository } from './contact-events.repository';

/** Registers the contacts module's own entries (creation, edits, consents…) on the timeline. */
@Injectable()
export class ContactTimelineSource implements OnModuleInit {
  constructor(
    private readonly extensions: ContactExtensions,
    private readonly events: ContactEventsRepository,
    private readonly community: CommunityQueries,
  ) {}

  onModuleInit() {
    this.extensions.addTimelineSource({
      id: 'contacts',
      load: (spaceId, contactId, limit) => this.load(spaceId, contactId, limit),
    });
  }

  private async load(spaceId: string, contactId: string, limit: number): Promise<TimelineEntry[]> {
    const events = await this.events.latest(spaceId, contactId, limit);
    const names = await this.community.accountNames([
      ...new Set(events.map((event) => event.actorId).filter((id): id is string => !!id)),
    ]);
    return events.map((event) => ({
      at: event.at,
      labelKey: `contacts:timeline.${event.kind}`,
      values: flatten(event.details),
      actorId: event.actorId,
      actorName: event.actorId ? (names.get(event.actorId) ?? null) : null,
    }));
  }
}

/** Details as i18n values: level labels, lists of fields, counts. */
function flatten(details: Record<string, unknown> | null): Record<string, unknown> {
  if (!details) return {};
  const values: Record<string, unknown> = { ...details };
  const level = (value: unknown) => (value as { label?: string } | null)?.label ?? '—';
  if ('from' in details) values.from = level(details.from);
  if ('to' in details) values.to = level(details.to);
  if (Array.isArray(details.fields)) values.count = details.fields.length;
  if (Array.isArray(details.tags)) values.tags = (details.tags as string[]).join(', ');
  return values;
}
