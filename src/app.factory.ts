import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { AppModule, type AppRuntime } from './app.module';
import { resolveSessionSecret } from './config/session-secret';
import { runMigrations } from './database/migrate';
import { absoluteSessionTimeout, createSessionStore, sessionMiddleware } from './shared/http/session';
import { securityHeaders } from './shared/http/security-headers';
import { viewLocals } from './shared/http/view-locals.middleware';
import { languageMiddleware } from './shared/i18n/language.middleware';
import { Translator } from './shared/i18n/translator';
import { AccountDirectory, SpaceDirectory } from './shared/auth/directories';
import { sessionAuthenticator } from './shared/auth/session-authenticator';
import { NavigationRegistry } from './shared/views/navigation.registry';
import { NestPinoLogger } from './shared/logging/nest-logger';
import { requestLogger } from './shared/logging/request-logger';
import { AssetVersions, VENDOR_DIRS } from './shared/views/assets';
import { configureViews } from './shared/views/view-engine';
import { PUBLIC_DIR, VIEWS_DIR } from './paths';

const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * Builds the whole application, ready to listen: used by `main.ts` and by the tests, so
 * both run exactly the same middleware in the same order.
 */
export async function createApp(runtime: AppRuntime): Promise<NestExpressApplication> {
  const { logger } = runtime;
  // Resolved once here so that everything reading the config sees the same secret.
  const config = {
    ...runtime.config,
    sessionSecret: resolveSessionSecret(runtime.config.sessionSecret, runtime.config.dataDir),
  };
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ ...runtime, config }), {
    bodyParser: false,
    logger: new NestPinoLogger(logger),
    abortOnError: false,
  });
  const dataSource = app.get(DataSource);
  await runMigrations(dataSource);

  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use(requestLogger(logger));
  for (const handler of securityHeaders()) app.use(handler);

  // Static files come before sessions and everything else: they need none of it.
  const staticOptions = { maxAge: ONE_YEAR_MS, immutable: true, index: false, fallthrough: true } as const;
  app.useStaticAssets(PUBLIC_DIR, staticOptions);
  for (const [name, dir] of Object.entries(VENDOR_DIRS)) {
    app.useStaticAssets(dir, { ...staticOptions, prefix: `/vendor/${name}/` });
  }

  app.use(cookieParser());
  // The CSRF guard reads the token from the parsed body, so parse before routing.
  app.useBodyParser('urlencoded', { extended: false, limit: '1mb' });
  const sessionStore = createSessionStore((dataSource.driver as unknown as { master: Pool }).master);
  app.use(
    sessionMiddleware({
      store: sessionStore,
      secret: config.sessionSecret,
      secureCookies: config.secureCookies,
    }),
  );
  app.use(absoluteSessionTimeout);
  const authenticator = sessionAuthenticator(app.get(AccountDirectory));
  app.use(authenticator.initialize());
  app.use(authenticator.session());
  app.use(languageMiddleware(app.get(Translator)));
  app.use(viewLocals(app.get(SpaceDirectory), app.get(NavigationRegistry)));

  configureViews(app, VIEWS_DIR, new AssetVersions(PUBLIC_DIR));
  const close = app.close.bind(app);
  app.close = async () => {
    sessionStore.close();
    await close();
  };
  await app.init();
  return app;
}
