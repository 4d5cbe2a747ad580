import type { Logger as PinoLogger } from 'pino';
import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * Called with every SQL statement the application sends, and its parameters; tests use
 * it to inspect queries (and to EXPLAIN them). Parameters never reach the log.
 */
export type SqlObserver = (sql: string, parameters?: unknown[]) => void;

/**
 * TypeORM's logger, writing into the JSON log. Statements are logged at `trace` level
 * and without their parameters: parameters hold personal data.
 */
export class SqlLogger implements TypeOrmLogger {
  constructor(
    private readonly logger: PinoLogger,
    private readonly observers: SqlObserver[] = [],
  ) {}

  logQuery(query: string, parameters?: unknown[]) {
    for (const observe of this.observers) observe(query, parameters);
    this.logger.trace({ sql: query }, 'sql');
  }

  logQueryError(error: string | Error, query: string, parameters?: unknown[]) {
    for (const observe of this.observers) observe(query, parameters);
    this.logger.warn({ sql: query, err: error instanceof Error ? error.message : error }, 'sql error');
  }

  logQuerySlow(time: number, query: string) {
    this.logger.warn({ sql: query, ms: time }, 'slow sql');
  }

  logSchemaBuild(message: string) {
    this.logger.debug(message);
  }

  logMigration(message: string) {
    this.logger.info({ context: 'migrations' }, message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown) {
    this.logger[level === 'warn' ? 'warn' : 'debug'](String(message));
  }
}
