import { Injectable } from '@nestjs/common';
import type { Actor } from '../../shared/auth/request-context';
import { Conflict, NotFound } from '../../shared/errors';
import { filterToQuery, parseContactFilter, queryFromString } from '../list/contact-filter';
import { SavedFiltersRepository } from './saved-filters.repository';

export const MAX_PINS = 4;

/**
 * "Listes dynamiques": a filter of the contacts list saved under a name, for oneself or
 * shared with the space; up to four pinned above the list. A list is only a filter: each
 * person still sees only the contacts they may see.
 */
@Injectable()
export class SavedFiltersService {
  constructor(private readonly filters: SavedFiltersRepository) {}

  async forPerson(actor: Actor) {
    const all = await this.filters.visibleTo(actor.spaceId, actor.accountId);
    return {
      all,
      pinned: all.filter((filter) => filter.pinned),
      canPin: all.filter((filter) => filter.pinned).length < MAX_PINS,
    };
  }

  /** Saves the list's current filter (re-serialised: only what the list understands is kept). */
  save(actor: Actor, input: { name: string; query: string; shared: boolean }) {
    const { filter } = parseContactFilter(queryFromString(input.query));
    return this.filters.create({
      spaceId: actor.spaceId,
      ownerId: actor.accountId,
      name: input.name,
      query: filterToQuery(filter),
      // Sharing a list with everyone is an organiser's call.
      shared: input.shared && actor.role !== 'member',
    });
  }

  /** A list the person may use: theirs or a shared one (404 otherwise). */
  private async usable(actor: Actor, id: string) {
    const filter = await this.filters.find(actor.spaceId, id);
    if (!filter || (!filter.shared && filter.ownerId !== actor.accountId)) throw new NotFound('saved-filter');
    return filter;
  }

  async delete(actor: Actor, id: string) {
    const filter = await this.usable(actor, id);
    // Someone else's shared list: only admins may remove it.
    if (filter.ownerId !== actor.accountId && actor.role !== 'admin') throw new NotFound('saved-filter');
    await this.filters.delete(actor.spaceId, id);
  }

  async pin(actor: Actor, id: string) {
    await this.usable(actor, id);
    if (await this.filters.isPinned(actor.spaceId, actor.accountId, id)) return;
    if ((await this.filters.pinCount(actor.spaceId, actor.accountId)) >= MAX_PINS) {
      throw new Conflict('too-many-pins', 'contacts:saved.tooManyPins');
    }
    await this.filters.pin(actor.spaceId, actor.accountId, id);
  }

  async unpin(actor: Actor, id: string) {
    await this.usable(actor, id);
    await this.filters.unpin(actor.spaceId, actor.accountId, id);
  }
}
