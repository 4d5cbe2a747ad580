import { Injectable } from '@nestjs/common';
import type { EventMap } from '../shared/events/event-map';
import { Listen } from '../shared/events/events';
import { SupportLevelsRepository } from './support-levels/support-levels.repository';

@Injectable()
export class ContactsListeners {
  constructor(private readonly levels: SupportLevelsRepository) {}

  /** A new space starts with the default support scale, in its language. */
  @Listen('space.created')
  async spaceCreated(event: EventMap['space.created']) {
    await this.levels.createDefaults(event.spaceId, event.language);
  }
}
