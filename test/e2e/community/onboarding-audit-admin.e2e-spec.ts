import { DEFAULT_MODULES } from '../../../src/shared/auth/modules';
import {
  addMember,
  addToTeam,
  createAccount,
  createSpace,
  createTeam,
  type TestAccount,
  type TestSpace,
} from '../../factories/community.factory';
import { Visitor } from '../../support/http-client';
import { signedIn } from '../../support/sign-in';
import { bootTestApp, type TestApp } from '../../support/test-app';

jest.setTimeout(120_000);

/** Text of a page as a person reads it (Handlebars escapes `'`, `=`, `&`…). */
function unescapeHtml(html: string): string {
  return html
    .replace(/&#x27;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The onboarding checklist of a page: each step's label and whether it is ticked (class "done"). */
function checklistOn(html: string): Record<string, boolean> {
  const steps = [
    ...html.matchAll(
      /<li class="(done|todo)">\s*<span class="check"[^>]*>[^<]*<\/span>\s*<a href="[^"]*">([^<]*)<\/a>/g,
    ),
  ];
  return Object.fromEntries(steps.map((step) => [unescapeHtml(step[2]), step[1] === 'done']));
}

/** "2 sur 3 fait" under the checklist's title. */
function checklistProgress(html: string): string | null {
  return /(\d+ sur \d+) fait/.exec(html)?.[1] ?? null;
}

interface AuditRow {
  actor: string;
  support: boolean;
  action: string;
  target: string;
  ip: string;
}

/** The rows of the space's audit page, in the order shown. */
function auditRowsOn(html: string): AuditRow[] {
  const rows = html.slice(html.indexOf('id="audit-rows"'));
  return [
    ...rows.matchAll(
      /<tr>\s*<td>[^<]*<\/td>\s*<td>([^<]*?)( <span class="badge badge-strong">support<\/span>)?<\/td>\s*<td><code>([^<]*)<\/code><\/td>\s*<td>([^<]*)<\/td>\s*<td>([^<]*)<\/td>\s*<\/tr>/g,
    ),
  ].map((match) => ({
    actor: unescapeHtml(match[1]),
    support: match[2] !== undefined,
    action: unescapeHtml(match[3]),
    target: unescapeHtml(match[4]),
    ip: match[5],
  }));
}

/** Every page of a list, following its "next" link (`pattern` captures the link's query string). */
async function followPages<T>(
  visitor: Visitor,
  first: string,
  read: (html: string) => T[],
  next: RegExp,
): Promise<T[][]> {
  const pages: T[][] = [];
  const visited = new Set<string>();
  let path: string | null = first;
  while (path !== null) {
    visited.add(path);
    const res = await visitor.get(path);
    expect(res.status).toBe(200);
    pages.push(read(res.text));
    const link = next.exec(res.text);
    path = link ? unescapeHtml(link[1]) : null;
    // A "next" link back to a page already read: the cursor was ignored.
    if (path !== null && visited.has(path)) throw new Error(`The next-page link of ${path} leads to the same page`);
    if (pages.length > 20) throw new Error(`${first} never ends`);
  }
  return pages;
}

const auditPages = (visitor: Visitor, slug: string, query: string) =>
  followPages(visitor, `/s/${slug}/audit?${query}`, auditRowsOn, /href="(\/s\/[^"/]+\/audit\?[^"]+)"/);

/** Spaces listed on /admin: their names. */
const adminSpacesOn = (html: string) =>
  [...html.matchAll(/<td><a href="\/admin\/spaces\/([0-9a-f-]{36})">([^<]*)<\/a>/g)].map((match) => match[1]);

describe('onboarding, audit log and support staff', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(() => t.close());

  /** A space with only its admin, who created it. */
  async function newSpace(label: string): Promise<{ space: TestSpace; admin: TestAccount }> {
    const admin = await createAccount(t.dataSource, { name: `Admin ${label}` });
    const space = await createSpace(t.dataSource, admin, { name: `Espace ${label}` });
    return { space, admin };
  }

  async function person(space: TestSpace, role: 'supervisor' | 'coordinator' | 'member', name: string) {
    const account = await createAccount(t.dataSource, { name });
    await addMember(t.dataSource, space, account, role);
    return account;
  }

  const minimalPdf = () =>
    Buffer.from(
      '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
      'latin1',
    );

  describe('onboarding checklists', () => {
    it("ticks the admin's steps from what really happened, and unticks them when it is undone", async () => {
      const { space, admin } = await newSpace('demarrage');
      const visitor = await signedIn(t.app, admin);
      const home = async () => (await visitor.get(`/s/${space.slug}/home`)).text;
      let page = await home();
      expect(checklistOn(page)).toEqual({
        'Inviter votre équipe': false,
        'Créer une équipe': false,
        'Publier un premier document': false,
      });
      expect(checklistProgress(page)).toBe('0 sur 3');
      // Steps link to where they are done.
      expect(page).toContain(`<a href="/s/${space.slug}/invitations">Inviter votre équipe</a>`);

      const invited = await visitor.submit(`/s/${space.slug}/invitations`, {
        emails: 'nouvelle@example.org',
        role: 'member',
      });
      expect(invited.status).toBe(303);
      page = await home();
      expect(checklistOn(page)['Inviter votre équipe']).toBe(true);
      expect(page).toMatch(/<li class="done">\s*<span class="check" aria-hidden="true">✓<\/span>\s*<a [^>]*>Inviter/);
      expect(checklistProgress(page)).toBe('1 sur 3');

      expect((await visitor.submit(`/s/${space.slug}/teams`, { name: 'Première équipe' })).status).toBe(303);
      expect(checklistOn(await home())['Créer une équipe']).toBe(true);

      const upload = await visitor.agent
        .post(`/s/${space.slug}/documents`)
        .set('X-CSRF-Token', visitor.csrf)
        .field('title', 'Premier document')
        .field('kind', 'file')
        .attach('file', minimalPdf(), 'premier.pdf');
      expect(upload.status).toBe(303);
      page = await home();
      expect(checklistOn(page)).toEqual({
        'Inviter votre équipe': true,
        'Créer une équipe': true,
        'Publier un premier document': true,
      });
      expect(checklistProgress(page)).toBe('3 sur 3');

      // Ticked from data, not from a click: deleting the only team unticks its step.
      const [team] = await t.dataSource.query('SELECT id FROM teams WHERE space_id = $1', [space.id]);
      expect((await visitor.submit(`/s/${space.slug}/teams/${team.id}/delete`, {})).status).toBe(303);
      expect(checklistOn(await home())['Créer une équipe']).toBe(false);
      const [document] = await t.dataSource.query('SELECT id FROM documents WHERE space_id = $1', [space.id]);
      expect((await visitor.submit(`/s/${space.slug}/documents/${document.id}/delete`, {})).status).toBe(303);
      expect(checklistProgress(await home())).toBe('1 sur 3');
    });

    it('ticks "Inviter votre équipe" when someone joins with the invitation code', async () => {
      const { space, admin } = await newSpace('code');
      const visitor = await signedIn(t.app, admin);
      expect(checklistOn((await visitor.get(`/s/${space.slug}/home`)).text)['Inviter votre équipe']).toBe(false);
      const newcomer = await createAccount(t.dataSource, { name: 'Par le code' });
      const joiner = await signedIn(t.app, newcomer);
      await joiner.open('/join');
      const joined = await joiner.submit('/join', { code: space.inviteCode });
      expect(joined.status).toBe(303);
      expect(checklistOn((await visitor.get(`/s/${space.slug}/home`)).text)['Inviter votre équipe']).toBe(true);
      // Another space's progress does not count here.
      const other = await newSpace('code-autre');
      const otherVisitor = await signedIn(t.app, other.admin);
      expect(checklistOn((await otherVisitor.get(`/s/${other.space.slug}/home`)).text)['Inviter votre équipe']).toBe(
        false,
      );
    });

    it('gives supervisors one more step: publishing an announcement', async () => {
      const { space } = await newSpace('supervision');
      const supervisor = await person(space, 'supervisor', 'Sup Ervision');
      const visitor = await signedIn(t.app, supervisor);
      const steps = async () => checklistOn((await visitor.get(`/s/${space.slug}/home`)).text);
      // A supervisor joined, so someone was "invited" already.
      expect(await steps()).toEqual({
        'Inviter votre équipe': true,
        'Créer une équipe': false,
        'Publier un premier document': false,
        'Publier une annonce': false,
      });
      await visitor.open(`/s/${space.slug}/announcements`);
      expect((await visitor.submit(`/s/${space.slug}/announcements`, { title: 'Bonjour', body: 'Texte' })).status).toBe(
        303,
      );
      expect((await steps())['Publier une annonce']).toBe(true);
    });

    it("ticks a member's steps on the field page: joining a team, reading the announcements aimed at them", async () => {
      const { space, admin } = await newSpace('terrain');
      const member = await person(space, 'member', 'Membre Terrain');
      const otherTeam = await createTeam(t.dataSource, space, 'Pas la sienne');
      const visitor = await signedIn(t.app, member);
      const field = async () => (await visitor.get(`/s/${space.slug}/field`)).text;
      let page = await field();
      // Nothing to read yet: that step is done.
      expect(checklistOn(page)).toEqual({ 'Rejoindre une équipe': false, 'Lire les annonces': true });
      expect(checklistProgress(page)).toBe('1 sur 2');
      expect(page).toContain(`<a href="/s/${space.slug}/field">Rejoindre une équipe</a>`);

      const publisher = await signedIn(t.app, admin);
      await publisher.open(`/s/${space.slug}/announcements`);
      await publisher.submit(`/s/${space.slug}/announcements`, { title: 'À lire', body: 'Texte' });
      expect(checklistOn(await field())['Lire les annonces']).toBe(false);
      // An announcement for a team they are not in does not concern them.
      await publisher.submit(`/s/${space.slug}/announcements`, {
        title: 'Pas pour elle',
        body: 'Texte',
        teamIds: otherTeam.id,
      });
      page = await field();
      const ids = [...page.matchAll(/<input type="hidden" name="ids" value="([0-9a-f-]{36})">/g)].map((m) => m[1]);
      expect(ids).toHaveLength(1);
      await visitor.submit(`/s/${space.slug}/announcements/read`, { ids });
      expect(checklistOn(await field())['Lire les annonces']).toBe(true);

      const team = await createTeam(t.dataSource, space, 'La sienne');
      await publisher.open(`/s/${space.slug}/teams/${team.id}`);
      expect(
        (await publisher.submit(`/s/${space.slug}/teams/${team.id}/members`, { accountId: member.id })).status,
      ).toBe(303);
      page = await field();
      expect(checklistOn(page)).toEqual({ 'Rejoindre une équipe': true, 'Lire les annonces': true });
      expect(checklistProgress(page)).toBe('2 sur 2');
      // Members have no desktop home.
      expect((await visitor.get(`/s/${space.slug}/home`)).status).toBe(403);
      expect((await visitor.get(`/s/${space.slug}`)).headers.location).toBe(`/s/${space.slug}/field`);
    });

    it("ticks a coordinator's step once their team has someone else in it", async () => {
      const { space } = await newSpace('coordination');
      const coordinator = await person(space, 'coordinator', 'Coco Ordinatrice');
      const member = await person(space, 'member', 'Mem Bre');
      const team = await createTeam(t.dataSource, space, 'Sa propre équipe');
      await addToTeam(t.dataSource, space, team.id, coordinator, true);
      const visitor = await signedIn(t.app, coordinator);
      const steps = async () => checklistOn((await visitor.get(`/s/${space.slug}/home`)).text);
      expect(await steps()).toEqual({ 'Réunir les membres de votre équipe': false, 'Lire les annonces': true });
      // The coordinator adds someone to their team themselves.
      await visitor.open(`/s/${space.slug}/teams/${team.id}`);
      expect((await visitor.submit(`/s/${space.slug}/teams/${team.id}/members`, { accountId: member.id })).status).toBe(
        303,
      );
      expect(await steps()).toEqual({ 'Réunir les membres de votre équipe': true, 'Lire les annonces': true });
      expect(checklistOn((await visitor.get(`/s/${space.slug}/field`)).text)).toEqual({
        'Réunir les membres de votre équipe': true,
        'Lire les annonces': true,
      });
    });
  });

  describe('the audit log', () => {
    it('is for admins only; another space answers 404, anonymous visitors are sent to sign in', async () => {
      const { space, admin } = await newSpace('journal-droits');
      const visitor = await signedIn(t.app, admin);
      expect((await visitor.get(`/s/${space.slug}/audit`)).status).toBe(200);
      for (const role of ['supervisor', 'coordinator', 'member'] as const) {
        const someone = await signedIn(t.app, await person(space, role, `Journal ${role}`));
        expect((await someone.get(`/s/${space.slug}/audit`)).status).toBe(403);
      }
      const other = await newSpace('journal-droits-autre');
      expect((await (await signedIn(t.app, other.admin)).get(`/s/${space.slug}/audit`)).status).toBe(404);
      const anonymous = await new Visitor(t.app).get(`/s/${space.slug}/audit`);
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.location).toBe(`/login?next=${encodeURIComponent(`/s/${space.slug}/audit`)}`);
    });

    it("shows the space's own events, newest first, with who, what, on what and from where", async () => {
      const { space, admin } = await newSpace('journal');
      const member = await person(space, 'member', 'Journal Membre');
      const other = await newSpace('journal-autre');
      const visitor = await signedIn(t.app, admin);
      await visitor.submit(`/s/${space.slug}/teams`, { name: 'Équipe du journal' });
      await visitor.submit(`/s/${space.slug}/members/${member.id}/role`, { role: 'supervisor' });
      const outsider = await signedIn(t.app, other.admin);
      await outsider.submit(`/s/${other.space.slug}/teams`, { name: 'Équipe secrète' });

      const res = await visitor.get(`/s/${space.slug}/audit`);
      expect(res.status).toBe(200);
      const rows = auditRowsOn(res.text);
      expect(rows.map((row) => row.action)).toEqual(['member.role_changed', 'team.created']);
      expect(rows[0]).toEqual({
        actor: admin.email,
        support: false,
        action: 'member.role_changed',
        target: member.email,
        ip: expect.stringMatching(/127\.0\.0\.1|::1/),
      });
      expect(rows[1].target).toBe('Équipe du journal');
      expect(res.text).not.toContain('Équipe secrète');
      expect(res.text).not.toContain(other.admin.email);
      // Sign-ins belong to no space: they are not in a space's log.
      expect(rows.map((row) => row.action)).not.toContain('account.signed_in');
      // The filter lists offer the space's people and actions.
      expect(res.text).toContain(`<option value="${member.id}">Journal Membre</option>`);
      expect(res.text).toContain('<option value="team.created">team.created</option>');
      expect(res.text).not.toContain(`<option value="${other.admin.id}"`);
    });

    it('filters by person, by action and by dates ("to" includes that whole day)', async () => {
      const { space, admin } = await newSpace('journal-filtres');
      const member = await person(space, 'member', 'Filtre Membre');
      const seed = (actorId: string | null, action: string, at: string, label: string) =>
        t.dataSource.query(
          `INSERT INTO audit_log (space_id, actor_id, actor_label, action, target_label, created_at)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [space.id, actorId, actorId === admin.id ? admin.email : member.email, action, label, at],
        );
      await seed(admin.id, 'seed.a', '2025-01-10T12:00:00Z', 'dix janvier');
      await seed(member.id, 'seed.b', '2025-01-20T12:00:00Z', 'vingt janvier');
      await seed(admin.id, 'seed.b', '2025-01-31T23:30:00Z', 'trente et un janvier');
      await seed(member.id, 'seed.a', '2025-02-01T00:30:00Z', 'premier février');
      const visitor = await signedIn(t.app, admin);
      const targets = async (query: string) =>
        (await auditPages(visitor, space.slug, query)).flat().map((row) => row.target);

      expect(await targets('')).toEqual(['premier février', 'trente et un janvier', 'vingt janvier', 'dix janvier']);
      expect(await targets(`person=${member.id}`)).toEqual(['premier février', 'vingt janvier']);
      expect(await targets('action=seed.a')).toEqual(['premier février', 'dix janvier']);
      expect(await targets(`action=seed.b&person=${admin.id}`)).toEqual(['trente et un janvier']);
      expect(await targets('from=2025-01-15&to=2025-01-31')).toEqual(['trente et un janvier', 'vingt janvier']);
      expect(await targets('from=2025-01-20')).toEqual(['premier février', 'trente et un janvier', 'vingt janvier']);
      expect(await targets('to=2025-01-10')).toEqual(['dix janvier']);
      expect(await targets('action=nothing.like.this')).toEqual([]);
      const none = await visitor.get(`/s/${space.slug}/audit?action=nothing.like.this`);
      expect(unescapeHtml(none.text)).toContain('Rien dans le journal pour ces critères.');

      // A filter that is not valid is ignored, and the page says so.
      const invalid = await visitor.get(`/s/${space.slug}/audit?person=not-a-uuid&from=31/01/2025`);
      expect(invalid.status).toBe(200);
      expect(unescapeHtml(invalid.text)).toContain('Certains filtres ne sont pas valides et ont été ignorés.');
      expect(auditRowsOn(invalid.text)).toHaveLength(4);
      // Another space's person filters nothing in.
      const other = await newSpace('journal-filtres-autre');
      expect(await targets(`person=${other.admin.id}`)).toEqual([]);
    });

    it('pages 120 entries 50 at a time, newest first, nothing twice, nothing missing, filters kept', async () => {
      const { space, admin } = await newSpace('journal-pages');
      await t.dataSource.query(
        `INSERT INTO audit_log (space_id, actor_label, action, target_label, created_at)
         SELECT $1, 'seed@example.org', CASE WHEN g % 2 = 0 THEN 'seed.even' ELSE 'seed.odd' END, 'n' || g,
                timestamptz '2025-03-01T10:00:00Z' + g * interval '1 second'
         FROM generate_series(1, 120) AS g`,
        [space.id],
      );
      const visitor = await signedIn(t.app, admin);
      const first = await visitor.get(`/s/${space.slug}/audit`);
      expect(unescapeHtml(first.text)).toContain('Plus anciens');
      const pages = await auditPages(visitor, space.slug, '');
      expect(pages.map((page) => page.length)).toEqual([50, 50, 20]);
      const targets = pages.flat().map((row) => row.target);
      expect(targets).toEqual(Array.from({ length: 120 }, (_, i) => `n${120 - i}`));

      const even = await auditPages(visitor, space.slug, 'action=seed.even');
      expect(even.map((page) => page.length)).toEqual([50, 10]);
      expect(even.flat().every((row) => row.action === 'seed.even')).toBe(true);
      const link = /href="\/s\/[^"/]+\/audit\?([^"]+)"/.exec(
        (await visitor.get(`/s/${space.slug}/audit?action=seed.even`)).text,
      );
      expect(unescapeHtml(link![1])).toMatch(/^action=seed\.even&after=/);
    });

    it('does not lose entries recorded at the same instant when they straddle a page boundary', async () => {
      const { space, admin } = await newSpace('journal-instant');
      // Sixty entries written by one transaction share its timestamp (now() is the transaction's start).
      await t.dataSource.query(
        `INSERT INTO audit_log (space_id, actor_label, action, target_label, created_at)
         SELECT $1, 'seed@example.org', 'seed.same_instant', 'n' || g, timestamptz '2025-03-01T10:00:00.123456Z'
         FROM generate_series(1, 60) AS g`,
        [space.id],
      );
      const visitor = await signedIn(t.app, admin);
      const pages = await auditPages(visitor, space.slug, '');
      const targets = pages.flat().map((row) => row.target);
      expect(new Set(targets).size).toBe(60);
      expect(pages.map((page) => page.length)).toEqual([50, 10]);
    });
  });

  describe('support staff (/admin)', () => {
    it('refuses /admin to people who are not staff (403) and sends anonymous visitors to sign in', async () => {
      const { space, admin } = await newSpace('pas-staff');
      const visitor = await signedIn(t.app, admin);
      const [mail] = await t.dataSource.query(
        "INSERT INTO mail_outbox (to_address, subject, text_body, language, template, status) VALUES ('x@example.org', 'Sujet', 'Texte', 'fr', 'test', 'outbox') RETURNING id",
      );
      for (const path of [
        '/admin',
        `/admin/spaces/${space.id}`,
        '/admin/accounts',
        '/admin/outbox',
        `/admin/outbox/${mail.id}`,
        '/admin/staff',
        '/admin/audit',
      ]) {
        expect({ path, status: (await visitor.get(path)).status }).toEqual({ path, status: 403 });
        const anonymous = await new Visitor(t.app).get(path);
        expect({ path, status: anonymous.status }).toEqual({ path, status: 303 });
        expect(anonymous.headers.location).toMatch(/^\/login/);
      }
      const modules = await visitor.submit(`/admin/spaces/${space.id}/modules`, { modules: ['mandates'] });
      expect(modules.status).toBe(403);
      const [row] = await t.dataSource.query('SELECT enabled_modules FROM spaces WHERE id = $1', [space.id]);
      expect(row.enabled_modules).toEqual(DEFAULT_MODULES);
      expect((await visitor.submit('/admin/staff', { email: admin.email })).status).toBe(403);
      expect((await visitor.submit(`/admin/accounts/${admin.id}/resend-verification`, {})).status).toBe(403);
      // The navigation has no support link for them.
      expect((await visitor.get(`/s/${space.slug}/home`)).text).not.toContain('href="/admin"');
    });

    it('keeps the staff pages of the owner (staff list, platform log) from ordinary staff', async () => {
      const staff = await createAccount(t.dataSource, { name: 'Simple Staff', platformRole: 'staff' });
      const victim = await createAccount(t.dataSource, { name: 'Pas Staff' });
      const visitor = await signedIn(t.app, staff);
      expect((await visitor.get('/admin')).status).toBe(200);
      expect((await visitor.get('/admin/staff')).status).toBe(403);
      expect((await visitor.get('/admin/audit')).status).toBe(403);
      expect((await visitor.submit('/admin/staff', { email: victim.email })).status).toBe(403);
      expect((await visitor.submit(`/admin/staff/${staff.id}/remove`, {})).status).toBe(403);
      const [row] = await t.dataSource.query('SELECT platform_role FROM accounts WHERE id = $1', [victim.id]);
      expect(row.platform_role).toBeNull();
      // Their menu offers neither.
      const page = await visitor.get('/admin');
      expect(page.text).not.toContain('href="/admin/staff"');
      expect(page.text).not.toContain('href="/admin/audit"');
    });

    it('lists every space with its member count, shows one space, and never its content', async () => {
      const { space, admin } = await newSpace('vue-support');
      const member = await person(space, 'member', 'Membre Discret');
      const publisher = await signedIn(t.app, admin);
      await publisher.open(`/s/${space.slug}/announcements`);
      await publisher.submit(`/s/${space.slug}/announcements`, { title: 'Annonce privée', body: 'Texte privé' });
      const staff = await signedIn(
        t.app,
        await createAccount(t.dataSource, { name: 'Staff Vue', platformRole: 'staff' }),
      );

      const ids = (await followPages(staff, '/admin', adminSpacesOn, /href="(\/admin\?after=[^"]+)"/)).flat();
      expect(ids).toContain(space.id);
      const list = await staff.get('/admin');
      const text = unescapeHtml(list.text);
      expect(text).toContain('Espaces');
      const page = await staff.get(`/admin/spaces/${space.id}`);
      expect(page.status).toBe(200);
      const shown = unescapeHtml(page.text);
      expect(shown).toContain('<h1>Espace Espace vue-support</h1>');
      expect(shown).toContain(`${space.slug} · Membres : 2`);
      for (const module of DEFAULT_MODULES) expect(page.text).toContain(`value="${module}" checked`);
      expect(page.text).toContain('value="mandates">');
      // Nothing of what the space holds.
      for (const secret of [
        'Annonce privée',
        'Texte privé',
        member.email,
        member.name,
        admin.email,
        space.inviteCode,
      ]) {
        expect({ secret, onList: list.text.includes(secret), onPage: page.text.includes(secret) }).toEqual({
          secret,
          onList: false,
          onPage: false,
        });
      }
      expect((await staff.get('/admin/spaces/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await staff.get('/admin/spaces/not-a-uuid')).status).toBe(400);
    });

    it('pages the spaces 50 at a time without losing spaces created at the same instant', async () => {
      const owner = await createAccount(t.dataSource, { name: 'Owner Pages', platformRole: 'owner' });
      // One statement: every space gets the same created_at.
      const created: { id: string }[] = await t.dataSource.query(
        `INSERT INTO spaces (slug, name, invite_code, enabled_modules, created_by)
         SELECT 'lot-' || g, 'Lot ' || g, 'L' || lpad(g::text, 7, '0'), $1, $2 FROM generate_series(1, 55) AS g
         RETURNING id`,
        [DEFAULT_MODULES, owner.id],
      );
      const visitor = await signedIn(t.app, owner);
      const pages = await followPages(visitor, '/admin', adminSpacesOn, /href="(\/admin\?after=[^"]+)"/);
      expect(pages[0]).toHaveLength(50);
      const seen = pages.flat();
      expect(new Set(seen).size).toBe(seen.length);
      expect(created.map((space) => space.id).filter((id) => !seen.includes(id))).toEqual([]);
    });

    it('is not a member of any space: /s/… answers 404 to staff and owner', async () => {
      const { space } = await newSpace('pas-membre');
      for (const platformRole of ['staff', 'owner'] as const) {
        const visitor = await signedIn(
          t.app,
          await createAccount(t.dataSource, { name: `Plateforme ${platformRole}`, platformRole }),
        );
        for (const path of ['', '/home', '/field', '/members', '/documents', '/audit', '/settings']) {
          expect({ path, status: (await visitor.get(`/s/${space.slug}${path}`)).status }).toEqual({
            path,
            status: 404,
          });
        }
        // Their header offers the support pages instead.
        expect((await visitor.get('/account')).text).toContain('href="/admin"');
      }
    });

    it("turns a space's modules on and off, written to the space's own log as support", async () => {
      const { space, admin } = await newSpace('modules');
      const staffAccount = await createAccount(t.dataSource, { name: 'Staff Modules', platformRole: 'staff' });
      const staff = await signedIn(t.app, staffAccount);
      await staff.open(`/admin/spaces/${space.id}`);
      const res = await staff.submit(`/admin/spaces/${space.id}/modules`, {
        modules: [...DEFAULT_MODULES, 'mandates', 'not-a-module'],
      });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/admin/spaces/${space.id}`);
      const after = await staff.get(`/admin/spaces/${space.id}`);
      expect(unescapeHtml(after.text)).toContain("Modules enregistrés. Le changement figure au journal de l'espace.");
      expect(after.text).toContain('value="mandates" checked');
      const [row] = await t.dataSource.query('SELECT enabled_modules FROM spaces WHERE id = $1', [space.id]);
      expect([...row.enabled_modules].sort()).toEqual([...DEFAULT_MODULES, 'mandates'].sort());

      const logged = await t.dataSource.query(
        `SELECT actor_id, actor_label, by_support, target_type, target_id, details FROM audit_log
         WHERE space_id = $1 AND action = 'space.modules_changed'`,
        [space.id],
      );
      expect(logged).toEqual([
        {
          actor_id: staffAccount.id,
          actor_label: staffAccount.email,
          by_support: true,
          target_type: 'space',
          target_id: space.id,
          details: { enabled: ['mandates'], disabled: [] },
        },
      ]);
      // The space's admin reads it in their log, marked "support", and sees the module on.
      const spaceAdmin = await signedIn(t.app, admin);
      const audit = auditRowsOn((await spaceAdmin.get(`/s/${space.slug}/audit`)).text);
      expect(audit).toContainEqual({
        actor: staffAccount.email,
        support: true,
        action: 'space.modules_changed',
        target: 'Espace modules',
        ip: expect.any(String),
      });
      expect((await spaceAdmin.get(`/s/${space.slug}/settings`)).text).toContain('value="mandates" checked');

      // The same modules again: nothing changes, nothing is logged.
      await staff.submit(`/admin/spaces/${space.id}/modules`, { modules: [...DEFAULT_MODULES, 'mandates'] });
      // Turning one off (checkboxes left unticked are simply absent).
      await staff.submit(`/admin/spaces/${space.id}/modules`, {
        modules: DEFAULT_MODULES.filter((module) => module !== 'contacts'),
      });
      const details = await t.dataSource.query(
        `SELECT details, by_support FROM audit_log WHERE space_id = $1 AND action = 'space.modules_changed' ORDER BY id`,
        [space.id],
      );
      expect(details).toEqual([
        { details: { enabled: ['mandates'], disabled: [] }, by_support: true },
        { details: { enabled: [], disabled: ['contacts', 'mandates'] }, by_support: true },
      ]);
      // A change made by the space's own admin is not marked as support.
      await spaceAdmin.open(`/s/${space.slug}/settings`);
      await spaceAdmin.submit(`/s/${space.slug}/settings/modules`, { modules: [...DEFAULT_MODULES] });
      const own = auditRowsOn((await spaceAdmin.get(`/s/${space.slug}/audit`)).text)[0];
      expect(own).toEqual(
        expect.objectContaining({ actor: admin.email, support: false, action: 'space.modules_changed' }),
      );

      expect(
        (await staff.submit('/admin/spaces/00000000-0000-4000-8000-000000000000/modules', { modules: ['contacts'] }))
          .status,
      ).toBe(404);
    });

    it('finds accounts by name (without accents) or address, and resends a confirmation link, logged', async () => {
      const staffAccount = await createAccount(t.dataSource, { name: 'Staff Comptes', platformRole: 'staff' });
      const pending = await createAccount(t.dataSource, {
        name: 'Hélène Attente',
        email: `helene.attente-${Date.now()}@example.org`,
        verified: false,
      });
      const confirmed = await createAccount(t.dataSource, { name: 'Gérard Confirmé' });
      const staff = await signedIn(t.app, staffAccount);
      const rows = async (q: string) =>
        [
          ...(await staff.get(`/admin/accounts?q=${encodeURIComponent(q)}`)).text.matchAll(
            /<tr>\s*<td>([^<]*)(?: <span class="badge">[^<]*<\/span>)?<\/td>\s*<td>([^<]*)<\/td>\s*<td>([^<]*)<\/td>/g,
          ),
        ].map((match) => ({ email: match[1], name: unescapeHtml(match[2]), verified: match[3] }));
      expect(await rows('helene attente')).toEqual([{ email: pending.email, name: 'Hélène Attente', verified: 'non' }]);
      expect(await rows('HÉLÈNE')).toContainEqual({ email: pending.email, name: 'Hélène Attente', verified: 'non' });
      expect(await rows(pending.email.toUpperCase())).toHaveLength(1);
      expect(await rows('gerard confirme')).toEqual([
        { email: confirmed.email, name: 'Gérard Confirmé', verified: 'oui' },
      ]);
      const page = await staff.get(`/admin/accounts?q=${encodeURIComponent(pending.email)}`);
      expect(page.text).toContain(`action="/admin/accounts/${pending.id}/resend-verification"`);
      expect(unescapeHtml((await staff.get('/admin/accounts?q=introuvable-xyz')).text)).toContain(
        'Aucun compte ne correspond.',
      );

      const mails = async () =>
        t.dataSource.query('SELECT id, subject, text_body FROM mail_outbox WHERE to_address = $1 ORDER BY created_at', [
          pending.email,
        ]);
      expect(await mails()).toEqual([]);
      const res = await staff.submit(`/admin/accounts/${pending.id}/resend-verification`, {});
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/admin/accounts');
      expect(unescapeHtml((await staff.get('/admin/accounts')).text)).toContain('Lien de confirmation renvoyé.');
      const [mail] = await mails();
      expect(mail.subject).toBe('Confirmez votre adresse sur Terrain');
      expect(mail.text_body).toMatch(/\/verify-email\?token=[A-Za-z0-9_-]+/);
      const logged = await t.dataSource.query(
        `SELECT space_id, actor_id, by_support, target_id, target_label FROM audit_log
         WHERE space_id IS NULL AND action = 'support.verification_resent'`,
      );
      expect(logged).toEqual([
        {
          space_id: null,
          actor_id: staffAccount.id,
          by_support: true,
          target_id: pending.id,
          target_label: pending.email,
        },
      ]);
      // The link works: the person can confirm and sign in.
      const token = /\/verify-email\?token=([A-Za-z0-9_-]+)/.exec(mail.text_body)![1];
      const visitor = new Visitor(t.app);
      await visitor.open(`/verify-email?token=${token}`);
      expect((await visitor.submit('/verify-email', { token })).status).toBe(200);
      await signedIn(t.app, pending);

      // Already confirmed, or nobody: 404, and no mail.
      expect((await staff.submit(`/admin/accounts/${confirmed.id}/resend-verification`, {})).status).toBe(404);
      expect(
        (await staff.submit('/admin/accounts/00000000-0000-4000-8000-000000000000/resend-verification', {})).status,
      ).toBe(404);
      const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM mail_outbox WHERE to_address = $1', [
        confirmed.email,
      ]);
      expect(n).toBe(0);
    });

    it('pages accounts by address without skipping or repeating any', async () => {
      const staff = await signedIn(
        t.app,
        await createAccount(t.dataSource, { name: 'Staff Pages', platformRole: 'staff' }),
      );
      const marker = `lot${Date.now()}`;
      const emails: string[] = [];
      for (let i = 0; i < 57; i++) {
        const email = `${marker}-${String(i).padStart(2, '0')}@example.org`;
        await createAccount(t.dataSource, { name: `Compte ${i}`, email });
        emails.push(email);
      }
      const pages = await followPages(
        staff,
        `/admin/accounts?q=${marker}`,
        (html) => [...html.matchAll(/<tr>\s*<td>([^<\s]+@[^<\s]+)/g)].map((match) => match[1]),
        /href="(\/admin\/accounts\?[^"]+)"/,
      );
      expect(pages.map((page) => page.length)).toEqual([50, 7]);
      expect(pages.flat()).toEqual(emails);
    });

    it('shows the outbox and each mail, filtered by recipient; unknown mails answer 404', async () => {
      const staff = await signedIn(
        t.app,
        await createAccount(t.dataSource, { name: 'Staff Boîte', platformRole: 'staff' }),
      );
      const to = `boite-${Date.now()}@example.org`;
      const [mail] = await t.dataSource.query(
        `INSERT INTO mail_outbox (to_address, subject, text_body, language, template, status)
         VALUES ($1, 'Invitation à rejoindre', 'Bonjour,\nouvrez https://terrain.example/invitations/abc', 'fr', 'test', 'outbox')
         RETURNING id`,
        [to],
      );
      const list = await staff.get(`/admin/outbox?to=${encodeURIComponent(to.toUpperCase())}`);
      expect(list.status).toBe(200);
      const links = [...list.text.matchAll(/<a href="\/admin\/outbox\/([0-9a-f-]{36})">([^<]*)<\/a>/g)];
      expect(links.map((link) => [link[1], unescapeHtml(link[2])])).toEqual([[mail.id, 'Invitation à rejoindre']]);
      expect(unescapeHtml(list.text)).toContain('Non envoyé (boîte)');
      const shown = await staff.get(`/admin/outbox/${mail.id}`);
      expect(shown.status).toBe(200);
      expect(unescapeHtml(shown.text)).toContain('Bonjour,\nouvrez https://terrain.example/invitations/abc');
      expect(unescapeHtml(shown.text)).toContain(`Destinataire : ${to}`);
      expect((await staff.get('/admin/outbox/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await staff.get('/admin/outbox/not-a-uuid')).status).toBe(400);
      const everything = await staff.get('/admin/outbox');
      expect(everything.text).toContain(`/admin/outbox/${mail.id}`);
    });

    it("pages the owner's platform log 50 at a time, newest first, without repeating a page", async () => {
      const owner = await signedIn(
        t.app,
        await createAccount(t.dataSource, { name: 'Owner Log', platformRole: 'owner' }),
      );
      // Sixty platform events (no space), older than anything else in this database: other tests keep the newest.
      await t.dataSource.query(
        `INSERT INTO audit_log (space_id, actor_label, action, target_label, created_at)
         SELECT NULL, 'seed@example.org', 'seed.platform', 'p' || g, timestamptz '2001-01-01T00:00:00Z' + g * interval '1 second'
         FROM generate_series(1, 60) AS g`,
      );
      const pages = await followPages(
        owner,
        '/admin/audit',
        (html) => [...html.matchAll(/<td><code>seed\.platform<\/code><\/td><td>([^<]*)<\/td>/g)].map((m) => m[1]),
        /href="(\/admin\/audit\?[^"]+)"/,
      );
      expect(pages.flat()).toEqual(Array.from({ length: 60 }, (_, i) => `p${60 - i}`));
    });

    it('lets the owner name staff among confirmed accounts and remove them, each act logged', async () => {
      const owner = await createAccount(t.dataSource, { name: 'Owner Staff', platformRole: 'owner' });
      const candidate = await createAccount(t.dataSource, { name: 'Future Staff' });
      const unconfirmed = await createAccount(t.dataSource, { name: 'Non confirmé', verified: false });
      const visitor = await signedIn(t.app, owner);
      const page = await visitor.open('/admin/staff');
      expect(page.status).toBe(200);
      expect(page.text).toContain('id="staff-form"');
      expect(unescapeHtml(page.text)).toContain(`${owner.email}</span> <span class="badge">propriétaire</span>`);
      // The owner cannot be removed: no button for them.
      expect(page.text).not.toContain(`/admin/staff/${owner.id}/remove`);

      for (const [email, message] of [
        ['personne@example.org', 'Aucun compte confirmé avec cette adresse.'],
        [unconfirmed.email, 'Aucun compte confirmé avec cette adresse.'],
        ['pas-une-adresse', null],
        ['', null],
      ] as const) {
        const res = await visitor.submit('/admin/staff', { email });
        expect({ email, status: res.status }).toEqual({ email, status: 422 });
        if (message) expect(unescapeHtml(res.text)).toContain(message);
      }
      const roleOf = async (account: TestAccount) =>
        (await t.dataSource.query('SELECT platform_role FROM accounts WHERE id = $1', [account.id]))[0].platform_role;
      expect(await roleOf(unconfirmed)).toBeNull();

      const candidateVisitor = await signedIn(t.app, candidate);
      expect((await candidateVisitor.get('/admin')).status).toBe(403);
      const named = await visitor.submit('/admin/staff', { email: candidate.email.toUpperCase() });
      expect(named.status).toBe(303);
      expect(named.headers.location).toBe('/admin/staff');
      expect(await roleOf(candidate)).toBe('staff');
      const list = unescapeHtml((await visitor.get('/admin/staff')).text);
      expect(list).toContain(`${candidate.email} fait désormais partie du support.`);
      expect(list).toContain(`/admin/staff/${candidate.id}/remove`);
      // Their very next request has the support pages.
      expect((await candidateVisitor.get('/admin')).status).toBe(200);
      expect((await candidateVisitor.get('/admin/staff')).status).toBe(403);

      const removed = await visitor.submit(`/admin/staff/${candidate.id}/remove`, {});
      expect(removed.status).toBe(303);
      expect(unescapeHtml((await visitor.get('/admin/staff')).text)).toContain('Retiré·e du support.');
      expect(await roleOf(candidate)).toBeNull();
      expect((await candidateVisitor.get('/admin')).status).toBe(403);

      // The owner stays the owner; nobody is nobody.
      expect((await visitor.submit(`/admin/staff/${owner.id}/remove`, {})).status).toBe(403);
      expect(await roleOf(owner)).toBe('owner');
      expect((await visitor.submit('/admin/staff/00000000-0000-4000-8000-000000000000/remove', {})).status).toBe(404);

      const logged = await t.dataSource.query(
        `SELECT action, actor_id, by_support, target_id FROM audit_log
         WHERE space_id IS NULL AND target_id = $1 AND action LIKE 'support.staff_%' ORDER BY id`,
        [candidate.id],
      );
      expect(logged).toEqual([
        { action: 'support.staff_named', actor_id: owner.id, by_support: true, target_id: candidate.id },
        { action: 'support.staff_removed', actor_id: owner.id, by_support: true, target_id: candidate.id },
      ]);

      // The platform log shows them (and sign-ins), never a space's events.
      const audit = unescapeHtml((await visitor.get('/admin/audit')).text);
      expect(audit).toContain('<code>support.staff_named</code>');
      expect(audit).toContain('<code>support.staff_removed</code>');
      expect(audit).toContain('<code>account.signed_in</code>');
      expect(audit).not.toContain('<code>team.created</code>');
      expect(audit).not.toContain('<code>space.modules_changed</code>');
    });
  });
});
