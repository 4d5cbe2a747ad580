import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, Repository } from 'typeorm';
import { FilterPin, SavedFilter } from './saved-filter.entities';

export interface SavedFilterRow {
  id: string;
  name: string;
  query: string;
  shared: boolean;
  ownerId: string;
  ownerName: string | null;
  pinned: boolean;
}

@Injectable()
export class SavedFiltersRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(SavedFilter) private readonly filters: Repository<SavedFilter>,
    @InjectRepository(FilterPin) private readonly pins: Repository<FilterPin>,
  ) {}

  /** The person's own lists and the shared ones, with whether they pinned each. */
  visibleTo(spaceId: string, accountId: string): Promise<SavedFilterRow[]> {
    return this.dataSource.query(
      `SELECT f.id, f.name, f.query, f.shared, f.owner_id AS "ownerId", a.name AS "ownerName",
              EXISTS (SELECT 1 FROM contact_filter_pins p WHERE p.space_id = f.space_id AND p.filter_id = f.id AND p.account_id = $2) AS pinned
       FROM contact_saved_filters f LEFT JOIN accounts a ON a.id = f.owner_id
       WHERE f.space_id = $1 AND (f.owner_id = $2 OR f.shared)
       ORDER BY search_normalize(f.name), f.id`,
      [spaceId, accountId],
    );
  }

  find(spaceId: string, id: string): Promise<SavedFilter | null> {
    return this.filters.findOneBy({ spaceId, id });
  }

  create(filter: Pick<SavedFilter, 'spaceId' | 'ownerId' | 'name' | 'query' | 'shared'>): Promise<SavedFilter> {
    return this.filters.save(this.filters.create(filter));
  }

  async delete(spaceId: string, id: string) {
    await this.filters.delete({ spaceId, id });
  }

  isPinned(spaceId: string, accountId: string, filterId: string): Promise<boolean> {
    return this.pins.existsBy({ spaceId, accountId, filterId });
  }

  async pinCount(spaceId: string, accountId: string): Promise<number> {
    return this.pins.countBy({ spaceId, accountId });
  }

  async pin(spaceId: string, accountId: string, filterId: string) {
    await this.dataSource.query(
      'INSERT INTO contact_filter_pins (space_id, account_id, filter_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [spaceId, accountId, filterId],
    );
  }

  async unpin(spaceId: string, accountId: string, filterId: string) {
    await this.pins.delete({ spaceId, accountId, filterId });
  }
}
