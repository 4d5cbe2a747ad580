import type { INestApplication } from '@nestjs/common';
import { Visitor } from './http-client';
import type { TestAccount } from '../factories/community.factory';

/** A visitor signed in as the account (through the real sign-in form). */
export async function signedIn(app: INestApplication, account: TestAccount): Promise<Visitor> {
  const visitor = new Visitor(app);
  await visitor.open('/login');
  const res = await visitor.submit('/login', { email: account.email, password: account.password });
  if (res.status !== 303)
    throw new Error(`Sign-in of ${account.email} failed: ${res.status}\n${res.text.slice(0, 500)}`);
  // Pages after sign-in carry a fresh CSRF token (the session was renewed).
  await visitor.open('/account');
  return visitor;
}
