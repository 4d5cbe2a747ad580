import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { runMigrations } from '../../src/database/migrate';
import { spaceOwnedTables } from './tenancy-check';
import { databaseUrl, dropDatabases, templateName, withServer } from './test-database';

// Databases of runs that crashed before their teardown are dropped after this long.
const STALE_RUN_MS = 6 * 60 * 60 * 1000;

/**
 * Once per `npm test`: create the run's template database and migrate it; each test file
 * then copies it. The prefix carries the start time so leftovers of crashed runs can be
 * recognised and dropped.
 */
export default async function globalSetup() {
  // Worker threads (the contacts import's reader) run compiled code: keep dist/ current.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('../../scripts/build') as { build(options: { quiet: boolean }): void }).build({ quiet: true });
  const prefix = `terrain_test_${Date.now()}_${process.pid}`;
  process.env.TERRAIN_TEST_RUN = prefix;
  await dropStaleRuns();
  const template = templateName(prefix);
  await withServer((client) => client.query(`CREATE DATABASE "${template}"`));
  const dataSource = new DataSource(dataSourceOptions({ url: databaseUrl(template), poolSize: 2 }));
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
    // Read by the check that runs after each e2e file (see e2e-setup.ts).
    process.env.TERRAIN_TEST_SPACE_TABLES = (await spaceOwnedTables(dataSource)).join(',');
  } finally {
    await dataSource.destroy();
  }
}

async function dropStaleRuns() {
  const names = await withServer(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'terrain\\_test\\_%'",
    );
    return rows.map((row) => row.datname);
  });
  const stalePrefixes = new Set<string>();
  for (const name of names) {
    const match = /^(terrain_test_(\d+)_\d+)_/.exec(name);
    if (match && Date.now() - Number(match[2]) > STALE_RUN_MS) stalePrefixes.add(match[1]);
  }
  for (const prefix of stalePrefixes) await dropDatabases(`${prefix}_`);
}
