import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

export const DEVICE_COOKIE = 'terrain.device';
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

function signature(secret: string, accountId: string, nonce: string): string {
  return createHmac('sha256', secret).update(`${accountId}.${nonce}`).digest('base64url');
}

/**
 * Set after a successful sign-in: this browser has known the account's password. Sign-in
 * throttling treats it apart, so strangers hammering an address cannot lock its owner out.
 */
export function setDeviceCookie(res: Response, secret: string, accountId: string, secure: boolean) {
  const nonce = randomBytes(12).toString('base64url');
  res.cookie(DEVICE_COOKIE, `${accountId}.${nonce}.${signature(secret, accountId, nonce)}`, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: ONE_YEAR_MS,
    path: '/login',
  });
}

/** The account id the browser's device cookie vouches for, if it is genuine. */
export function deviceAccountId(req: Request, secret: string): string | null {
  const value = req.cookies?.[DEVICE_COOKIE];
  if (typeof value !== 'string') return null;
  const [accountId, nonce, given] = value.split('.');
  if (!accountId || !nonce || !given) return null;
  const expected = Buffer.from(signature(secret, accountId, nonce));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? accountId : null;
}
