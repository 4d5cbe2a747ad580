import type { Request } from 'express';
import type { SessionAccount } from './directories';
import { markSessionStarted } from '../http/session';

/**
 * Signs the account in on this request: a new session id (no fixation), the account in it,
 * the 12-hour clock restarted.
 */
export function signInSession(req: Request, account: SessionAccount): Promise<void> {
  return new Promise((resolve, reject) => {
    req.login(account, (error) => {
      if (error) return reject(error);
      markSessionStarted(req);
      resolve();
    });
  });
}

export function toSessionAccount(account: SessionAccount): SessionAccount {
  return {
    id: account.id,
    email: account.email,
    name: account.name,
    language: account.language,
    platformRole: account.platformRole,
  };
}
