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

interface DirectoryRow {
  name: string;
  email: string;
}

/** The rows of the member directory, in the order shown. */
function directoryRows(html: string): DirectoryRow[] {
  const list = html.slice(html.indexOf('id="members-list"'));
  return [...list.matchAll(/<tr>\s*<td>([^<]*)<\/td>\s*<td>([^<]*)<\/td>/g)].map((match) => ({
    name: unescapeHtml(match[1]),
    email: unescapeHtml(match[2]),
  }));
}

/** The query string of the directory's "next page" link, or null on the last page. */
function nextPageQuery(html: string): string | null {
  const match = /href="\/s\/[^"/]+\/members\?([^"]+)"/.exec(html);
  return match ? unescapeHtml(match[1]) : null;
}

/** Every page of the directory for these filters, following the "next" links. */
async function allDirectoryPages(visitor: Visitor, slug: string, query: string): Promise<DirectoryRow[][]> {
  const pages: DirectoryRow[][] = [];
  let next: string | null = query;
  while (next !== null) {
    const res = await visitor.get(`/s/${slug}/members?${next}`);
    expect(res.status).toBe(200);
    pages.push(directoryRows(res.text));
    next = nextPageQuery(res.text);
    if (pages.length > 10) throw new Error('The directory never ends');
  }
  return pages;
}

/** The names of the team cards on /teams. */
function teamCards(html: string): string[] {
  return [...html.matchAll(/<h2><a href="\/s\/[^"]+\/teams\/[0-9a-f-]{36}">([^<]*)<\/a><\/h2>/g)].map((match) =>
    unescapeHtml(match[1]),
  );
}

describe('members and teams', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(() => t.close());

  interface Crew {
    space: TestSpace;
    admin: TestAccount;
    supervisor: TestAccount;
    coordinator: TestAccount;
    member: TestAccount;
    /** A team coordinated by `coordinator`, with `member` in it. */
    team: { id: string; name: string };
  }

  /** A space of its own for each test: an admin, one person of each other role and a team. */
  async function newCrew(label: string): Promise<Crew> {
    const db = t.dataSource;
    const admin = await createAccount(db, { name: `Admin ${label}` });
    const space = await createSpace(db, admin, { name: `Espace ${label}` });
    const supervisor = await createAccount(db, { name: `Superviseur ${label}` });
    const coordinator = await createAccount(db, { name: `Coordinatrice ${label}` });
    const member = await createAccount(db, { name: `Membre ${label}` });
    await addMember(db, space, supervisor, 'supervisor');
    await addMember(db, space, coordinator, 'coordinator');
    await addMember(db, space, member, 'member');
    const team = await createTeam(db, space, `Équipe ${label}`);
    await addToTeam(db, space, team.id, coordinator, true);
    await addToTeam(db, space, team.id, member);
    return { space, admin, supervisor, coordinator, member, team };
  }

  const roleOf = async (space: TestSpace, account: TestAccount): Promise<string | null> => {
    const [row] = await t.dataSource.query('SELECT role FROM memberships WHERE space_id = $1 AND account_id = $2', [
      space.id,
      account.id,
    ]);
    return row?.role ?? null;
  };

  const auditOf = (space: TestSpace, action: string) =>
    t.dataSource.query(
      `SELECT actor_id, actor_label, target_type, target_id, target_label, details, by_support
       FROM audit_log WHERE space_id = $1 AND action = $2 ORDER BY id`,
      [space.id, action],
    );

  const teamMembers = (space: TestSpace, teamId: string) =>
    t.dataSource.query(
      'SELECT account_id, is_coordinator FROM team_members WHERE space_id = $1 AND team_id = $2 ORDER BY account_id',
      [space.id, teamId],
    );

  describe('the member directory', () => {
    it('lists every member with address, role and teams, for admins, supervisors and coordinators only', async () => {
      const crew = await newCrew('annuaire');
      const admin = await signedIn(t.app, crew.admin);
      const res = await admin.get(`/s/${crew.space.slug}/members`);
      expect(res.status).toBe(200);
      const rows = directoryRows(res.text);
      expect(rows.map((row) => row.email).sort()).toEqual(
        [crew.admin, crew.supervisor, crew.coordinator, crew.member].map((person) => person.email).sort(),
      );
      // Sorted by name, ignoring case.
      const names = rows.map((row) => row.name);
      expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
      // Roles and teams are shown; only admins get the role forms and the onboarding link.
      const text = unescapeHtml(res.text);
      expect(text).toContain('Superviseur·e');
      expect(text).toContain('<span class="badge">Équipe annuaire</span>');
      expect(res.text).toContain(`action="/s/${crew.space.slug}/members/${crew.member.id}/role"`);
      expect(res.text).toContain(`/s/${crew.space.slug}/members/onboarding`);
      // An admin cannot remove themselves from the list (they leave instead).
      expect(res.text).not.toContain(`/members/${crew.admin.id}/remove`);

      for (const person of [crew.supervisor, crew.coordinator]) {
        const visitor = await signedIn(t.app, person);
        const page = await visitor.get(`/s/${crew.space.slug}/members`);
        expect(page.status).toBe(200);
        expect(directoryRows(page.text)).toHaveLength(4);
        expect(page.text).not.toContain('/role"');
        expect(page.text).not.toContain('/remove"');
        expect(page.text).not.toContain('/members/onboarding');
      }

      const member = await signedIn(t.app, crew.member);
      expect((await member.get(`/s/${crew.space.slug}/members`)).status).toBe(403);
      const outsider = await signedIn(t.app, (await newCrew('annuaire-autre')).admin);
      const foreign = await outsider.get(`/s/${crew.space.slug}/members`);
      expect(foreign.status).toBe(404);
      expect(foreign.text).not.toContain(crew.member.email);
      const anonymous = await new Visitor(t.app).get(`/s/${crew.space.slug}/members`);
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.location).toMatch(/^\/login/);
    });

    it('pages 60 members 50 at a time with a keyset token: nothing twice, nothing missing, in name order', async () => {
      const db = t.dataSource;
      const admin = await createAccount(db, { name: 'Aline Admin' });
      const space = await createSpace(db, admin);
      const people: TestAccount[] = [admin];
      // Fifteen people share one name, across the page boundary: the id breaks the tie.
      for (let i = 0; i < 60; i++) {
        const person = await createAccount(db, {
          name: i < 45 ? `Bénévole ${String(i).padStart(2, '0')}` : 'Zoé Martin',
        });
        await addMember(db, space, person, 'member');
        people.push(person);
      }
      const visitor = await signedIn(t.app, admin);
      const first = await visitor.get(`/s/${space.slug}/members`);
      expect(directoryRows(first.text)).toHaveLength(50);
      const next = nextPageQuery(first.text);
      expect(next).toMatch(/^after=[A-Za-z0-9_-]+$/);
      expect(unescapeHtml(first.text)).toContain('Suivants');

      const pages = await allDirectoryPages(visitor, space.slug, '');
      expect(pages.map((page) => page.length)).toEqual([50, 11]);
      const emails = pages.flat().map((row) => row.email);
      expect(new Set(emails).size).toBe(61);
      expect([...emails].sort()).toEqual(people.map((person) => person.email).sort());
      // The database's order: lower(name), then id.
      const expected: { email: string }[] = await db.query(
        `SELECT a.email FROM memberships m JOIN accounts a ON a.id = m.account_id WHERE m.space_id = $1
         ORDER BY lower(a.name), a.id`,
        [space.id],
      );
      expect(emails).toEqual(expected.map((row) => row.email));
      // The last page has no "next" link.
      const last = await visitor.get(`/s/${space.slug}/members?${next}`);
      expect(nextPageQuery(last.text)).toBeNull();
    });

    it('keeps the filters in the next-page link', async () => {
      const db = t.dataSource;
      const admin = await createAccount(db, { name: 'Filtre Admin' });
      const space = await createSpace(db, admin);
      const team = await createTeam(db, space, 'Quartier Nord');
      const inTeam: string[] = [];
      for (let i = 0; i < 55; i++) {
        const person = await createAccount(db, { name: `Voisin ${String(i).padStart(2, '0')}` });
        await addMember(db, space, person, i < 53 ? 'member' : 'supervisor');
        if (i % 2 === 0 || i >= 53) {
          await addToTeam(db, space, team.id, person);
          if (i < 53) inTeam.push(person.email);
        }
      }
      const visitor = await signedIn(t.app, admin);
      // 53 members: two pages, and the second still only has members.
      const byRole = await allDirectoryPages(visitor, space.slug, 'role=member');
      expect(byRole.map((page) => page.length)).toEqual([50, 3]);
      const first = await visitor.get(`/s/${space.slug}/members?role=member`);
      expect(nextPageQuery(first.text)).toMatch(/^role=member&after=/);
      // Role and team together: 27 members of the team (the two supervisors are left out).
      const both = await allDirectoryPages(visitor, space.slug, `role=member&team=${team.id}`);
      expect(
        both
          .flat()
          .map((row) => row.email)
          .sort(),
      ).toEqual(inTeam.sort());
      // Text too: "voisin 5" matches Voisin 50…54 (the supervisors included, no role asked).
      const text = await allDirectoryPages(visitor, space.slug, 'q=voisin%205');
      expect(text.flat().map((row) => row.name)).toEqual([
        'Voisin 50',
        'Voisin 51',
        'Voisin 52',
        'Voisin 53',
        'Voisin 54',
      ]);
    });

    it('searches names without case or accents, and addresses', async () => {
      const crew = await newCrew('recherche');
      const helene = await createAccount(t.dataSource, {
        name: 'Hélène Dupré',
        email: `h.dupre-${Date.now()}@example.org`,
      });
      const francois = await createAccount(t.dataSource, { name: 'FRANÇOIS Œuvre' });
      await addMember(t.dataSource, crew.space, helene, 'member');
      await addMember(t.dataSource, crew.space, francois, 'member');
      const visitor = await signedIn(t.app, crew.admin);
      const search = async (q: string) =>
        directoryRows((await visitor.get(`/s/${crew.space.slug}/members?q=${encodeURIComponent(q)}`)).text).map(
          (row) => row.name,
        );
      expect(await search('helene')).toEqual(['Hélène Dupré']);
      expect(await search('HELENE')).toEqual(['Hélène Dupré']);
      expect(await search('Hélène')).toEqual(['Hélène Dupré']);
      expect(await search('dupre')).toEqual(['Hélène Dupré']);
      expect(await search('francois')).toEqual(['FRANÇOIS Œuvre']);
      // Part of an address, in any case.
      expect(await search('H.DUPRE-')).toEqual(['Hélène Dupré']);
      expect(await search(crew.member.email)).toEqual([crew.member.name]);
      // Nothing found says so.
      const none = await visitor.get(`/s/${crew.space.slug}/members?q=introuvable`);
      expect(directoryRows(none.text)).toEqual([]);
      expect(unescapeHtml(none.text)).toContain('Personne ne correspond à ces critères.');
      // The search box keeps what was typed.
      expect(none.text).toContain('value="introuvable"');
    });

    it('takes the search text literally: "%" and "_" are not wildcards', async () => {
      const crew = await newCrew('joker');
      const visitor = await signedIn(t.app, crew.admin);
      for (const q of ['%', '_', '%%']) {
        const res = await visitor.get(`/s/${crew.space.slug}/members?q=${encodeURIComponent(q)}`);
        expect(res.status).toBe(200);
        // Nobody's name or address contains these characters.
        expect({ q, rows: directoryRows(res.text) }).toEqual({ q, rows: [] });
      }
    });

    it('filters by role and by team, and ignores filters that are not valid', async () => {
      const crew = await newCrew('filtres');
      const other = await newCrew('filtres-autre');
      const visitor = await signedIn(t.app, crew.admin);
      const emails = async (query: string) => {
        const res = await visitor.get(`/s/${crew.space.slug}/members?${query}`);
        expect(res.status).toBe(200);
        return directoryRows(res.text)
          .map((row) => row.email)
          .sort();
      };
      expect(await emails('role=supervisor')).toEqual([crew.supervisor.email]);
      expect(await emails('role=admin')).toEqual([crew.admin.email]);
      expect(await emails(`team=${crew.team.id}`)).toEqual([crew.coordinator.email, crew.member.email].sort());
      expect(await emails(`team=${crew.team.id}&role=coordinator`)).toEqual([crew.coordinator.email]);
      // Another space's team matches nobody here.
      expect(await emails(`team=${other.team.id}`)).toEqual([]);
      // A role that does not exist or a malformed team: every filter is ignored, everyone is listed.
      const everyone = [crew.admin, crew.supervisor, crew.coordinator, crew.member].map((p) => p.email).sort();
      expect(await emails('role=king')).toEqual(everyone);
      expect(await emails('team=not-a-uuid')).toEqual(everyone);
      // A forged "after" token is ignored as well.
      expect(await emails('after=%%%garbage')).toEqual(everyone);
    });

    it('does not lose names that lower-case differently in JavaScript and Postgres across a page boundary', async () => {
      const db = t.dataSource;
      const admin = await createAccount(db, { name: 'Aaron Admin' });
      const space = await createSpace(db, admin);
      const expected: string[] = ['Aaron Admin'];
      for (let i = 0; i < 48; i++) {
        const person = await createAccount(db, { name: `Aa ${String(i).padStart(2, '0')}` });
        await addMember(db, space, person, 'member');
        expected.push(person.name);
      }
      // The 50th name in the order starts with a Turkish dotted capital I.
      for (const name of ['İlker Yılmaz', 'Inès Durand', 'Isabelle Petit', 'Ivan Roux', 'Zoé Martin']) {
        const person = await createAccount(db, { name });
        await addMember(db, space, person, 'member');
        expected.push(name);
      }
      const visitor = await signedIn(t.app, admin);
      const pages = await allDirectoryPages(visitor, space.slug, '');
      expect(pages[0]).toHaveLength(50);
      expect(pages[0].at(-1)!.name).toBe('İlker Yılmaz');
      expect(
        pages
          .flat()
          .map((row) => row.name)
          .sort(),
      ).toEqual(expected.sort());
    });
  });

  describe('roles', () => {
    it('lets an admin change a role, says so, and writes it to the audit log', async () => {
      const crew = await newCrew('role');
      const admin = await signedIn(t.app, crew.admin);
      const res = await admin.submit(`/s/${crew.space.slug}/members/${crew.member.id}/role`, { role: 'supervisor' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/s/${crew.space.slug}/members`);
      expect(await roleOf(crew.space, crew.member)).toBe('supervisor');
      const page = await admin.get(`/s/${crew.space.slug}/members`);
      expect(unescapeHtml(page.text)).toContain('Rôle modifié.');
      const entries = await auditOf(crew.space, 'member.role_changed');
      expect(entries).toEqual([
        expect.objectContaining({
          actor_id: crew.admin.id,
          actor_label: crew.admin.email,
          target_type: 'account',
          target_id: crew.member.id,
          target_label: crew.member.email,
          details: { from: 'member', to: 'supervisor' },
          by_support: false,
        }),
      ]);
      // The promoted person now reaches the publishers' pages.
      const promoted = await signedIn(t.app, crew.member);
      expect((await promoted.get(`/s/${crew.space.slug}/announcements`)).status).toBe(200);
      // The same role again changes nothing and logs nothing.
      await admin.submit(`/s/${crew.space.slug}/members/${crew.member.id}/role`, { role: 'supervisor' });
      expect(await auditOf(crew.space, 'member.role_changed')).toHaveLength(1);
    });

    it('refuses a role that does not exist, a person who is not a member, and everyone but admins', async () => {
      const crew = await newCrew('role-refus');
      const other = await newCrew('role-refus-autre');
      const admin = await signedIn(t.app, crew.admin);
      expect(
        (await admin.submit(`/s/${crew.space.slug}/members/${crew.member.id}/role`, { role: 'king' })).status,
      ).toBe(400);
      expect((await admin.submit(`/s/${crew.space.slug}/members/${crew.member.id}/role`, {})).status).toBe(400);
      expect(await roleOf(crew.space, crew.member)).toBe('member');
      // Someone of another space answers like nobody.
      const foreign = await admin.submit(`/s/${crew.space.slug}/members/${other.member.id}/role`, { role: 'admin' });
      expect(foreign.status).toBe(404);
      expect(await roleOf(other.space, other.member)).toBe('member');
      expect(await roleOf(crew.space, other.member)).toBeNull();
      expect((await admin.submit(`/s/${crew.space.slug}/members/not-a-uuid/role`, { role: 'member' })).status).toBe(
        400,
      );
      for (const person of [crew.supervisor, crew.coordinator, crew.member]) {
        const visitor = await signedIn(t.app, person);
        const res = await visitor.submit(`/s/${crew.space.slug}/members/${person.id}/role`, { role: 'admin' });
        expect(res.status).toBe(403);
        expect(await roleOf(crew.space, person)).not.toBe('admin');
      }
      // Another space's admin cannot touch this space at all.
      const outsider = await signedIn(t.app, other.admin);
      expect(
        (await outsider.submit(`/s/${crew.space.slug}/members/${crew.member.id}/role`, { role: 'admin' })).status,
      ).toBe(404);
      // Without the CSRF token, nothing happens.
      const noToken = await admin.agent
        .post(`/s/${crew.space.slug}/members/${crew.member.id}/role`)
        .type('form')
        .send({ role: 'admin' });
      expect(noToken.status).toBe(403);
      expect(await roleOf(crew.space, crew.member)).toBe('member');
      expect(await auditOf(crew.space, 'member.role_changed')).toEqual([]);
    });

    it('keeps the last admin: demoting them answers 409, demoting one of two admins works', async () => {
      const crew = await newCrew('dernier-admin');
      const admin = await signedIn(t.app, crew.admin);
      const alone = await admin.submit(`/s/${crew.space.slug}/members/${crew.admin.id}/role`, { role: 'member' });
      expect(alone.status).toBe(409);
      expect(unescapeHtml(alone.text)).toContain("L'espace doit garder au moins un·e administrateur·rice");
      expect(await roleOf(crew.space, crew.admin)).toBe('admin');

      // Name a second admin; then either may step down, but not both.
      expect(
        (await admin.submit(`/s/${crew.space.slug}/members/${crew.supervisor.id}/role`, { role: 'admin' })).status,
      ).toBe(303);
      expect(
        (await admin.submit(`/s/${crew.space.slug}/members/${crew.admin.id}/role`, { role: 'supervisor' })).status,
      ).toBe(303);
      expect(await roleOf(crew.space, crew.admin)).toBe('supervisor');
      const second = await signedIn(t.app, crew.supervisor);
      const last = await second.submit(`/s/${crew.space.slug}/members/${crew.supervisor.id}/role`, {
        role: 'member',
      });
      expect(last.status).toBe(409);
      expect(await roleOf(crew.space, crew.supervisor)).toBe('admin');
      // The former admin lost the admin pages at once.
      expect((await admin.get(`/s/${crew.space.slug}/settings`)).status).toBe(403);
    });
  });

  describe('removing members', () => {
    it('removes a member with their team memberships, logs it, and shuts them out of the space', async () => {
      const crew = await newCrew('retrait');
      const removed = await signedIn(t.app, crew.member);
      expect((await removed.get(`/s/${crew.space.slug}/field`)).status).toBe(200);
      const admin = await signedIn(t.app, crew.admin);
      const res = await admin.submit(`/s/${crew.space.slug}/members/${crew.member.id}/remove`, {});
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/s/${crew.space.slug}/members`);
      expect(await roleOf(crew.space, crew.member)).toBeNull();
      expect(
        (await teamMembers(crew.space, crew.team.id)).map((row: { account_id: string }) => row.account_id),
      ).toEqual([crew.coordinator.id]);
      expect(await auditOf(crew.space, 'member.removed')).toEqual([
        expect.objectContaining({
          actor_id: crew.admin.id,
          target_id: crew.member.id,
          target_label: crew.member.email,
          details: { role: 'member' },
        }),
      ]);
      const page = await admin.get(`/s/${crew.space.slug}/members`);
      expect(unescapeHtml(page.text)).toContain("Personne retirée de l'espace.");
      expect(directoryRows(page.text).map((row) => row.email)).not.toContain(crew.member.email);
      // The account still exists, but the space answers like one that does not.
      expect((await removed.get(`/s/${crew.space.slug}/field`)).status).toBe(404);
      // Removing them again: they are not a member any more.
      expect((await admin.submit(`/s/${crew.space.slug}/members/${crew.member.id}/remove`, {})).status).toBe(404);
    });

    it('refuses to remove the last admin, lets one of two admins go, and lets only admins remove', async () => {
      const crew = await newCrew('retrait-admin');
      const admin = await signedIn(t.app, crew.admin);
      const alone = await admin.submit(`/s/${crew.space.slug}/members/${crew.admin.id}/remove`, {});
      expect(alone.status).toBe(409);
      expect(await roleOf(crew.space, crew.admin)).toBe('admin');

      for (const person of [crew.supervisor, crew.coordinator, crew.member]) {
        const visitor = await signedIn(t.app, person);
        expect((await visitor.submit(`/s/${crew.space.slug}/members/${crew.supervisor.id}/remove`, {})).status).toBe(
          403,
        );
      }
      expect(await roleOf(crew.space, crew.supervisor)).toBe('supervisor');

      const second = await createAccount(t.dataSource, { name: 'Second Admin' });
      await addMember(t.dataSource, crew.space, second, 'admin');
      expect((await admin.submit(`/s/${crew.space.slug}/members/${second.id}/remove`, {})).status).toBe(303);
      expect(await roleOf(crew.space, second)).toBeNull();
      const other = await newCrew('retrait-autre');
      expect((await admin.submit(`/s/${crew.space.slug}/members/${other.member.id}/remove`, {})).status).toBe(404);
      expect(await roleOf(other.space, other.member)).toBe('member');
    });
  });

  describe('leaving a space', () => {
    it('lets anyone leave (team memberships go too), except the last admin', async () => {
      const crew = await newCrew('depart');
      const member = await signedIn(t.app, crew.member);
      const res = await member.submit(`/s/${crew.space.slug}/leave`, {});
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/spaces');
      expect(unescapeHtml((await member.get('/spaces')).text)).toContain('Vous avez quitté « Espace depart ».');
      expect(await roleOf(crew.space, crew.member)).toBeNull();
      expect(
        (await teamMembers(crew.space, crew.team.id)).map((row: { account_id: string }) => row.account_id),
      ).toEqual([crew.coordinator.id]);
      expect(await auditOf(crew.space, 'member.left')).toEqual([
        expect.objectContaining({ actor_id: crew.member.id, target_id: crew.member.id }),
      ]);
      expect((await member.get(`/s/${crew.space.slug}/field`)).status).toBe(404);

      const admin = await signedIn(t.app, crew.admin);
      expect((await admin.submit(`/s/${crew.space.slug}/leave`, {})).status).toBe(409);
      expect(await roleOf(crew.space, crew.admin)).toBe('admin');
    });
  });

  describe('onboarding progress', () => {
    it('shows each person how many of their role’s steps are done, for admins only', async () => {
      const db = t.dataSource;
      const admin = await createAccount(db, { name: 'Progrès Admin' });
      const space = await createSpace(db, admin);
      const member = await createAccount(db, { name: 'Progrès Membre' });
      await addMember(db, space, member, 'member');
      const visitor = await signedIn(t.app, admin);
      const progress = async () => {
        const res = await visitor.get(`/s/${space.slug}/members/onboarding`);
        expect(res.status).toBe(200);
        const rows = [
          ...res.text.matchAll(/<tr><td>([^<]*)<\/td><td>([^<]*)<\/td><td><progress[^>]*><\/progress> (\d+) \/ (\d+)/g),
        ];
        return Object.fromEntries(rows.map((row) => [unescapeHtml(row[1]), `${row[3]}/${row[4]}`]));
      };
      // Admin: someone joined (invite ✓), no team, no document. Member: no team, nothing to read (✓).
      expect(await progress()).toEqual({ 'Progrès Admin': '1/3', 'Progrès Membre': '1/2' });
      const team = await createTeam(db, space, 'Première équipe');
      await addToTeam(db, space, team.id, member);
      expect(await progress()).toEqual({ 'Progrès Admin': '2/3', 'Progrès Membre': '2/2' });

      const supervisor = await createAccount(db, { name: 'Progrès Superviseur' });
      await addMember(db, space, supervisor, 'supervisor');
      const other = await signedIn(t.app, supervisor);
      expect((await other.get(`/s/${space.slug}/members/onboarding`)).status).toBe(403);
      // A supervisor has one step more (an announcement).
      expect(await progress()).toEqual({
        'Progrès Admin': '2/3',
        'Progrès Membre': '2/2',
        'Progrès Superviseur': '2/4',
      });
    });
  });

  describe('teams', () => {
    it('lets admins and supervisors create teams, and logs it', async () => {
      const crew = await newCrew('creation');
      for (const [person, name] of [
        [crew.admin, 'Quartier Est'],
        [crew.supervisor, 'Quartier Ouest'],
      ] as const) {
        const visitor = await signedIn(t.app, person);
        expect((await visitor.get(`/s/${crew.space.slug}/teams`)).text).toContain('id="team-form"');
        const res = await visitor.submit(`/s/${crew.space.slug}/teams`, { name: `  ${name}  ` });
        expect(res.status).toBe(303);
        const [team] = await t.dataSource.query(
          'SELECT id, name, created_by FROM teams WHERE space_id = $1 AND name = $2',
          [crew.space.id, name],
        );
        expect(team.created_by).toBe(person.id);
        expect(res.headers.location).toBe(`/s/${crew.space.slug}/teams/${team.id}`);
        const page = await visitor.get(res.headers.location);
        expect(page.status).toBe(200);
        expect(unescapeHtml(page.text)).toContain(`Équipe « ${name} » créée.`);
        expect(unescapeHtml(page.text)).toContain("Personne dans cette équipe pour l'instant.");
      }
      const admin = await signedIn(t.app, crew.admin);
      const list = await admin.get(`/s/${crew.space.slug}/teams`);
      expect(teamCards(list.text).sort()).toEqual(['Quartier Est', 'Quartier Ouest', 'Équipe creation']);
      expect(unescapeHtml(list.text)).toContain('2 membres · Coordination : Coordinatrice creation');
      const logged = await auditOf(crew.space, 'team.created');
      expect(logged.map((entry: { target_label: string }) => entry.target_label)).toEqual([
        'Quartier Est',
        'Quartier Ouest',
      ]);
    });

    it('refuses a blank, too long or taken name with the form again (422)', async () => {
      const crew = await newCrew('nom');
      const admin = await signedIn(t.app, crew.admin);
      const count = async () =>
        (await t.dataSource.query('SELECT count(*)::int AS n FROM teams WHERE space_id = $1', [crew.space.id]))[0].n;
      const blank = await admin.submit(`/s/${crew.space.slug}/teams`, { name: '   ' });
      expect(blank.status).toBe(422);
      expect(blank.text).toContain('field-invalid');
      const long = await admin.submit(`/s/${crew.space.slug}/teams`, { name: 'x'.repeat(81) });
      expect(long.status).toBe(422);
      expect(long.text).toContain('80');
      // Taken, whatever the case (accents included).
      const taken = await admin.submit(`/s/${crew.space.slug}/teams`, { name: 'ÉQUIPE NOM' });
      expect(taken.status).toBe(422);
      expect(unescapeHtml(taken.text)).toContain('Une équipe porte déjà ce nom.');
      expect(taken.text).toContain('value="ÉQUIPE NOM"');
      expect(await count()).toBe(1);
      // The same name in another space is free.
      const other = await newCrew('nom-autre');
      expect((await admin.submit(`/s/${crew.space.slug}/teams`, { name: other.team.name })).status).toBe(303);
      expect(await count()).toBe(2);
    });

    it('shows coordinators only the teams they coordinate, and refuses them creation', async () => {
      const crew = await newCrew('perimetre');
      const otherTeam = await createTeam(t.dataSource, crew.space, 'Autre équipe');
      // Being a plain member of a team does not make it theirs.
      await addToTeam(t.dataSource, crew.space, otherTeam.id, crew.coordinator);
      const coordinator = await signedIn(t.app, crew.coordinator);
      const list = await coordinator.get(`/s/${crew.space.slug}/teams`);
      expect(list.status).toBe(200);
      expect(teamCards(list.text)).toEqual(['Équipe perimetre']);
      expect(list.text).not.toContain('id="team-form"');
      expect((await coordinator.get(`/s/${crew.space.slug}/teams/${crew.team.id}`)).status).toBe(200);
      expect((await coordinator.get(`/s/${crew.space.slug}/teams/${otherTeam.id}`)).status).toBe(404);
      const create = await coordinator.submit(`/s/${crew.space.slug}/teams`, { name: 'Ma propre équipe' });
      expect(create.status).toBe(403);
      const [{ n }] = await t.dataSource.query(
        "SELECT count(*)::int AS n FROM teams WHERE space_id = $1 AND name = 'Ma propre équipe'",
        [crew.space.id],
      );
      expect(n).toBe(0);

      // A coordinator of no team at all is told so.
      const idle = await createAccount(t.dataSource, { name: 'Sans équipe' });
      await addMember(t.dataSource, crew.space, idle, 'coordinator');
      const idleVisitor = await signedIn(t.app, idle);
      const empty = await idleVisitor.get(`/s/${crew.space.slug}/teams`);
      expect(teamCards(empty.text)).toEqual([]);
      expect(unescapeHtml(empty.text)).toContain("Vous ne coordonnez aucune équipe pour l'instant.");

      // Members have no team pages at all; admins and supervisors see every team.
      const member = await signedIn(t.app, crew.member);
      expect((await member.get(`/s/${crew.space.slug}/teams`)).status).toBe(403);
      expect((await member.get(`/s/${crew.space.slug}/teams/${crew.team.id}`)).status).toBe(403);
      const supervisor = await signedIn(t.app, crew.supervisor);
      expect(teamCards((await supervisor.get(`/s/${crew.space.slug}/teams`)).text)).toEqual([
        'Autre équipe',
        'Équipe perimetre',
      ]);
    });

    it('lets a coordinator manage the members of their own team, but not delete it or name coordinators', async () => {
      const crew = await newCrew('coordination');
      const newcomer = await createAccount(t.dataSource, { name: 'Nouvelle Recrue' });
      await addMember(t.dataSource, crew.space, newcomer, 'member');
      const otherTeam = await createTeam(t.dataSource, crew.space, 'Pas la sienne');
      const coordinator = await signedIn(t.app, crew.coordinator);
      const base = `/s/${crew.space.slug}/teams/${crew.team.id}`;

      const page = await coordinator.get(base);
      // The person to add is offered; the coordinator buttons and the delete button are not.
      expect(page.text).toContain(`<option value="${newcomer.id}">`);
      expect(page.text).not.toContain('/coordinator"');
      expect(page.text).not.toContain(`${base}/delete`);

      expect((await coordinator.submit(`${base}/members`, { accountId: newcomer.id })).status).toBe(303);
      expect(
        (await teamMembers(crew.space, crew.team.id)).map((row: { account_id: string }) => row.account_id),
      ).toContain(newcomer.id);
      expect((await coordinator.submit(`${base}/rename`, { name: 'Équipe coordonnée' })).status).toBe(303);
      expect((await coordinator.submit(`${base}/members/${newcomer.id}/remove`, {})).status).toBe(303);
      expect(
        (await teamMembers(crew.space, crew.team.id)).map((row: { account_id: string }) => row.account_id),
      ).not.toContain(newcomer.id);

      expect((await coordinator.submit(`${base}/delete`, {})).status).toBe(403);
      expect(
        (await coordinator.submit(`${base}/members/${crew.member.id}/coordinator`, { coordinator: 'true' })).status,
      ).toBe(403);
      const other = `/s/${crew.space.slug}/teams/${otherTeam.id}`;
      expect((await coordinator.submit(`${other}/members`, { accountId: newcomer.id })).status).toBe(404);
      expect((await coordinator.submit(`${other}/rename`, { name: 'Volée' })).status).toBe(404);
      expect((await coordinator.submit(`${other}/members/${newcomer.id}/remove`, {})).status).toBe(404);
      expect(await teamMembers(crew.space, otherTeam.id)).toEqual([]);
      const [team] = await t.dataSource.query('SELECT name FROM teams WHERE space_id = $1 AND id = $2', [
        crew.space.id,
        otherTeam.id,
      ]);
      expect(team.name).toBe('Pas la sienne');
      const [mine] = await t.dataSource.query('SELECT name FROM teams WHERE space_id = $1 AND id = $2', [
        crew.space.id,
        crew.team.id,
      ]);
      expect(mine.name).toBe('Équipe coordonnée');
    });

    it('renames a team, refuses a taken name, and logs the old and new names', async () => {
      const crew = await newCrew('renommer');
      const taken = await createTeam(t.dataSource, crew.space, 'Déjà prise');
      const admin = await signedIn(t.app, crew.admin);
      const base = `/s/${crew.space.slug}/teams/${crew.team.id}`;
      const clash = await admin.submit(`${base}/rename`, { name: 'déjà prise' });
      expect(clash.status).toBe(422);
      expect(unescapeHtml(clash.text)).toContain('Une équipe porte déjà ce nom.');
      expect((await admin.submit(`${base}/rename`, { name: '' })).status).toBe(422);
      expect((await admin.submit(`${base}/rename`, { name: 'y'.repeat(81) })).status).toBe(422);
      // Its own name in another case is not "taken".
      const recased = await admin.submit(`${base}/rename`, { name: 'ÉQUIPE RENOMMER' });
      expect(recased.status).toBe(303);
      expect(recased.headers.location).toBe(base);
      const renamed = await admin.submit(`${base}/rename`, { name: 'Nouveau nom' });
      expect(renamed.status).toBe(303);
      const page = await admin.get(base);
      expect(unescapeHtml(page.text)).toContain('Équipe renommée.');
      expect(unescapeHtml(page.text)).toContain('<h1>Équipe Nouveau nom</h1>');
      const entries = await auditOf(crew.space, 'team.renamed');
      expect(entries.map((entry: { details: unknown }) => entry.details)).toEqual([
        { from: 'Équipe renommer', to: 'ÉQUIPE RENOMMER' },
        { from: 'ÉQUIPE RENOMMER', to: 'Nouveau nom' },
      ]);
      const [still] = await t.dataSource.query('SELECT name FROM teams WHERE space_id = $1 AND id = $2', [
        crew.space.id,
        taken.id,
      ]);
      expect(still.name).toBe('Déjà prise');
    });

    it('deletes a team (admins and supervisors): its members stay in the space', async () => {
      const crew = await newCrew('suppression');
      const second = await createTeam(t.dataSource, crew.space, 'Deuxième');
      const coordinator = await signedIn(t.app, crew.coordinator);
      expect((await coordinator.submit(`/s/${crew.space.slug}/teams/${crew.team.id}/delete`, {})).status).toBe(403);

      const admin = await signedIn(t.app, crew.admin);
      const res = await admin.submit(`/s/${crew.space.slug}/teams/${crew.team.id}/delete`, {});
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/s/${crew.space.slug}/teams`);
      expect(await teamMembers(crew.space, crew.team.id)).toEqual([]);
      expect(await roleOf(crew.space, crew.member)).toBe('member');
      expect(await roleOf(crew.space, crew.coordinator)).toBe('coordinator');
      const list = await admin.get(`/s/${crew.space.slug}/teams`);
      expect(unescapeHtml(list.text)).toContain('Équipe supprimée.');
      expect(teamCards(list.text)).toEqual(['Deuxième']);
      expect((await admin.get(`/s/${crew.space.slug}/teams/${crew.team.id}`)).status).toBe(404);
      expect(await auditOf(crew.space, 'team.deleted')).toEqual([
        expect.objectContaining({
          actor_id: crew.admin.id,
          target_id: crew.team.id,
          target_label: 'Équipe suppression',
        }),
      ]);
      // Deleting it again: it is gone.
      expect((await admin.submit(`/s/${crew.space.slug}/teams/${crew.team.id}/delete`, {})).status).toBe(404);

      const supervisor = await signedIn(t.app, crew.supervisor);
      expect((await supervisor.submit(`/s/${crew.space.slug}/teams/${second.id}/delete`, {})).status).toBe(303);
    });

    it('adds and removes team members, only people of the space, once each', async () => {
      const crew = await newCrew('membres-equipe');
      const other = await newCrew('membres-equipe-autre');
      const admin = await signedIn(t.app, crew.admin);
      const base = `/s/${crew.space.slug}/teams/${crew.team.id}`;
      const res = await admin.submit(`${base}/members`, { accountId: crew.supervisor.id });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(base);
      expect(unescapeHtml((await admin.get(base)).text)).toContain('Ajouté·e à l’équipe.');
      // Twice: still one row.
      expect((await admin.submit(`${base}/members`, { accountId: crew.supervisor.id })).status).toBe(303);
      const rows = await teamMembers(crew.space, crew.team.id);
      expect(rows.filter((row: { account_id: string }) => row.account_id === crew.supervisor.id)).toHaveLength(1);
      // Someone of another space, nobody, a blank choice.
      expect((await admin.submit(`${base}/members`, { accountId: other.member.id })).status).toBe(404);
      expect(
        (await admin.submit(`${base}/members`, { accountId: '00000000-0000-4000-8000-000000000000' })).status,
      ).toBe(404);
      const blank = await admin.submit(`${base}/members`, { accountId: '' });
      expect(blank.status).toBe(422);
      expect(blank.text).toContain('field-invalid');
      expect(await teamMembers(crew.space, crew.team.id)).toHaveLength(3);

      // The member's field page lists their teams.
      const supervisor = await signedIn(t.app, crew.supervisor);
      expect(unescapeHtml((await supervisor.get(`/s/${crew.space.slug}/field`)).text)).toContain(
        '<li>Équipe membres-equipe</li>',
      );

      const removed = await admin.submit(`${base}/members/${crew.supervisor.id}/remove`, {});
      expect(removed.status).toBe(303);
      expect(
        (await teamMembers(crew.space, crew.team.id)).map((row: { account_id: string }) => row.account_id),
      ).not.toContain(crew.supervisor.id);
      expect(unescapeHtml((await supervisor.get(`/s/${crew.space.slug}/field`)).text)).toContain(
        "Vous n'êtes dans aucune équipe pour le moment.",
      );
      const logged = [
        ...(await auditOf(crew.space, 'team.member_added')),
        ...(await auditOf(crew.space, 'team.member_removed')),
      ];
      expect(logged).toContainEqual(expect.objectContaining({ details: { accountId: crew.supervisor.id } }));
    });

    it('names a plain member coordinator, which gives them the coordinator role and the team page', async () => {
      const crew = await newCrew('nommer');
      const admin = await signedIn(t.app, crew.admin);
      const base = `/s/${crew.space.slug}/teams/${crew.team.id}`;
      const member = await signedIn(t.app, crew.member);
      expect((await member.get(base)).status).toBe(403);

      const res = await admin.submit(`${base}/members/${crew.member.id}/coordinator`, { coordinator: 'true' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(base);
      expect(unescapeHtml((await admin.get(base)).text)).toContain('Coordinateur·rice nommé·e.');
      expect(await teamMembers(crew.space, crew.team.id)).toContainEqual({
        account_id: crew.member.id,
        is_coordinator: true,
      });
      expect(await roleOf(crew.space, crew.member)).toBe('coordinator');
      expect(await auditOf(crew.space, 'member.role_changed')).toEqual([
        expect.objectContaining({
          target_id: crew.member.id,
          details: { from: 'member', to: 'coordinator', because: 'team-coordinator' },
        }),
      ]);
      expect(await auditOf(crew.space, 'team.coordinator_named')).toEqual([
        expect.objectContaining({ target_id: crew.team.id, details: { accountId: crew.member.id } }),
      ]);
      // Their next request already has the new role.
      expect((await member.get(base)).status).toBe(200);
      expect((await member.get(`/s/${crew.space.slug}/home`)).status).toBe(200);

      // Un-naming keeps them in the team, without the flag.
      const off = await admin.submit(`${base}/members/${crew.member.id}/coordinator`, { coordinator: 'false' });
      expect(off.status).toBe(303);
      expect(unescapeHtml((await admin.get(base)).text)).toContain('Coordination retirée.');
      expect(await teamMembers(crew.space, crew.team.id)).toContainEqual({
        account_id: crew.member.id,
        is_coordinator: false,
      });
      expect(await auditOf(crew.space, 'team.coordinator_removed')).toHaveLength(1);
    });

    it('does not demote a supervisor named coordinator, and refuses someone outside the team', async () => {
      const crew = await newCrew('nommer-bis');
      const supervisor = await signedIn(t.app, crew.supervisor);
      const base = `/s/${crew.space.slug}/teams/${crew.team.id}`;
      // Supervisors may name coordinators too; the supervisor is not in the team yet.
      expect(
        (await supervisor.submit(`${base}/members/${crew.supervisor.id}/coordinator`, { coordinator: 'true' })).status,
      ).toBe(404);
      await addToTeam(t.dataSource, crew.space, crew.team.id, crew.supervisor);
      expect(
        (await supervisor.submit(`${base}/members/${crew.supervisor.id}/coordinator`, { coordinator: 'true' })).status,
      ).toBe(303);
      expect(await roleOf(crew.space, crew.supervisor)).toBe('supervisor');
      expect(await auditOf(crew.space, 'member.role_changed')).toEqual([]);
      const other = await newCrew('nommer-autre');
      expect(
        (await supervisor.submit(`${base}/members/${other.member.id}/coordinator`, { coordinator: 'true' })).status,
      ).toBe(404);
    });

    it("answers 404 for every route of another space's team", async () => {
      const crew = await newCrew('etanche');
      const other = await newCrew('etanche-autre');
      const admin = await signedIn(t.app, crew.admin);
      const base = `/s/${crew.space.slug}/teams/${other.team.id}`;
      expect((await admin.get(base)).status).toBe(404);
      expect((await admin.submit(`${base}/rename`, { name: 'Piratée' })).status).toBe(404);
      expect((await admin.submit(`${base}/members`, { accountId: crew.member.id })).status).toBe(404);
      expect((await admin.submit(`${base}/members/${other.member.id}/remove`, {})).status).toBe(404);
      expect(
        (await admin.submit(`${base}/members/${other.member.id}/coordinator`, { coordinator: 'true' })).status,
      ).toBe(404);
      expect((await admin.submit(`${base}/delete`, {})).status).toBe(404);
      expect((await admin.get(`/s/${crew.space.slug}/teams/not-a-uuid`)).status).toBe(400);
      const [team] = await t.dataSource.query('SELECT name FROM teams WHERE space_id = $1 AND id = $2', [
        other.space.id,
        other.team.id,
      ]);
      expect(team.name).toBe('Équipe etanche-autre');
      expect(await teamMembers(other.space, other.team.id)).toEqual(
        [
          { account_id: other.coordinator.id, is_coordinator: true },
          { account_id: other.member.id, is_coordinator: false },
        ].sort((a, b) => a.account_id.localeCompare(b.account_id)),
      );
    });
  });
});
