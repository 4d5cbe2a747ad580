import type { Request } from 'express';

export type FlashKind = 'success' | 'info' | 'warning' | 'error';

export interface FlashMessage {
  kind: FlashKind;
  key: string;
  values?: Record<string, unknown>;
}

declare module 'express-session' {
  interface SessionData {
    flash?: FlashMessage[];
  }
}

/** A message shown once, on the next page rendered (typically after a redirect). */
export function flash(req: Request, kind: FlashKind, key: string, values?: Record<string, unknown>) {
  (req.session.flash ??= []).push({ kind, key, values });
}

/** Reads and forgets the pending messages. */
export function takeFlash(req: Request): FlashMessage[] {
  const messages = req.session?.flash;
  if (!messages?.length) return [];
  delete req.session.flash;
  return messages;
}
