import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { lockDataDir } from './data-dir-lock';

/**
 * How many connections the embedded server accepts. PGlite runs one query at a time and
 * the socket server multiplexes; the application pool stays below this number so that a
 * psql session can still connect next to it.
 */
export const EMBEDDED_MAX_CONNECTIONS = 10;

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite (Postgres compiled to WebAssembly) on `dataDir/pgdata` and serves it on a
 * loopback port so the ordinary `pg` driver, TypeORM and the session store use it like any
 * Postgres server.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  mkdirSync(dataDir, { recursive: true });
  const unlock = lockDataDir(dataDir);
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
    const { btree_gin } = await import('@electric-sql/pglite/contrib/btree_gin');
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
    const db = await PGlite.create({
      dataDir: join(dataDir, 'pgdata'),
      // pg_trgm + unaccent for search, btree_gin for GIN indexes that start with space_id.
      extensions: { pg_trgm, unaccent, btree_gin },
    });
    const server = new PGLiteSocketServer({
      db,
      host: '127.0.0.1',
      port: 0,
      maxConnections: EMBEDDED_MAX_CONNECTIONS,
    });
    await server.start();
    return {
      url: `postgres://postgres@${server.getServerConn()}/postgres`,
      async stop() {
        await server.stop();
        await db.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}
