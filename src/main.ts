import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from './app.factory';
import { loadConfig } from './config/app-config';
import { ConfigError } from './config/config-error';
import { EMBEDDED_MAX_CONNECTIONS, startEmbeddedPostgres, type EmbeddedPostgres } from './database/embedded-postgres';
import { createLogger } from './shared/logging/logger';

// The application pool on a real server; on the embedded one it stays below what the
// socket server accepts so that psql can still connect beside it.
const SERVER_POOL_SIZE = 10;
const EMBEDDED_POOL_SIZE = EMBEDDED_MAX_CONNECTIONS - 2;

async function main() {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  let embedded: EmbeddedPostgres | undefined;
  let app: NestExpressApplication | undefined;

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    try {
      await app?.close();
      await embedded?.stop();
    } finally {
      process.exit(0);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    if (!config.databaseUrl) {
      logger.info({ dataDir: config.dataDir }, 'starting the embedded database');
      embedded = await startEmbeddedPostgres(config.dataDir);
    }
    app = await createApp({
      config,
      logger,
      databaseUrl: config.databaseUrl ?? embedded!.url,
      poolSize: embedded ? EMBEDDED_POOL_SIZE : SERVER_POOL_SIZE,
    });
    await app.listen(config.port, config.host);
    logger.info(
      { url: config.baseUrl, database: embedded ? 'embedded' : 'server' },
      `Terrain is ready on ${config.baseUrl}`,
    );
  } catch (error) {
    await app?.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    process.stderr.write(`Port already in use: ${(error as Error).message}. Set PORT to a free port.\n`);
  } else {
    process.stderr.write(
      `Terrain could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
