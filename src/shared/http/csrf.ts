import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { csrfSync } from 'csrf-sync';
import type { Request } from 'express';
import { markSessionStarted } from './session';

export const CSRF_ERROR_CODE = 'csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Synchronizer tokens: one secret per session, kept server-side. Forms send it as the
 * hidden `_csrf` field; htmx sends it as the X-CSRF-Token header set on <body>; a
 * multipart upload without JavaScript carries it in the query string because its body
 * is only read inside the route.
 */
const csrf = csrfSync({
  size: 32,
  getTokenFromRequest: (req) => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (typeof fromBody === 'string') return fromBody;
    const fromHeader = req.get('X-CSRF-Token');
    if (fromHeader) return fromHeader;
    const fromQuery = req.is('multipart/form-data') ? req.query._csrf : undefined;
    return typeof fromQuery === 'string' ? fromQuery : undefined;
  },
});

/** The session's token, created on first use (which starts the session). */
export function csrfTokenFor(req: Request): string {
  markSessionStarted(req);
  return csrf.generateToken(req);
}

/** Refuses every state-changing request that does not carry the session's token. */
@Injectable()
export class CsrfGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (SAFE_METHODS.has(req.method)) return true;
    if (req.session && csrf.isRequestValid(req)) return true;
    throw new ForbiddenException({ code: CSRF_ERROR_CODE });
  }
}
