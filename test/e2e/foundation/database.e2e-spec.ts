import { Client } from 'pg';
import { runMigrations } from '../../../src/database/migrate';
import { MIGRATIONS } from '../../../src/database/migrations';
import { bootTestApp, type TestApp } from '../../support/test-app';
import { expectAccentInsensitiveSearch } from '../../support/search-proof';
import { findUnscopedStatements } from '../../support/tenancy-check';

describe('database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(() => t.close());

  it('is migrated, each migration recorded once', async () => {
    const rows = await t.dataSource.query('SELECT name FROM migrations ORDER BY id');
    expect(rows.map((row: { name: string }) => row.name)).toEqual(MIGRATIONS.map((migration) => migration.name));
    // Booting again (as every start does) applies nothing twice.
    expect(await runMigrations(t.dataSource)).toEqual([]);
  });

  it('has the tables and columns the entities describe (migrations and entities agree)', async () => {
    // TypeORM looks generated columns up in this table of its own (this database is thrown away).
    await t.dataSource.query(
      'CREATE TABLE typeorm_metadata (type varchar NOT NULL, database varchar, schema varchar, "table" varchar, name varchar, value text)',
    );
    const pending = await t.dataSource.driver.createSchemaBuilder().log();
    // Indexes and constraints are the migrations' business (expression and partial indexes,
    // composite foreign keys), and so are the columns Postgres generates for search;
    // tables and the other columns must match exactly.
    const generated = /DROP COLUMN "(sort_name|first_key|search_text)"/;
    const drift = pending.upQueries
      .map((query) => query.query)
      .filter((sql) => !/^(CREATE|DROP)( UNIQUE)? INDEX|ADD CONSTRAINT|DROP CONSTRAINT/i.test(sql))
      .filter((sql) => !generated.test(sql) && !sql.includes('"typeorm_metadata"'));
    expect(drift).toEqual([]);
  });

  it('searches ignoring case and accents through a trigram index, on the Postgres server', async () => {
    const client = new Client({ connectionString: t.db.url });
    await client.connect();
    try {
      await expectAccentInsensitiveSearch(client);
    } finally {
      await client.end();
    }
  });

  describe('the tenancy check on recorded SQL', () => {
    // A table of this test's own, owned by a space like every future business table.
    beforeAll(async () => {
      await t.dataSource.query(
        `CREATE TABLE tenancy_probe (id serial PRIMARY KEY, space_id uuid NOT NULL, label text)`,
      );
    });

    it('passes a query scoped by space_id and catches one that is not', async () => {
      const mark = t.sql.statements.length;
      const spaceId = '00000000-0000-4000-8000-000000000001';
      await t.dataSource.query('SELECT label FROM tenancy_probe WHERE space_id = $1', [spaceId]);
      await t.dataSource.query(`UPDATE "tenancy_probe" SET label = 'x' WHERE id = 1`);
      await t.dataSource
        .createQueryBuilder()
        .select('p.label')
        .from('tenancy_probe', 'p')
        .where('p.id = :id', { id: 1 })
        .getRawMany();
      const recorded = t.sql.since(mark);
      const problems = findUnscopedStatements(recorded, ['tenancy_probe']);
      expect(problems.map((problem) => problem.sql)).toEqual([
        `UPDATE "tenancy_probe" SET label = 'x' WHERE id = 1`,
        expect.stringContaining('FROM "tenancy_probe" "p" WHERE p.id = $1'),
      ]);
      // These two were sent on purpose; the check that runs after this file must not fail on them.
      t.sql.forget((sql) => problems.some((problem) => problem.sql === sql));
    });

    it('lets a statement marked as cross-space through', () => {
      expect(
        findUnscopedStatements(
          ['SELECT count(*) FROM tenancy_probe /* cross-space: retention job */'],
          ['tenancy_probe'],
        ),
      ).toEqual([]);
    });
  });
});
