import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In, IsNull } from 'typeorm';
import { Contact } from '../contacts/contact.entity';
import { SqlParams } from '../list/contact-query';
import { type GroupQueryOptions, type GroupRow, groupsQuery } from './duplicate-groups.query';
import type { Detector } from './duplicate-rules';

/** Queries of duplicate detection: groups, their contacts, pairs marked "not duplicates". */
@Injectable()
export class DuplicatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  groups(spaceId: string, detector: Detector, options: GroupQueryOptions): Promise<GroupRow[]> {
    const params = new SqlParams();
    const sql = groupsQuery(spaceId, detector, options, params);
    return this.dataSource.query(sql, params.values);
  }

  /** Live contacts among these ids (merged and erased ones are left out). */
  liveContacts(spaceId: string, ids: string[], manager?: EntityManager): Promise<Contact[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return (manager ?? this.dataSource.manager)
      .getRepository(Contact)
      .findBy({ spaceId, id: In(ids), mergedInto: IsNull(), erasedAt: IsNull() });
  }

  /** Remembers every pair of these contacts as different people. */
  async rememberNotDuplicates(spaceId: string, ids: string[], decidedBy: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO contact_not_duplicates (space_id, contact_a, contact_b, decided_by)
       SELECT $1, a.id, b.id, $3 FROM unnest($2::uuid[]) AS a (id) CROSS JOIN unnest($2::uuid[]) AS b (id)
       WHERE a.id < b.id
       ON CONFLICT DO NOTHING`,
      [spaceId, ids, decidedBy],
    );
  }
}
