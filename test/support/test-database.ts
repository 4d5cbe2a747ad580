import { Client } from 'pg';

/** The local server tests may create databases on (trust auth on this machine and in CI). */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** Set by the global set-up: every database of one `npm test` run shares this prefix. */
export function runPrefix(): string {
  const prefix = process.env.TERRAIN_TEST_RUN;
  if (!prefix) throw new Error('TERRAIN_TEST_RUN is not set: run the tests through `npm test`.');
  return prefix;
}

export function templateName(prefix = runPrefix()): string {
  return `${prefix}_template`;
}

export function databaseUrl(name: string): string {
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs `fn` with a connection to the server's maintenance database. */
export async function withServer<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl('postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

let counter = 0;

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a copy of the run's template, which the
 * global set-up migrated once. Copying takes a fraction of a second and keeps test files
 * from seeing each other's rows.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `${runPrefix()}_w${process.env.JEST_WORKER_ID ?? '0'}_${process.pid}_${++counter}`;
  await withServer(async (client) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName()}"`);
        return;
      } catch (error) {
        // Two copies started at the same instant: the template is briefly "in use".
        if (attempt < 20 && /being accessed by other users/.test((error as Error).message)) {
          await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
          continue;
        }
        throw error;
      }
    }
  });
  return {
    name,
    url: databaseUrl(name),
    drop: () =>
      withServer((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** Drops every database whose name starts with the prefix (the run's, or a crashed run's). */
export async function dropDatabases(prefix: string): Promise<number> {
  return withServer(async (client) => {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `${prefix}%`,
    ]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    return rows.length;
  });
}
