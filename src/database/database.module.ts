import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { dataSourceOptions } from './data-source-options';
import { SqlLogger, type SqlObserver } from './sql-logger';

export interface DatabaseSettings {
  url: string;
  poolSize: number;
  logger: Logger;
  sqlObservers?: SqlObserver[];
}

@Module({})
export class DatabaseModule {
  static forRoot(settings: DatabaseSettings): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...dataSourceOptions({
              url: settings.url,
              poolSize: settings.poolSize,
              logger: new SqlLogger(settings.logger, settings.sqlObservers),
            }),
            // Each module registers its entities with TypeOrmModule.forFeature.
            autoLoadEntities: true,
            retryAttempts: 0,
          }),
        }),
      ],
    };
  }
}
