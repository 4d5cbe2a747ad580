import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import PgBoss from 'pg-boss';
import type { DataSource, EntityManager } from 'typeorm';

export interface JobDefinition<T extends object> {
  name: string;
  /** Runs one job; throwing makes pg-boss retry it. */
  handle(data: T): Promise<void>;
  retryLimit?: number;
  /** Jobs stuck longer than this are failed (and retried). */
  expireInMinutes?: number;
}

/**
 * Background jobs stored in Postgres (pg-boss, schema `pgboss`, which it creates and
 * migrates itself). They share the application's pool, so the embedded database never
 * sees more connections, and a job can be enqueued in the transaction of the write that
 * needs it (`send(…, manager)`).
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('JobsService');
  private readonly definitions = new Map<string, JobDefinition<object>>();
  private readonly schedules: { name: string; cron: string }[] = [];
  private boss: PgBoss | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Declares a kind of job; modules call this in their constructor or onModuleInit. */
  define<T extends object>(definition: JobDefinition<T>) {
    this.definitions.set(definition.name, definition as JobDefinition<object>);
  }

  /** Runs a job of this kind on a cron schedule (UTC), with no data. */
  every(name: string, cron: string) {
    this.schedules.push({ name, cron });
  }

  async onApplicationBootstrap() {
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    this.boss = new PgBoss({
      db: { executeSql: (text: string, values: unknown[]) => pool.query(text, values) },
      schema: 'pgboss',
      // Completed jobs are history nobody reads: gone after a week.
      deleteAfterDays: 7,
    });
    this.boss.on('error', (error: Error) => this.logger.error(`jobs: ${error.message}`, error.stack));
    await this.boss.start();
    for (const definition of this.definitions.values()) {
      await this.boss.createQueue(definition.name, {
        name: definition.name,
        retryLimit: definition.retryLimit ?? 2,
        expireInSeconds: (definition.expireInMinutes ?? 15) * 60,
      });
      await this.boss.work<object>(definition.name, { pollingIntervalSeconds: 1 }, async (jobs) => {
        for (const job of jobs) await definition.handle(job.data);
      });
    }
    for (const schedule of this.schedules) await this.boss.schedule(schedule.name, schedule.cron, {}, { tz: 'UTC' });
  }

  /** Enqueues a job; with a transaction's manager, only if that transaction commits. */
  async send(name: string, data: object, manager?: EntityManager): Promise<string | null> {
    if (!this.boss) throw new Error('Jobs are not started yet');
    const db = manager
      ? { executeSql: async (text: string, values: unknown[]) => ({ rows: await manager.query(text, values) }) }
      : undefined;
    return this.boss.send(name, data, db ? { db } : {});
  }

  async onApplicationShutdown() {
    await this.boss?.stop({ graceful: true, wait: true, timeout: 10_000 });
    this.boss = null;
  }
}
