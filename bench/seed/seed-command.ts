import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { runMigrations } from '../../src/database/migrate';
import { createAccount, createSpace } from '../../test/factories/community.factory';
import { CONTACT_COPY_COLUMNS, contactCopyLines } from './contact-rows';

interface SeedOptions {
  space: string;
  contacts: number;
  seed: number;
}

function parseArgs(args: string[]): SeedOptions {
  const options: SeedOptions = { space: 'demo', contacts: 1000, seed: 2026 };
  for (let i = 0; i < args.length; i += 2) {
    const [name, value] = [args[i], args[i + 1]];
    if (name === '--space' && value) options.space = value;
    else if (name === '--contacts' && /^\d+$/.test(value ?? '')) options.contacts = Number(value);
    else if (name === '--seed' && /^\d+$/.test(value ?? '')) options.seed = Number(value);
    else
      throw new Error(`Unknown option ${name}. Usage: npm run seed -- --space demo --contacts 1000000 [--seed 2026]`);
  }
  return options;
}

/** Opens the database Terrain would use (DATABASE_URL, or the embedded one of DATA_DIR). */
export async function openDatabase(): Promise<{ dataSource: DataSource; close(): Promise<void> }> {
  const config = loadConfig(process.env);
  let embedded: EmbeddedPostgres | undefined;
  const url = config.databaseUrl ?? (embedded = await startEmbeddedPostgres(config.dataDir)).url;
  const dataSource = new DataSource(dataSourceOptions({ url, poolSize: 3 }));
  await dataSource.initialize();
  await runMigrations(dataSource);
  return {
    dataSource,
    async close() {
      await dataSource.destroy();
      await embedded?.stop();
    },
  };
}

/** The space of that slug, created (with an admin account) when missing. */
export async function findOrCreateSpace(dataSource: DataSource, slug: string) {
  const [found] = await dataSource.query(
    `SELECT s.id, m.account_id AS "adminId" FROM spaces s JOIN memberships m ON m.space_id = s.id AND m.role = 'admin'
     WHERE s.slug = $1 LIMIT 1`,
    [slug],
  );
  if (found) return { spaceId: found.id as string, adminId: found.adminId as string };
  const email = `${slug}-admin@terrain.invalid`;
  const admin = await createAccount(dataSource, { email, name: `Admin ${slug}` });
  const space = await createSpace(dataSource, admin, { name: `Espace ${slug}`, slug });
  process.stdout.write(`Created space "${slug}" with admin ${email} (password: ${admin.password})\n`);
  return { spaceId: space.id, adminId: admin.id };
}

/** Streams generated contacts into Postgres with COPY. */
export async function copyContacts(
  client: PoolClient,
  context: { spaceId: string; createdBy: string; levelIds: string[]; seed: number },
  count: number,
) {
  const stream = client.query(copyFrom(`COPY contacts (${CONTACT_COPY_COLUMNS.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(contactCopyLines(context, count)), stream);
}

/** Seeds `count` generated contacts into a space, with their consent ledger; statistics refreshed. */
export async function seedContacts(
  dataSource: DataSource,
  spaceId: string,
  adminId: string,
  count: number,
  seed: number,
): Promise<void> {
  const levels: { id: string }[] = await dataSource.query(
    'SELECT id FROM support_levels WHERE space_id = $1 ORDER BY position',
    [spaceId],
  );
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  const client = await pool.connect();
  try {
    await copyContacts(client, { spaceId, createdBy: adminId, levelIds: levels.map((level) => level.id), seed }, count);
  } finally {
    client.release();
  }
  // The consent ledger of what was just seeded: one decision per known channel.
  for (const channel of ['email', 'sms', 'phone', 'post']) {
    await dataSource.query(
      `INSERT INTO contact_consents (space_id, contact_id, channel, granted, source, proof, recorded_at)
       SELECT c.space_id, c.id, $2, c.consent_${channel}, 'import', 'seed', c.created_at FROM contacts c
       WHERE c.space_id = $1 AND c.consent_${channel} IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM contact_consents l WHERE l.space_id = c.space_id AND l.contact_id = c.id AND l.channel = $2)`,
      [spaceId, channel],
    );
  }
  await dataSource.query('ANALYZE contacts');
  await dataSource.query('ANALYZE contact_consents');
}

export async function run(args: string[]): Promise<void> {
  const options = parseArgs(args);
  const started = Date.now();
  const { dataSource, close } = await openDatabase();
  try {
    const { spaceId, adminId } = await findOrCreateSpace(dataSource, options.space);
    const seed = options.seed + Number.parseInt(randomBytes(2).toString('hex'), 16);
    await seedContacts(dataSource, spaceId, adminId, options.contacts, seed);
    process.stdout.write(
      `Seeded ${options.contacts} contacts into "${options.space}" in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  } finally {
    await close();
  }
}
