import { randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import { DEFAULT_MODULES, SPACE_MODULES } from '../../../src/shared/auth/modules';
import type { Role } from '../../../src/shared/auth/roles';
import {
  addMember,
  addToTeam,
  createAccount,
  createSpace,
  createTeam,
  type TestAccount,
} from '../../factories/community.factory';
import { Visitor } from '../../support/http-client';
import { signedIn } from '../../support/sign-in';
import { bootTestApp, type TestApp } from '../../support/test-app';

jest.setTimeout(60_000);

const unique = () => randomBytes(3).toString('hex');

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

const INVITE_CODE = /^[A-HJKMNP-Z2-9]{8}$/;

describe('spaces', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(() => t.close());

  const db = () => t.dataSource;

  /** A space with its admin, and one signed-in visitor per role asked for. */
  async function spaceWith(roles: Role[] = []) {
    const admin = await createAccount(db(), { name: `Admin ${unique()}` });
    const space = await createSpace(db(), admin, { name: `Espace ${unique()}` });
    const people: Partial<Record<Role, TestAccount>> = { admin };
    for (const role of roles) {
      if (role === 'admin') continue;
      people[role] = await createAccount(db(), { name: `${role} ${unique()}` });
      await addMember(db(), space, people[role]!, role);
    }
    return { admin, space, people };
  }

  const spaceRow = async (id: string) => {
    const [row] = await db().query(
      `SELECT id, slug, name, language, contact_email, invite_code, enabled_modules, created_by FROM spaces WHERE id = $1`,
      [id],
    );
    return row;
  };

  const spaceBySlug = async (slug: string) => {
    const [row] = await db().query(`SELECT id, slug, name FROM spaces WHERE slug = $1`, [slug]);
    return row as { id: string; slug: string; name: string } | undefined;
  };

  const membership = async (space: { id: string }, account: { id: string }) => {
    const [row] = await db().query(`SELECT role, joined_via FROM memberships WHERE space_id = $1 AND account_id = $2`, [
      space.id,
      account.id,
    ]);
    return row as { role: Role; joined_via: string } | undefined;
  };

  const auditOf = (space: { id: string }, action: string) =>
    db().query(
      `SELECT actor_id, actor_label, action, target_type, target_id, target_label, details FROM audit_log
       WHERE space_id = $1 AND action = $2 ORDER BY id`,
      [space.id, action],
    );

  describe('GET /spaces', () => {
    it('sends a visitor who is not signed in to the sign-in page, then back', async () => {
      const res = await new Visitor(t.app).get('/spaces');
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/login?next=%2Fspaces');
    });

    it('tells someone without a space how to join or create one', async () => {
      const visitor = await signedIn(t.app, await createAccount(db()));
      const res = await visitor.get('/spaces');
      expect(res.status).toBe(200);
      expect(textOf(res)).toContain("Vous n'êtes membre d'aucun espace.");
      expect(res.text).toContain('action="/join"');
      expect(res.text).toContain('href="/spaces/new"');
    });

    it('takes someone with a single space straight into it', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const res = await visitor.get('/spaces');
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/s/${space.slug}`);
    });

    it('lists every space of someone with several, with their role in each, and nobody else’s', async () => {
      const person = await createAccount(db());
      const first = await spaceWith();
      const second = await spaceWith();
      const foreign = await spaceWith();
      await addMember(db(), first.space, person, 'member');
      await addMember(db(), second.space, person, 'supervisor');
      const visitor = await signedIn(t.app, person);
      const res = await visitor.get('/spaces');
      expect(res.status).toBe(200);
      const text = textOf(res);
      expect(text).toContain(first.space.name);
      expect(text).toContain(second.space.name);
      expect(res.text).toContain(`href="/s/${first.space.slug}"`);
      expect(res.text).toContain(`href="/s/${second.space.slug}"`);
      expect(text).toContain('Membre');
      expect(text).toContain('Superviseur·e');
      expect(text).not.toContain(foreign.space.name);
    });
  });

  describe('creating a space', () => {
    it('shows the form to someone signed in, and sends anyone else to sign in', async () => {
      const visitor = await signedIn(t.app, await createAccount(db()));
      const res = await visitor.get('/spaces/new');
      expect(res.status).toBe(200);
      expect(res.text).toContain('action="/spaces"');
      expect(res.text).toContain('name="name"');
      expect(res.text).toContain('name="slug"');

      const anonymous = new Visitor(t.app);
      expect((await anonymous.get('/spaces/new')).headers.location).toBe('/login?next=%2Fspaces%2Fnew');
    });

    it('creates the space with its creator as admin, the default modules, a fresh code, and logs it', async () => {
      const creator = await createAccount(db(), { name: 'Camille Créatrice' });
      const visitor = await signedIn(t.app, creator);
      const name = `Les Colibris de Pessac ${unique()}`;
      const res = await visitor.submit('/spaces', { name, language: 'fr' });
      expect(res.status).toBe(303);
      const slug = res.headers.location.replace('/s/', '');
      expect(slug).toMatch(/^les-colibris-de-pessac-[0-9a-f]{6}$/);

      const space = await spaceBySlug(slug);
      const row = await spaceRow(space!.id);
      expect(row).toMatchObject({
        name,
        slug,
        language: 'fr',
        contact_email: creator.email,
        created_by: creator.id,
      });
      expect(row.invite_code).toMatch(INVITE_CODE);
      expect(row.invite_code).toMatch(/[2-9]/);
      expect([...row.enabled_modules].sort()).toEqual([...DEFAULT_MODULES].sort());
      expect(row.enabled_modules).not.toContain('mandates');
      expect(await membership(space!, creator)).toEqual({ role: 'admin', joined_via: 'creator' });

      const [audit] = await auditOf(space!, 'space.created');
      expect(audit).toMatchObject({
        actor_id: creator.id,
        actor_label: creator.email,
        target_type: 'space',
        target_id: space!.id,
        target_label: name,
      });

      // The admin lands on the desktop home, which greets them with the flash and shows the code.
      const enter = await visitor.get(`/s/${slug}`);
      expect(enter.status).toBe(303);
      expect(enter.headers.location).toBe(`/s/${slug}/home`);
      const home = await visitor.get(`/s/${slug}/home`);
      expect(home.status).toBe(200);
      expect(textOf(home)).toContain(`Espace « ${name} » créé.`);
      expect(home.text).toContain(row.invite_code);
    });

    it('keeps the language chosen for the space', async () => {
      const visitor = await signedIn(t.app, await createAccount(db()));
      const res = await visitor.submit('/spaces', { name: `English Branch ${unique()}`, language: 'en' });
      expect(res.status).toBe(303);
      const space = await spaceBySlug(res.headers.location.replace('/s/', ''));
      expect((await spaceRow(space!.id)).language).toBe('en');
    });

    it('derives the address from the name (accents and punctuation dropped) and adds "-2", "-3" on collisions', async () => {
      const visitor = await signedIn(t.app, await createAccount(db()));
      const tag = unique();
      const name = `Élan Solidaire — Gironde ${tag} !`;
      const slugs: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await visitor.submit('/spaces', { name, language: 'fr' });
        expect(res.status).toBe(303);
        slugs.push(res.headers.location.replace('/s/', ''));
      }
      const base = `elan-solidaire-gironde-${tag}`;
      expect(slugs).toEqual([base, `${base}-2`, `${base}-3`]);
      // Three spaces, same name, one admin.
      const rows = await db().query(`SELECT name FROM spaces WHERE slug = ANY($1)`, [slugs]);
      expect(rows).toHaveLength(3);
    });

    it('takes a free address given explicitly', async () => {
      const creator = await createAccount(db());
      const visitor = await signedIn(t.app, creator);
      const slug = `mon-adresse-${unique()}`;
      const res = await visitor.submit('/spaces', { name: 'Un tout autre nom', slug, language: 'fr' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/s/${slug}`);
      expect(await membership((await spaceBySlug(slug))!, creator)).toMatchObject({ role: 'admin' });
    });

    it('refuses an address that is already taken (422) and creates nothing', async () => {
      const { space } = await spaceWith();
      const creator = await createAccount(db());
      const visitor = await signedIn(t.app, creator);
      const name = `Doublon ${unique()}`;
      const res = await visitor.submit('/spaces', { name, slug: space.slug, language: 'fr' });
      expect(res.status).toBe(422);
      expect(textOf(res)).toContain('Cette adresse est déjà prise.');
      // What was typed is shown again.
      expect(res.text).toContain(`value="${name}"`);
      const [{ count }] = await db().query(`SELECT count(*)::int AS count FROM spaces WHERE name = $1`, [name]);
      expect(count).toBe(0);
      const [{ owned }] = await db().query(
        `/* cross-space: the test counts every membership of one account */ SELECT count(*)::int AS owned FROM memberships WHERE account_id = $1`,
        [creator.id],
      );
      expect(owned).toBe(0);
    });

    it.each([
      ['a blank name', { name: '   ', language: 'fr' }, 'name'],
      ['a name over 80 characters', { name: 'x'.repeat(81), language: 'fr' }, 'name'],
      ['an address with capitals', { name: 'Valide', slug: 'Mon-Espace', language: 'fr' }, 'slug'],
      ['an address too short', { name: 'Valide', slug: 'ab', language: 'fr' }, 'slug'],
      ['an address ending with a dash', { name: 'Valide', slug: 'mon-espace-', language: 'fr' }, 'slug'],
      ['an unknown language', { name: 'Valide', language: 'de' }, 'language'],
    ])('refuses %s (422) and creates nothing', async (_label, fields, field) => {
      const creator = await createAccount(db());
      const visitor = await signedIn(t.app, creator);
      const res = await visitor.submit('/spaces', fields);
      expect(res.status).toBe(422);
      expect(res.text).toContain(`id="field-${field}-errors"`);
      if (field === 'slug') {
        expect(textOf(res)).toContain('Lettres minuscules, chiffres et tirets uniquement, de 3 à 40 caractères.');
      }
      const [{ owned }] = await db().query(
        `/* cross-space: the test counts every membership of one account */ SELECT count(*)::int AS owned FROM memberships WHERE account_id = $1`,
        [creator.id],
      );
      expect(owned).toBe(0);
    });

    it('refuses a post without the CSRF token', async () => {
      const visitor = await signedIn(t.app, await createAccount(db()));
      const name = `Sans jeton ${unique()}`;
      const res = await visitor.agent.post('/spaces').type('form').send({ name, language: 'fr' });
      expect(res.status).toBe(403);
      expect(await db().query(`SELECT id FROM spaces WHERE name = $1`, [name])).toEqual([]);
    });
  });

  describe('entering a space', () => {
    it.each([
      ['admin', 'home'],
      ['supervisor', 'home'],
      ['coordinator', 'home'],
      ['member', 'field'],
    ] as const)('sends a %s to /%s', async (role, page) => {
      const { space, people } = await spaceWith([role]);
      const visitor = await signedIn(t.app, people[role]!);
      const res = await visitor.get(`/s/${space.slug}`);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/s/${space.slug}/${page}`);
      expect((await visitor.get(res.headers.location)).status).toBe(200);
    });

    it('answers 404 to someone who is not a member, exactly like a space that does not exist', async () => {
      const { space } = await spaceWith();
      const stranger = await signedIn(t.app, await createAccount(db()));
      expect((await stranger.get(`/s/${space.slug}`)).status).toBe(404);
      expect((await stranger.get(`/s/no-such-space-${unique()}`)).status).toBe(404);
    });

    it('sends a visitor who is not signed in to sign in first', async () => {
      const { space } = await spaceWith();
      const res = await new Visitor(t.app).get(`/s/${space.slug}`);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(`/s/${space.slug}`)}`);
    });

    it('does not show a member the desktop home (403)', async () => {
      const { space, people } = await spaceWith(['member']);
      const visitor = await signedIn(t.app, people.member!);
      expect((await visitor.get(`/s/${space.slug}/home`)).status).toBe(403);
    });
  });

  describe('joining with the code', () => {
    it('shows the form to someone signed in, and sends anyone else to sign in', async () => {
      const visitor = await signedIn(t.app, await createAccount(db()));
      const res = await visitor.get('/join');
      expect(res.status).toBe(200);
      expect(res.text).toContain('name="code"');
      expect((await new Visitor(t.app).get('/join')).headers.location).toBe('/login?next=%2Fjoin');
    });

    it('makes the person a member (never more), logs it, and welcomes them on the field home', async () => {
      const { space } = await spaceWith();
      const person = await createAccount(db());
      const visitor = await signedIn(t.app, person);
      const res = await visitor.submit('/join', { code: space.inviteCode });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/s/${space.slug}`);
      expect(await membership(space, person)).toEqual({ role: 'member', joined_via: 'code' });

      const [audit] = await auditOf(space, 'member.joined');
      expect(audit).toMatchObject({
        actor_id: person.id,
        target_type: 'account',
        target_id: person.id,
        target_label: person.email,
        details: { via: 'code', role: 'member' },
      });

      const enter = await visitor.get(`/s/${space.slug}`);
      expect(enter.headers.location).toBe(`/s/${space.slug}/field`);
      const field = await visitor.get(enter.headers.location);
      expect(field.status).toBe(200);
      expect(textOf(field)).toContain(`Bienvenue dans « ${space.name} » !`);
    });

    it.each([
      ['lower case', (code: string) => code.toLowerCase()],
      ['with a dash in the middle', (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`],
      ['with spaces around and inside', (code: string) => `  ${code.slice(0, 4)} ${code.slice(4).toLowerCase()}  `],
      ['with dashes and spaces mixed', (code: string) => `${code.slice(0, 2)} - ${code.slice(2, 6)}-${code.slice(6)}`],
    ])('accepts the code typed %s', async (_label, typed) => {
      const { space } = await spaceWith();
      const person = await createAccount(db());
      const visitor = await signedIn(t.app, person);
      const res = await visitor.submit('/join', { code: typed(space.inviteCode) });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/s/${space.slug}`);
      expect(await membership(space, person)).toMatchObject({ role: 'member' });
    });

    it('refuses an unknown code (422) with a helpful message, and joins nothing', async () => {
      const { space } = await spaceWith();
      const person = await createAccount(db());
      const visitor = await signedIn(t.app, person);
      const wrong = space.inviteCode.slice(0, 7) + (space.inviteCode.endsWith('2') ? '3' : '2');
      const res = await visitor.submit('/join', { code: wrong });
      expect(res.status).toBe(422);
      expect(textOf(res)).toContain("Aucun espace n'a ce code. Vérifiez-le auprès de la personne qui vous l'a donné.");
      expect(res.text).toContain(`value="${wrong}"`);
      expect(await membership(space, person)).toBeUndefined();
      expect(await auditOf(space, 'member.joined')).toEqual([]);
    });

    it('refuses a blank code (422) and a code far too long (422)', async () => {
      const visitor = await signedIn(t.app, await createAccount(db()));
      const blank = await visitor.submit('/join', { code: '  ' });
      expect(blank.status).toBe(422);
      expect(blank.text).toContain('id="field-code-errors"');
      const long = await visitor.submit('/join', { code: 'A'.repeat(21) });
      expect(long.status).toBe(422);
      expect(long.text).toContain('id="field-code-errors"');
    });

    it('tells someone already a member, keeps their role and logs nothing', async () => {
      const { space, people } = await spaceWith(['supervisor']);
      const visitor = await signedIn(t.app, people.supervisor!);
      const res = await visitor.submit('/join', { code: space.inviteCode });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/s/${space.slug}`);
      expect(await membership(space, people.supervisor!)).toMatchObject({ role: 'supervisor' });
      expect(await auditOf(space, 'member.joined')).toEqual([]);
      const home = await visitor.get(`/s/${space.slug}/home`);
      expect(home.status).toBe(200);
      expect(textOf(home)).toContain(`Vous êtes déjà membre de « ${space.name} ».`);
      expect(home.text).toContain('alert-info');
    });

    it('sends a visitor who is not signed in to sign in instead of joining', async () => {
      const { space } = await spaceWith();
      const anonymous = new Visitor(t.app);
      await anonymous.open('/login');
      const res = await anonymous.submit('/join', { code: space.inviteCode });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/login?next=%2Fjoin');
    });
  });

  describe('settings', () => {
    it('shows an admin the settings, with the code and the modules (mandates off)', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const res = await visitor.get(`/s/${space.slug}/settings`);
      expect(res.status).toBe(200);
      expect(res.text).toContain(`value="${space.name}"`);
      expect(res.text).toContain(`value="${space.slug}"`);
      expect(res.text).toContain(space.inviteCode);
      for (const module of DEFAULT_MODULES) {
        expect(res.text).toContain(`name="modules" value="${module}" checked`);
      }
      expect(res.text).toContain('name="modules" value="mandates">');
    });

    it.each(['supervisor', 'coordinator', 'member'] as const)(
      'refuses a %s every settings page and action (403), changing nothing',
      async (role) => {
        const { space, people } = await spaceWith([role]);
        const visitor = await signedIn(t.app, people[role]!);
        const before = await spaceRow(space.id);
        expect((await visitor.get(`/s/${space.slug}/settings`)).status).toBe(403);
        const posts = [
          await visitor.submit(`/s/${space.slug}/settings`, { name: 'Pris', slug: `pris-${unique()}`, language: 'en' }),
          await visitor.submit(`/s/${space.slug}/settings/modules`, { modules: [...SPACE_MODULES] }),
          await visitor.submit(`/s/${space.slug}/settings/invite-code`, {}),
        ];
        expect(posts.map((res) => res.status)).toEqual([403, 403, 403]);
        expect(await spaceRow(space.id)).toEqual(before);
      },
    );

    it('answers 404 to the admin of another space, changing nothing', async () => {
      const { space } = await spaceWith();
      const other = await spaceWith();
      const visitor = await signedIn(t.app, other.admin);
      const before = await spaceRow(space.id);
      expect((await visitor.get(`/s/${space.slug}/settings`)).status).toBe(404);
      const res = await visitor.submit(`/s/${space.slug}/settings`, {
        name: 'Volé',
        slug: `vole-${unique()}`,
        language: 'fr',
      });
      expect(res.status).toBe(404);
      expect((await visitor.submit(`/s/${space.slug}/settings/invite-code`, {})).status).toBe(404);
      expect(await spaceRow(space.id)).toEqual(before);
    });

    it('saves name, address, language and contact address, moves the space, and logs what changed', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const slug = `nouvelle-adresse-${unique()}`;
      const res = await visitor.submit(`/s/${space.slug}/settings`, {
        name: 'Nouveau nom',
        slug,
        language: 'en',
        contactEmail: 'Contact@Example.org',
      });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/s/${slug}/settings`);
      expect(await spaceRow(space.id)).toMatchObject({
        name: 'Nouveau nom',
        slug,
        language: 'en',
        contact_email: 'Contact@Example.org',
      });
      // The old address answers like a space that never existed.
      expect((await visitor.get(`/s/${space.slug}/settings`)).status).toBe(404);
      const page = await visitor.get(`/s/${slug}/settings`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('value="Nouveau nom"');

      const [audit] = await auditOf(space, 'space.settings_changed');
      expect(audit).toMatchObject({ actor_id: admin.id, target_type: 'space', target_label: 'Nouveau nom' });
      expect([...audit.details.changed].sort()).toEqual(['contactEmail', 'language', 'name', 'slug']);
    });

    it('shows the confirmation after saving', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const res = await visitor.submit(`/s/${space.slug}/settings`, {
        name: `${space.name} bis`,
        slug: space.slug,
        language: 'fr',
      });
      expect(res.status).toBe(303);
      expect(textOf(await visitor.get(res.headers.location))).toContain('Paramètres enregistrés.');
    });

    it('logs only the fields that changed, and nothing when nothing changed', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const same = { name: space.name, slug: space.slug, language: 'fr' };
      await visitor.submit(`/s/${space.slug}/settings`, same);
      expect(await auditOf(space, 'space.settings_changed')).toEqual([]);
      await visitor.submit(`/s/${space.slug}/settings`, { ...same, name: 'Autre nom' });
      const rows = await auditOf(space, 'space.settings_changed');
      expect(rows).toHaveLength(1);
      expect(rows[0].details).toEqual({ changed: ['name'] });
    });

    it('clears the contact address when the field is emptied', async () => {
      const { admin, space } = await spaceWith();
      await db().query(`UPDATE spaces SET contact_email = 'x@example.org' WHERE id = $1`, [space.id]);
      const visitor = await signedIn(t.app, admin);
      const res = await visitor.submit(`/s/${space.slug}/settings`, {
        name: space.name,
        slug: space.slug,
        language: 'fr',
        contactEmail: '  ',
      });
      expect(res.status).toBe(303);
      expect((await spaceRow(space.id)).contact_email).toBeNull();
    });

    it('refuses an address taken by another space (422) and changes nothing', async () => {
      const { admin, space } = await spaceWith();
      const other = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const before = await spaceRow(space.id);
      const res = await visitor.submit(`/s/${space.slug}/settings`, {
        name: 'Autre nom',
        slug: other.space.slug,
        language: 'fr',
      });
      expect(res.status).toBe(422);
      expect(textOf(res)).toContain('Cette adresse est déjà prise.');
      expect(await spaceRow(space.id)).toEqual(before);
      expect(await auditOf(space, 'space.settings_changed')).toEqual([]);
    });

    it.each([
      ['a blank name', { name: '', language: 'fr' }, 'name'],
      ['a blank address', { slug: '', language: 'fr' }, 'slug'],
      ['an address with spaces', { slug: 'mon espace', language: 'fr' }, 'slug'],
      ['an unknown language', { language: 'it' }, 'language'],
      ['an invalid contact address', { contactEmail: 'pas-une-adresse', language: 'fr' }, 'contactEmail'],
    ])('refuses %s (422) and changes nothing', async (_label, fields, field) => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const before = await spaceRow(space.id);
      const res = await visitor.submit(`/s/${space.slug}/settings`, {
        name: space.name,
        slug: space.slug,
        ...fields,
      });
      expect(res.status).toBe(422);
      expect(res.text).toContain(`id="field-${field}-errors"`);
      expect(await spaceRow(space.id)).toEqual(before);
    });

    it('answers an htmx post with the form fragment alone, errors included', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const res = await visitor.htmxSubmit(`/s/${space.slug}/settings`, { name: '', slug: space.slug, language: 'fr' });
      expect(res.status).toBe(422);
      expect(res.text.trimStart()).toMatch(/^<form id="settings-form"/);
      expect(res.text).not.toContain('<html');
    });
  });

  describe('modules', () => {
    it('turns mandates on (off by default) and logs what was enabled', async () => {
      const { admin, space } = await spaceWith();
      expect((await spaceRow(space.id)).enabled_modules).not.toContain('mandates');
      const visitor = await signedIn(t.app, admin);
      const res = await visitor.submit(`/s/${space.slug}/settings/modules`, {
        modules: [...DEFAULT_MODULES, 'mandates'],
      });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/s/${space.slug}/settings`);
      expect((await spaceRow(space.id)).enabled_modules).toContain('mandates');

      const [audit] = await auditOf(space, 'space.modules_changed');
      expect(audit).toMatchObject({
        actor_id: admin.id,
        target_type: 'space',
        target_id: space.id,
        details: { enabled: ['mandates'], disabled: [] },
      });
      const page = await visitor.get(res.headers.location);
      expect(textOf(page)).toContain('Modules enregistrés.');
      expect(page.text).toContain('name="modules" value="mandates" checked');
    });

    it('turns modules off, a single checked box included, and logs what was disabled', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      // One checkbox checked: the browser sends a plain string, not a list.
      const res = await visitor.submit(`/s/${space.slug}/settings/modules`, { modules: 'contacts' });
      expect(res.status).toBe(303);
      expect((await spaceRow(space.id)).enabled_modules).toEqual(['contacts']);
      const [audit] = await auditOf(space, 'space.modules_changed');
      expect(audit.details.enabled).toEqual([]);
      expect([...audit.details.disabled].sort()).toEqual(DEFAULT_MODULES.filter((m) => m !== 'contacts').sort());
    });

    it('turns every module off when no box is checked', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const res = await visitor.submit(`/s/${space.slug}/settings/modules`, {});
      expect(res.status).toBe(303);
      expect((await spaceRow(space.id)).enabled_modules).toEqual([]);
      expect(await auditOf(space, 'space.modules_changed')).toHaveLength(1);
    });

    it('logs nothing when the modules did not change', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const res = await visitor.submit(`/s/${space.slug}/settings/modules`, { modules: [...DEFAULT_MODULES] });
      expect(res.status).toBe(303);
      expect(await auditOf(space, 'space.modules_changed')).toEqual([]);
    });

    it('refuses a module that does not exist (422) and changes nothing', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const before = await spaceRow(space.id);
      const res = await visitor.submit(`/s/${space.slug}/settings/modules`, { modules: ['contacts', 'casino'] });
      expect(res.status).toBe(422);
      expect(await spaceRow(space.id)).toEqual(before);
      expect(await auditOf(space, 'space.modules_changed')).toEqual([]);
    });
  });

  describe('invitation code', () => {
    it('makes a new unambiguous code, logs it, and the old code stops working', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const res = await visitor.submit(`/s/${space.slug}/settings/invite-code`, {});
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/s/${space.slug}/settings#invite-code`);
      const { invite_code: code } = await spaceRow(space.id);
      expect(code).not.toBe(space.inviteCode);
      expect(code).toMatch(INVITE_CODE);
      expect(code).toMatch(/[2-9]/);

      const [audit] = await auditOf(space, 'space.invite_code_regenerated');
      expect(audit).toMatchObject({ actor_id: admin.id, target_type: 'space', target_id: space.id });
      // The code itself is not written to the log.
      expect(JSON.stringify(audit)).not.toContain(code);

      const page = await visitor.get(`/s/${space.slug}/settings`);
      expect(page.text).toContain(code);
      expect(textOf(page)).toContain("Nouveau code d'invitation généré.");

      const late = await signedIn(t.app, await createAccount(db()));
      expect((await late.submit('/join', { code: space.inviteCode })).status).toBe(422);
      const early = await createAccount(db());
      const visitorWithNewCode = await signedIn(t.app, early);
      expect((await visitorWithNewCode.submit('/join', { code: code.toLowerCase() })).status).toBe(303);
      expect(await membership(space, early)).toMatchObject({ role: 'member', joined_via: 'code' });
    });

    it('keeps email invitations sent before working', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const invited = await createAccount(db(), { email: `code-${unique()}@example.org` });
      const sent = await visitor.agent
        .post(`/s/${space.slug}/invitations`)
        .set('X-CSRF-Token', visitor.csrf)
        .field('emails', invited.email)
        .field('role', 'supervisor');
      expect(sent.status).toBe(303);
      const [mail] = await db().query(`SELECT text_body FROM mail_outbox WHERE to_address = $1`, [invited.email]);
      const token = /\/invitations\/([A-Za-z0-9_-]+)/.exec(mail.text_body)![1];

      expect((await visitor.submit(`/s/${space.slug}/settings/invite-code`, {})).status).toBe(303);

      const guest = await signedIn(t.app, invited);
      expect((await guest.get(`/invitations/${token}`)).status).toBe(200);
      const accepted = await guest.submit(`/invitations/${token}/accept`, {});
      expect(accepted.status).toBe(303);
      expect(accepted.headers.location).toBe(`/s/${space.slug}`);
      expect(await membership(space, invited)).toEqual({ role: 'supervisor', joined_via: 'invitation' });
    });

    it('gives a different code each time', async () => {
      const { admin, space } = await spaceWith();
      const visitor = await signedIn(t.app, admin);
      const codes = new Set([space.inviteCode]);
      for (let i = 0; i < 3; i++) {
        await visitor.submit(`/s/${space.slug}/settings/invite-code`, {});
        codes.add((await spaceRow(space.id)).invite_code);
      }
      expect(codes.size).toBe(4);
      expect(await auditOf(space, 'space.invite_code_regenerated')).toHaveLength(3);
    });
  });

  describe('leaving a space', () => {
    it('refuses the last admin (409) and keeps them', async () => {
      const { admin, space } = await spaceWith(['member']);
      const visitor = await signedIn(t.app, admin);
      const res = await visitor.submit(`/s/${space.slug}/leave`, {});
      expect(res.status).toBe(409);
      expect(textOf(res)).toContain("L'espace doit garder au moins un·e administrateur·rice");
      expect(await membership(space, admin)).toMatchObject({ role: 'admin' });
      expect(await auditOf(space, 'member.left')).toEqual([]);
    });

    it.each(['member', 'coordinator', 'supervisor'] as const)(
      'lets a %s leave: membership and team memberships gone, logged, space closed to them',
      async (role) => {
        const { space, people } = await spaceWith([role]);
        const person = people[role]!;
        const team = await createTeam(db(), space);
        const otherTeam = await createTeam(db(), space);
        await addToTeam(db(), space, team.id, person, role === 'coordinator');
        await addToTeam(db(), space, otherTeam.id, person);
        const visitor = await signedIn(t.app, person);
        const res = await visitor.submit(`/s/${space.slug}/leave`, {});
        expect(res.status).toBe(303);
        expect(res.headers.location).toBe('/spaces');

        expect(await membership(space, person)).toBeUndefined();
        const teamRows = await db().query(`SELECT team_id FROM team_members WHERE space_id = $1 AND account_id = $2`, [
          space.id,
          person.id,
        ]);
        expect(teamRows).toEqual([]);
        // The teams themselves stay.
        const teams = await db().query(`SELECT id FROM teams WHERE space_id = $1`, [space.id]);
        expect(teams).toHaveLength(2);

        const [audit] = await auditOf(space, 'member.left');
        expect(audit).toMatchObject({
          actor_id: person.id,
          target_type: 'account',
          target_id: person.id,
          details: { role },
        });

        const list = await visitor.get('/spaces');
        expect(list.status).toBe(200);
        expect(textOf(list)).toContain(`Vous avez quitté « ${space.name} ».`);
        expect((await visitor.get(`/s/${space.slug}`)).status).toBe(404);
      },
    );

    it('lets an admin leave when another admin remains', async () => {
      const { admin, space } = await spaceWith();
      const second = await createAccount(db());
      await addMember(db(), space, second, 'admin');
      const visitor = await signedIn(t.app, admin);
      const res = await visitor.submit(`/s/${space.slug}/leave`, {});
      expect(res.status).toBe(303);
      expect(await membership(space, admin)).toBeUndefined();
      // The remaining admin is now the last one.
      const last = await signedIn(t.app, second);
      expect((await last.submit(`/s/${space.slug}/leave`, {})).status).toBe(409);
      expect(await membership(space, second)).toMatchObject({ role: 'admin' });
    });

    it('leaves only this space, not the person’s other spaces', async () => {
      const person = await createAccount(db());
      const first = await spaceWith();
      const second = await spaceWith();
      await addMember(db(), first.space, person, 'member');
      await addMember(db(), second.space, person, 'member');
      const visitor = await signedIn(t.app, person);
      expect((await visitor.submit(`/s/${first.space.slug}/leave`, {})).status).toBe(303);
      expect(await membership(first.space, person)).toBeUndefined();
      expect(await membership(second.space, person)).toMatchObject({ role: 'member' });
    });

    it('answers 404 to someone who is not a member', async () => {
      const { space } = await spaceWith(['member']);
      const stranger = await signedIn(t.app, await createAccount(db()));
      expect((await stranger.submit(`/s/${space.slug}/leave`, {})).status).toBe(404);
      expect(await auditOf(space, 'member.left')).toEqual([]);
    });

    it('can join again with the code after leaving, as a member', async () => {
      const { space, people } = await spaceWith(['supervisor']);
      const visitor = await signedIn(t.app, people.supervisor!);
      expect((await visitor.submit(`/s/${space.slug}/leave`, {})).status).toBe(303);
      expect((await visitor.submit('/join', { code: space.inviteCode })).status).toBe(303);
      expect(await membership(space, people.supervisor!)).toEqual({ role: 'member', joined_via: 'code' });
    });
  });
});
