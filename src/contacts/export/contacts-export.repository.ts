import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ContactFilter } from '../list/contact-filter';
import { afterCondition, contactConditions, type ContactVisibility, ORDERS, SqlParams } from '../list/contact-query';
import type { ExportRow } from './export-columns';

/**
 * The export reads the filtered contacts by name, one keyset batch per statement: each
 * batch walks the list's name index from where the previous one stopped, so a million
 * contacts cost a few hundred short statements and never sit in memory together.
 */
@Injectable()
export class ContactsExportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  batch(
    spaceId: string,
    filter: ContactFilter,
    visibility: ContactVisibility,
    select: string[],
    after: [string, string] | null,
    limit: number,
  ): Promise<ExportRow[]> {
    const params = new SqlParams();
    const conditions = contactConditions(spaceId, filter, visibility, params);
    if (after) conditions.push(afterCondition('name', after, params));
    return this.dataSource.query(
      `SELECT c.id, c.sort_name AS "sortKey"${select.map((expression) => `, ${expression}`).join('')}
       FROM contacts c LEFT JOIN support_levels l ON l.space_id = c.space_id AND l.id = c.support_level_id
       WHERE ${conditions.join(' AND ')}
       ORDER BY ${ORDERS.name.orderBy}
       LIMIT ${params.bind(limit)}`,
      params.values,
    );
  }
}
