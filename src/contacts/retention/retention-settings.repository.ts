import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** The space's retention rule, in contact_settings (a row per space, made on first save). */
@Injectable()
export class RetentionSettingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async months(spaceId: string): Promise<number | null> {
    const [row] = await this.dataSource.query(
      'SELECT retention_months AS months FROM contact_settings WHERE space_id = $1',
      [spaceId],
    );
    return row?.months ?? null;
  }

  async setMonths(spaceId: string, months: number | null): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO contact_settings (space_id, retention_months) VALUES ($1, $2)
       ON CONFLICT (space_id) DO UPDATE SET retention_months = EXCLUDED.retention_months, updated_at = now()`,
      [spaceId, months],
    );
  }
}
