import type { DataSourceOptions, Logger } from 'typeorm';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface DataSourceSettings {
  url: string;
  /** Connections in the application pool (sessions share it). */
  poolSize: number;
  logger?: Logger;
  entities?: DataSourceOptions['entities'];
}

/** One place that says how Terrain talks to Postgres, for the app, the CLI and the tests. */
export function dataSourceOptions(settings: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    applicationName: 'terrain',
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    entities: settings.entities ?? [],
    namingStrategy: new SnakeNamingStrategy(),
    poolSize: settings.poolSize,
    maxQueryExecutionTime: settings.logger ? 500 : undefined,
    // Without a logger (command line, test set-up) TypeORM would print every query.
    logging: settings.logger ? ['query', 'error', 'warn', 'migration'] : false,
    logger: settings.logger,
  };
}
