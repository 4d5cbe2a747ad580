import { readFileSync, rmSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { ContactsRepository } from '../src/contacts/contacts/contacts.repository';
import { CONTACTS_PAGE_SIZE } from '../src/contacts/list/contacts-list.service';
import { parseContactFilter, queryFromString } from '../src/contacts/list/contact-filter';
import { dataSourceOptions } from '../src/database/data-source-options';
import { runMigrations } from '../src/database/migrate';
import { TEST_PASSWORD } from '../test/factories/community.factory';
import { freePort, spawnTerrain, type TerrainProcess, waitUntilReady } from '../test/support/terrain-process';
import { databaseUrl, withServer } from '../test/support/test-database';
import { WebSession } from './contacts/web-session';
import { findOrCreateSpace, seedContacts } from './seed/seed-command';
import { writeImportCsv } from './seed/import-csv';

const IMPORT_ROWS = 100_000;
const LIST_CONTACTS = 1_000_000;
const BIG_IMPORT_ROWS = 1_000_000;
const LIST_RUNS = 40;

/** Five filters organisers use every day, as the list's URL carries them. */
const LIST_FILTERS: [string, (levelId: string) => string][] = [
  ['everyone, by name', () => ''],
  ['search "martin"', () => 'q=martin'],
  ['search "du" (prefix)', () => 'q=du'],
  ['level + tag "école"', (levelId) => `level=${levelId}&tag=%C3%A9cole`],
  [
    'postcode + e-mail consent + phone, by last contact',
    () => 'postcode=33000&consent=email%3Agranted&phone=yes&sort=interaction',
  ],
];

const COPIED_COLUMNS = [
  'first_name',
  'last_name',
  'gender',
  'birth_date',
  'email',
  'phone',
  'phone_raw',
  'street_number',
  'street',
  'postcode',
  'city',
  'tags',
  'origin',
  'consent_email',
  'consent_sms',
];

function rssOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface ImportFigure {
  rows: number;
  uploadSeconds: number;
  importSeconds: number;
  created: number;
  peakRssGrowthMb: number;
  baselineRssMb: number;
  /** Peak growth while the file was sent, checked and previewed. */
  uploadGrowthMb: number;
  /** Peak growth from the start of the import to its report, over the resident size at its start. */
  importGrowthMb: number;
}

/**
 * Uploads a file as an admin does, starts the import with the proposed mapping and waits
 * for the report, watching the server's resident memory meanwhile.
 */
async function importThroughApp(
  terrain: TerrainProcess,
  dataSource: DataSource,
  slug: string,
  email: string,
  file: string,
): Promise<ImportFigure> {
  const session = await WebSession.signIn(terrain.url, email, TEST_PASSWORD);
  await session.page(`/s/${slug}/contacts/import`);
  const baseline = rssOf(terrain.child.pid!).rss;
  let peak = baseline;
  const watch = setInterval(() => (peak = Math.max(peak, rssOf(terrain.child.pid!).rss)), 50);
  let watchImport: NodeJS.Timeout | undefined;
  try {
    const uploadStart = performance.now();
    const uploaded = await session.upload(`/s/${slug}/contacts/import`, file);
    const location = uploaded.headers.get('location');
    if (uploaded.status !== 303 || !location) throw new Error(`Upload answered ${uploaded.status}`);
    const mapping = await session.page(location);
    const uploadSeconds = (performance.now() - uploadStart) / 1000;
    const form = new URLSearchParams({ mode: 'fill' });
    for (const select of mapping.text.matchAll(
      /<select id="field-(column_\d+)" name="column_\d+"[^>]*>([\s\S]*?)<\/select>/g,
    )) {
      form.set(select[1], /<option value="([^"]*)" selected>/.exec(select[2])?.[1] ?? '');
    }
    const uploadPeak = peak;
    const atStart = rssOf(terrain.child.pid!).rss;
    let importPeak = atStart;
    watchImport = setInterval(() => (importPeak = Math.max(importPeak, rssOf(terrain.child.pid!).rss)), 50);
    const importStart = performance.now();
    const started = await session.post(`${location}/start`, form);
    if (started.status !== 303) throw new Error(`Start answered ${started.status}`);
    const id = location.split('/').pop()!;
    for (;;) {
      const [row] = await dataSource.query(
        'SELECT status, total_rows, created_count, error FROM contact_imports WHERE id = $1',
        [id],
      );
      if (row.status === 'failed') throw new Error(`Import failed: ${row.error}`);
      if (row.status === 'done') {
        return {
          uploadGrowthMb: uploadPeak - baseline,
          importGrowthMb: importPeak - atStart,
          rows: row.total_rows,
          uploadSeconds,
          importSeconds: (performance.now() - importStart) / 1000,
          created: row.created_count,
          peakRssGrowthMb: peak - baseline,
          baselineRssMb: baseline,
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    clearInterval(watch);
    clearInterval(watchImport);
  }
}

/**
 * The rows an import wrote into one space, written again into another with a plain COPY
 * (the same support levels, by position, and that space's admin as author).
 */
async function copyRowsBetweenSpaces(
  dataSource: DataSource,
  from: { id: string },
  to: { id: string; adminId: string },
): Promise<number> {
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  const client = await pool.connect();
  try {
    const chunks: Buffer[] = [];
    const out = client.query(
      copyTo(
        `COPY (SELECT '${to.id}'::uuid, ${COPIED_COLUMNS.map((column) => `c.${column}`).join(', ')},
                      (SELECT l2.id FROM support_levels l1 JOIN support_levels l2 ON l2.space_id = '${to.id}' AND l2.position = l1.position
                       WHERE l1.space_id = c.space_id AND l1.id = c.support_level_id),
                      '${to.adminId}'::uuid, '${to.adminId}'::uuid
               FROM contacts c WHERE c.space_id = '${from.id}') TO STDOUT`,
      ),
    );
    for await (const chunk of out) chunks.push(chunk as Buffer);
    const started = performance.now();
    await pipeline(
      Readable.from(chunks),
      client.query(
        copyFrom(
          `COPY contacts (space_id, ${COPIED_COLUMNS.join(', ')}, support_level_id, created_by, updated_by) FROM STDIN`,
        ),
      ),
    );
    return (performance.now() - started) / 1000;
  } finally {
    client.release();
  }
}

async function timeListPages(
  terrain: TerrainProcess,
  dataSource: DataSource,
  space: { slug: string; id: string; email: string },
) {
  const session = await WebSession.signIn(terrain.url, space.email, TEST_PASSWORD);
  const [level] = await dataSource.query(
    `SELECT id FROM support_levels WHERE space_id = $1 AND category = 'supporter' LIMIT 1`,
    [space.id],
  );
  const repository = new ContactsRepository(dataSource, null as never);
  const results: { name: string; page: number[]; sql: number[]; rows: number }[] = [];
  for (const [name, query] of LIST_FILTERS) {
    const queryString = query(level.id);
    const filter = parseContactFilter(queryFromString(queryString)).filter;
    const page: number[] = [];
    const sql: number[] = [];
    let rows = 0;
    for (let run = -3; run < LIST_RUNS; run++) {
      const pageStart = performance.now();
      const res = await session.page(`/s/${space.slug}/contacts${queryString ? `?${queryString}` : ''}`);
      const pageMs = performance.now() - pageStart;
      if (res.status !== 200) throw new Error(`${name}: list answered ${res.status}`);
      const sqlStart = performance.now();
      rows = (await repository.page(space.id, filter, { kind: 'all' }, null, CONTACTS_PAGE_SIZE)).length;
      const sqlMs = performance.now() - sqlStart;
      // The first runs warm the caches up.
      if (run >= 0) {
        page.push(pageMs);
        sql.push(sqlMs);
      }
    }
    results.push({ name, page, sql, rows });
  }
  return results;
}

/**
 * `npm run bench -- contacts [--parts import,list,memory]`, against the Postgres server of
 * TEST_DATABASE_URL (by default the local one): CSV import through the app against a plain
 * COPY of the same rows, the list page at a million contacts against its SQL alone, and
 * the server's memory during a million-row import.
 */
export async function run(args: string[] = []): Promise<void> {
  const partsArg = args.indexOf('--parts');
  const parts = new Set(partsArg >= 0 ? args[partsArg + 1].split(',') : ['import', 'list', 'memory']);
  const name = `terrain_bench_contacts_${Date.now()}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'terrain-bench-'));
  const out = (text: string) => process.stdout.write(text);
  await withServer((client) => client.query(`CREATE DATABASE "${name}"`));
  const dataSource = new DataSource(dataSourceOptions({ url: databaseUrl(name), poolSize: 3 }));
  let terrain: TerrainProcess | null = null;
  try {
    await dataSource.initialize();
    await runMigrations(dataSource);
    const spaces: Record<string, { id: string; adminId: string; slug: string; email: string }> = {};
    for (const slug of ['warm-up', 'copy', 'import', 'list', 'million']) {
      const { spaceId, adminId } = await findOrCreateSpace(dataSource, slug);
      spaces[slug] = { id: spaceId, adminId, slug, email: `${slug}-admin@terrain.invalid` };
    }
    terrain = spawnTerrain({ DATABASE_URL: databaseUrl(name), DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, await freePort());
    await waitUntilReady(terrain);

    const file = join(dataDir, 'contacts-100k.csv');
    if (parts.has('import')) {
      out(`\nGenerating a ${IMPORT_ROWS}-row CSV file…\n`);
      await writeImportCsv(file, IMPORT_ROWS, 2026);
      out(`Warm-up import (and the rows COPY will write)…\n`);
      await importThroughApp(terrain, dataSource, 'warm-up', spaces['warm-up'].email, file);
      const copySeconds = await copyRowsBetweenSpaces(dataSource, spaces['warm-up'], spaces.copy);
      await dataSource.query('ANALYZE contacts');
      out(`Import through the app…\n`);
      const imported = await importThroughApp(terrain, dataSource, 'import', spaces.import.email, file);
      out(
        `\ncontacts: CSV import of ${IMPORT_ROWS} rows (14 columns, ${(statSync(file).size / 1e6).toFixed(1)} MB), real Postgres\n`,
      );
      out(`  upload + checks + mapping page   ${imported.uploadSeconds.toFixed(2)} s\n`);
      out(
        `  import (start → report)          ${imported.importSeconds.toFixed(2)} s   ${Math.round(imported.rows / imported.importSeconds)} rows/s   (${imported.created} created)\n`,
      );
      out(
        `  plain COPY of the same rows      ${copySeconds.toFixed(2)} s   ${Math.round(IMPORT_ROWS / copySeconds)} rows/s\n`,
      );
      out(`  import / COPY                    ${(imported.importSeconds / copySeconds).toFixed(2)} ×\n\n`);
    }

    if (parts.has('list')) {
      out(`Seeding ${LIST_CONTACTS} contacts for the list…\n`);
      const seedStart = performance.now();
      await seedContacts(dataSource, spaces.list.id, spaces.list.adminId, LIST_CONTACTS, 2026);
      out(`  seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s\n`);
      const lists = await timeListPages(terrain, dataSource, spaces.list);
      out(
        `\ncontacts: list page at ${LIST_CONTACTS} contacts in the space, ${LIST_RUNS} runs each (ms; page = request → last byte, SQL = the list query alone)\n`,
      );
      out(`  filter                                              page p50  page p95   SQL p50   SQL p95  rows\n`);
      for (const list of lists) {
        out(
          `  ${list.name.padEnd(50)} ${percentile(list.page, 50).toFixed(1).padStart(9)} ${percentile(list.page, 95).toFixed(1).padStart(9)} ${percentile(list.sql, 50).toFixed(1).padStart(9)} ${percentile(list.sql, 95).toFixed(1).padStart(9)} ${String(list.rows).padStart(5)}\n`,
        );
      }
      out('\n');
    }

    if (parts.has('memory')) {
      out(`Generating a ${BIG_IMPORT_ROWS}-row CSV file…\n`);
      const bigFile = join(dataDir, 'contacts-1m.csv');
      await writeImportCsv(bigFile, BIG_IMPORT_ROWS, 2027, true);
      out(`Importing it through the app…\n`);
      const big = await importThroughApp(terrain, dataSource, 'million', spaces.million.email, bigFile);
      const [{ total }] = await dataSource.query('SELECT count(*)::int AS total FROM contacts');
      out(
        `\ncontacts: import of ${big.rows} rows (4 columns, ${(statSync(bigFile).size / 1e6).toFixed(1)} MB); ${total} contacts in the base after it\n`,
      );
      out(
        `  import (start → report)          ${big.importSeconds.toFixed(1)} s   ${Math.round(big.rows / big.importSeconds)} rows/s   (${big.created} created)\n`,
      );
      out(`  server RSS before                ${big.baselineRssMb.toFixed(0)} MB\n`);
      out(
        `  server RSS growth, upload        ${big.uploadGrowthMb.toFixed(0)} MB (file received, checked, previewed)\n`,
      );
      out(
        `  server RSS growth, import        ${big.importGrowthMb.toFixed(0)} MB (from the start of the import to its report)\n`,
      );
      out(`  server RSS peak growth, in all   ${big.peakRssGrowthMb.toFixed(0)} MB\n`);
    }
  } finally {
    await terrain?.stop();
    await dataSource.destroy().catch(() => undefined);
    await withServer((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
