import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { decodeTimeCursor, type Page, toPage } from '../../shared/pagination/keyset';
import { ContactSettings } from '../contact-settings.entities';
import { ContactImport } from './contact-import.entity';
import type { ImportField } from './import-fields';

/** Imports (`contact_imports`) and the mapping each space remembers. */
@Injectable()
export class ContactImportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private imports(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(ContactImport);
  }

  create(values: Partial<ContactImport>): Promise<ContactImport> {
    const repository = this.imports();
    return repository.save(repository.create(values));
  }

  find(spaceId: string, id: string): Promise<ContactImport | null> {
    return this.imports().findOneBy({ spaceId, id });
  }

  async update(spaceId: string, id: string, changes: Partial<ContactImport>, manager?: EntityManager): Promise<void> {
    await this.imports(manager).update({ spaceId, id }, changes);
  }

  /** The space's imports, newest first (keyset). */
  async recent(spaceId: string, after: unknown, limit: number): Promise<Page<ContactImport>> {
    const cursor = decodeTimeCursor(after);
    const query = this.imports()
      .createQueryBuilder('i')
      .where('i.space_id = :spaceId', { spaceId })
      .orderBy('i.created_at', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .limit(limit + 1);
    if (cursor) query.andWhere('(i.created_at, i.id) < (:at, :id)', { at: cursor.at, id: cursor.id });
    return toPage(await query.getMany(), limit, (row) => [row.createdAt.toISOString(), row.id]);
  }

  async rememberedMapping(spaceId: string): Promise<Record<string, ImportField> | null> {
    const settings = await this.dataSource.getRepository(ContactSettings).findOneBy({ spaceId });
    return (settings?.importMapping as Record<string, ImportField> | null) ?? null;
  }

  async rememberMapping(spaceId: string, mapping: Record<string, ImportField>, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO contact_settings (space_id, import_mapping, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (space_id) DO UPDATE SET import_mapping = EXCLUDED.import_mapping, updated_at = now()`,
      [spaceId, JSON.stringify(mapping)],
    );
  }

  /**
   * Imports of every space whose file may still be on disk and is no longer needed:
   * uploaded but never started, or stopped by rejected rows, before the date.
   */
  idleWithFileBefore(before: Date): Promise<{ spaceId: string; id: string; storedName: string; status: string }[]> {
    return this.dataSource.query(
      `/* cross-space: housekeeping of every space's idle uploads */
       SELECT space_id AS "spaceId", id, stored_name AS "storedName", status FROM contact_imports
       WHERE created_at < $1 AND (status = 'uploaded' OR (status = 'done' AND report ->> 'written' = 'false'))
         AND created_at > $1 - interval '7 days'
       LIMIT 1000`,
      [before],
    );
  }
}
