import { Injectable } from '@nestjs/common';
import type { Actor } from '../../shared/auth/request-context';
import { emptyForm, type FormState } from '../../shared/http/form';
import { CHANNELS, ORIGINS } from '../contacts/contact.entity';
import { SavedFiltersService } from '../saved-filters/saved-filters.service';
import { SupportLevelsRepository } from '../support-levels/support-levels.repository';
import {
  CONSENT_STATES,
  type ContactFilter,
  filterToQuery,
  isEmptyFilter,
  parseContactFilter,
  SORTS,
} from './contact-filter';
import { ContactsListService } from './contacts-list.service';

/**
 * What the contacts list page shows for a query string: the results, and for a whole page
 * the filter form's choices and the saved lists. The list and the "save this list" form
 * (whose errors come back on the list page) both render it.
 */
@Injectable()
export class ContactsListPage {
  constructor(
    private readonly list: ContactsListService,
    private readonly levels: SupportLevelsRepository,
    private readonly savedFilters: SavedFiltersService,
  ) {}

  async data(
    actor: Actor,
    slug: string,
    query: Record<string, unknown>,
    options: { fragment: boolean; saveForm?: FormState },
  ) {
    const { filter, ignored } = parseContactFilter(query);
    const page = await this.list.page(actor, filter, query.after);
    const queryString = filterToQuery(filter);
    const results = {
      titleKey: 'contacts:list.title',
      filter,
      ignored,
      page,
      queryString,
      // The address bar shows the filter's canonical form, not every empty field of the form.
      canonicalUrl: `/s/${slug}/contacts${queryString ? `?${queryString}` : ''}`,
      filtered: !isEmptyFilter(filter),
      nextQuery: page.next ? `${queryString ? `${queryString}&` : ''}after=${page.next}` : null,
      asFragment: options.fragment,
    };
    // The results alone (a filter changed, more rows) need neither the form's choices nor the saved lists.
    if (options.fragment) return results;
    const [levels, saved] = await Promise.all([this.levels.list(actor.spaceId), this.savedFilters.forPerson(actor)]);
    return { ...results, levels, saved, options: filterOptions(filter), saveForm: options.saveForm ?? emptyForm() };
  }
}

/** The choices of the filter form's lists. */
function filterOptions(filter: ContactFilter) {
  const selected = filter.consent ? `${filter.consent.channel}:${filter.consent.state}` : null;
  return {
    consents: CHANNELS.flatMap((channel) =>
      CONSENT_STATES.map((state) => ({
        value: `${channel}:${state}`,
        channel,
        state,
        selected: selected === `${channel}:${state}`,
      })),
    ),
    origins: ORIGINS,
    sorts: SORTS,
  };
}
