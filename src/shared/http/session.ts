import connectPgSimple from 'connect-pg-simple';
import type { NextFunction, Request, Response } from 'express';
import session from 'express-session';
import type { Pool } from 'pg';

export const SESSION_COOKIE = 'terrain.sid';
/** Signed out after this long without a request… */
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
/** …and after this long whatever happens. */
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;

declare module 'express-session' {
  interface SessionData {
    startedAt?: number;
  }
}

export interface SessionSettings {
  store: session.Store;
  secret: string;
  secureCookies: boolean;
}

/**
 * Sessions live in Postgres (table `session`, made by a migration), sharing the
 * application's pool so the embedded database never sees more connections than it
 * accepts. Call `close()` on shutdown to stop its pruning timer.
 */
export function createSessionStore(pool: Pool) {
  const PgStore = connectPgSimple(session);
  return new PgStore({ pool, tableName: 'session', createTableIfMissing: false, pruneSessionInterval: 15 * 60 });
}

/**
 * The cookie (and the row's expiry) is renewed on each request: that is the idle
 * timeout. `startedAt` bounds the session's whole life.
 */
export function sessionMiddleware(settings: SessionSettings) {
  return session({
    name: SESSION_COOKIE,
    secret: settings.secret,
    store: settings.store,
    resave: false,
    rolling: true,
    saveUninitialized: false,
    unset: 'destroy',
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: settings.secureCookies,
      maxAge: IDLE_TIMEOUT_MS,
      path: '/',
    },
  });
}

/** Records when a session began; called when a session is first given something to keep. */
export function markSessionStarted(req: Request) {
  if (req.session && !req.session.startedAt) req.session.startedAt = Date.now();
}

/** Ends sessions older than the absolute timeout, whatever their activity. */
export function absoluteSessionTimeout(req: Request, _res: Response, next: NextFunction) {
  const startedAt = req.session?.startedAt;
  if (startedAt && Date.now() - startedAt > ABSOLUTE_TIMEOUT_MS) {
    req.session.regenerate((error) => next(error));
    return;
  }
  next();
}

/** A new, empty session under a new id (the old row is deleted). */
export function regenerateSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
}

/** Deletes the server-side row and clears the cookie. */
export function destroySession(req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.destroy((error) => {
      if (error) return reject(error);
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      resolve();
    });
  });
}
