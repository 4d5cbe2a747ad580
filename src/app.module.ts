import { DynamicModule, Module, type Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type { Logger } from 'pino';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { CommunityModule } from './community/community.module';
import { DatabaseModule } from './database/database.module';
import type { SqlObserver } from './database/sql-logger';
import { HealthModule } from './health/health.module';
import { CsrfGuard } from './shared/http/csrf';
import { HttpErrorFilter } from './shared/http/http-error.filter';
import { I18nModule } from './shared/i18n/i18n.module';
import { AccessGuard } from './shared/auth/access.guard';
import { AuditModule } from './shared/audit/audit.module';
import { MailModule } from './shared/mail/mail.module';
import { OnboardingModule } from './shared/onboarding/onboarding.module';
import { ViewsModule } from './shared/views/views.module';
import { EventsModule } from './shared/events/events.module';
import { JobsModule } from './shared/jobs/jobs.module';
import { AdminModule } from './admin/admin.module';
import { ContactsModule } from './contacts/contacts.module';
import { ContactExtensionsModule } from './shared/contacts/contact-extensions.module';
import { CATALOGUES } from './app.catalogues';

export interface AppRuntime {
  config: AppConfig;
  databaseUrl: string;
  poolSize: number;
  logger: Logger;
  sqlObservers?: SqlObserver[];
  /** Modules mounted beside the application's own (tests use it for probe routes). */
  extraModules?: Type<unknown>[];
}

@Module({})
export class AppModule {
  static forRoot(runtime: AppRuntime): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(runtime.config),
        DatabaseModule.forRoot({
          url: runtime.databaseUrl,
          poolSize: runtime.poolSize,
          logger: runtime.logger,
          sqlObservers: runtime.sqlObservers,
        }),
        // A global ceiling per client address; sign-in has its own, stricter limits.
        ThrottlerModule.forRoot([{ name: 'default', ttl: 60_000, limit: runtime.config.rateLimitPerMinute }]),
        I18nModule.forRoot(CATALOGUES),
        EventsModule,
        JobsModule,
        AuditModule,
        MailModule,
        OnboardingModule,
        ViewsModule,
        HealthModule,
        ContactExtensionsModule,
        CommunityModule,
        ContactsModule,
        AdminModule,
        ...(runtime.extraModules ?? []),
      ],
      providers: [
        // Order matters: throttling first, then CSRF, then who may see the page.
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_GUARD, useClass: CsrfGuard },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
      ],
    };
  }
}
