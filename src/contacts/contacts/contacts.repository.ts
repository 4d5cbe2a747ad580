import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, EntityManager, Repository } from 'typeorm';
import { type ContactFilter, EMPTY_FILTER, type Sort } from '../list/contact-filter';
import {
  afterCondition,
  bindPrefix,
  contactConditions,
  type ContactVisibility,
  isShortPrefix,
  namePrefixCondition,
  ORDERS,
  SqlParams,
} from '../list/contact-query';
import { Contact } from './contact.entity';

export interface ContactRow {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  postcode: string | null;
  city: string | null;
  tags: string[];
  doNotContact: boolean;
  createdAt: Date;
  updatedAt: Date;
  lastInteractionAt: Date | null;
  levelLabel: string | null;
  levelColour: string | null;
  /** The sort column's value, as Postgres has it: the cursor's first part. */
  cursorValue: string | null;
}

/** The columns of a list row (aliases c: contacts, l: support_levels). */
const PAGE_COLUMNS = `c.id, c.first_name AS "firstName", c.last_name AS "lastName", c.email, c.phone, c.postcode, c.city, c.tags,
  c.do_not_contact AS "doNotContact", c.created_at AS "createdAt", c.updated_at AS "updatedAt",
  c.last_interaction_at AS "lastInteractionAt", l.label AS "levelLabel", l.colour AS "levelColour"`;

/** The only place with queries on contacts. Every method takes the space first. */
@Injectable()
export class ContactsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Contact) private readonly contacts: Repository<Contact>,
  ) {}

  /** One page of the list: `limit + 1` rows after the cursor, in one statement. */
  page(
    spaceId: string,
    filter: ContactFilter,
    visibility: ContactVisibility,
    after: [string | null, string] | null,
    limit: number,
  ): Promise<ContactRow[]> {
    if (filter.sort === 'name' && filter.q && isShortPrefix(filter.q))
      return this.namePrefixPage(spaceId, filter, visibility, after, limit);
    const params = new SqlParams();
    const conditions = contactConditions(spaceId, filter, visibility, params);
    if (after) conditions.push(afterCondition(filter.sort, after, params));
    const order = ORDERS[filter.sort];
    return this.dataSource.query(
      `SELECT ${PAGE_COLUMNS}, ${cursorColumn(filter.sort)} AS "cursorValue"
       FROM contacts c LEFT JOIN support_levels l ON l.space_id = c.space_id AND l.id = c.support_level_id
       WHERE ${conditions.join(' AND ')}
       ORDER BY ${order.orderBy}
       LIMIT ${params.bind(limit + 1)}`,
      params.values,
    );
  }

  /**
   * A page of names starting with one or two letters, last name or first name, in name
   * order. One condition "last OR first name" would make Postgres fetch and sort every
   * match (a tenth of the base for "ma"); two ordered branches, each reading its own
   * index only as far as the page needs, merged, stay as fast as the plain list.
   */
  private namePrefixPage(
    spaceId: string,
    filter: ContactFilter,
    visibility: ContactVisibility,
    after: [string | null, string] | null,
    limit: number,
  ): Promise<ContactRow[]> {
    const params = new SqlParams();
    const conditions = contactConditions(spaceId, filter, visibility, params, { withoutSearch: true });
    if (after) conditions.push(afterCondition('name', after, params));
    const prefix = bindPrefix(filter.q!, params);
    const pageSize = params.bind(limit + 1);
    const branch = (column: 'sort_name' | 'first_key') =>
      `(SELECT c.sort_name, c.id FROM contacts c
        WHERE ${[...conditions, namePrefixCondition(column, prefix)].join(' AND ')}
        ORDER BY c.sort_name, c.id LIMIT ${pageSize})`;
    return this.dataSource.query(
      `WITH hits AS (${branch('sort_name')} UNION ${branch('first_key')})
       SELECT ${PAGE_COLUMNS}, c.sort_name AS "cursorValue"
       FROM hits h JOIN contacts c ON c.space_id = ${params.bind(spaceId)} AND c.id = h.id
       LEFT JOIN support_levels l ON l.space_id = c.space_id AND l.id = c.support_level_id
       ORDER BY c.sort_name, c.id
       LIMIT ${pageSize}`,
      params.values,
    );
  }

  /** How many contacts the filter selects (bulk actions say it before acting). */
  async count(spaceId: string, filter: ContactFilter, visibility: ContactVisibility): Promise<number> {
    const params = new SqlParams();
    const conditions = contactConditions(spaceId, filter, visibility, params);
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM contacts c WHERE ${conditions.join(' AND ')}`,
      params.values,
    );
    return row.count;
  }

  /** The SQL selecting the ids of a filtered set, for set-based writes (bulk, export). */
  selection(spaceId: string, filter: ContactFilter, visibility: ContactVisibility, params: SqlParams): string {
    return `SELECT c.id FROM contacts c WHERE ${contactConditions(spaceId, filter, visibility, params).join(' AND ')}`;
  }

  /** A live contact, if it is among those the person may see. */
  async findVisible(spaceId: string, id: string, visibility: ContactVisibility): Promise<Contact | null> {
    const params = new SqlParams();
    // A sheet opens for a contact who asked not to be contacted too (to see it, or lift it).
    const conditions = contactConditions(spaceId, { ...EMPTY_FILTER, dnc: 'include' }, visibility, params);
    const [row] = await this.dataSource.query(
      `SELECT c.id FROM contacts c WHERE ${conditions.join(' AND ')} AND c.id = ${params.bind(id)}::uuid`,
      params.values,
    );
    return row ? this.find(spaceId, id) : null;
  }

  find(spaceId: string, id: string, manager?: EntityManager): Promise<Contact | null> {
    return (manager ?? this.dataSource.manager).getRepository(Contact).findOneBy({ spaceId, id });
  }

  async insert(contact: Partial<Contact>, manager: EntityManager): Promise<Contact> {
    const repository = manager.getRepository(Contact);
    return repository.save(repository.create(contact));
  }

  async update(spaceId: string, id: string, changes: Partial<Contact>, manager: EntityManager): Promise<void> {
    await manager.getRepository(Contact).update({ spaceId, id }, changes);
  }

  /** Deletes the contact and those merged into it (kept hidden for an undo): the same person. */
  async delete(spaceId: string, id: string): Promise<void> {
    await this.dataSource.query(
      `WITH RECURSIVE merged AS (
         SELECT id FROM contacts WHERE space_id = $1 AND id = $2
         UNION
         SELECT c.id FROM contacts c JOIN merged m ON c.space_id = $1 AND c.merged_into = m.id)
       DELETE FROM contacts WHERE space_id = $1 AND id IN (SELECT id FROM merged)`,
      [spaceId, id],
    );
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}

/** The cursor value, as text: names as they sort, times to the millisecond. */
function cursorColumn(sort: Sort): string {
  const key = ORDERS[sort].key;
  return sort === 'name' ? key : `to_char(${key} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
