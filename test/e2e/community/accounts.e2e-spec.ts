import { createHash, randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import { createAccount, createSpace, TEST_PASSWORD, type TestAccount } from '../../factories/community.factory';
import { Visitor } from '../../support/http-client';
import { signedIn } from '../../support/sign-in';
import { bootTestApp, type TestApp } from '../../support/test-app';

jest.setTimeout(60_000);

// Passes the policy for any name used below: long, not leaked, no name or address inside.
const STRONG_PASSWORD = 'trois-lapins-dansent-sous-la-lune';
const OTHER_STRONG_PASSWORD = 'un-phare-rouge-au-bout-du-quai';

const unique = () => randomBytes(4).toString('hex');
const uniqueEmail = (label: string) => `${label}-${unique()}@example.org`;

interface Mail {
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  language: string;
  template: string;
  status: string;
}

/** Handlebars escapes quotes, `=` and `&`: decode them to compare what a reader sees. */
function decode(html: string): string {
  return html
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The messages shown beside one field (`partials/field`). */
function fieldErrors(html: string, field: string): string[] {
  const list = new RegExp(`<ul class="field-errors" id="field-${field}-errors">([\\s\\S]*?)</ul>`).exec(html);
  if (!list) return [];
  return [...list[1].matchAll(/<li>([\s\S]*?)<\/li>/g)].map((item) => decode(item[1]).trim());
}

/** The session id a response set, if it set the session cookie. */
function sessionIdFrom(res: Response): string | null {
  const cookies = [res.headers['set-cookie'] ?? []].flat() as string[];
  const cookie = cookies.find((value) => value.startsWith('terrain.sid='));
  if (!cookie) return null;
  // Cookie value: s:<sid>.<signature>, URL-encoded.
  return decodeURIComponent(cookie.split(';')[0].slice('terrain.sid='.length)).slice(2).split('.')[0];
}

function cookieSet(res: Response, name: string): string | undefined {
  return ([res.headers['set-cookie'] ?? []].flat() as string[]).find((value) => value.startsWith(`${name}=`));
}

/** A page without what legitimately differs between two visitors: the CSRF token and the typed address. */
function comparable(html: string, ...typed: string[]): string {
  let text = html;
  const token = /"X-CSRF-Token": "([^"]+)"/.exec(html)?.[1];
  if (token) text = text.split(token).join('<csrf>');
  for (const value of typed) text = text.split(value).join('<typed>');
  return text;
}

/** The token of the link to `path` in a mail's text. */
function tokenIn(text: string, path: string): string {
  const match = new RegExp(`${path.replace(/[/?]/g, '\\$&')}\\?token=([A-Za-z0-9_-]+)`).exec(text);
  if (!match) throw new Error(`No ${path} link in:\n${text}`);
  return match[1];
}

async function mailsTo(t: TestApp, address: string): Promise<Mail[]> {
  return t.dataSource.query(
    `SELECT to_address, subject, text_body, html_body, language, template, status
     FROM mail_outbox WHERE to_address = $1 ORDER BY created_at, id`,
    [address],
  );
}

async function accountRow(t: TestApp, email: string) {
  const [row] = await t.dataSource.query(
    `SELECT id, email, name, language, email_verified_at, platform_role, last_sign_in_at FROM accounts WHERE email = $1`,
    [email],
  );
  return row as
    | {
        id: string;
        email: string;
        name: string;
        language: string;
        email_verified_at: Date | null;
        platform_role: string | null;
        last_sign_in_at: Date | null;
      }
    | undefined;
}

async function sessionsOf(t: TestApp, accountId: string): Promise<string[]> {
  const rows: { sid: string }[] = await t.dataSource.query(
    `SELECT sid FROM session WHERE (sess -> 'passport' ->> 'user') = $1 ORDER BY sid`,
    [accountId],
  );
  return rows.map((row) => row.sid);
}

/** Opens the sign-in page (for its token) and submits the form. */
async function attemptSignIn(visitor: Visitor, email: string, password: string, lang = 'fr') {
  await visitor.open('/login');
  return visitor.submit('/login', { email, password }).set('Accept-Language', lang);
}

/** Signs in through the form and returns the session id the browser now holds. */
async function signInAs(t: TestApp, email: string, password: string): Promise<{ visitor: Visitor; sid: string }> {
  const visitor = new Visitor(t.app);
  const res = await attemptSignIn(visitor, email, password);
  if (res.status !== 303) throw new Error(`Sign-in of ${email} failed: ${res.status}\n${res.text.slice(0, 500)}`);
  await visitor.open('/account');
  return { visitor, sid: sessionIdFrom(res)! };
}

/** Whether the visitor is still signed in (the account page answers instead of redirecting). */
async function isSignedIn(visitor: Visitor): Promise<boolean> {
  const res = await visitor.get('/account');
  if (res.status === 200) return true;
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/login?next=%2Faccount');
  return false;
}

async function signUp(
  t: TestApp,
  fields: { name: string; email: string; password: string; inviteCode?: string },
  lang = 'fr',
) {
  const visitor = new Visitor(t.app);
  await visitor.open('/signup');
  const res = await visitor.submit('/signup', fields).set('Accept-Language', lang);
  return { visitor, res };
}

/** Confirms the address through the last verification link mailed to it. */
async function confirmLatestLink(t: TestApp, email: string) {
  const mails = (await mailsTo(t, email)).filter((mail) => mail.subject === 'Confirmez votre adresse sur Terrain');
  const token = tokenIn(mails.at(-1)!.text_body, '/verify-email');
  const visitor = new Visitor(t.app);
  await visitor.open(`/verify-email?token=${token}`);
  return visitor.submit('/verify-email', { token });
}

async function auditRows(t: TestApp, action: string, targetId: string) {
  return t.dataSource.query(
    `SELECT actor_id, actor_label, target_type, target_id, target_label, ip, details
     FROM audit_log WHERE space_id IS NULL AND action = $1 AND target_id = $2 ORDER BY id`,
    [action, targetId],
  );
}

describe('accounts: the first run of an instance', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(() => t.close());

  it('invites the first visitor to create the owner account, makes it the verified owner and signs it in', async () => {
    const login = await new Visitor(t.app).get('/login').expect(200);
    expect(decode(login.text)).toContain("Cette instance est toute neuve : aucun compte n'existe encore.");
    expect(login.text).toContain('href="/signup"');

    const visitor = new Visitor(t.app);
    const page = await visitor.open('/signup');
    expect(page.status).toBe(200);
    expect(decode(page.text)).toContain('Vous êtes la première personne sur cette instance');
    // No space exists yet: no invitation code to type.
    expect(page.text).not.toContain('name="inviteCode"');

    const email = uniqueEmail('owner');
    const res = await visitor
      .submit('/signup', { name: 'Camille Durand', email: email.toUpperCase(), password: STRONG_PASSWORD })
      .expect(303);
    expect(res.headers.location).toBe('/spaces/new');

    const owner = await accountRow(t, email);
    expect(owner).toMatchObject({ email, name: 'Camille Durand', platform_role: 'owner', language: 'fr' });
    expect(owner!.email_verified_at).toBeInstanceOf(Date);
    // Verified at once: no confirmation mail.
    expect(await mailsTo(t, email)).toEqual([]);
    // Signed in, on a session of its own.
    expect(await isSignedIn(visitor)).toBe(true);
    expect(await sessionsOf(t, owner!.id)).toHaveLength(1);
    expect(await auditRows(t, 'account.created_owner', owner!.id)).toHaveLength(1);

    // The owner can come back with the password.
    const again = await attemptSignIn(new Visitor(t.app), email, STRONG_PASSWORD);
    expect(again.status).toBe(303);

    // From now on, the instance has an owner: the next person is an ordinary account.
    const afterwards = await new Visitor(t.app).get('/login').expect(200);
    expect(decode(afterwards.text)).not.toContain('Cette instance est toute neuve');
    const second = uniqueEmail('second');
    const { res: secondRes } = await signUp(t, { name: 'Second Person', email: second, password: STRONG_PASSWORD });
    expect(secondRes.status).toBe(200);
    const secondRow = await accountRow(t, second);
    expect(secondRow).toMatchObject({ platform_role: null, email_verified_at: null });
  });
});

describe('accounts', () => {
  let t: TestApp;
  let owner: TestAccount;

  beforeAll(async () => {
    t = await bootTestApp();
    // Not a first run: the instance already has its owner.
    owner = await createAccount(t.dataSource, { name: 'Instance Owner', platformRole: 'owner' });
  });
  // Every request comes from one IP: keep one test's failures from throttling the next.
  beforeEach(() => t.dataSource.query('DELETE FROM sign_in_attempts'));
  afterAll(() => t.close());

  describe('sign-up and address verification', () => {
    it('creates an unverified account and mails a French confirmation link, in text and HTML', async () => {
      const email = uniqueEmail('ana');
      const { res } = await signUp(t, { name: 'Ana Martin', email, password: STRONG_PASSWORD });
      expect(res.status).toBe(200);
      expect(res.headers['content-language']).toBe('fr');
      const page = decode(res.text);
      expect(page).toContain('Vérifiez votre boîte mail');
      expect(page).toContain(`Nous avons envoyé un lien à ${email}.`);
      expect(res.text).not.toContain(STRONG_PASSWORD);

      const account = await accountRow(t, email);
      expect(account).toMatchObject({
        name: 'Ana Martin',
        language: 'fr',
        platform_role: null,
        email_verified_at: null,
      });
      expect(await auditRows(t, 'account.created', account!.id)).toHaveLength(1);

      const mails = await mailsTo(t, email);
      expect(mails).toHaveLength(1);
      const [mail] = mails;
      expect(mail).toMatchObject({
        subject: 'Confirmez votre adresse sur Terrain',
        language: 'fr',
        template: 'link',
        status: 'outbox',
      });
      expect(mail.text_body).toContain('Bonjour Ana Martin,');
      expect(mail.text_body).toContain('Pour confirmer votre adresse et activer votre compte');
      expect(mail.text_body).toContain("L'équipe Terrain");
      const token = tokenIn(mail.text_body, '/verify-email');
      expect(token.length).toBeGreaterThanOrEqual(43);
      expect(mail.html_body).toContain('<html');
      expect(decode(mail.html_body)).toContain(`/verify-email?token=${token}`);
      expect(mail.html_body).toContain('Confirmer mon adresse');
      // Only the token's hash is stored, valid 48 hours.
      const tokens = await t.dataSource.query(
        `SELECT token_hash, expires_at, used_at FROM account_tokens WHERE account_id = $1 AND purpose = 'verify_email'`,
        [account!.id],
      );
      expect(tokens).toHaveLength(1);
      expect(tokens[0].token_hash).toBe(createHash('sha256').update(token).digest('hex'));
      expect(tokens[0].token_hash).not.toContain(token);
      const validity = new Date(tokens[0].expires_at).getTime() - Date.now();
      expect(Math.abs(validity - 48 * 3600_000)).toBeLessThan(60_000);
    });

    it('writes the page and the mail in English for an English browser', async () => {
      const email = uniqueEmail('english');
      const { res } = await signUp(t, { name: 'Jo Smith', email, password: STRONG_PASSWORD }, 'en');
      expect(res.status).toBe(200);
      expect(res.headers['content-language']).toBe('en');
      expect((await accountRow(t, email))!.language).toBe('en');
      const [mail] = await mailsTo(t, email);
      expect(mail.language).toBe('en');
      expect(mail.subject).not.toBe('Confirmez votre adresse sur Terrain');
      expect(mail.text_body).toMatch(/\/verify-email\?token=/);
    });

    it('refuses sign-in before the address is confirmed, offering to resend the link, and allows it after', async () => {
      const email = uniqueEmail('unverified');
      await signUp(t, { name: 'Lou Bernard', email, password: STRONG_PASSWORD });

      const visitor = new Visitor(t.app);
      const refused = await attemptSignIn(visitor, email, STRONG_PASSWORD);
      expect(refused.status).toBe(403);
      const page = decode(refused.text);
      expect(page).toContain("Confirmez d'abord votre adresse : nous vous avons envoyé un lien par e-mail.");
      expect(refused.text).toMatch(/<form method="post" action="\/verify-email\/resend">/);
      expect(refused.text).toContain(`<input type="hidden" name="email" value="${email}">`);
      expect(page).toContain('Renvoyer le lien de confirmation');
      expect(refused.text).not.toContain(STRONG_PASSWORD);
      expect(await isSignedIn(visitor)).toBe(false);
      const account = await accountRow(t, email);
      expect(await sessionsOf(t, account!.id)).toEqual([]);

      // The confirmation page shows a button; opening it changes nothing (mail scanners follow links).
      const token = tokenIn((await mailsTo(t, email))[0].text_body, '/verify-email');
      const confirmer = new Visitor(t.app);
      const shown = await confirmer.open(`/verify-email?token=${token}`);
      expect(shown.status).toBe(200);
      expect(decode(shown.text)).toContain('Confirmez que cette adresse est bien la vôtre.');
      expect(shown.text).toContain(`<input type="hidden" name="token" value="${token}">`);
      expect((await accountRow(t, email))!.email_verified_at).toBeNull();

      const confirmed = await confirmer.submit('/verify-email', { token });
      expect(confirmed.status).toBe(200);
      expect(decode(confirmed.text)).toContain('Adresse confirmée. Vous pouvez vous connecter.');
      expect((await accountRow(t, email))!.email_verified_at).toBeInstanceOf(Date);

      const allowed = await attemptSignIn(visitor, email, STRONG_PASSWORD);
      expect(allowed.status).toBe(303);
      expect(allowed.headers.location).toBe('/spaces');
      expect(await isSignedIn(visitor)).toBe(true);
    });

    it('uses a confirmation link once only', async () => {
      const email = uniqueEmail('once');
      await signUp(t, { name: 'Noé Petit', email, password: STRONG_PASSWORD });
      const token = tokenIn((await mailsTo(t, email))[0].text_body, '/verify-email');
      const visitor = new Visitor(t.app);
      await visitor.open(`/verify-email?token=${token}`);
      await visitor.submit('/verify-email', { token }).expect(200);
      const again = await visitor.submit('/verify-email', { token });
      expect(again.status).toBe(410);
      expect(decode(again.text)).toContain('Ce lien est expiré ou a déjà servi. Demandez-en un nouveau ci-dessous.');
      // The page offers a new link.
      expect(again.text).toContain('action="/verify-email/resend"');
    });

    it('refuses an expired confirmation link (410) and leaves the address unconfirmed', async () => {
      const email = uniqueEmail('expired');
      await signUp(t, { name: 'Inès Roux', email, password: STRONG_PASSWORD });
      const account = await accountRow(t, email);
      await t.dataSource.query(
        `UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE account_id = $1 AND purpose = 'verify_email'`,
        [account!.id],
      );
      const res = await confirmLatestLink(t, email);
      expect(res.status).toBe(410);
      expect((await accountRow(t, email))!.email_verified_at).toBeNull();
      expect((await attemptSignIn(new Visitor(t.app), email, STRONG_PASSWORD)).status).toBe(403);
    });

    it('refuses a missing or made-up confirmation token (410)', async () => {
      const visitor = new Visitor(t.app);
      await visitor.open('/verify-email');
      await visitor.submit('/verify-email', {}).expect(410);
      await visitor.submit('/verify-email', { token: 'not-a-real-token' }).expect(410);
    });

    it('sends a new link from the resend form and voids the previous one', async () => {
      const email = uniqueEmail('resend');
      await signUp(t, { name: 'Sacha Morel', email, password: STRONG_PASSWORD });
      const firstToken = tokenIn((await mailsTo(t, email))[0].text_body, '/verify-email');

      // The form shown with the refused sign-in.
      const visitor = new Visitor(t.app);
      await attemptSignIn(visitor, email, STRONG_PASSWORD).then((res) => expect(res.status).toBe(403));
      const resent = await visitor.submit('/verify-email/resend', { email });
      expect(resent.status).toBe(200);
      expect(decode(resent.text)).toContain(
        "Si un compte en attente de confirmation existe pour cette adresse, un nouveau lien vient d'y être envoyé.",
      );
      const mails = await mailsTo(t, email);
      expect(mails).toHaveLength(2);
      const secondToken = tokenIn(mails[1].text_body, '/verify-email');
      expect(secondToken).not.toBe(firstToken);

      await visitor.open(`/verify-email?token=${firstToken}`);
      await visitor.submit('/verify-email', { token: firstToken }).expect(410);
      expect((await accountRow(t, email))!.email_verified_at).toBeNull();
      await visitor.submit('/verify-email', { token: secondToken }).expect(200);
      expect((await accountRow(t, email))!.email_verified_at).toBeInstanceOf(Date);
    });

    it('answers a resend for an unknown or already confirmed address the same way, sending nothing', async () => {
      const visitor = new Visitor(t.app);
      await visitor.open('/verify-email');
      const unknown = uniqueEmail('nobody');
      const forUnknown = await visitor.submit('/verify-email/resend', { email: unknown }).expect(200);
      const forVerified = await visitor.submit('/verify-email/resend', { email: owner.email }).expect(200);
      expect(comparable(forVerified.text, owner.email)).toBe(comparable(forUnknown.text, unknown));
      expect(await mailsTo(t, unknown)).toEqual([]);
      expect(await mailsTo(t, owner.email)).toEqual([]);
      // A malformed address is a form error.
      const invalid = await visitor.submit('/verify-email/resend', { email: 'not-an-address' });
      expect(invalid.status).toBe(422);
      expect(fieldErrors(invalid.text, 'email')).toHaveLength(1);
    });
  });

  describe('sign-up form', () => {
    it.each([
      ['too short', 'court-11car', 'Au moins 12 caractères.'],
      [
        'too long (129 characters)',
        'les-grues-cendrees-traversent-'.repeat(5).slice(0, 129),
        'Pas plus de 128 caractères.',
      ],
      [
        'a common password',
        'motdepasse123',
        'Ce mot de passe figure dans les listes de mots de passe piratés. Choisissez-en un autre.',
      ],
      [
        'another common password',
        '123qweasdzxc',
        'Ce mot de passe figure dans les listes de mots de passe piratés. Choisissez-en un autre.',
      ],
      ['built on the name', 'bonjour-gaspard-2026', 'Le mot de passe ne doit pas contenir votre nom ni votre adresse.'],
      [
        "built on the address's local part",
        'ma-lamouette-est-fatiguee',
        'Le mot de passe ne doit pas contenir votre nom ni votre adresse.',
      ],
    ])('refuses a password %s, beside the field (422), and creates nothing', async (_label, password, message) => {
      const email = `lamouette-${unique()}@example.org`;
      const { res } = await signUp(t, { name: 'Gaspard Leroy', email, password });
      expect(res.status).toBe(422);
      expect(fieldErrors(res.text, 'password')).toEqual([message]);
      expect(fieldErrors(res.text, 'email')).toEqual([]);
      // The rest of the form is kept; the password is never sent back.
      expect(res.text).toContain(`value="${email}"`);
      expect(res.text).toContain('value="Gaspard Leroy"');
      expect(res.text).not.toContain(password);
      expect(await accountRow(t, email)).toBeUndefined();
      expect(await mailsTo(t, email)).toEqual([]);
    });

    it('accepts a 64-character password, which then signs in', async () => {
      const password = 'la-riviere-coule-doucement-sous-le-vieux-pont-de-pierre-en-hiver';
      expect(password).toHaveLength(64);
      const email = uniqueEmail('long');
      const { res } = await signUp(t, { name: 'Maëlle Garnier', email, password });
      expect(res.status).toBe(200);
      await confirmLatestLink(t, email).then((confirmed) => expect(confirmed.status).toBe(200));
      expect((await attemptSignIn(new Visitor(t.app), email, password)).status).toBe(303);
    });

    it('accepts a 128-character password (the maximum)', async () => {
      const password = 'les-grues-cendrees-traversent-'.repeat(5).slice(0, 128);
      expect(password).toHaveLength(128);
      const email = uniqueEmail('max');
      const { res } = await signUp(t, { name: 'Yanis Faure', email, password });
      expect(res.status).toBe(200);
      expect(await accountRow(t, email)).toBeDefined();
    });

    it('lists every missing or malformed field (422)', async () => {
      const visitor = new Visitor(t.app);
      await visitor.open('/signup');
      const blank = await visitor.submit('/signup', {});
      expect(blank.status).toBe(422);
      for (const field of ['name', 'email', 'password']) expect(fieldErrors(blank.text, field)).toHaveLength(1);
      const malformed = await visitor.submit('/signup', {
        name: 'Someone',
        email: 'not-an-address',
        password: STRONG_PASSWORD,
      });
      expect(malformed.status).toBe(422);
      expect(fieldErrors(malformed.text, 'email')).toHaveLength(1);
      expect(fieldErrors(malformed.text, 'password')).toEqual([]);
    });

    it('answers an address that already has an account like a new one, and mails its owner instead', async () => {
      const existing = await createAccount(t.dataSource, { name: 'Basile Caron' });
      const fresh = uniqueEmail('fresh');
      const { res: forFresh } = await signUp(t, { name: 'Basile Caron', email: fresh, password: STRONG_PASSWORD });
      const { res: forExisting } = await signUp(t, {
        name: 'Basile Caron',
        email: existing.email.toUpperCase(),
        password: OTHER_STRONG_PASSWORD,
      });
      expect(forExisting.status).toBe(forFresh.status);
      expect(comparable(forExisting.text, existing.email)).toBe(comparable(forFresh.text, fresh));

      const mails = await mailsTo(t, existing.email);
      expect(mails).toHaveLength(1);
      expect(mails[0]).toMatchObject({ subject: 'Vous avez déjà un compte Terrain', language: 'fr', template: 'link' });
      expect(mails[0].text_body).toContain('/password/forgot');
      expect(mails[0].text_body).not.toMatch(/token=/);
      expect(mails[0].html_body).toContain('/password/forgot');

      // Nothing changed on the existing account.
      const [{ count }] = await t.dataSource.query('SELECT count(*)::int AS count FROM accounts WHERE email = $1', [
        existing.email,
      ]);
      expect(count).toBe(1);
      expect((await attemptSignIn(new Visitor(t.app), existing.email, TEST_PASSWORD)).status).toBe(303);
      expect((await attemptSignIn(new Visitor(t.app), existing.email, OTHER_STRONG_PASSWORD)).status).toBe(422);
    });

    it('answers a second sign-up on an unconfirmed address like a new one, with a fresh link voiding the first', async () => {
      const email = uniqueEmail('again');
      await signUp(t, { name: 'Lina Perrin', email, password: STRONG_PASSWORD });
      const firstToken = tokenIn((await mailsTo(t, email))[0].text_body, '/verify-email');
      const fresh = uniqueEmail('again-fresh');
      const { res: forFresh } = await signUp(t, { name: 'Lina Perrin', email: fresh, password: STRONG_PASSWORD });
      const { res: again } = await signUp(t, { name: 'Lina Perrin', email, password: STRONG_PASSWORD });
      expect(again.status).toBe(200);
      expect(comparable(again.text, email)).toBe(comparable(forFresh.text, fresh));
      const mails = await mailsTo(t, email);
      expect(mails.map((mail) => mail.subject)).toEqual([
        'Confirmez votre adresse sur Terrain',
        'Confirmez votre adresse sur Terrain',
      ]);
      const visitor = new Visitor(t.app);
      await visitor.open(`/verify-email?token=${firstToken}`);
      await visitor.submit('/verify-email', { token: firstToken }).expect(410);
      await confirmLatestLink(t, email).then((res) => expect(res.status).toBe(200));
      expect((await attemptSignIn(new Visitor(t.app), email, STRONG_PASSWORD)).status).toBe(303);
    });

    it("does not let someone who signed up first with another person's address into the account that person confirms", async () => {
      // A squatter signs up with the victim's address and a password of their own…
      const email = uniqueEmail('victim');
      const squatterPassword = 'le-squatteur-connait-ce-secret';
      await signUp(t, { name: 'Squatter', email, password: squatterPassword });
      // …the victim signs up later with their own password, gets a link, and uses it.
      const { res } = await signUp(t, { name: 'Real Owner', email, password: OTHER_STRONG_PASSWORD });
      expect(res.status).toBe(200);
      await confirmLatestLink(t, email).then((confirmed) => expect(confirmed.status).toBe(200));
      expect((await accountRow(t, email))!.email_verified_at).toBeInstanceOf(Date);
      // The address is now confirmed by its owner: the squatter's password must not open it.
      expect((await attemptSignIn(new Visitor(t.app), email, squatterPassword)).status).not.toBe(303);
    });

    it('joins the space of a valid invitation code as a member', async () => {
      const admin = await createAccount(t.dataSource, { name: 'Space Admin' });
      const space = await createSpace(t.dataSource, admin);
      const email = uniqueEmail('joiner');
      // Typed as people type it: lower case, with a dash.
      const typed = `${space.inviteCode.slice(0, 4).toLowerCase()}-${space.inviteCode.slice(4).toLowerCase()}`;
      const { res } = await signUp(t, { name: 'Rose Lambert', email, password: STRONG_PASSWORD, inviteCode: typed });
      expect(res.status).toBe(200);
      const account = await accountRow(t, email);
      const memberships = await t.dataSource.query(
        'SELECT space_id, role, joined_via FROM memberships WHERE space_id = $1 AND account_id = $2',
        [space.id, account!.id],
      );
      expect(memberships).toEqual([{ space_id: space.id, role: 'member', joined_via: 'code' }]);

      await confirmLatestLink(t, email);
      const { visitor } = await signInAs(t, email, STRONG_PASSWORD);
      const page = await visitor.get('/account').expect(200);
      expect(page.text).toContain(`href="/s/${space.slug}"`);
    });

    it('refuses an unknown invitation code beside its field (422) and creates nothing', async () => {
      const email = uniqueEmail('badcode');
      const { res } = await signUp(t, {
        name: 'Hugo Masson',
        email,
        password: STRONG_PASSWORD,
        inviteCode: 'ZZZZ9999',
      });
      expect(res.status).toBe(422);
      expect(fieldErrors(res.text, 'inviteCode')).toEqual([
        "Aucun espace n'a ce code. Vérifiez-le auprès de la personne qui vous l'a donné.",
      ]);
      expect(res.text).toContain('value="ZZZZ9999"');
      expect(await accountRow(t, email)).toBeUndefined();
      expect(await mailsTo(t, email)).toEqual([]);
    });

    it('sends a signed-in visitor to their spaces', async () => {
      const visitor = await signedIn(t.app, await createAccount(t.dataSource));
      const res = await visitor.get('/signup').expect(303);
      expect(res.headers.location).toBe('/spaces');
    });
  });

  describe('sign-in', () => {
    it('answers an unknown address exactly like a wrong password', async () => {
      const account = await createAccount(t.dataSource, { name: 'Zoé Fontaine' });
      const unknown = uniqueEmail('ghost');
      const wrong = await attemptSignIn(new Visitor(t.app), account.email, 'not-the-right-password');
      const missing = await attemptSignIn(new Visitor(t.app), unknown, 'not-the-right-password');
      expect(wrong.status).toBe(422);
      expect(missing.status).toBe(422);
      expect(comparable(missing.text, unknown)).toBe(comparable(wrong.text, account.email));
      expect(decode(wrong.text)).toContain('Adresse e-mail ou mot de passe incorrect.');
      expect(wrong.text).not.toContain('not-the-right-password');
      expect(cookieSet(wrong, 'terrain.device')).toBeUndefined();

      const english = await attemptSignIn(new Visitor(t.app), unknown, 'not-the-right-password', 'en');
      expect(english.status).toBe(422);
      expect(english.text).toContain('Incorrect email address or password.');
    });

    it('records failed and successful sign-ins in the audit log and the attempts table', async () => {
      const account = await createAccount(t.dataSource, { name: 'Audit Person' });
      const unknown = uniqueEmail('audit-ghost');
      await attemptSignIn(new Visitor(t.app), account.email, 'not-the-right-password');
      await attemptSignIn(new Visitor(t.app), unknown, 'not-the-right-password');
      await attemptSignIn(new Visitor(t.app), account.email, TEST_PASSWORD).then((res) => expect(res.status).toBe(303));

      const failed = await auditRows(t, 'account.sign_in_failed', account.id);
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({ actor_id: account.id, target_type: 'account', target_label: account.email });
      expect(failed[0].ip).toBeTruthy();
      const failedUnknown = await auditRows(t, 'account.sign_in_failed', '-');
      expect(failedUnknown.filter((row: { target_label: string }) => row.target_label === unknown)).toEqual([
        expect.objectContaining({ actor_id: null, target_type: 'account' }),
      ]);
      const succeeded = await auditRows(t, 'account.signed_in', account.id);
      expect(succeeded).toHaveLength(1);
      expect(succeeded[0]).toMatchObject({ actor_id: account.id, actor_label: account.email });
      expect((await accountRow(t, account.email))!.last_sign_in_at).toBeInstanceOf(Date);

      const attempts = await t.dataSource.query(
        'SELECT email_key, account_id, trusted_device, succeeded FROM sign_in_attempts ORDER BY id',
      );
      const keyOf = (email: string) => createHash('sha256').update(email).digest('hex');
      expect(attempts).toEqual([
        { email_key: keyOf(account.email), account_id: account.id, trusted_device: false, succeeded: false },
        { email_key: keyOf(unknown), account_id: null, trusted_device: false, succeeded: false },
        { email_key: keyOf(account.email), account_id: account.id, trusted_device: false, succeeded: true },
      ]);
    });

    it('gives a new session id at sign-in (no session fixation) and ends the anonymous one', async () => {
      const account = await createAccount(t.dataSource);
      const visitor = new Visitor(t.app);
      const page = await visitor.open('/login');
      const before = sessionIdFrom(page);
      expect(before).toBeTruthy();
      expect(await t.dataSource.query('SELECT sid FROM session WHERE sid = $1', [before])).toHaveLength(1);

      const res = await visitor.submit('/login', { email: account.email, password: TEST_PASSWORD }).expect(303);
      const after = sessionIdFrom(res);
      expect(after).toBeTruthy();
      expect(after).not.toBe(before);
      expect(await t.dataSource.query('SELECT sid FROM session WHERE sid = $1', [before])).toEqual([]);
      expect(await sessionsOf(t, account.id)).toEqual([after]);
      expect(await isSignedIn(visitor)).toBe(true);
    });

    it('marks the browser as known to the account with an httpOnly device cookie', async () => {
      const account = await createAccount(t.dataSource);
      const res = await attemptSignIn(new Visitor(t.app), account.email, TEST_PASSWORD);
      expect(res.status).toBe(303);
      const device = cookieSet(res, 'terrain.device');
      expect(device).toBeDefined();
      expect(device).toMatch(new RegExp(`^terrain\\.device=${account.id}\\.`));
      expect(device).toMatch(/; Path=\/login/);
      expect(device).toMatch(/HttpOnly/);
      expect(device).toMatch(/SameSite=Lax/);
    });

    it('accepts the address in any case and with spaces around it', async () => {
      const account = await createAccount(t.dataSource);
      const res = await attemptSignIn(new Visitor(t.app), `  ${account.email.toUpperCase()} `, TEST_PASSWORD);
      expect(res.status).toBe(303);
    });

    it('goes back to a local page after sign-in, never to another site', async () => {
      const account = await createAccount(t.dataSource);
      const local = new Visitor(t.app);
      await local.open('/login?next=%2Faccount');
      const back = await local.submit('/login', { email: account.email, password: TEST_PASSWORD, next: '/account' });
      expect(back.status).toBe(303);
      expect(back.headers.location).toBe('/account');

      const foreign = new Visitor(t.app);
      await foreign.open('/login');
      const res = await foreign.submit('/login', {
        email: account.email,
        password: TEST_PASSWORD,
        next: 'https://evil.example/',
      });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/spaces');
    });

    it('answers htmx with HX-Redirect', async () => {
      const account = await createAccount(t.dataSource);
      const visitor = new Visitor(t.app);
      await visitor.open('/login');
      const res = await visitor.htmxSubmit('/login', { email: account.email, password: TEST_PASSWORD });
      expect(res.status).toBe(204);
      expect(res.headers['hx-redirect']).toBe('/spaces');
    });

    it('sends a signed-in visitor away from the sign-in page', async () => {
      const visitor = await signedIn(t.app, await createAccount(t.dataSource));
      const res = await visitor.get('/login').expect(303);
      expect(res.headers.location).toBe('/spaces');
    });
  });

  describe('sign-out', () => {
    it('deletes the session row and signs the browser out', async () => {
      const account = await createAccount(t.dataSource);
      const { visitor, sid } = await signInAs(t, account.email, TEST_PASSWORD);
      expect(await sessionsOf(t, account.id)).toEqual([sid]);

      const res = await visitor.submit('/logout', {});
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/login?signedOut=1');
      expect(cookieSet(res, 'terrain.sid')).toMatch(/Expires=Thu, 01 Jan 1970/);
      expect(await t.dataSource.query('SELECT sid FROM session WHERE sid = $1', [sid])).toEqual([]);
      expect(await sessionsOf(t, account.id)).toEqual([]);
      expect(await isSignedIn(visitor)).toBe(false);

      const page = await visitor.get('/login?signedOut=1').expect(200);
      expect(decode(page.text)).toContain('Vous êtes déconnecté.');
    });

    it('refuses a sign-out without the CSRF token', async () => {
      const account = await createAccount(t.dataSource);
      const { visitor, sid } = await signInAs(t, account.email, TEST_PASSWORD);
      await visitor.agent.post('/logout').type('form').send({}).expect(403);
      expect(await sessionsOf(t, account.id)).toEqual([sid]);
    });
  });

  describe('password reset', () => {
    async function requestReset(email: string) {
      const visitor = new Visitor(t.app);
      await visitor.open('/password/forgot');
      return visitor.submit('/password/forgot', { email });
    }

    async function resetLink(email: string): Promise<string> {
      const mails = (await mailsTo(t, email)).filter((mail) => mail.subject === 'Nouveau mot de passe Terrain');
      return tokenIn(mails.at(-1)!.text_body, '/password/reset');
    }

    async function submitReset(token: string, password: string) {
      const visitor = new Visitor(t.app);
      const page = await visitor.open(`/password/reset?token=${token}`);
      // An unusable link's page has no form: take the CSRF token from a page that has one.
      if (page.status !== 200) await visitor.open('/password/forgot');
      return visitor.submit('/password/reset', { token, password });
    }

    it('answers an unknown address like a known one, and mails nothing', async () => {
      const account = await createAccount(t.dataSource);
      const unknown = uniqueEmail('forgot-ghost');
      const forKnown = await requestReset(account.email);
      const forUnknown = await requestReset(unknown);
      expect(forKnown.status).toBe(200);
      expect(forUnknown.status).toBe(200);
      expect(comparable(forUnknown.text, unknown)).toBe(comparable(forKnown.text, account.email));
      expect(decode(forKnown.text)).toContain("Si un compte existe pour cette adresse, un lien vient d'y être envoyé.");
      expect(await mailsTo(t, unknown)).toEqual([]);
      const mails = await mailsTo(t, account.email);
      expect(mails).toHaveLength(1);
      expect(mails[0]).toMatchObject({ subject: 'Nouveau mot de passe Terrain', language: 'fr', template: 'link' });
      expect(decode(mails[0].html_body)).toContain(`/password/reset?token=${await resetLink(account.email)}`);
      // Valid one hour.
      const [token] = await t.dataSource.query(
        `SELECT expires_at FROM account_tokens WHERE account_id = $1 AND purpose = 'reset_password'`,
        [account.id],
      );
      expect(Math.abs(new Date(token.expires_at).getTime() - Date.now() - 3600_000)).toBeLessThan(60_000);
    });

    it('sets the new password once, closes every session of the account and retires the old password', async () => {
      const account = await createAccount(t.dataSource, { name: 'Reset Person' });
      const laptop = await signInAs(t, account.email, TEST_PASSWORD);
      const phone = await signInAs(t, account.email, TEST_PASSWORD);
      const bystander = await createAccount(t.dataSource);
      const other = await signInAs(t, bystander.email, TEST_PASSWORD);
      expect(await sessionsOf(t, account.id)).toHaveLength(2);

      await requestReset(account.email).then((res) => expect(res.status).toBe(200));
      const token = await resetLink(account.email);
      const visitor = new Visitor(t.app);
      const form = await visitor.open(`/password/reset?token=${token}`);
      expect(form.status).toBe(200);
      expect(form.text).toContain(`<input type="hidden" name="token" value="${token}">`);

      const res = await visitor.submit('/password/reset', { token, password: OTHER_STRONG_PASSWORD });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/login');
      const login = await visitor.get('/login').expect(200);
      expect(decode(login.text)).toContain('Mot de passe changé. Toutes vos sessions ont été fermées');

      expect(await sessionsOf(t, account.id)).toEqual([]);
      expect(await isSignedIn(laptop.visitor)).toBe(false);
      expect(await isSignedIn(phone.visitor)).toBe(false);
      // Someone else's session is not touched.
      expect(await sessionsOf(t, bystander.id)).toEqual([other.sid]);
      expect(await isSignedIn(other.visitor)).toBe(true);

      expect((await attemptSignIn(new Visitor(t.app), account.email, TEST_PASSWORD)).status).toBe(422);
      expect((await attemptSignIn(new Visitor(t.app), account.email, OTHER_STRONG_PASSWORD)).status).toBe(303);
      expect(await auditRows(t, 'account.password_reset', account.id)).toHaveLength(1);

      // The link served once.
      const reopened = await new Visitor(t.app).get(`/password/reset?token=${token}`);
      expect(reopened.status).toBe(410);
      expect(decode(reopened.text)).toContain('Ce lien est expiré ou a déjà servi. Demandez-en un nouveau.');
      const reused = await submitReset(token, 'encore-un-autre-mot-de-passe');
      expect(reused.status).toBe(410);
      expect((await attemptSignIn(new Visitor(t.app), account.email, 'encore-un-autre-mot-de-passe')).status).toBe(422);
    });

    it('also closes the session of the browser that resets the password while signed in', async () => {
      const account = await createAccount(t.dataSource);
      const { visitor } = await signInAs(t, account.email, TEST_PASSWORD);
      await visitor.open('/password/forgot');
      await visitor.submit('/password/forgot', { email: account.email }).expect(200);
      const token = await resetLink(account.email);
      await visitor.open(`/password/reset?token=${token}`);
      const res = await visitor.submit('/password/reset', { token, password: OTHER_STRONG_PASSWORD });
      expect(res.status).toBe(303);
      // "Toutes vos sessions ont été fermées": this one too.
      expect(await sessionsOf(t, account.id)).toEqual([]);
      expect(await isSignedIn(visitor)).toBe(false);
    });

    it('refuses a link after its hour (410), on the page and on the form', async () => {
      const account = await createAccount(t.dataSource);
      await requestReset(account.email);
      const token = await resetLink(account.email);
      await t.dataSource.query(
        `UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE account_id = $1 AND purpose = 'reset_password'`,
        [account.id],
      );
      const page = await new Visitor(t.app).get(`/password/reset?token=${token}`);
      expect(page.status).toBe(410);
      expect(page.text).toContain('href="/password/forgot"');
      expect((await submitReset(token, OTHER_STRONG_PASSWORD)).status).toBe(410);
      expect((await attemptSignIn(new Visitor(t.app), account.email, TEST_PASSWORD)).status).toBe(303);
    });

    it('refuses a made-up or missing token (410)', async () => {
      expect((await new Visitor(t.app).get('/password/reset?token=made-up')).status).toBe(410);
      expect((await new Visitor(t.app).get('/password/reset')).status).toBe(410);
      expect((await submitReset('made-up', OTHER_STRONG_PASSWORD)).status).toBe(410);
    });

    it('refuses a weak new password beside the field (422) and keeps the link usable', async () => {
      const account = await createAccount(t.dataSource, { name: 'Octave Blanchard' });
      await requestReset(account.email);
      const token = await resetLink(account.email);
      const visitor = new Visitor(t.app);
      await visitor.open(`/password/reset?token=${token}`);

      const short = await visitor.submit('/password/reset', { token, password: 'court' });
      expect(short.status).toBe(422);
      expect(fieldErrors(short.text, 'password')).toEqual(['Au moins 12 caractères.']);
      expect(short.text).toContain(`<input type="hidden" name="token" value="${token}">`);
      const common = await visitor.submit('/password/reset', { token, password: 'motdepasse123' });
      expect(common.status).toBe(422);
      expect(fieldErrors(common.text, 'password')).toEqual([
        'Ce mot de passe figure dans les listes de mots de passe piratés. Choisissez-en un autre.',
      ]);
      const named = await visitor.submit('/password/reset', { token, password: 'octave-aime-la-musique' });
      expect(named.status).toBe(422);
      expect(fieldErrors(named.text, 'password')).toEqual([
        'Le mot de passe ne doit pas contenir votre nom ni votre adresse.',
      ]);
      const blank = await visitor.submit('/password/reset', { token, password: '' });
      expect(blank.status).toBe(422);
      expect(fieldErrors(blank.text, 'password')).toHaveLength(1);

      expect((await attemptSignIn(new Visitor(t.app), account.email, TEST_PASSWORD)).status).toBe(303);
      await visitor.submit('/password/reset', { token, password: OTHER_STRONG_PASSWORD }).expect(303);
    });

    it('voids the previous link when a new one is asked for', async () => {
      const account = await createAccount(t.dataSource);
      await requestReset(account.email);
      const first = await resetLink(account.email);
      await requestReset(account.email);
      const second = await resetLink(account.email);
      expect(second).not.toBe(first);
      expect((await new Visitor(t.app).get(`/password/reset?token=${first}`)).status).toBe(410);
      expect((await new Visitor(t.app).get(`/password/reset?token=${second}`)).status).toBe(200);
    });

    it('confirms an unconfirmed address (the link proved it)', async () => {
      const email = uniqueEmail('reset-unverified');
      await signUp(t, { name: 'Clémence Picard', email, password: STRONG_PASSWORD });
      await requestReset(email);
      const token = await resetLink(email);
      expect((await submitReset(token, OTHER_STRONG_PASSWORD)).status).toBe(303);
      expect((await accountRow(t, email))!.email_verified_at).toBeInstanceOf(Date);
      expect((await attemptSignIn(new Visitor(t.app), email, OTHER_STRONG_PASSWORD)).status).toBe(303);
    });
  });

  describe('account page', () => {
    it('asks an anonymous visitor to sign in first', async () => {
      const res = await new Visitor(t.app).get('/account').expect(303);
      expect(res.headers.location).toBe('/login?next=%2Faccount');
    });

    it('shows the profile, address and spaces of the account', async () => {
      const account = await createAccount(t.dataSource, { name: 'Page Person' });
      const visitor = await signedIn(t.app, account);
      const res = await visitor.get('/account').expect(200);
      expect(res.text).toContain('<h1>Mon compte</h1>');
      expect(res.text).toContain('value="Page Person"');
      expect(decode(res.text)).toContain(`Adresse actuelle : ${account.email}`);
      expect(decode(res.text)).toContain("Vous n'êtes membre d'aucun espace pour l'instant.");
    });

    it('saves the name and language, and answers in that language from then on', async () => {
      const account = await createAccount(t.dataSource, { name: 'Profile Person' });
      const visitor = await signedIn(t.app, account);
      const res = await visitor.submit('/account/profile', { name: '  Renamed Person ', language: 'en' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/account');
      const lang = cookieSet(res, 'lang');
      expect(lang).toMatch(/^lang=en;/);
      expect(lang).toMatch(/HttpOnly/);
      expect(await accountRow(t, account.email)).toMatchObject({ name: 'Renamed Person', language: 'en' });

      const page = await visitor.get('/account').set('Accept-Language', 'fr').expect(200);
      expect(page.headers['content-language']).toBe('en');
      expect(page.text).toContain('<h1>My account</h1>');
      expect(page.text).toContain('value="Renamed Person"');
      // The language follows the account to another browser (no cookie there).
      const elsewhere = await signedIn(t.app, account);
      const there = await elsewhere.get('/account').expect(200);
      expect(there.headers['content-language']).toBe('en');
    });

    it('refuses a blank name or an unknown language (422) and changes nothing', async () => {
      const account = await createAccount(t.dataSource, { name: 'Steady Person' });
      const visitor = await signedIn(t.app, account);
      const blank = await visitor.submit('/account/profile', { name: ' ', language: 'fr' });
      expect(blank.status).toBe(422);
      expect(fieldErrors(blank.text, 'name')).toHaveLength(1);
      const unknown = await visitor.submit('/account/profile', { name: 'Other Name', language: 'de' });
      expect(unknown.status).toBe(422);
      expect(fieldErrors(unknown.text, 'language')).toHaveLength(1);
      expect(cookieSet(unknown, 'lang')).toBeUndefined();
      expect(await accountRow(t, account.email)).toMatchObject({ name: 'Steady Person', language: 'fr' });
    });

    it('changes the password only with the current one, keeping the other sessions unless asked', async () => {
      const account = await createAccount(t.dataSource, { name: 'Password Person' });
      const { visitor, sid } = await signInAs(t, account.email, TEST_PASSWORD);
      const phone = await signInAs(t, account.email, TEST_PASSWORD);

      const wrong = await visitor.submit('/account/password', {
        currentPassword: 'not-the-right-password',
        newPassword: OTHER_STRONG_PASSWORD,
      });
      expect(wrong.status).toBe(422);
      expect(fieldErrors(wrong.text, 'currentPassword')).toEqual(['Mot de passe incorrect.']);
      expect(wrong.text).not.toContain(OTHER_STRONG_PASSWORD);
      const missing = await visitor.submit('/account/password', { newPassword: OTHER_STRONG_PASSWORD });
      expect(missing.status).toBe(422);
      expect(fieldErrors(missing.text, 'currentPassword')).toHaveLength(1);
      const weak = await visitor.submit('/account/password', {
        currentPassword: TEST_PASSWORD,
        newPassword: 'motdepasse123',
      });
      expect(weak.status).toBe(422);
      expect(fieldErrors(weak.text, 'newPassword')).toEqual([
        'Ce mot de passe figure dans les listes de mots de passe piratés. Choisissez-en un autre.',
      ]);
      const named = await visitor.submit('/account/password', {
        currentPassword: TEST_PASSWORD,
        newPassword: 'mon-password-tout-neuf',
      });
      expect(named.status).toBe(422);
      expect(fieldErrors(named.text, 'newPassword')).toEqual([
        'Le mot de passe ne doit pas contenir votre nom ni votre adresse.',
      ]);
      expect((await attemptSignIn(new Visitor(t.app), account.email, TEST_PASSWORD)).status).toBe(303);

      const res = await visitor.submit('/account/password', {
        currentPassword: TEST_PASSWORD,
        newPassword: OTHER_STRONG_PASSWORD,
      });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/account');
      const page = await visitor.get('/account').expect(200);
      expect(decode(page.text)).toContain('Mot de passe changé.');
      expect(decode(page.text)).not.toContain('Vos autres sessions ont été fermées.');
      expect(await sessionsOf(t, account.id)).toEqual(expect.arrayContaining([sid, phone.sid]));
      expect(await isSignedIn(phone.visitor)).toBe(true);

      expect((await attemptSignIn(new Visitor(t.app), account.email, TEST_PASSWORD)).status).toBe(422);
      expect((await attemptSignIn(new Visitor(t.app), account.email, OTHER_STRONG_PASSWORD)).status).toBe(303);
      expect(await auditRows(t, 'account.password_changed', account.id)).toHaveLength(1);
    });

    it('signs out everywhere else when asked with the new password, keeping the current session', async () => {
      const account = await createAccount(t.dataSource);
      const { visitor, sid } = await signInAs(t, account.email, TEST_PASSWORD);
      const phone = await signInAs(t, account.email, TEST_PASSWORD);
      const tablet = await signInAs(t, account.email, TEST_PASSWORD);
      const bystander = await createAccount(t.dataSource);
      const other = await signInAs(t, bystander.email, TEST_PASSWORD);
      expect(await sessionsOf(t, account.id)).toHaveLength(3);

      const res = await visitor.submit('/account/password', {
        currentPassword: TEST_PASSWORD,
        newPassword: OTHER_STRONG_PASSWORD,
        signOutEverywhere: 'on',
      });
      expect(res.status).toBe(303);
      expect(await sessionsOf(t, account.id)).toEqual([sid]);
      expect(await isSignedIn(phone.visitor)).toBe(false);
      expect(await isSignedIn(tablet.visitor)).toBe(false);
      const page = await visitor.get('/account').expect(200);
      expect(decode(page.text)).toContain('Mot de passe changé. Vos autres sessions ont été fermées.');
      expect(await sessionsOf(t, bystander.id)).toEqual([other.sid]);
    });

    it('closes the other sessions on demand, keeping the current one', async () => {
      const account = await createAccount(t.dataSource);
      const { visitor, sid } = await signInAs(t, account.email, TEST_PASSWORD);
      const phone = await signInAs(t, account.email, TEST_PASSWORD);
      const bystander = await createAccount(t.dataSource);
      const other = await signInAs(t, bystander.email, TEST_PASSWORD);

      const res = await visitor.submit('/account/sessions/close-others', {});
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/account');
      expect(await sessionsOf(t, account.id)).toEqual([sid]);
      expect(await isSignedIn(phone.visitor)).toBe(false);
      const page = await visitor.get('/account').expect(200);
      expect(decode(page.text)).toContain('Vos autres sessions ont été fermées.');
      expect(await sessionsOf(t, bystander.id)).toEqual([other.sid]);
      // The password did not change.
      expect((await attemptSignIn(new Visitor(t.app), account.email, TEST_PASSWORD)).status).toBe(303);
    });

    describe('address change', () => {
      async function changeLink(address: string): Promise<string> {
        const mails = (await mailsTo(t, address)).filter(
          (mail) => mail.subject === 'Confirmez votre nouvelle adresse Terrain',
        );
        return tokenIn(mails.at(-1)!.text_body, '/account/email/confirm');
      }

      it('requires the password, and refuses the current address', async () => {
        const account = await createAccount(t.dataSource);
        const visitor = await signedIn(t.app, account);
        const target = uniqueEmail('target');

        const wrong = await visitor.submit('/account/email', { newEmail: target, password: 'not-the-right-password' });
        expect(wrong.status).toBe(422);
        expect(fieldErrors(wrong.text, 'password')).toEqual(['Mot de passe incorrect.']);
        expect(wrong.text).toContain(`value="${target}"`);
        const missing = await visitor.submit('/account/email', { newEmail: target });
        expect(missing.status).toBe(422);
        expect(fieldErrors(missing.text, 'password')).toHaveLength(1);
        const malformed = await visitor.submit('/account/email', { newEmail: 'nope', password: TEST_PASSWORD });
        expect(malformed.status).toBe(422);
        expect(fieldErrors(malformed.text, 'newEmail')).toHaveLength(1);
        const same = await visitor.submit('/account/email', {
          newEmail: account.email.toUpperCase(),
          password: TEST_PASSWORD,
        });
        expect(same.status).toBe(422);
        expect(fieldErrors(same.text, 'newEmail')).toEqual(["C'est déjà votre adresse."]);

        expect(await mailsTo(t, target)).toEqual([]);
        expect(await mailsTo(t, account.email)).toEqual([]);
        const tokens = await t.dataSource.query('SELECT id FROM account_tokens WHERE account_id = $1', [account.id]);
        expect(tokens).toEqual([]);
        expect((await accountRow(t, account.email))!.id).toBe(account.id);
      });

      it('moves the account to the new address once the link is used, and tells the old address', async () => {
        const account = await createAccount(t.dataSource, { name: 'Mover Person' });
        const visitor = await signedIn(t.app, account);
        const target = uniqueEmail('moved');

        const res = await visitor.submit('/account/email', { newEmail: target.toUpperCase(), password: TEST_PASSWORD });
        expect(res.status).toBe(303);
        expect(res.headers.location).toBe('/account');
        const page = await visitor.get('/account').expect(200);
        expect(decode(page.text)).toContain(`Nous avons envoyé un lien à ${target}.`);
        // Nothing changes before the new address confirms.
        expect((await accountRow(t, account.email))!.id).toBe(account.id);
        expect(await accountRow(t, target)).toBeUndefined();

        const [confirmation] = await mailsTo(t, target);
        expect(confirmation).toMatchObject({ subject: 'Confirmez votre nouvelle adresse Terrain', language: 'fr' });
        expect(confirmation.text_body).toContain('Bonjour Mover Person,');
        const token = await changeLink(target);
        expect(decode(confirmation.html_body)).toContain(`/account/email/confirm?token=${token}`);
        const notices = await mailsTo(t, account.email);
        expect(notices).toHaveLength(1);
        expect(notices[0]).toMatchObject({
          subject: 'Changement d’adresse sur votre compte Terrain',
          template: 'notice',
        });
        expect(notices[0].text_body).toContain(target);
        expect(notices[0].text_body).not.toMatch(/token=/);

        const shown = await visitor.get(`/account/email/confirm?token=${token}`).expect(200);
        expect(decode(shown.text)).toContain(`Votre compte utilisera désormais ${target}.`);
        expect((await accountRow(t, account.email))!.id).toBe(account.id);

        await visitor.open(`/account/email/confirm?token=${token}`);
        const confirmed = await visitor.submit('/account/email/confirm', { token });
        expect(confirmed.status).toBe(303);
        expect(confirmed.headers.location).toBe('/account');
        const after = await visitor.get('/account').expect(200);
        expect(decode(after.text)).toContain('Adresse e-mail changée.');
        expect(decode(after.text)).toContain(`Adresse actuelle : ${target}`);

        const moved = await accountRow(t, target);
        expect(moved!.id).toBe(account.id);
        expect(moved!.email_verified_at).toBeInstanceOf(Date);
        expect(await accountRow(t, account.email)).toBeUndefined();
        expect(await auditRows(t, 'account.email_changed', account.id)).toEqual([
          expect.objectContaining({ details: { from: account.email, to: target } }),
        ]);

        expect((await attemptSignIn(new Visitor(t.app), account.email, TEST_PASSWORD)).status).toBe(422);
        expect((await attemptSignIn(new Visitor(t.app), target, TEST_PASSWORD)).status).toBe(303);

        // The link served once.
        expect((await new Visitor(t.app).get(`/account/email/confirm?token=${token}`)).status).toBe(410);
        await visitor.open('/account');
        expect((await visitor.submit('/account/email/confirm', { token })).status).toBe(410);
      });

      it('confirms from another browser, which is sent to the sign-in page', async () => {
        const account = await createAccount(t.dataSource);
        const visitor = await signedIn(t.app, account);
        const target = uniqueEmail('elsewhere');
        await visitor.submit('/account/email', { newEmail: target, password: TEST_PASSWORD }).expect(303);
        const token = await changeLink(target);

        const phone = new Visitor(t.app);
        await phone.open(`/account/email/confirm?token=${token}`);
        const res = await phone.submit('/account/email/confirm', { token });
        expect(res.status).toBe(303);
        expect(res.headers.location).toBe('/login');
        expect((await accountRow(t, target))!.id).toBe(account.id);
      });

      it('refuses an expired link, a made-up one, and an address taken in the meantime (410)', async () => {
        const account = await createAccount(t.dataSource);
        const visitor = await signedIn(t.app, account);

        const late = uniqueEmail('late');
        await visitor.submit('/account/email', { newEmail: late, password: TEST_PASSWORD }).expect(303);
        const lateToken = await changeLink(late);
        await t.dataSource.query(
          `UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE account_id = $1 AND purpose = 'change_email'`,
          [account.id],
        );
        expect((await visitor.get(`/account/email/confirm?token=${lateToken}`)).status).toBe(410);
        await visitor.open('/account');
        expect((await visitor.submit('/account/email/confirm', { token: lateToken })).status).toBe(410);
        expect((await visitor.submit('/account/email/confirm', { token: 'made-up' })).status).toBe(410);
        expect((await visitor.get('/account/email/confirm?token=made-up')).status).toBe(410);

        const taken = uniqueEmail('taken');
        await visitor.submit('/account/email', { newEmail: taken, password: TEST_PASSWORD }).expect(303);
        const takenToken = await changeLink(taken);
        await createAccount(t.dataSource, { email: taken });
        await visitor.open('/account');
        const refused = await visitor.submit('/account/email/confirm', { token: takenToken });
        expect(refused.status).toBe(410);
        expect(decode(refused.text)).toContain('Ce lien est expiré, a déjà servi, ou cette adresse est déjà prise.');
        expect((await accountRow(t, account.email))!.id).toBe(account.id);
      });

      it('voids the previous link when another change is asked for', async () => {
        const account = await createAccount(t.dataSource);
        const visitor = await signedIn(t.app, account);
        const first = uniqueEmail('first');
        const second = uniqueEmail('second');
        await visitor.submit('/account/email', { newEmail: first, password: TEST_PASSWORD }).expect(303);
        const firstToken = await changeLink(first);
        await visitor.open('/account');
        await visitor.submit('/account/email', { newEmail: second, password: TEST_PASSWORD }).expect(303);
        expect((await visitor.get(`/account/email/confirm?token=${firstToken}`)).status).toBe(410);
        await visitor.open('/account');
        expect((await visitor.submit('/account/email/confirm', { token: firstToken })).status).toBe(410);
        expect(await accountRow(t, first)).toBeUndefined();
        expect((await accountRow(t, account.email))!.id).toBe(account.id);
      });
    });
  });
});

describe('accounts: sign-in throttling', () => {
  let t: TestApp;
  const WRONG = 'not-the-right-password';

  beforeAll(async () => {
    t = await bootTestApp();
    await createAccount(t.dataSource, { name: 'Instance Owner', platformRole: 'owner' });
  });
  // All requests share one IP: each test starts with a clean slate.
  beforeEach(() => t.dataSource.query('DELETE FROM sign_in_attempts'));
  afterAll(() => t.close());

  const emailKey = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

  async function failTimes(visitor: Visitor, email: string, times: number) {
    for (let i = 0; i < times; i++) {
      const res = await attemptSignIn(visitor, email, WRONG);
      expect(res.status).toBe(422);
    }
  }

  /** Moves every recorded attempt back in time, as if the person had waited. */
  const wait = (seconds: number) =>
    t.dataSource.query(`UPDATE sign_in_attempts SET created_at = created_at - make_interval(secs => $1)`, [seconds]);

  it('makes the 6th try wait a minute after 5 failures, even with the right password, then doubles the wait', async () => {
    const account = await createAccount(t.dataSource);
    const visitor = new Visitor(t.app);
    await failTimes(visitor, account.email, 5);

    const throttled = await attemptSignIn(visitor, account.email, TEST_PASSWORD);
    expect(throttled.status).toBe(429);
    expect(decode(throttled.text)).toContain('Trop de tentatives. Réessayez dans 1 minute.');
    expect(throttled.text).not.toContain(TEST_PASSWORD);
    expect(cookieSet(throttled, 'terrain.device')).toBeUndefined();
    // A throttled try is not even checked, nor counted.
    const [{ count }] = await t.dataSource.query('SELECT count(*)::int AS count FROM sign_in_attempts');
    expect(count).toBe(5);
    expect(await isSignedIn(visitor)).toBe(false);

    const english = await attemptSignIn(new Visitor(t.app), account.email, TEST_PASSWORD, 'en');
    expect(english.status).toBe(429);
    expect(english.text).toContain('Too many attempts. Try again in 1 minute.');

    // After the minute, one more failure makes the next wait two minutes.
    await wait(61);
    expect((await attemptSignIn(visitor, account.email, WRONG)).status).toBe(422);
    const doubled = await attemptSignIn(visitor, account.email, TEST_PASSWORD);
    expect(doubled.status).toBe(429);
    expect(decode(doubled.text)).toContain('Trop de tentatives. Réessayez dans 2 minutes.');

    // Once waited out, the right password works, and the count starts again.
    await wait(121);
    expect((await attemptSignIn(visitor, account.email, TEST_PASSWORD)).status).toBe(303);
    expect((await attemptSignIn(new Visitor(t.app), account.email, WRONG)).status).toBe(422);
  });

  it('never makes anyone wait more than 15 minutes', async () => {
    const account = await createAccount(t.dataSource);
    await t.dataSource.query(
      `INSERT INTO sign_in_attempts (email_key, account_id, ip, trusted_device, succeeded, created_at)
       SELECT $1, $2, '203.0.113.' || g, false, false, now() - make_interval(secs => 60 - g)
       FROM generate_series(1, 12) g`,
      [emailKey(account.email), account.id],
    );
    const res = await attemptSignIn(new Visitor(t.app), account.email, TEST_PASSWORD);
    expect(res.status).toBe(429);
    expect(decode(res.text)).toContain('Trop de tentatives. Réessayez dans 15 minutes.');
  });

  it('throttles an address without an account exactly like one with an account', async () => {
    const account = await createAccount(t.dataSource);
    await failTimes(new Visitor(t.app), account.email, 5);
    const known = await attemptSignIn(new Visitor(t.app), account.email, WRONG);

    await t.dataSource.query('DELETE FROM sign_in_attempts');
    const unknown = uniqueEmail('ghost');
    await failTimes(new Visitor(t.app), unknown, 5);
    const missing = await attemptSignIn(new Visitor(t.app), unknown, WRONG);

    expect(known.status).toBe(429);
    expect(missing.status).toBe(429);
    expect(comparable(missing.text, unknown)).toBe(comparable(known.text, account.email));
  });

  it('throttles an IP after 5 failures on different addresses', async () => {
    const account = await createAccount(t.dataSource);
    for (let i = 0; i < 5; i++) {
      expect((await attemptSignIn(new Visitor(t.app), uniqueEmail(`spray-${i}`), WRONG)).status).toBe(422);
    }
    const res = await attemptSignIn(new Visitor(t.app), account.email, TEST_PASSWORD);
    expect(res.status).toBe(429);
    expect(decode(res.text)).toContain('Trop de tentatives. Réessayez dans 1 minute.');
  });

  it("lets the owner's usual browser sign in while strangers hammer the address", async () => {
    const account = await createAccount(t.dataSource);
    const usual = await signInAs(t, account.email, TEST_PASSWORD);
    await usual.visitor.submit('/logout', {}).expect(303);

    const attacker = new Visitor(t.app);
    await failTimes(attacker, account.email, 5);
    for (let i = 0; i < 5; i++) {
      expect((await attemptSignIn(attacker, account.email, WRONG)).status).toBe(429);
    }
    // A stranger's browser, even with the right password, waits.
    expect((await attemptSignIn(new Visitor(t.app), account.email, TEST_PASSWORD)).status).toBe(429);

    // The usual browser is not blocked by the attacker's failures, nor by its own first mistake.
    expect((await attemptSignIn(usual.visitor, account.email, WRONG)).status).toBe(422);
    const res = await attemptSignIn(usual.visitor, account.email, TEST_PASSWORD);
    expect(res.status).toBe(303);
    expect(await isSignedIn(usual.visitor)).toBe(true);
    const [trusted] = await t.dataSource.query(
      'SELECT trusted_device FROM sign_in_attempts WHERE succeeded ORDER BY id DESC LIMIT 1',
    );
    expect(trusted.trusted_device).toBe(true);
  });

  it('throttles the usual browser on its own failures, and never honours a forged device cookie', async () => {
    const account = await createAccount(t.dataSource);
    const usual = new Visitor(t.app);
    const first = await attemptSignIn(usual, account.email, TEST_PASSWORD);
    expect(first.status).toBe(303);
    const genuine = cookieSet(first, 'terrain.device')!.split(';')[0].slice('terrain.device='.length);
    await usual.open('/account');
    await usual.submit('/logout', {}).expect(303);
    await failTimes(usual, account.email, 5);
    expect((await attemptSignIn(usual, account.email, TEST_PASSWORD)).status).toBe(429);

    await t.dataSource.query('DELETE FROM sign_in_attempts');
    await failTimes(new Visitor(t.app), account.email, 5);
    const withCookie = (value: string) => {
      const visitor = new Visitor(t.app);
      const jar = (
        visitor.agent as unknown as { jar: { setCookie(cookie: string, domain: string, path: string): void } }
      ).jar;
      jar.setCookie(`terrain.device=${value}; Path=/login`, '127.0.0.1', '/login');
      return visitor;
    };
    const [accountId, nonce] = genuine.split('.');
    const forged = `${accountId}.${nonce}.${'A'.repeat(43)}`;
    expect((await attemptSignIn(withCookie(forged), account.email, TEST_PASSWORD)).status).toBe(429);
    // The same browser with the genuine cookie is let through (so the forged one was sent and refused).
    expect((await attemptSignIn(withCookie(genuine), account.email, TEST_PASSWORD)).status).toBe(303);
  });

  it('caps an address at 20 attempts an hour from unknown browsers', async () => {
    const account = await createAccount(t.dataSource);
    const usual = await signInAs(t, account.email, TEST_PASSWORD);
    // That first sign-in (from a browser not yet known) counts: place it 50 minutes ago.
    await wait(50 * 60);
    // 18 more attempts from all over, between 21 and 38 minutes ago: too old for the 15-minute rule.
    await t.dataSource.query(
      `INSERT INTO sign_in_attempts (email_key, account_id, ip, trusted_device, succeeded, created_at)
       SELECT $1, $2, '203.0.113.' || g, false, false, now() - make_interval(mins => 20 + g)
       FROM generate_series(1, 18) g`,
      [emailKey(account.email), account.id],
    );
    // The 20th attempt of the hour goes through…
    expect((await attemptSignIn(new Visitor(t.app), account.email, TEST_PASSWORD)).status).toBe(303);
    // …the 21st waits until the oldest is an hour old (50 minutes ago: 10 minutes more).
    const capped = await attemptSignIn(new Visitor(t.app), account.email, TEST_PASSWORD);
    expect(capped.status).toBe(429);
    expect(decode(capped.text)).toContain('Trop de tentatives. Réessayez dans 10 minutes.');
    // The account's usual browser is not capped.
    expect((await attemptSignIn(usual.visitor, account.email, TEST_PASSWORD)).status).toBe(303);
  });

  it('forgets attempts older than an hour for the cap', async () => {
    const account = await createAccount(t.dataSource);
    await t.dataSource.query(
      `INSERT INTO sign_in_attempts (email_key, account_id, ip, trusted_device, succeeded, created_at)
       SELECT $1, $2, '203.0.113.' || g, false, false, now() - make_interval(mins => 61 + g)
       FROM generate_series(1, 30) g`,
      [emailKey(account.email), account.id],
    );
    expect((await attemptSignIn(new Visitor(t.app), account.email, TEST_PASSWORD)).status).toBe(303);
  });
});
