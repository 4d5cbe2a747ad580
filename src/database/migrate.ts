import type { DataSource } from 'typeorm';

// Any constant works; all Terrain processes sharing a database must use the same one.
const MIGRATION_LOCK_KEY = 7_460_221_813;

/**
 * Applies pending migrations. On a shared server several processes may start at once,
 * so they queue on an advisory lock and the later ones find nothing left to do.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.release();
  }
}
