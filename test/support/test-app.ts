import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Type } from '@nestjs/common';
import { pino, type Logger } from 'pino';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { SqlRecorder } from './sql-recorder';
import { createTestDatabase, type TestDatabase } from './test-database';
import { registerForTenancyCheck } from './tenancy-registry';

export interface TestApp {
  app: NestExpressApplication;
  db: TestDatabase;
  dataSource: DataSource;
  sql: SqlRecorder;
  dataDir: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Extra environment, as an operator would set it. */
  env?: Record<string, string>;
  /** Where the JSON log goes (silent by default; TEST_LOG_LEVEL=debug shows it). */
  logger?: Logger;
  /** Probe controllers for what no real route can trigger yet. */
  extraModules?: Type<unknown>[];
}

/**
 * The real application on its own throw-away database (a copy of the migrated template),
 * with every SQL statement recorded for the tenancy check that runs after each file.
 */
export async function bootTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'terrain-test-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '100000',
    ...options.env,
  });
  const sql = new SqlRecorder();
  const app = await createApp({
    config,
    databaseUrl: db.url,
    poolSize: 4,
    logger: options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    sqlObservers: [sql.observe],
    extraModules: options.extraModules,
  });
  const dataSource = app.get(DataSource);
  const testApp: TestApp = {
    app,
    db,
    dataSource,
    sql,
    dataDir,
    async close() {
      await app.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  registerForTenancyCheck(testApp);
  return testApp;
}
