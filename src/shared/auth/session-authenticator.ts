import { Authenticator } from 'passport';
import type { AccountDirectory, SessionAccount } from './directories';

/**
 * Passport keeps the account id in the session and restores the account on each request
 * (`req.user`). One instance per application, so two apps in one process (tests) never
 * share serializers.
 */
export function sessionAuthenticator(accounts: AccountDirectory) {
  const authenticator = new Authenticator();
  authenticator.serializeUser<string>((account, done) => done(null, (account as SessionAccount).id));
  authenticator.deserializeUser<string>((id, done) => {
    accounts.findSessionAccount(id).then(
      // An account that no longer exists simply ends the session.
      (account) => done(null, account ?? false),
      (error: Error) => done(error),
    );
  });
  return authenticator;
}
