import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { runMigrations } from '../../src/database/migrate';
import { expectAccentInsensitiveSearch } from '../support/search-proof';

/** The same search proof as on the server (database.e2e-spec.ts), on PGlite. */
// Starting the embedded database the first time takes a few seconds (initdb).
jest.setTimeout(120_000);

describe('search on the embedded database', () => {
  let dataDir: string;
  let embedded: EmbeddedPostgres;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'terrain-pglite-'));
    embedded = await startEmbeddedPostgres(dataDir);
    const dataSource = new DataSource(dataSourceOptions({ url: embedded.url, poolSize: 2 }));
    await dataSource.initialize();
    await runMigrations(dataSource);
    await dataSource.destroy();
  });
  afterAll(async () => {
    await embedded?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('ignores case and accents through a trigram index, like the server', async () => {
    const client = new Client({ connectionString: embedded.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: string }>('SELECT version()');
      expect(rows[0].version).toContain('PGlite');
      await expectAccentInsensitiveSearch(client);
    } finally {
      await client.end();
    }
  });
});
