import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, Repository } from 'typeorm';
import type { Language } from '../../shared/i18n/languages';
import { DEFAULT_SUPPORT_LEVELS } from './default-scale';
import { type SupportCategory, SupportLevel } from './support-level.entity';

@Injectable()
export class SupportLevelsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(SupportLevel) private readonly levels: Repository<SupportLevel>,
  ) {}

  list(spaceId: string): Promise<SupportLevel[]> {
    return this.levels.find({ where: { spaceId }, order: { position: 'ASC' } });
  }

  find(spaceId: string, id: string): Promise<SupportLevel | null> {
    return this.levels.findOneBy({ spaceId, id });
  }

  async createDefaults(spaceId: string, language: Language): Promise<void> {
    if (await this.levels.existsBy({ spaceId })) return;
    await this.levels.insert(
      DEFAULT_SUPPORT_LEVELS.map((level, index) => ({
        spaceId,
        label: level.labels[language],
        colour: level.colour,
        category: level.category,
        position: index + 1,
      })),
    );
  }

  async create(
    spaceId: string,
    level: { label: string; colour: string; category: SupportCategory },
  ): Promise<SupportLevel> {
    const [{ next }] = await this.dataSource.query(
      'SELECT coalesce(max(position), 0) + 1 AS next FROM support_levels WHERE space_id = $1',
      [spaceId],
    );
    return this.levels.save(this.levels.create({ ...level, spaceId, position: next }));
  }

  async update(spaceId: string, id: string, changes: { label: string; colour: string; category: SupportCategory }) {
    await this.levels.update({ spaceId, id }, changes);
  }

  /** Swaps a level with its neighbour above or below. */
  async move(spaceId: string, id: string, direction: 'up' | 'down'): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const levels = await manager.getRepository(SupportLevel).find({ where: { spaceId }, order: { position: 'ASC' } });
      const index = levels.findIndex((level) => level.id === id);
      const other = levels[direction === 'up' ? index - 1 : index + 1];
      if (index < 0 || !other) return;
      const current = levels[index];
      await manager.getRepository(SupportLevel).update({ spaceId, id: current.id }, { position: other.position });
      await manager.getRepository(SupportLevel).update({ spaceId, id: other.id }, { position: current.position });
    });
  }

  async usage(spaceId: string, id: string): Promise<number> {
    const [{ count }] = await this.dataSource.query(
      'SELECT count(*)::int AS count FROM contacts WHERE space_id = $1 AND support_level_id = $2',
      [spaceId, id],
    );
    return count;
  }

  /**
   * Deletes a level; its contacts keep everything else and have no level any more, which
   * their timelines say (with the label, since the level is gone).
   */
  async delete(spaceId: string, level: Pick<SupportLevel, 'id' | 'label'>, actorId: string) {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO contact_events (space_id, contact_id, kind, actor_id, details)
         SELECT space_id, id, 'level_changed', $3::uuid,
                jsonb_build_object('from', jsonb_build_object('id', $2::uuid, 'label', $4::text), 'to', jsonb_build_object('id', NULL, 'label', NULL))
         FROM contacts WHERE space_id = $1 AND support_level_id = $2`,
        [spaceId, level.id, actorId, level.label],
      );
      await manager.getRepository(SupportLevel).delete({ spaceId, id: level.id });
    });
  }
}
