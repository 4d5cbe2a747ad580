import { randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import type { AppConfig } from '../../../src/config/app-config';
import { APP_CONFIG } from '../../../src/config/config.module';
import type { Role } from '../../../src/shared/auth/roles';
import {
  addMember,
  addToTeam,
  createAccount,
  createSpace,
  createTeam,
  TEST_PASSWORD,
  type TestAccount,
  type TestSpace,
} from '../../factories/community.factory';
import { Visitor } from '../../support/http-client';
import { signedIn } from '../../support/sign-in';
import { bootTestApp, type TestApp } from '../../support/test-app';

jest.setTimeout(60_000);

const unique = () => randomBytes(3).toString('hex');
const DAY_MS = 24 * 60 * 60 * 1000;
const TOKEN_IN_LINK = /\/invitations\/([A-Za-z0-9_-]+)/;

/** The page's text with Handlebars' escapes undone, to compare with the French catalogue. */
function textOf(res: Response): string {
  return res.text
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

interface InvitationFields {
  emails?: string;
  role?: string;
  teamId?: string;
  csv?: string;
  fileName?: string;
}

interface InvitationRow {
  id: string;
  email: string;
  role: Role;
  team_id: string | null;
  token_hash: string;
  invited_by: string | null;
  expires_at: Date;
  last_sent_at: Date;
  send_count: number;
  accepted_at: Date | null;
  accepted_by: string | null;
  revoked_at: Date | null;
}

interface MailRow {
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  language: string;
  template: string;
}

describe('invitations', () => {
  let t: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    t = await bootTestApp();
    baseUrl = t.app.get<AppConfig>(APP_CONFIG).baseUrl;
  });
  afterAll(() => t.close());

  const db = () => t.dataSource;
  const address = (label = 'invite') => `${label}-${unique()}@example.org`;

  /** A space with an admin (and whoever else is asked for), each with a signed-in visitor when needed. */
  async function spaceWith(roles: Role[] = [], options: { language?: 'fr' | 'en'; name?: string } = {}) {
    const admin = await createAccount(db(), { name: `Alice Admin ${unique()}` });
    const space = await createSpace(db(), admin, { name: options.name ?? `Espace ${unique()}` });
    if (options.language)
      await db().query(`UPDATE spaces SET language = $2 WHERE id = $1`, [space.id, options.language]);
    const people: Partial<Record<Role, TestAccount>> = { admin };
    for (const role of roles) {
      if (role === 'admin') continue;
      people[role] = await createAccount(db(), { name: `${role} ${unique()}` });
      await addMember(db(), space, people[role]!, role);
    }
    return { admin, space, people };
  }

  /** Posts the invitation form the way the browser does (multipart, for the CSV). */
  function invite(visitor: Visitor, slug: string, fields: InvitationFields) {
    const req = visitor.agent.post(`/s/${slug}/invitations`).set('X-CSRF-Token', visitor.csrf);
    if (fields.emails !== undefined) req.field('emails', fields.emails);
    if (fields.role !== undefined) req.field('role', fields.role);
    if (fields.teamId !== undefined) req.field('teamId', fields.teamId);
    if (fields.csv !== undefined) req.attach('file', Buffer.from(fields.csv, 'utf8'), fields.fileName ?? 'liste.csv');
    return req;
  }

  const invitationsTo = (space: TestSpace, email: string): Promise<InvitationRow[]> =>
    db().query(`SELECT * FROM invitations WHERE space_id = $1 AND email = $2 ORDER BY created_at`, [space.id, email]);

  const invitationById = async (space: TestSpace, id: string): Promise<InvitationRow> =>
    (await db().query(`SELECT * FROM invitations WHERE space_id = $1 AND id = $2`, [space.id, id]))[0];

  const countInvitations = async (space: TestSpace): Promise<number> =>
    (await db().query(`SELECT count(*)::int AS n FROM invitations WHERE space_id = $1`, [space.id]))[0].n;

  const mailsTo = (email: string): Promise<MailRow[]> =>
    db().query(
      `SELECT to_address, subject, text_body, html_body, language, template FROM mail_outbox WHERE to_address = $1 ORDER BY created_at`,
      [email],
    );

  const countMailsTo = async (emails: string[]): Promise<number> =>
    (await db().query(`SELECT count(*)::int AS n FROM mail_outbox WHERE to_address = ANY($1)`, [emails]))[0].n;

  const auditOf = (space: TestSpace, action: string) =>
    db().query(
      `SELECT actor_id, actor_label, target_type, target_id, target_label, details FROM audit_log
       WHERE space_id = $1 AND action = $2 ORDER BY id`,
      [space.id, action],
    );

  const membership = async (space: TestSpace, account: { id: string }) =>
    (
      await db().query(`SELECT role, joined_via FROM memberships WHERE space_id = $1 AND account_id = $2`, [
        space.id,
        account.id,
      ])
    )[0] as { role: Role; joined_via: string } | undefined;

  const teamsOf = async (space: TestSpace, account: { id: string }) =>
    (
      await db().query(
        `SELECT team_id, is_coordinator FROM team_members WHERE space_id = $1 AND account_id = $2 ORDER BY team_id`,
        [space.id, account.id],
      )
    ).map((row: { team_id: string; is_coordinator: boolean }) => ({
      teamId: row.team_id,
      coordinator: row.is_coordinator,
    }));

  /** The token of the last invitation mailed to this address. */
  async function lastToken(email: string): Promise<string> {
    const mails = await mailsTo(email);
    const match = TOKEN_IN_LINK.exec(mails.at(-1)!.text_body);
    if (!match) throw new Error(`No invitation link in the last mail to ${email}`);
    return match[1];
  }

  /** An admin invites one address through the form; returns the invitation's id and token. */
  async function invited(
    visitor: Visitor,
    space: TestSpace,
    email: string,
    role: Role = 'member',
    teamId?: string,
  ): Promise<{ id: string; token: string }> {
    const res = await invite(visitor, space.slug, { emails: email, role, teamId });
    if (res.status !== 303) throw new Error(`Invitation of ${email} failed: ${res.status}\n${res.text.slice(0, 500)}`);
    const [row] = (await invitationsTo(space, email)).filter((r) => !r.accepted_at && !r.revoked_at);
    return { id: row.id, token: await lastToken(email) };
  }

  const expire = (space: TestSpace, id: string) =>
    db().query(`UPDATE invitations SET expires_at = now() - interval '1 day' WHERE space_id = $1 AND id = $2`, [
      space.id,
      id,
    ]);

  /** A visitor without an account who opened the link (and so holds a CSRF token). */
  async function anonymousAt(token: string): Promise<Visitor> {
    const visitor = new Visitor(t.app);
    await visitor.open(`/invitations/${token}`);
    return visitor;
  }

  describe('the invitations page', () => {
    it('offers an admin every role and every team', async () => {
      const { admin, space } = await spaceWith();
      const first = await createTeam(db(), space, `Équipe Nord ${unique()}`);
      const second = await createTeam(db(), space, `Équipe Sud ${unique()}`);
      const visitor = await signedIn(t.app, admin);
      const res = await visitor.get(`/s/${space.slug}/invitations`);
      expect(res.status).toBe(200);
      for (const role of ['admin', 'supervisor', 'coordinator', 'member']) {
        expect(res.text).toContain(`value="${role}"`);
      }
      expect(res.text).toContain(`value="${first.id}"`);
      expect(res.text).toContain(`value="${second.id}"`);
      // The multipart form carries its CSRF token in the query string for browsers without JavaScript.
      expect(res.text).toContain(`action="/s/${space.slug}/invitations?_csrf=`);
      expect(res.text).toContain('enctype="multipart/form-data"');
    });

    it('offers a supervisor every role but admin', async () => {
      const { space, people } = await spaceWith(['supervisor']);
      const visitor = await signedIn(t.app, people.supervisor!);
      const res = await visitor.get(`/s/${space.slug}/invitations`);
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('value="admin"');
      for (const role of ['supervisor', 'coordinator', 'member']) expect(res.text).toContain(`value="${role}"`);
    });

    it('offers a coordinator the member role only, and only the teams they coordinate', async () => {
      const { space, people } = await spaceWith(['coordinator']);
      const mine = await createTeam(db(), space);
      const joinedOnly = await createTeam(db(), space);
      const notMine = await createTeam(db(), space);
      await addToTeam(db(), space, mine.id, people.coordinator!, true);
      await addToTeam(db(), space, joinedOnly.id, people.coordinator!, false);
      const visitor = await signedIn(t.app, people.coordinator!);
      const res = await visitor.get(`/s/${space.slug}/invitations`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('value="member"');
      for (const role of ['admin', 'supervisor', 'coordinator']) expect(res.text).not.toContain(`value="${role}"`);
      expect(res.text).toContain(`value="${mine.id}"`);
      expect(res.text).not.toContain(`value="${joinedOnly.id}"`);
      expect(res.text).not.toContain(`value="${notMine.id}"`);
    });

    it('refuses a member (403), answers 404 to the admin of another space, and sends a stranger to sign in', async () => {
      const { space, people } = await spaceWith(['member']);
      const other = await spaceWith();
      expect((await (await signedIn(t.app, people.member!)).get(`/s/${space.slug}/invitations`)).status).toBe(403);
      expect((await (await signedIn(t.app, other.admin)).get(`/s/${space.slug}/invitations`)).status).toBe(404);
      const anonymous = await new Visitor(t.app).get(`/s/${space.slug}/invitations`);
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.location).toBe(`/login?next=${encodeURIComponent(`/s/${space.slug}/invitations`)}`);
    });

    it('lists every invitation of the space to admins, with who sent it, and only their own to a coordinator', async () => {
      const { admin, space, people } = await spaceWith(['coordinator']);
      const team = await createTeam(db(), space);
      await addToTeam(db(), space, team.id, people.coordinator!, true);
      const adminVisitor = await signedIn(t.app, admin);
      const coordinatorVisitor = await signedIn(t.app, people.coordinator!);
      const byAdmin = address('by-admin');
      const byCoordinator = address('by-coordinator');
      await invited(adminVisitor, space, byAdmin, 'supervisor');
      await invited(coordinatorVisitor, space, byCoordinator, 'member', team.id);

      const adminPage = await adminVisitor.get(`/s/${space.slug}/invitations`);
      expect(adminPage.text).toContain(byAdmin);
      expect(adminPage.text).toContain(byCoordinator);
      expect(adminPage.text).toContain(admin.name);
      expect(adminPage.text).toContain(people.coordinator!.name);
      expect(textOf(adminPage)).toContain('En attente');

      const coordinatorPage = await coordinatorVisitor.get(`/s/${space.slug}/invitations`);
      expect(coordinatorPage.text).toContain(byCoordinator);
      expect(coordinatorPage.text).not.toContain(byAdmin);
    });

    it('shows nothing of another space’s invitations', async () => {
      const { admin, space } = await spaceWith();
      const other = await spaceWith();
      const foreign = address('foreign');
      await invited(await signedIn(t.app, other.admin), other.space, foreign);
      const res = await (await signedIn(t.app, admin)).get(`/s/${space.slug}/invitations`);
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(foreign);
      expect(textOf(res)).toContain("Aucune invitation pour l'instant.");
    });

    it('pages through many invitations without losing any', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const emails = Array.from({ length: 53 }, (_, i) => `page-${String(i).padStart(2, '0')}-${unique()}@example.org`);
      expect((await invite(visitor, space.slug, { emails: emails.join('\n'), role: 'member' })).status).toBe(303);
      const seen: string[] = [];
      let path: string | null = `/s/${space.slug}/invitations`;
      for (let pages = 0; path && pages < 5; pages++) {
        const res = await visitor.get(path);
        expect(res.status).toBe(200);
        seen.push(...emails.filter((email) => res.text.includes(email)));
        const next = /href="(\/s\/[^"]+\/invitations\?after=[^"]+)"/.exec(res.text);
        path = next ? next[1] : null;
      }
      expect([...seen].sort()).toEqual([...emails].sort());
    });

    it('pages correctly when invitations were created within the same millisecond', async () => {
      // Times in the same millisecond (stored to the millisecond): the cursor must not skip rows.
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const emails = Array.from(
        { length: 51 },
        (_, i) => `same-ms-${String(i).padStart(2, '0')}-${unique()}@example.org`,
      );
      expect((await invite(visitor, space.slug, { emails: emails.join(' '), role: 'member' })).status).toBe(303);
      // Newest first, 50 a page; emails[1] and emails[0], the two oldest, share a millisecond.
      const createdAt = (index: number) =>
        index === 0 ? '2026-01-01 12:00:00.123100+00' : `2026-01-01 12:00:${String(index).padStart(2, '0')}.123456+00`;
      for (const [index, email] of emails.entries()) {
        await db().query(`UPDATE invitations SET created_at = $3 WHERE space_id = $1 AND email = $2`, [
          space.id,
          email,
          index === 1 ? '2026-01-01 12:00:00.123456+00' : createdAt(index),
        ]);
      }
      const listed = (res: Response) => emails.filter((email) => res.text.includes(email));
      const first = await visitor.get(`/s/${space.slug}/invitations`);
      expect(listed(first)).toHaveLength(50);
      const next = /href="(\/s\/[^"]+\/invitations\?after=[^"]+)"/.exec(first.text);
      expect(next).not.toBeNull();
      const second = await visitor.get(next![1]);
      expect(second.status).toBe(200);
      // Rows of the same millisecond are ordered by id: whichever comes last is alone on
      // page two, and no row is skipped or shown twice.
      expect(listed(second)).toHaveLength(1);
      expect([...listed(first), ...listed(second)].sort()).toEqual([...emails].sort());
    });

    it('ignores a page token that is not one of its own', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      await invited(visitor, space, address());
      for (const after of ['garbage', Buffer.from('[1,2,3]').toString('base64url')]) {
        expect((await visitor.get(`/s/${space.slug}/invitations?after=${after}`)).status).toBe(200);
      }
    });

    it('does not answer 500 to a forged page token whose id is not a uuid', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      await invited(visitor, space, address());
      const forged = Buffer.from(JSON.stringify(['2030-01-01T00:00:00.000Z', 'not-a-uuid'])).toString('base64url');
      const res = await visitor.get(`/s/${space.slug}/invitations?after=${forged}`);
      expect(res.status).toBeLessThan(500);
    });
  });

  describe('sending', () => {
    it('invites one address: a 14-day invitation, a French mail naming the space and the inviter, a log entry', async () => {
      const admin = await createAccount(db(), { name: 'Hélène Dupré' });
      const space = await createSpace(db(), admin, { name: `Les Colibris d'Été ${unique()}` });
      const visitor = await signedIn(t.app, admin);
      const email = `Nouvelle.Personne-${unique()}@Example.org`;
      const res = await invite(visitor, space.slug, { emails: email, role: 'member' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/s/${space.slug}/invitations`);

      const lower = email.toLowerCase();
      const [row] = await invitationsTo(space, lower);
      expect(row).toMatchObject({
        email: lower,
        role: 'member',
        team_id: null,
        invited_by: admin.id,
        send_count: 1,
        accepted_at: null,
        revoked_at: null,
      });
      const validity = new Date(row.expires_at).getTime() - Date.now();
      expect(validity).toBeGreaterThan(14 * DAY_MS - 60_000);
      expect(validity).toBeLessThanOrEqual(14 * DAY_MS);

      const mails = await mailsTo(lower);
      expect(mails).toHaveLength(1);
      const [mail] = mails;
      expect(mail.language).toBe('fr');
      expect(mail.subject).toBe(`Invitation à rejoindre ${space.name} sur Terrain`);
      expect(mail.text_body).toContain(`Bonjour ${lower},`);
      expect(mail.text_body).toContain(`Hélène Dupré vous invite à rejoindre « ${space.name} » sur Terrain.`);
      expect(mail.text_body).toContain('valable 14 jours');
      const link = new RegExp(`${baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/invitations/([A-Za-z0-9_-]{40,})`);
      const token = link.exec(mail.text_body)![1];
      expect(mail.html_body).toContain(`href="${baseUrl}/invitations/${token}"`);
      expect(mail.html_body).toContain('Hélène Dupré');
      expect(mail.html_body).toContain('Rejoindre l&#x27;espace');
      // Only a hash of the token is kept.
      expect(row.token_hash).not.toContain(token);
      expect(JSON.stringify(row)).not.toContain(token);

      const [audit] = await auditOf(space, 'invitation.sent');
      expect(audit).toMatchObject({
        actor_id: admin.id,
        actor_label: admin.email,
        target_type: 'space',
        target_id: space.id,
        details: { count: 1, role: 'member', emails: [lower] },
      });

      const page = await visitor.get(res.headers.location);
      expect(textOf(page)).toContain('1 invitation envoyée.');
      expect(page.text).toContain(lower);

      const link200 = await new Visitor(t.app).get(`/invitations/${token}`);
      expect(link200.status).toBe(200);
      expect(textOf(link200)).toContain(`Hélène Dupré vous invite à rejoindre « ${space.name} » comme Membre.`);
    });

    it('writes the mail in the space’s language', async () => {
      const { admin, space } = await spaceWith([], { language: 'en' });
      const visitor = await signedIn(t.app, admin);
      const email = address();
      await invited(visitor, space, email);
      const [mail] = await mailsTo(email);
      expect(mail.language).toBe('en');
      expect(mail.subject).not.toContain('Invitation à rejoindre');
      expect(mail.text_body).toContain(space.name);
      expect(mail.text_body).toContain(admin.name);
    });

    it('escapes names in the HTML mail and on the link page', async () => {
      const { admin, space } = await spaceWith([], { name: `<b>Colibris</b> & Cie ${unique()}` });
      const visitor = await signedIn(t.app, admin);
      const email = address();
      const { token } = await invited(visitor, space, email);
      const [mail] = await mailsTo(email);
      expect(mail.html_body).not.toContain('<b>Colibris</b>');
      expect(mail.html_body).toContain('&lt;b&gt;Colibris&lt;/b&gt; &amp; Cie');
      const page = await new Visitor(t.app).get(`/invitations/${token}`);
      expect(page.text).not.toContain('<b>Colibris</b>');
      expect(page.text).toContain('&lt;b&gt;Colibris&lt;/b&gt;');
    });

    it('splits a pasted list on semicolons, commas, spaces and new lines, lower-cases it and drops duplicates', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const tag = unique();
      const emails = ['ana', 'bo', 'cy', 'da', 'ea', 'fu'].map((name) => `${name}-${tag}@example.org`);
      const pasted = `${emails[0].toUpperCase()}; ${emails[1]},${emails[2]}\n${emails[3]}  ${emails[4]}\r\n\t${emails[5]};;${emails[0]}\n`;
      const res = await invite(visitor, space.slug, { emails: pasted, role: 'coordinator' });
      expect(res.status).toBe(303);
      for (const email of emails) {
        const rows = await invitationsTo(space, email);
        expect(rows).toHaveLength(1);
        expect(rows[0].role).toBe('coordinator');
        expect(await mailsTo(email)).toHaveLength(1);
      }
      expect(await countInvitations(space)).toBe(6);
      const [audit] = await auditOf(space, 'invitation.sent');
      expect(audit.details.count).toBe(6);
      expect([...audit.details.emails].sort()).toEqual([...emails].sort());
      expect(textOf(await visitor.get(res.headers.location))).toContain('6 invitations envoyées.');
    });

    it('reads a CSV with a "Courriel" column, semicolons, a BOM and Windows line ends', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const tag = unique();
      const ana = `ana-${tag}@example.org`;
      const bo = `bo-${tag}@example.org`;
      const csv = `\uFEFFNom;Courriel;Ville\r\nAna;${ana.toUpperCase()};Pessac\r\nBo;${bo};Talence\r\n\r\n`;
      const res = await invite(visitor, space.slug, { role: 'member', csv });
      expect(res.status).toBe(303);
      expect((await invitationsTo(space, ana)).map((row) => row.email)).toEqual([ana]);
      expect((await invitationsTo(space, bo)).map((row) => row.email)).toEqual([bo]);
      expect(await countInvitations(space)).toBe(2);
      // Neither the header nor the other columns were taken for addresses.
      expect(await countMailsTo(['courriel', 'Ana', 'Pessac'])).toBe(0);
    });

    it('reads a lower-case "courriel" header with commas, and a one-column file without header', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const tag = unique();
      const first = [`c1-${tag}@example.org`, `c2-${tag}@example.org`];
      const res = await invite(visitor, space.slug, {
        role: 'member',
        csv: `prenom,courriel\r\nC1,${first[0]}\r\nC2,${first[1]}\r\n`,
      });
      expect(res.status).toBe(303);
      const second = [`d1-${tag}@example.org`, `d2-${tag}@example.org`];
      const plain = await invite(visitor, space.slug, { role: 'member', csv: `${second[0]}\r\n${second[1]}\r\n` });
      expect(plain.status).toBe(303);
      for (const email of [...first, ...second]) expect(await invitationsTo(space, email)).toHaveLength(1);
      expect(await countInvitations(space)).toBe(4);
    });

    it('sends to the pasted list and the file together, once per address', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const tag = unique();
      const both = `both-${tag}@example.org`;
      const pasted = `pasted-${tag}@example.org`;
      const filed = `filed-${tag}@example.org`;
      const res = await invite(visitor, space.slug, {
        emails: `${pasted}, ${both}`,
        role: 'member',
        csv: `courriel\r\n${both}\r\n${filed}\r\n`,
      });
      expect(res.status).toBe(303);
      expect(await countInvitations(space)).toBe(3);
      expect(await mailsTo(both)).toHaveLength(1);
    });

    it.each([
      ['in the pasted list', { emails: 'ok-{tag}@example.org; pas-une-adresse, autre@ ; ok2-{tag}@example.org' }],
      [
        'in the CSV',
        { csv: 'courriel\r\nok-{tag}@example.org\r\npas-une-adresse\r\nautre@\r\nok2-{tag}@example.org\r\n' },
      ],
    ])('sends nothing at all when an address is invalid %s (422), and names the bad ones', async (_label, fields) => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const tag = unique();
      const filled = Object.fromEntries(
        Object.entries(fields).map(([key, value]) => [key, value.replaceAll('{tag}', tag)]),
      ) as InvitationFields;
      const res = await invite(visitor, space.slug, { ...filled, role: 'member' });
      expect(res.status).toBe(422);
      expect(textOf(res)).toContain("2 adresses ne sont pas valides, rien n'a été envoyé : pas-une-adresse, autre@");
      expect(await countInvitations(space)).toBe(0);
      expect(await countMailsTo([`ok-${tag}@example.org`, `ok2-${tag}@example.org`])).toBe(0);
      expect(await auditOf(space, 'invitation.sent')).toEqual([]);
      // The list typed is shown again, to be fixed.
      if (filled.emails) expect(res.text).toContain('pas-une-adresse');
    });

    it('says so for a single invalid address', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const res = await invite(visitor, space.slug, { emails: 'jean.dupont@', role: 'member' });
      expect(res.status).toBe(422);
      expect(textOf(res)).toContain("Cette adresse n'est pas valide, rien n'a été envoyé : jean.dupont@");
      expect(await countInvitations(space)).toBe(0);
    });

    it('asks for at least one address (422) when the list and the file are empty', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const blank = await invite(visitor, space.slug, { emails: ' \n ', role: 'member' });
      expect(blank.status).toBe(422);
      expect(textOf(blank)).toContain('Indiquez au moins une adresse, ou un fichier.');
      const headerOnly = await invite(visitor, space.slug, { role: 'member', csv: 'courriel\r\n' });
      expect(headerOnly.status).toBe(422);
      expect(await countInvitations(space)).toBe(0);
    });

    it('refuses more than 500 addresses at once (422) and sends none', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const tag = unique();
      const emails = Array.from({ length: 501 }, (_, i) => `bulk-${i}-${tag}@example.org`);
      const res = await invite(visitor, space.slug, { emails: emails.join('\n'), role: 'member' });
      expect(res.status).toBe(422);
      expect(textOf(res)).toContain('Pas plus de 500 invitations à la fois.');
      expect(await countInvitations(space)).toBe(0);
    });

    it.each([
      ['no role', { emails: 'x@example.org' }, 'role'],
      ['a role that does not exist', { emails: 'x@example.org', role: 'owner' }, 'role'],
      ['a team id that is not a uuid', { emails: 'x@example.org', role: 'member', teamId: '42' }, 'teamId'],
    ])('refuses %s (422) and sends nothing', async (_label, fields, field) => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const res = await invite(visitor, space.slug, fields);
      expect(res.status).toBe(422);
      if (field === 'role') expect(res.text).toContain('id="field-role-errors"');
      expect(await countInvitations(space)).toBe(0);
      expect(await mailsTo('x@example.org')).toEqual([]);
    });

    it('skips people already members (whatever the case typed) and says who', async () => {
      const { admin, space, people } = await spaceWith(['member']);
      const visitor = await signedIn(t.app, admin);
      const fresh = address('fresh');
      const res = await invite(visitor, space.slug, {
        emails: `${people.member!.email.toUpperCase()}\n${fresh}\n${admin.email}`,
        role: 'member',
      });
      expect(res.status).toBe(303);
      expect(await invitationsTo(space, people.member!.email)).toEqual([]);
      expect(await invitationsTo(space, admin.email)).toEqual([]);
      expect(await mailsTo(people.member!.email)).toEqual([]);
      expect(await invitationsTo(space, fresh)).toHaveLength(1);
      const [audit] = await auditOf(space, 'invitation.sent');
      expect(audit.details).toEqual({ count: 1, role: 'member', emails: [fresh] });
      const page = textOf(await visitor.get(res.headers.location));
      expect(page).toContain('1 invitation envoyée.');
      expect(page).toContain(`Déjà membres, rien envoyé : ${people.member!.email}, ${admin.email}`);
    });

    it('logs nothing when everyone was already a member', async () => {
      const { admin, space, people } = await spaceWith(['member']);
      const visitor = await signedIn(t.app, admin);
      const res = await invite(visitor, space.slug, { emails: people.member!.email, role: 'member' });
      expect(res.status).toBe(303);
      expect(await countInvitations(space)).toBe(0);
      expect(await auditOf(space, 'invitation.sent')).toEqual([]);
    });

    it('invites a member of another space all the same', async () => {
      const { admin, space } = await spaceWith();
      const other = await spaceWith(['member']);
      const visitor = await signedIn(t.app, admin);
      await invited(visitor, space, other.people.member!.email);
      expect(await invitationsTo(space, other.people.member!.email)).toHaveLength(1);
    });

    it('renews an open invitation to the same address: one row, a new link, the old one dead', async () => {
      const { admin, space } = await spaceWith();
      const team = await createTeam(db(), space);
      const visitor = await signedIn(t.app, admin);
      const email = address();
      const first = await invited(visitor, space, email, 'member');
      const before = (await invitationsTo(space, email))[0];
      const second = await invited(visitor, space, email, 'coordinator', team.id);

      const rows = await invitationsTo(space, email);
      expect(rows).toHaveLength(1);
      expect(rows[0].id).toBe(first.id);
      expect(rows[0]).toMatchObject({ role: 'coordinator', team_id: team.id, send_count: 2 });
      expect(rows[0].token_hash).not.toBe(before.token_hash);
      expect(second.token).not.toBe(first.token);
      expect(await mailsTo(email)).toHaveLength(2);

      expect((await new Visitor(t.app).get(`/invitations/${first.token}`)).status).toBe(404);
      const fresh = await new Visitor(t.app).get(`/invitations/${second.token}`);
      expect(fresh.status).toBe(200);
      expect(textOf(fresh)).toContain('comme Coordinateur·rice');
      expect(await auditOf(space, 'invitation.sent')).toHaveLength(2);
    });

    it('renews an expired invitation too, for 14 more days', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const email = address();
      const first = await invited(visitor, space, email);
      await expire(space, first.id);
      const second = await invited(visitor, space, email);
      expect(second.id).toBe(first.id);
      const row = await invitationById(space, first.id);
      expect(new Date(row.expires_at).getTime()).toBeGreaterThan(Date.now() + 13 * DAY_MS);
      expect((await new Visitor(t.app).get(`/invitations/${second.token}`)).status).toBe(200);
    });

    it('makes a new invitation for an address whose previous one was revoked', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const email = address();
      const first = await invited(visitor, space, email);
      expect((await visitor.submit(`/s/${space.slug}/invitations/${first.id}/revoke`, {})).status).toBe(303);
      const second = await invited(visitor, space, email);
      expect(second.id).not.toBe(first.id);
      expect(await invitationsTo(space, email)).toHaveLength(2);
      expect((await new Visitor(t.app).get(`/invitations/${first.token}`)).status).toBe(410);
      expect((await new Visitor(t.app).get(`/invitations/${second.token}`)).status).toBe(200);
    });

    it('refuses a post without the CSRF token (403) and sends nothing', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const email = address();
      const res = await visitor.agent
        .post(`/s/${space.slug}/invitations`)
        .field('emails', email)
        .field('role', 'member');
      expect(res.status).toBe(403);
      expect(await countInvitations(space)).toBe(0);
      expect(await mailsTo(email)).toEqual([]);
    });

    it('takes the CSRF token from the query string, as the form does without JavaScript', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const page = await visitor.get(`/s/${space.slug}/invitations`);
      const action = /action="(\/s\/[^"]+\/invitations\?_csrf=[^"]+)"/.exec(page.text)![1];
      const email = address();
      const res = await visitor.agent.post(action).field('emails', email).field('role', 'member');
      expect(res.status).toBe(303);
      expect(await invitationsTo(space, email)).toHaveLength(1);
    });

    it('answers htmx with the form fragment and its errors', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const res = await invite(visitor, space.slug, { emails: 'nope', role: 'member' }).set('HX-Request', 'true');
      expect(res.status).toBe(422);
      expect(res.text.trimStart()).toMatch(/^<form id="invitations-form"/);
      expect(res.text).not.toContain('<html');
    });

    it('refuses a CSV over 1 MB and sends nothing', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const big = `courriel\r\n${'a'.repeat(1024 * 1024)}@example.org\r\n`;
      const res = await invite(visitor, space.slug, { role: 'member', csv: big });
      expect(res.status).toBe(413);
      expect(await countInvitations(space)).toBe(0);
    });
  });

  describe('who may hand out which role', () => {
    it('lets an admin invite another admin', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const email = address();
      const { token } = await invited(visitor, space, email, 'admin');
      const guest = await createAccount(db(), { email });
      const guestVisitor = await signedIn(t.app, guest);
      expect((await guestVisitor.submit(`/invitations/${token}/accept`, {})).status).toBe(303);
      expect(await membership(space, guest)).toEqual({ role: 'admin', joined_via: 'invitation' });
    });

    it.each(['supervisor', 'coordinator', 'member'] as const)('lets a supervisor invite a %s', async (role) => {
      const { space, people } = await spaceWith(['supervisor']);
      const visitor = await signedIn(t.app, people.supervisor!);
      const email = address();
      await invited(visitor, space, email, role);
      expect((await invitationsTo(space, email))[0]).toMatchObject({ role, invited_by: people.supervisor!.id });
    });

    it('refuses a supervisor the admin role (403) and sends nothing', async () => {
      const { space, people } = await spaceWith(['supervisor']);
      const visitor = await signedIn(t.app, people.supervisor!);
      const email = address();
      const res = await invite(visitor, space.slug, { emails: email, role: 'admin' });
      expect(res.status).toBe(403);
      expect(await countInvitations(space)).toBe(0);
      expect(await mailsTo(email)).toEqual([]);
      expect(await auditOf(space, 'invitation.sent')).toEqual([]);
    });

    it.each(['admin', 'supervisor', 'coordinator'] as const)(
      'refuses a coordinator the %s role (403), even into their own team',
      async (role) => {
        const { space, people } = await spaceWith(['coordinator']);
        const team = await createTeam(db(), space);
        await addToTeam(db(), space, team.id, people.coordinator!, true);
        const visitor = await signedIn(t.app, people.coordinator!);
        const email = address();
        const res = await invite(visitor, space.slug, { emails: email, role, teamId: team.id });
        expect(res.status).toBe(403);
        expect(await countInvitations(space)).toBe(0);
        expect(await mailsTo(email)).toEqual([]);
      },
    );

    it('lets a coordinator invite members into a team they coordinate', async () => {
      const { space, people } = await spaceWith(['coordinator']);
      const team = await createTeam(db(), space);
      await addToTeam(db(), space, team.id, people.coordinator!, true);
      const visitor = await signedIn(t.app, people.coordinator!);
      const email = address();
      const { token } = await invited(visitor, space, email, 'member', team.id);
      expect((await invitationsTo(space, email))[0]).toMatchObject({
        role: 'member',
        team_id: team.id,
        invited_by: people.coordinator!.id,
      });
      const [mail] = await mailsTo(email);
      expect(mail.text_body).toContain(`${people.coordinator!.name} vous invite`);
      const guest = await signedIn(t.app, await createAccount(db(), { email }));
      expect((await guest.submit(`/invitations/${token}/accept`, {})).status).toBe(303);
    });

    it.each([
      ['a team they only belong to', 'member'],
      ['a team they are not in', 'none'],
      ['a team of another space', 'foreign'],
      ['a team that does not exist', 'missing'],
    ] as const)('answers 404 to a coordinator inviting into %s, and sends nothing', async (_label, kind) => {
      const { space, people } = await spaceWith(['coordinator']);
      const mine = await createTeam(db(), space);
      await addToTeam(db(), space, mine.id, people.coordinator!, true);
      let teamId: string;
      if (kind === 'foreign') {
        const other = await spaceWith();
        teamId = (await createTeam(db(), other.space)).id;
      } else if (kind === 'missing') {
        teamId = '00000000-0000-4000-8000-000000000000';
      } else {
        teamId = (await createTeam(db(), space)).id;
        if (kind === 'member') await addToTeam(db(), space, teamId, people.coordinator!, false);
      }
      const visitor = await signedIn(t.app, people.coordinator!);
      const email = address();
      const res = await invite(visitor, space.slug, { emails: email, role: 'member', teamId });
      expect(res.status).toBe(404);
      expect(await countInvitations(space)).toBe(0);
      expect(await mailsTo(email)).toEqual([]);
    });

    it('answers 404 to an admin inviting into a team of another space', async () => {
      const { admin, space } = await spaceWith();
      const other = await spaceWith();
      const foreignTeam = await createTeam(db(), other.space);
      const visitor = await signedIn(t.app, admin);
      const res = await invite(visitor, space.slug, { emails: address(), role: 'member', teamId: foreignTeam.id });
      expect(res.status).toBe(404);
      expect(await countInvitations(space)).toBe(0);
    });

    it('refuses a member (403) and sends nothing', async () => {
      const { space, people } = await spaceWith(['member']);
      const visitor = await signedIn(t.app, people.member!);
      const email = address();
      const res = await invite(visitor, space.slug, { emails: email, role: 'member' });
      expect(res.status).toBe(403);
      expect(await countInvitations(space)).toBe(0);
      expect(await mailsTo(email)).toEqual([]);
    });

    it('answers 404 to the admin of another space and sends nothing', async () => {
      const { space } = await spaceWith();
      const other = await spaceWith();
      const visitor = await signedIn(t.app, other.admin);
      const res = await invite(visitor, space.slug, { emails: address(), role: 'member' });
      expect(res.status).toBe(404);
      expect(await countInvitations(space)).toBe(0);
    });
  });

  describe('resending and revoking', () => {
    it('resends with a new link valid 14 more days; the old link dies; logged', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const email = address();
      const first = await invited(visitor, space, email, 'supervisor');
      await db().query(
        `UPDATE invitations SET expires_at = now() + interval '2 days', last_sent_at = now() - interval '12 days' WHERE space_id = $1 AND id = $2`,
        [space.id, first.id],
      );
      const res = await visitor.submit(`/s/${space.slug}/invitations/${first.id}/resend`, {});
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/s/${space.slug}/invitations`);

      const row = await invitationById(space, first.id);
      expect(row.send_count).toBe(2);
      expect(row.role).toBe('supervisor');
      expect(new Date(row.expires_at).getTime()).toBeGreaterThan(Date.now() + 14 * DAY_MS - 60_000);
      expect(new Date(row.last_sent_at).getTime()).toBeGreaterThan(Date.now() - 60_000);

      const mails = await mailsTo(email);
      expect(mails).toHaveLength(2);
      const token = await lastToken(email);
      expect(token).not.toBe(first.token);
      expect((await new Visitor(t.app).get(`/invitations/${first.token}`)).status).toBe(404);
      expect((await new Visitor(t.app).get(`/invitations/${token}`)).status).toBe(200);

      const [audit] = await auditOf(space, 'invitation.resent');
      expect(audit).toMatchObject({
        actor_id: admin.id,
        target_type: 'invitation',
        target_id: first.id,
        target_label: email,
      });
      expect(textOf(await visitor.get(res.headers.location))).toContain(
        'Invitation renvoyée, valable 14 jours de plus.',
      );
    });

    it('reopens an expired invitation when it is resent', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const email = address();
      const first = await invited(visitor, space, email);
      await expire(space, first.id);
      expect((await new Visitor(t.app).get(`/invitations/${first.token}`)).status).toBe(410);
      const list = await visitor.get(`/s/${space.slug}/invitations`);
      expect(textOf(list)).toContain('Expirée');
      expect(list.text).toContain(`/invitations/${first.id}/resend`);
      expect((await visitor.submit(`/s/${space.slug}/invitations/${first.id}/resend`, {})).status).toBe(303);
      expect((await new Visitor(t.app).get(`/invitations/${await lastToken(email)}`)).status).toBe(200);
    });

    it('revokes: the link answers 410, cannot be accepted nor used to sign up; logged', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const email = address();
      const { id, token } = await invited(visitor, space, email);
      const anonymous = await anonymousAt(token);
      const res = await visitor.submit(`/s/${space.slug}/invitations/${id}/revoke`, {});
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/s/${space.slug}/invitations`);
      expect((await invitationById(space, id)).revoked_at).not.toBeNull();

      const page = await new Visitor(t.app).get(`/invitations/${token}`);
      expect(page.status).toBe(410);
      expect(textOf(page)).toContain('Cette invitation a été annulée.');
      expect(page.text).not.toContain(`/invitations/${token}/signup`);

      const signUp = await anonymous.submit(`/invitations/${token}/signup`, {
        name: 'Personne Révoquée',
        email,
        password: TEST_PASSWORD,
      });
      expect(signUp.status).toBe(410);
      expect(await db().query(`SELECT id FROM accounts WHERE email = $1`, [email])).toEqual([]);

      const guest = await createAccount(db());
      const guestVisitor = await signedIn(t.app, guest);
      expect((await guestVisitor.submit(`/invitations/${token}/accept`, {})).status).toBe(410);
      expect(await membership(space, guest)).toBeUndefined();

      const [audit] = await auditOf(space, 'invitation.revoked');
      expect(audit).toMatchObject({
        actor_id: admin.id,
        target_type: 'invitation',
        target_id: id,
        target_label: email,
      });
      const list = textOf(await visitor.get(`/s/${space.slug}/invitations`));
      expect(list).toContain('Invitation annulée.');
      expect(list).toContain('Annulée');
    });

    it('does not resend a revoked invitation (404)', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const email = address();
      const { id } = await invited(visitor, space, email);
      await visitor.submit(`/s/${space.slug}/invitations/${id}/revoke`, {});
      expect((await visitor.submit(`/s/${space.slug}/invitations/${id}/resend`, {})).status).toBe(404);
      expect(await mailsTo(email)).toHaveLength(1);
      expect(await auditOf(space, 'invitation.resent')).toEqual([]);
    });

    it('neither resends nor revokes an accepted invitation (404)', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const email = address();
      const { id, token } = await invited(visitor, space, email);
      const guest = await signedIn(t.app, await createAccount(db(), { email }));
      expect((await guest.submit(`/invitations/${token}/accept`, {})).status).toBe(303);
      expect((await visitor.submit(`/s/${space.slug}/invitations/${id}/resend`, {})).status).toBe(404);
      expect((await visitor.submit(`/s/${space.slug}/invitations/${id}/revoke`, {})).status).toBe(404);
      const row = await invitationById(space, id);
      expect(row.revoked_at).toBeNull();
      expect(row.send_count).toBe(1);
    });

    it('lets a coordinator resend and revoke their own invitations only (404 for others’, unchanged)', async () => {
      const { admin, space, people } = await spaceWith(['coordinator', 'supervisor']);
      const team = await createTeam(db(), space);
      await addToTeam(db(), space, team.id, people.coordinator!, true);
      const coordinatorVisitor = await signedIn(t.app, people.coordinator!);
      const adminVisitor = await signedIn(t.app, admin);
      const other = await createAccount(db());
      await addMember(db(), space, other, 'coordinator');
      await addToTeam(db(), space, team.id, other, true);
      const otherVisitor = await signedIn(t.app, other);

      const byAdmin = await invited(adminVisitor, space, address('by-admin'), 'member', team.id);
      const byOtherCoordinator = await invited(otherVisitor, space, address('by-other'), 'member', team.id);
      for (const foreign of [byAdmin, byOtherCoordinator]) {
        for (const action of ['resend', 'revoke']) {
          const res = await coordinatorVisitor.submit(`/s/${space.slug}/invitations/${foreign.id}/${action}`, {});
          expect(res.status).toBe(404);
        }
        const row = await invitationById(space, foreign.id);
        expect(row).toMatchObject({ send_count: 1, revoked_at: null });
      }

      const own = await invited(coordinatorVisitor, space, address('own'), 'member', team.id);
      expect((await coordinatorVisitor.submit(`/s/${space.slug}/invitations/${own.id}/resend`, {})).status).toBe(303);
      expect((await invitationById(space, own.id)).send_count).toBe(2);
      expect((await coordinatorVisitor.submit(`/s/${space.slug}/invitations/${own.id}/revoke`, {})).status).toBe(303);
      expect((await invitationById(space, own.id)).revoked_at).not.toBeNull();

      // A supervisor may act on anyone's.
      const supervisorVisitor = await signedIn(t.app, people.supervisor!);
      expect(
        (await supervisorVisitor.submit(`/s/${space.slug}/invitations/${byOtherCoordinator.id}/revoke`, {})).status,
      ).toBe(303);
    });

    it('answers 404 for an invitation of another space and 400 for an id that is not a uuid', async () => {
      const { admin, space } = await spaceWith();
      const other = await spaceWith();
      const foreign = await invited(await signedIn(t.app, other.admin), other.space, address());
      const visitor = await signedIn(t.app, admin);
      for (const action of ['resend', 'revoke']) {
        expect((await visitor.submit(`/s/${space.slug}/invitations/${foreign.id}/${action}`, {})).status).toBe(404);
        expect((await visitor.submit(`/s/${space.slug}/invitations/not-a-uuid/${action}`, {})).status).toBe(400);
      }
      expect(await invitationById(other.space, foreign.id)).toMatchObject({ send_count: 1, revoked_at: null });
    });

    it('refuses a member (403)', async () => {
      const { admin, space, people } = await spaceWith(['member']);
      const { id } = await invited(await signedIn(t.app, admin), space, address());
      const visitor = await signedIn(t.app, people.member!);
      expect((await visitor.submit(`/s/${space.slug}/invitations/${id}/resend`, {})).status).toBe(403);
      expect((await visitor.submit(`/s/${space.slug}/invitations/${id}/revoke`, {})).status).toBe(403);
      expect(await invitationById(space, id)).toMatchObject({ send_count: 1, revoked_at: null });
    });

    it('does not let a supervisor renew an expired invitation with the admin role', async () => {
      // Resending an expired invitation hands its role out again: nobody hands out more than they hold.
      const { admin, space, people } = await spaceWith(['supervisor']);
      const email = address();
      const { id } = await invited(await signedIn(t.app, admin), space, email, 'admin');
      await expire(space, id);
      const visitor = await signedIn(t.app, people.supervisor!);
      const res = await visitor.submit(`/s/${space.slug}/invitations/${id}/resend`, {});
      expect(res.status).toBe(403);
      expect(await mailsTo(email)).toHaveLength(1);
    });

    it('does not let a coordinator resend an invitation an admin re-sent with a higher role', async () => {
      // The coordinator invited the address as a member; an admin then invites it again as a supervisor.
      const { admin, space, people } = await spaceWith(['coordinator']);
      const team = await createTeam(db(), space);
      await addToTeam(db(), space, team.id, people.coordinator!, true);
      const coordinatorVisitor = await signedIn(t.app, people.coordinator!);
      const email = address();
      const { id } = await invited(coordinatorVisitor, space, email, 'member', team.id);
      await invited(await signedIn(t.app, admin), space, email, 'supervisor');
      expect(await invitationById(space, id)).toMatchObject({ role: 'supervisor' });
      expect(await mailsTo(email)).toHaveLength(2);

      // A coordinator hands out the member role only: this supervisor invitation is not theirs to send again.
      const res = await coordinatorVisitor.submit(`/s/${space.slug}/invitations/${id}/resend`, {});
      expect(res.status).not.toBe(303);
      expect(await mailsTo(email)).toHaveLength(2);
      expect((await coordinatorVisitor.get(`/s/${space.slug}/invitations`)).text).not.toContain(email);
    });

    it('names the person who sent the current link on the invitation page', async () => {
      const { admin, space, people } = await spaceWith(['supervisor']);
      const email = address();
      await invited(await signedIn(t.app, admin), space, email, 'member');
      const { token } = await invited(await signedIn(t.app, people.supervisor!), space, email, 'member');
      const [, mail] = await mailsTo(email);
      expect(mail.text_body).toContain(`${people.supervisor!.name} vous invite`);
      const page = textOf(await new Visitor(t.app).get(`/invitations/${token}`));
      const lead = /<p class="lead">([^<]*)<\/p>/.exec(page)![1];
      expect(lead).toBe(`${people.supervisor!.name} vous invite à rejoindre « ${space.name} » comme Membre.`);
    });

    it('lets a coordinator see and revoke an invitation they sent again to an address an admin had invited', async () => {
      const { admin, space, people } = await spaceWith(['coordinator']);
      const team = await createTeam(db(), space);
      await addToTeam(db(), space, team.id, people.coordinator!, true);
      const email = address();
      await invited(await signedIn(t.app, admin), space, email, 'supervisor');
      const coordinatorVisitor = await signedIn(t.app, people.coordinator!);
      const { id } = await invited(coordinatorVisitor, space, email, 'member', team.id);
      expect(await invitationById(space, id)).toMatchObject({ role: 'member', team_id: team.id });

      // "1 invitation envoyée": the coordinator finds it in their list and can act on it.
      const list = await coordinatorVisitor.get(`/s/${space.slug}/invitations`);
      expect(list.text.includes(email)).toBe(true);
      const res = await coordinatorVisitor.submit(`/s/${space.slug}/invitations/${id}/revoke`, {});
      expect(res.status).toBe(303);
    });
  });

  describe('the invitation link', () => {
    it('shows an open invitation to a visitor: who invites, to which space, with which role, and a sign-up form', async () => {
      const { admin, space } = await spaceWith();
      const email = address();
      const { token } = await invited(await signedIn(t.app, admin), space, email, 'coordinator');
      const res = await new Visitor(t.app).get(`/invitations/${token}`);
      expect(res.status).toBe(200);
      const text = textOf(res);
      expect(text).toContain(`${admin.name} vous invite à rejoindre « ${space.name} » comme Coordinateur·rice.`);
      expect(res.text).toContain(`action="/invitations/${token}/signup"`);
      expect(res.text).toContain(`value="${email}"`);
      expect(res.text).toContain(`href="/login?next=/invitations/${token}"`);
    });

    it('offers a signed-in person to join, and says when the invitation was sent to another address', async () => {
      const { admin, space } = await spaceWith();
      const email = address();
      const { token } = await invited(await signedIn(t.app, admin), space, email);
      const invitee = await signedIn(t.app, await createAccount(db(), { email }));
      const own = await invitee.get(`/invitations/${token}`);
      expect(own.status).toBe(200);
      expect(own.text).toContain(`action="/invitations/${token}/accept"`);
      expect(textOf(own)).toContain(`Vous êtes connecté·e comme ${email}.`);
      expect(textOf(own)).not.toContain('Cette invitation a été envoyée à');

      const someoneElse = await signedIn(t.app, await createAccount(db()));
      const foreign = await someoneElse.get(`/invitations/${token}`);
      expect(foreign.status).toBe(200);
      expect(textOf(foreign)).toContain(`Cette invitation a été envoyée à ${email}`);
    });

    it('answers 410 to an expired invitation, which can be neither accepted nor used to sign up', async () => {
      const { admin, space } = await spaceWith();
      const email = address();
      const { id, token } = await invited(await signedIn(t.app, admin), space, email);
      const anonymous = await anonymousAt(token);
      await expire(space, id);

      const page = await new Visitor(t.app).get(`/invitations/${token}`);
      expect(page.status).toBe(410);
      expect(textOf(page)).toContain('Cette invitation a expiré.');

      const signUp = await anonymous.submit(`/invitations/${token}/signup`, {
        name: 'Personne En Retard',
        email,
        password: TEST_PASSWORD,
      });
      expect(signUp.status).toBe(410);
      expect(await db().query(`SELECT id FROM accounts WHERE email = $1`, [email])).toEqual([]);

      const guest = await createAccount(db(), { email: address('late') });
      const visitor = await signedIn(t.app, guest);
      expect((await visitor.submit(`/invitations/${token}/accept`, {})).status).toBe(410);
      expect(await membership(space, guest)).toBeUndefined();
      expect((await invitationById(space, id)).accepted_at).toBeNull();
    });

    it('still works an hour before it expires', async () => {
      const { admin, space } = await spaceWith();
      const email = address();
      const { id, token } = await invited(await signedIn(t.app, admin), space, email);
      await db().query(
        `UPDATE invitations SET expires_at = now() + interval '1 hour' WHERE space_id = $1 AND id = $2`,
        [space.id, id],
      );
      expect((await new Visitor(t.app).get(`/invitations/${token}`)).status).toBe(200);
    });

    it('answers 410 once accepted, and 404 for a token that never existed', async () => {
      const { admin, space } = await spaceWith();
      const email = address();
      const { token } = await invited(await signedIn(t.app, admin), space, email);
      const guest = await signedIn(t.app, await createAccount(db(), { email }));
      expect((await guest.submit(`/invitations/${token}/accept`, {})).status).toBe(303);

      const again = await new Visitor(t.app).get(`/invitations/${token}`);
      expect(again.status).toBe(410);
      expect(textOf(again)).toContain('Cette invitation a déjà été acceptée.');
      expect((await new Visitor(t.app).get(`/invitations/${unique()}${unique()}`)).status).toBe(404);
      expect((await new Visitor(t.app).get(`/invitations/${token.slice(0, -1)}x`)).status).toBe(404);
    });
  });

  describe('accepting', () => {
    it('makes the signed-in person a member with the invitation’s role and team, and logs it', async () => {
      const { admin, space } = await spaceWith();
      const team = await createTeam(db(), space);
      const email = address();
      const adminVisitor = await signedIn(t.app, admin);
      const { id, token } = await invited(adminVisitor, space, email, 'coordinator', team.id);
      const guest = await createAccount(db(), { email });
      const visitor = await signedIn(t.app, guest);
      await visitor.open(`/invitations/${token}`);
      const res = await visitor.submit(`/invitations/${token}/accept`, {});
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/s/${space.slug}`);

      expect(await membership(space, guest)).toEqual({ role: 'coordinator', joined_via: 'invitation' });
      expect(await teamsOf(space, guest)).toEqual([{ teamId: team.id, coordinator: false }]);
      const row = await invitationById(space, id);
      expect(row.accepted_by).toBe(guest.id);
      expect(row.accepted_at).not.toBeNull();

      const [audit] = await auditOf(space, 'member.joined');
      expect(audit).toMatchObject({
        actor_id: guest.id,
        target_type: 'account',
        target_id: guest.id,
        details: { via: 'invitation', role: 'coordinator', invitation: id },
      });

      const enter = await visitor.get(`/s/${space.slug}`);
      expect(enter.headers.location).toBe(`/s/${space.slug}/home`);
      expect(textOf(await visitor.get(enter.headers.location))).toContain(`Bienvenue dans « ${space.name} » !`);
      expect(textOf(await adminVisitor.get(`/s/${space.slug}/invitations`))).toContain('Acceptée');
    });

    it('can be accepted from an account with another address (the page says so)', async () => {
      const { admin, space } = await spaceWith();
      const email = address('sent-to');
      const { id, token } = await invited(await signedIn(t.app, admin), space, email, 'supervisor');
      const other = await createAccount(db(), { email: address('personal') });
      const visitor = await signedIn(t.app, other);
      expect((await visitor.submit(`/invitations/${token}/accept`, {})).status).toBe(303);
      expect(await membership(space, other)).toEqual({ role: 'supervisor', joined_via: 'invitation' });
      expect((await invitationById(space, id)).accepted_by).toBe(other.id);
    });

    it('works only once', async () => {
      const { admin, space } = await spaceWith();
      const email = address();
      const { token } = await invited(await signedIn(t.app, admin), space, email);
      const visitor = await signedIn(t.app, await createAccount(db(), { email }));
      expect((await visitor.submit(`/invitations/${token}/accept`, {})).status).toBe(303);
      const intruder = await createAccount(db());
      const intruderVisitor = await signedIn(t.app, intruder);
      expect((await intruderVisitor.submit(`/invitations/${token}/accept`, {})).status).toBe(410);
      expect(await membership(space, intruder)).toBeUndefined();
    });

    it('keeps the role of someone already a member, and adds them to the invitation’s team', async () => {
      const { admin, space } = await spaceWith();
      const team = await createTeam(db(), space);
      const adminVisitor = await signedIn(t.app, admin);
      // Invited before becoming a member (invitations skip current members).
      const email = address();
      const { token } = await invited(adminVisitor, space, email, 'member', team.id);
      const guest = await createAccount(db(), { email });
      await addMember(db(), space, guest, 'supervisor');
      const visitor = await signedIn(t.app, guest);
      expect((await visitor.submit(`/invitations/${token}/accept`, {})).status).toBe(303);
      expect(await membership(space, guest)).toEqual({ role: 'supervisor', joined_via: 'code' });
      expect(await teamsOf(space, guest)).toEqual([{ teamId: team.id, coordinator: false }]);
      const [audit] = await auditOf(space, 'member.joined');
      expect(audit.details.role).toBe('supervisor');
    });

    it('joins without a team when the invitation’s team was deleted meanwhile', async () => {
      const { admin, space } = await spaceWith();
      const team = await createTeam(db(), space);
      const email = address();
      const { id, token } = await invited(await signedIn(t.app, admin), space, email, 'member', team.id);
      await db().query(`DELETE FROM teams WHERE space_id = $1 AND id = $2`, [space.id, team.id]);
      expect((await invitationById(space, id)).team_id).toBeNull();
      const guest = await createAccount(db(), { email });
      const visitor = await signedIn(t.app, guest);
      expect((await visitor.submit(`/invitations/${token}/accept`, {})).status).toBe(303);
      expect(await membership(space, guest)).toMatchObject({ role: 'member' });
      expect(await teamsOf(space, guest)).toEqual([]);
    });

    it('sends a visitor who is not signed in to sign in, then back to the invitation', async () => {
      const { admin, space } = await spaceWith();
      const email = address();
      const { token } = await invited(await signedIn(t.app, admin), space, email, 'supervisor');
      const guest = await createAccount(db(), { email });
      const visitor = await anonymousAt(token);
      const res = await visitor.submit(`/invitations/${token}/accept`, {});
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(`/invitations/${token}`)}`);
      expect(await membership(space, guest)).toBeUndefined();

      await visitor.open(res.headers.location);
      const signIn = await visitor.submit('/login', {
        email: guest.email,
        password: guest.password,
        next: `/invitations/${token}`,
      });
      expect(signIn.status).toBe(303);
      expect(signIn.headers.location).toBe(`/invitations/${token}`);
      const page = await visitor.open(signIn.headers.location);
      expect(page.status).toBe(200);
      expect(page.text).toContain(`action="/invitations/${token}/accept"`);
      expect((await visitor.submit(`/invitations/${token}/accept`, {})).status).toBe(303);
      expect(await membership(space, guest)).toEqual({ role: 'supervisor', joined_via: 'invitation' });
    });

    it('answers 404 to a signed-in person for a token that does not exist', async () => {
      const visitor = await signedIn(t.app, await createAccount(db()));
      expect((await visitor.submit(`/invitations/${unique()}/accept`, {})).status).toBe(404);
    });

    it('refuses an accept without the CSRF token', async () => {
      const { admin, space } = await spaceWith();
      const email = address();
      const { token } = await invited(await signedIn(t.app, admin), space, email);
      const guest = await createAccount(db(), { email });
      const visitor = await signedIn(t.app, guest);
      expect((await visitor.agent.post(`/invitations/${token}/accept`).type('form').send({})).status).toBe(403);
      expect(await membership(space, guest)).toBeUndefined();
    });
  });

  describe('signing up from the link', () => {
    it('with the invited address: a verified account, signed in, member with the role and team', async () => {
      const { admin, space } = await spaceWith();
      const team = await createTeam(db(), space);
      const email = address('newcomer');
      const { id, token } = await invited(await signedIn(t.app, admin), space, email, 'member', team.id);
      const visitor = await anonymousAt(token);
      const res = await visitor.submit(`/invitations/${token}/signup`, {
        name: 'Zoé Nouvelle',
        email: email.toUpperCase(),
        password: TEST_PASSWORD,
      });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/s/${space.slug}`);

      const [account] = await db().query(`SELECT id, name, email, email_verified_at FROM accounts WHERE email = $1`, [
        email,
      ]);
      expect(account).toMatchObject({ name: 'Zoé Nouvelle', email });
      expect(account.email_verified_at).not.toBeNull();
      expect(await membership(space, account)).toEqual({ role: 'member', joined_via: 'invitation' });
      expect(await teamsOf(space, account)).toEqual([{ teamId: team.id, coordinator: false }]);
      expect((await invitationById(space, id)).accepted_by).toBe(account.id);

      // Signed in: the space opens, with the welcome.
      const enter = await visitor.get(`/s/${space.slug}`);
      expect(enter.status).toBe(303);
      expect(enter.headers.location).toBe(`/s/${space.slug}/field`);
      const field = await visitor.get(enter.headers.location);
      expect(field.status).toBe(200);
      expect(textOf(field)).toContain(`Bienvenue dans « ${space.name} » !`);

      // No confirmation mail: the invitation was the confirmation.
      const mails = await mailsTo(email);
      expect(mails).toHaveLength(1);
      expect(mails[0].subject).toContain('Invitation');
      const [created] = await db().query(
        `SELECT details FROM audit_log WHERE space_id IS NULL AND action = 'account.created' AND target_id = $1`,
        [account.id],
      );
      expect(created.details).toEqual({ via: 'invitation' });
      const [joined] = await auditOf(space, 'member.joined');
      expect(joined).toMatchObject({ actor_id: account.id, details: { via: 'invitation', role: 'member' } });
    });

    it('with another address: the usual confirmation mail, no membership, the invitation still open', async () => {
      const { admin, space } = await spaceWith();
      const email = address('invited');
      const other = address('other');
      const { id, token } = await invited(await signedIn(t.app, admin), space, email);
      const visitor = await anonymousAt(token);
      const res = await visitor.submit(`/invitations/${token}/signup`, {
        name: 'Autre Adresse',
        email: other,
        password: TEST_PASSWORD,
      });
      expect(res.status).toBe(200);
      expect(textOf(res)).toContain(`Nous avons envoyé un lien à ${other}.`);

      const [account] = await db().query(`SELECT id, email_verified_at FROM accounts WHERE email = $1`, [other]);
      expect(account.email_verified_at).toBeNull();
      expect(await membership(space, account)).toBeUndefined();
      expect(await db().query(`SELECT id FROM accounts WHERE email = $1`, [email])).toEqual([]);
      const [mail] = await mailsTo(other);
      expect(mail.subject).toBe('Confirmez votre adresse sur Terrain');
      const row = await invitationById(space, id);
      expect(row.accepted_at).toBeNull();
      // Not signed in.
      expect((await visitor.get(`/s/${space.slug}`)).status).toBe(303);
      expect((await new Visitor(t.app).get(`/invitations/${token}`)).status).toBe(200);
    });

    it('with an invited address that already has an account: says to check the mail, creates nothing, joins nothing', async () => {
      const { admin, space } = await spaceWith();
      const email = address('existing');
      const existing = await createAccount(db(), { email, name: 'Déjà Là' });
      const { id, token } = await invited(await signedIn(t.app, admin), space, email);
      const visitor = await anonymousAt(token);
      const res = await visitor.submit(`/invitations/${token}/signup`, {
        name: 'Usurpateur',
        email,
        password: 'une-toute-autre-phrase-secrete',
      });
      expect(res.status).toBe(200);
      expect(textOf(res)).toContain(`Nous avons envoyé un lien à ${email}.`);
      const [account] = await db().query(`SELECT id, name FROM accounts WHERE email = $1`, [email]);
      expect(account).toEqual({ id: existing.id, name: 'Déjà Là' });
      expect(await membership(space, existing)).toBeUndefined();
      expect((await invitationById(space, id)).accepted_at).toBeNull();
      const mails = await mailsTo(email);
      expect(mails.at(-1)!.subject).toBe('Vous avez déjà un compte Terrain');
    });

    it.each([
      ['a password too short', { password: 'court' }, 'password', 'Au moins 12 caractères.'],
      [
        'a password with the space’s name',
        { password: 'colibris-de-la-gironde' },
        'password',
        "Le mot de passe ne doit pas contenir le nom de l'espace.",
      ],
      ['a blank name', { name: ' ' }, 'name', null],
      ['an invalid address', { email: 'pas-une-adresse' }, 'email', null],
    ])('refuses %s (422) and creates nothing', async (_label, override, field, message) => {
      const { admin, space } = await spaceWith([], { name: `Colibris de la Gironde ${unique()}` });
      const email = address('weak');
      const { id, token } = await invited(await signedIn(t.app, admin), space, email);
      const visitor = await anonymousAt(token);
      const res = await visitor.submit(`/invitations/${token}/signup`, {
        name: 'Yann Nouveau',
        email,
        password: TEST_PASSWORD,
        ...override,
      });
      expect(res.status).toBe(422);
      expect(res.text).toContain(`id="field-${field}-errors"`);
      if (message) expect(textOf(res)).toContain(message);
      // The password is never sent back.
      expect(res.text).not.toContain('password' in override ? override.password : TEST_PASSWORD);
      expect(await db().query(`SELECT id FROM accounts WHERE email = $1`, [email])).toEqual([]);
      expect((await invitationById(space, id)).accepted_at).toBeNull();
    });

    it('answers 404 for a token that does not exist', async () => {
      const visitor = new Visitor(t.app);
      await visitor.open('/login');
      const email = address();
      const res = await visitor.submit(`/invitations/${unique()}/signup`, {
        name: 'Personne',
        email,
        password: TEST_PASSWORD,
      });
      expect(res.status).toBe(404);
      expect(await db().query(`SELECT id FROM accounts WHERE email = $1`, [email])).toEqual([]);
    });
  });
});

describe('invitations by a coordinator', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(() => t.close());

  it('requires one of their teams (422 beside the field, nothing sent)', async () => {
    const admin = await createAccount(t.dataSource);
    const coordinator = await createAccount(t.dataSource);
    const space = await createSpace(t.dataSource, admin);
    await addMember(t.dataSource, space, coordinator, 'coordinator');
    const team = await createTeam(t.dataSource, space);
    await addToTeam(t.dataSource, space, team.id, coordinator, true);
    const visitor = await signedIn(t.app, coordinator);
    await visitor.open(`/s/${space.slug}/invitations`);
    const res = await visitor.agent
      .post(`/s/${space.slug}/invitations`)
      .set('X-CSRF-Token', visitor.csrf)
      .field('emails', 'sans-equipe@example.org')
      .field('role', 'member');
    expect(res.status).toBe(422);
    expect(res.text).toContain('Choisissez l&#x27;une de vos équipes');
    expect(res.text).not.toContain('<option value="">Aucune</option>');
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM invitations WHERE space_id = $1 AND email = 'sans-equipe@example.org'`,
      [space.id],
    );
    expect(count).toBe(0);
  });
});
