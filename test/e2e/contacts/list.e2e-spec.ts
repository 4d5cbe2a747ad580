import {
  addMember,
  addToTeam,
  createAccount,
  createSpace,
  createTeam,
  type TestAccount,
  type TestSpace,
} from '../../factories/community.factory';
import { createContact, insertContacts } from '../../factories/contacts.factory';
import type { Visitor } from '../../support/http-client';
import { signedIn } from '../../support/sign-in';
import { bootTestApp, type TestApp } from '../../support/test-app';
import { allListed, levelsOf, listedIds, moreQuery, unescapeHtml, walkList } from './contacts-pages';

jest.setTimeout(180_000);

describe('the contacts list', () => {
  let t: TestApp;
  let space: TestSpace;
  let admin: TestAccount;
  let visitor: Visitor;
  let levels: { id: string; label: string }[];
  /** The contacts of the filters' space, by the name of the person. */
  const c: Record<string, string> = {};

  const at = (day: string) => new Date(`${day}T12:00:00.000Z`);

  beforeAll(async () => {
    t = await bootTestApp();
    const db = t.dataSource;
    admin = await createAccount(db, { name: 'Alice Admin' });
    space = await createSpace(db, admin, { name: 'Filtres' });
    levels = await levelsOf(db, space.id);
    const base = { created_by: admin.id };
    c.helene = await createContact(db, space, {
      ...base,
      first_name: 'Hélène',
      last_name: 'Dupré',
      email: 'h.dupre@exemple.fr',
      phone: '+33612345678',
      phone_raw: '0612345678',
      street_number: '12',
      street: 'rue Achard',
      postcode: '33300',
      city: 'Bordeaux',
      support_level_id: levels[2].id,
      tags: ['école', 'transports'],
      origin: 'field',
      consent_email: true,
      consent_sms: false,
      created_at: at('2024-03-01'),
      updated_at: at('2024-03-05'),
      last_interaction_at: at('2024-03-10'),
    });
    c.heleneMartin = await createContact(db, space, {
      ...base,
      first_name: 'HELENE',
      last_name: 'MARTIN',
      postcode: '33130',
      city: 'Bègles',
      support_level_id: levels[3].id,
      tags: ['école'],
      origin: 'import',
      consent_email: false,
      created_at: at('2024-03-02'),
      updated_at: at('2024-04-01'),
      last_interaction_at: null,
    });
    c.jean = await createContact(db, space, {
      ...base,
      first_name: 'Jean',
      last_name: 'Dupont',
      email: 'jean.dupont@example.org',
      phone: '+33556000000',
      phone_raw: '05 56 00 00 00',
      street: 'cours de la Marne',
      city: 'Pessac',
      postcode: '33600',
      tags: ['transports'],
      origin: 'manual',
      consent_phone: true,
      created_at: at('2024-03-15'),
      updated_at: at('2024-03-16'),
      last_interaction_at: at('2024-04-15'),
    });
    c.zoe = await createContact(db, space, {
      ...base,
      first_name: 'Zoë',
      last_name: 'Lefèvre',
      email: 'zoe@exemple.fr',
      street: 'avenue Thiers',
      postcode: '33130',
      city: 'BÈGLES',
      support_level_id: levels[0].id,
      tags: ['logement'],
      origin: 'form',
      consent_post: true,
      created_at: at('2024-04-01'),
      updated_at: at('2024-04-02'),
      last_interaction_at: at('2024-03-20'),
    });
    c.pierre = await createContact(db, space, {
      ...base,
      first_name: 'Pierre',
      last_name: 'Adu',
      phone: '+32470123456',
      phone_raw: '+32 470 12 34 56',
      street: 'rue Judaïque',
      origin: 'manual',
      created_at: at('2024-02-01'),
      updated_at: at('2024-02-01'),
      last_interaction_at: at('2024-02-02'),
    });
    // Asked not to be contacted again: every consent revoked.
    c.marc = await createContact(db, space, {
      ...base,
      first_name: 'Marc',
      last_name: 'Noir',
      email: 'marc.noir@exemple.fr',
      city: 'Bordeaux',
      postcode: '33300',
      support_level_id: levels[2].id,
      tags: ['école'],
      origin: 'field',
      consent_email: false,
      consent_sms: false,
      consent_phone: false,
      consent_post: false,
      do_not_contact: true,
      created_at: at('2024-03-03'),
      updated_at: at('2024-03-03'),
    });
    // Merged and erased contacts are never listed.
    await createContact(db, space, { ...base, first_name: 'Hélène', last_name: 'Fusionnée', merged_into: c.helene });
    await createContact(db, space, { ...base, first_name: 'Hélène', last_name: 'Effacée', erased_at: new Date() });
    // Another space with a look-alike: never shown here.
    const otherAdmin = await createAccount(db, { name: 'Autre Admin' });
    const other = await createSpace(db, otherAdmin, { name: 'Ailleurs' });
    await createContact(db, other, {
      first_name: 'Hélène',
      last_name: 'Dupré',
      city: 'Bègles',
      tags: ['école'],
      created_by: otherAdmin.id,
    });
    visitor = await signedIn(t.app, admin);
  });
  afterAll(() => t.close());

  const list = (query = '') => allListed(visitor, space.slug, query);
  const names = (ids: string[]) => ids.map((id) => Object.keys(c).find((name) => c[name] === id) ?? id);
  const listed = async (query: string) => names(await list(query));

  describe('search', () => {
    it('ignores case and accents over names', async () => {
      expect(await listed('q=helene')).toEqual(['helene', 'heleneMartin']);
      expect(await listed('q=HÉLÈNE')).toEqual(['helene', 'heleneMartin']);
      expect(await listed(`q=${encodeURIComponent('Dupré')}`)).toEqual(['helene']);
      expect(await listed('q=dupre')).toEqual(['helene']);
      expect(await listed('q=LEFEVRE')).toEqual(['zoe']);
      expect(await listed('q=helene%20dupre')).toEqual(['helene']);
      expect(await listed('q=%20%20helene%20%20')).toEqual(['helene', 'heleneMartin']);
    });

    it('finds part of an email address, and the city', async () => {
      expect(await listed('q=exemple.fr')).toEqual(['helene', 'zoe']);
      expect(await listed('q=h.dupre')).toEqual(['helene']);
      expect(await listed('q=jean.dupont%40example')).toEqual(['jean']);
      expect(await listed('q=begles')).toEqual(['zoe', 'heleneMartin']);
      expect(await listed(`q=${encodeURIComponent('Bègles')}`)).toEqual(['zoe', 'heleneMartin']);
      expect(await listed('q=pessac')).toEqual(['jean']);
    });

    it('finds a phone number however it is typed', async () => {
      for (const typed of [
        '06 12 34 56 78',
        '0612345678',
        '06.12.34.56.78',
        '+33 6 12 34 56 78',
        '+33612345678',
        '0033 6 12 34 56 78',
        '06 12',
        '34 56 78',
      ]) {
        expect({ typed, found: await listed(`q=${encodeURIComponent(typed)}`) }).toEqual({ typed, found: ['helene'] });
      }
      expect(await listed(`q=${encodeURIComponent('05 56 00 00 00')}`)).toEqual(['jean']);
      expect(await listed(`q=${encodeURIComponent('+32 470 12 34 56')}`)).toEqual(['pierre']);
      expect(await listed(`q=${encodeURIComponent('06 99 99 99 99')}`)).toEqual([]);
    });

    it('looks for names starting with a search of one or two characters', async () => {
      // Last names (Dupont, Dupré) and first names (Hélène, HELENE) alike, not inside a name (Adu).
      expect(await listed('q=du')).toEqual(['jean', 'helene']);
      expect(await listed('q=DU')).toEqual(['jean', 'helene']);
      expect(await listed(`q=${encodeURIComponent('hé')}`)).toEqual(['helene', 'heleneMartin']);
      expect(await listed('q=z')).toEqual(['zoe']);
      expect(await listed('q=le')).toEqual(['zoe']);
      expect(await listed('q=a')).toEqual(['pierre']);
    });

    it('takes the text literally', async () => {
      expect(await listed('q=%25')).toEqual([]);
      expect(await listed('q=_')).toEqual([]);
      expect(await listed('q=%25%25%25')).toEqual([]);
      expect(await listed('q=h_l')).toEqual([]);
    });
  });

  describe('filters', () => {
    it('filters on support levels, and on "no level"', async () => {
      expect(await listed(`level=${levels[2].id}`)).toEqual(['helene']);
      expect(await listed(`level=${levels[2].id}&level=${levels[0].id}`)).toEqual(['helene', 'zoe']);
      expect(await listed('level=none')).toEqual(['pierre', 'jean']);
      expect(await listed(`level=none&level=${levels[3].id}`)).toEqual(['pierre', 'jean', 'heleneMartin']);
      expect(await listed(`level=${levels[5].id}`)).toEqual([]);
    });

    it('filters on tags, any of them or all of them', async () => {
      expect(await listed(`tag=${encodeURIComponent('école')}`)).toEqual(['helene', 'heleneMartin']);
      expect(await listed(`tag=${encodeURIComponent('école')}&tag=transports`)).toEqual([
        'jean',
        'helene',
        'heleneMartin',
      ]);
      expect(await listed(`tag=${encodeURIComponent('école, transports')}`)).toEqual([
        'jean',
        'helene',
        'heleneMartin',
      ]);
      expect(await listed(`tag=${encodeURIComponent('école')}&tag=transports&tags_mode=all`)).toEqual(['helene']);
      expect(await listed(`tag=${encodeURIComponent('école,transports,logement')}&tags_mode=all`)).toEqual([]);
      expect(await listed('tag=inconnue')).toEqual([]);
    });

    it('filters on the consent of each channel: granted, refused or never asked', async () => {
      expect(await listed('consent=email:granted')).toEqual(['helene']);
      expect(await listed('consent=email:refused')).toEqual(['heleneMartin']);
      expect(await listed('consent=email:unknown')).toEqual(['pierre', 'jean', 'zoe']);
      expect(await listed('consent=sms:refused')).toEqual(['helene']);
      expect(await listed('consent=phone:granted')).toEqual(['jean']);
      expect(await listed('consent=post:granted')).toEqual(['zoe']);
      expect(await listed('consent=post:unknown')).toEqual(['pierre', 'jean', 'helene', 'heleneMartin']);
    });

    it('filters on origin', async () => {
      expect(await listed('origin=field')).toEqual(['helene']);
      expect(await listed('origin=import&origin=form')).toEqual(['zoe', 'heleneMartin']);
      expect(await listed('origin=manual')).toEqual(['pierre', 'jean']);
    });

    it('filters on creation, change and last interaction dates, both days included', async () => {
      expect(await listed('created_from=2024-03-01&created_to=2024-03-02')).toEqual(['helene', 'heleneMartin']);
      expect(await listed('created_from=2024-03-02')).toEqual(['jean', 'zoe', 'heleneMartin']);
      expect(await listed('created_to=2024-03-01')).toEqual(['pierre', 'helene']);
      expect(await listed('created_from=2024-03-15&created_to=2024-03-15')).toEqual(['jean']);
      expect(await listed('updated_from=2024-04-01')).toEqual(['zoe', 'heleneMartin']);
      expect(await listed('updated_to=2024-03-05')).toEqual(['pierre', 'helene']);
      expect(await listed('seen_from=2024-03-10&seen_to=2024-03-20')).toEqual(['helene', 'zoe']);
      expect(await listed('seen_from=2024-04-15')).toEqual(['jean']);
      // A range that ends before it starts selects nobody.
      expect(await listed('created_from=2024-04-01&created_to=2024-03-01')).toEqual([]);
    });

    it('filters on whether an email, a phone or an address is known', async () => {
      expect(await listed('email=yes')).toEqual(['jean', 'helene', 'zoe']);
      expect(await listed('email=no')).toEqual(['pierre', 'heleneMartin']);
      expect(await listed('phone=yes')).toEqual(['pierre', 'jean', 'helene']);
      expect(await listed('phone=no')).toEqual(['zoe', 'heleneMartin']);
      // An address is a street with a postcode or a city.
      expect(await listed('address=yes')).toEqual(['jean', 'helene', 'zoe']);
      expect(await listed('address=no')).toEqual(['pierre', 'heleneMartin']);
      expect(await listed('email=yes&phone=yes&address=yes')).toEqual(['jean', 'helene']);
    });

    it('filters on postcode, and on city without case or accents', async () => {
      expect(await listed('postcode=33130')).toEqual(['zoe', 'heleneMartin']);
      expect(await listed('postcode=33000')).toEqual([]);
      expect(await listed('city=begles')).toEqual(['zoe', 'heleneMartin']);
      expect(await listed(`city=${encodeURIComponent('Bègles')}`)).toEqual(['zoe', 'heleneMartin']);
      expect(await listed('city=BORDEAUX')).toEqual(['helene']);
      // The whole name of the city, not a part of it.
      expect(await listed('city=bord')).toEqual([]);
    });

    it('leaves "do not contact" people out of the list unless asked for', async () => {
      const everyoneElse = ['pierre', 'jean', 'helene', 'zoe', 'heleneMartin'];
      expect(await listed('')).toEqual(everyoneElse);
      expect(await listed('dnc=exclude')).toEqual(everyoneElse);
      expect(await listed('dnc=include')).toEqual(['pierre', 'jean', 'helene', 'zoe', 'heleneMartin', 'marc']);
      expect(await listed('dnc=only')).toEqual(['marc']);
      // Even when another filter matches them.
      expect(await listed(`tag=${encodeURIComponent('école')}`)).toEqual(['helene', 'heleneMartin']);
      expect(await listed('q=marc')).toEqual([]);
      expect(await listed('q=marc&dnc=include')).toEqual(['marc']);
      // Marked as such when shown.
      const page = await visitor.get(`/s/${space.slug}/contacts?dnc=only`);
      expect(unescapeHtml(page.text)).toMatch(
        /Noir Marc<\/a> <span class="badge badge-danger">Ne plus contacter<\/span>/,
      );
      expect(unescapeHtml((await visitor.get(`/s/${space.slug}/contacts`)).text)).not.toContain('Noir Marc');
    });

    it('combines filters', async () => {
      expect(await listed(`q=helene&tag=${encodeURIComponent('école')}&postcode=33130`)).toEqual(['heleneMartin']);
      expect(await listed(`level=none&phone=yes&origin=manual&created_from=2024-03-01`)).toEqual(['jean']);
      expect(await listed(`city=begles&consent=post:granted&email=yes`)).toEqual(['zoe']);
      expect(await listed(`tag=${encodeURIComponent('école')}&dnc=include&city=bordeaux`)).toEqual(['helene', 'marc']);
      expect(await listed(`q=exemple&level=${levels[0].id}&sort=created`)).toEqual(['zoe']);
    });

    it('never shows another space’s contacts', async () => {
      const all = await list('dnc=include');
      const [row] = await t.dataSource.query(
        'SELECT count(*)::int AS n FROM contacts WHERE space_id = $1 AND merged_into IS NULL AND erased_at IS NULL',
        [space.id],
      );
      expect(all).toHaveLength(row.n);
      expect(new Set(all)).toEqual(new Set(Object.values(c)));
    });

    it('ignores invalid values, says which ones, and applies the rest', async () => {
      const res = await visitor.get(
        `/s/${space.slug}/contacts?city=begles&level=pas-un-id&created_from=2024-02-30&created_to=demain&seen_from=0000-01-01` +
          '&sort=hasard&consent=email:peut-etre&email=peut-etre&dnc=jamais&tags_mode=plusieurs&origin=pigeon',
      );
      expect(res.status).toBe(200);
      expect(listedIds(res.text).map((id) => names([id])[0])).toEqual(['zoe', 'heleneMartin']);
      const text = unescapeHtml(res.text);
      expect(text).toContain('Ces filtres de l’adresse ne sont pas valides et ont été ignorés');
      for (const label of [
        'niveau de soutien',
        'créé à partir du',
        'créé jusqu’au',
        'dernier contact à partir du',
        'tri',
        'consentement',
        'adresse e-mail renseignée ou non',
        'ne plus contacter',
        'étiquettes (l’une ou toutes)',
        'origine',
      ]) {
        expect(text).toContain(`<li>${label}</li>`);
      }
      // The address pushed is the filter kept.
      const pushed = await visitor
        .get(`/s/${space.slug}/contacts?city=begles&level=pas-un-id&sort=hasard`)
        .set('HX-Request', 'true');
      expect(pushed.headers['hx-push-url']).toBe(`/s/${space.slug}/contacts?city=begles`);
      // In English too.
      const englishVisitor = await signedIn(t.app, admin);
      await englishVisitor.get('/lang/en?next=/');
      const english = await englishVisitor.get(`/s/${space.slug}/contacts?sort=random`);
      expect(unescapeHtml(english.text)).toContain('These filters of the address are not valid and were ignored:');
      expect(english.text).toContain('<li>sort</li>');
      // A valid level of another space is not an error: it just matches nobody here.
      expect(await listed('level=00000000-0000-4000-8000-000000000000')).toEqual([]);
    });
  });

  describe('sorting', () => {
    it('sorts by name, creation, last change or last interaction (never met last)', async () => {
      expect(await listed('')).toEqual(['pierre', 'jean', 'helene', 'zoe', 'heleneMartin']);
      expect(await listed('sort=name')).toEqual(['pierre', 'jean', 'helene', 'zoe', 'heleneMartin']);
      expect(await listed('sort=created')).toEqual(['zoe', 'jean', 'heleneMartin', 'helene', 'pierre']);
      expect(await listed('sort=updated')).toEqual(['zoe', 'heleneMartin', 'jean', 'helene', 'pierre']);
      expect(await listed('sort=interaction')).toEqual(['jean', 'zoe', 'helene', 'pierre', 'heleneMartin']);
    });
  });

  describe('pages', () => {
    let paged: TestSpace;
    let pagedAdmin: Visitor;
    let coordinator: TestAccount;

    beforeAll(async () => {
      const db = t.dataSource;
      const owner = await createAccount(db, { name: 'Paula Pages' });
      paged = await createSpace(db, owner, { name: 'Pages' });
      coordinator = await createAccount(db, { name: 'Colette Coordination' });
      await addMember(db, paged, coordinator, 'coordinator');
      const team = await createTeam(db, paged);
      await addToTeam(db, paged, team.id, coordinator, true);
      const [level] = await levelsOf(db, paged.id);
      // 137 live contacts with many ties: 70 share one name, creation and change times come
      // in groups of 40 and 25, a third were never met, the rest in groups of 20.
      await insertContacts(db, paged, 137, {
        first_name: "CASE WHEN g <= 70 THEN 'Jean' ELSE 'Prénom ' || (g % 9) END",
        last_name: "CASE WHEN g <= 70 THEN 'Martin' ELSE 'Nom ' || lpad((g % 13)::text, 2, '0') END",
        created_at: "timestamptz '2024-01-01 00:00:00.000Z' + ((g / 40) * interval '1 day')",
        updated_at: "timestamptz '2024-06-01 00:00:00.123Z' + ((g / 25) * interval '1 hour')",
        last_interaction_at:
          "CASE WHEN g % 3 = 0 THEN NULL ELSE timestamptz '2024-09-01 00:00:00.001Z' + ((g / 20) * interval '1 minute') END",
        tags: "CASE WHEN g % 2 = 0 THEN ARRAY['pair'] ELSE ARRAY['impair'] END",
        support_level_id: `CASE WHEN g % 4 = 0 THEN '${level.id}'::uuid END`,
        created_by: `CASE WHEN g % 5 = 0 THEN '${coordinator.id}'::uuid ELSE '${owner.id}'::uuid END`,
      });
      // Left out of the default list: never on a page.
      await insertContacts(db, paged, 6, { last_name: "'Martin'", first_name: "'Jean'", do_not_contact: 'true' });
      pagedAdmin = await signedIn(t.app, owner);
    });

    const ORDER_BY = {
      name: 'sort_name, id',
      created: 'created_at DESC, id DESC',
      updated: 'updated_at DESC, id DESC',
      interaction: 'last_interaction_at DESC NULLS LAST, id DESC',
    } as const;

    const expectedOrder = async (sort: keyof typeof ORDER_BY, where = 'TRUE'): Promise<string[]> =>
      (
        await t.dataSource.query(
          `SELECT id FROM contacts WHERE space_id = $1 AND NOT do_not_contact AND ${where} ORDER BY ${ORDER_BY[sort]}`,
          [paged.id],
        )
      ).map((row: { id: string }) => row.id);

    it.each(Object.keys(ORDER_BY) as (keyof typeof ORDER_BY)[])(
      'walks every row exactly once, in %s order, 50 at a time, ties included',
      async (sort) => {
        const pages = await walkList(pagedAdmin, paged.slug, sort === 'name' ? '' : `sort=${sort}`);
        expect(pages.map((page) => page.length)).toEqual([50, 50, 37]);
        expect(pages.flat()).toEqual(await expectedOrder(sort));
      },
    );

    it('keeps the filter in the "more" link, and pages a filtered list the same way', async () => {
      const first = await pagedAdmin.get(`/s/${paged.slug}/contacts?tag=pair&sort=interaction`);
      expect(moreQuery(first.text)).toMatch(/^tag=pair&sort=interaction&after=[A-Za-z0-9_-]+$/);
      const pages = await walkList(pagedAdmin, paged.slug, 'tag=pair&sort=interaction');
      expect(pages.map((page) => page.length)).toEqual([50, 18]);
      expect(pages.flat()).toEqual(await expectedOrder('interaction', "tags @> ARRAY['pair']"));
    });

    it('answers a forged or foreign cursor with the first page, never an error', async () => {
      const first = listedIds((await pagedAdmin.get(`/s/${paged.slug}/contacts`)).text);
      for (const after of [
        'nonsense',
        Buffer.from('["x"]').toString('base64url'),
        Buffer.from('["a","not-a-uuid"]').toString('base64url'),
      ]) {
        const res = await pagedAdmin.get(`/s/${paged.slug}/contacts?after=${after}`);
        expect(res.status).toBe(200);
        expect(listedIds(res.text)).toEqual(first);
      }
      // A well-formed cursor with a date that is not one.
      const odd = Buffer.from(JSON.stringify(['pas une date', '00000000-0000-4000-8000-000000000000'])).toString(
        'base64url',
      );
      expect((await pagedAdmin.get(`/s/${paged.slug}/contacts?sort=created&after=${odd}`)).status).toBeLessThan(500);
    });

    it('sends the next rows as a fragment to htmx, with the next "more" link out of band and no new address', async () => {
      const first = await pagedAdmin.get(`/s/${paged.slug}/contacts?sort=created`);
      const next = moreQuery(first.text)!;
      const res = await pagedAdmin.get(`/s/${paged.slug}/contacts?${next}`).set('HX-Request', 'true');
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('<html');
      expect(res.text.trimStart().startsWith('<tr>')).toBe(true);
      expect(res.text).toContain('<div id="more-contacts" hx-swap-oob="true">');
      expect(res.headers['hx-push-url']).toBeUndefined();
      expect(listedIds(res.text)).toEqual((await expectedOrder('created')).slice(50, 100));
      // Without JavaScript the same link opens a whole page.
      const page = await pagedAdmin.get(`/s/${paged.slug}/contacts?${next}`);
      expect(page.text).toContain('<html');
      expect(page.text).toContain('id="contact-filters"');
      expect(page.text).toContain('name="level"');
      expect(listedIds(page.text)).toEqual((await expectedOrder('created')).slice(50, 100));
    });

    describe('SQL', () => {
      /**
       * Every statement a request sends: TypeORM's (recorded) and the session store's, which
       * queries the pool directly (the job queue's polling on the same pool is left aside).
       */
      const statementsOf = async (send: () => PromiseLike<{ status: number }>) => {
        const pool = (t.dataSource.driver as unknown as { master: { query: (...args: unknown[]) => unknown } }).master;
        const query = pool.query;
        const sessions: string[] = [];
        pool.query = function (this: unknown, ...args: unknown[]) {
          const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string }).text ?? '');
          if (/\bsession\b/.test(text)) sessions.push(text);
          return query.apply(this, args);
        };
        const mark = t.sql.statements.length;
        try {
          const res = await send();
          expect(res.status).toBe(200);
        } finally {
          pool.query = query;
        }
        expect(sessions.length).toBeGreaterThan(0);
        return [...t.sql.since(mark), ...sessions];
      };

      it('reads a page in at most 10 statements, without OFFSET, whatever the number of rows', async () => {
        const coordinatorVisitor = await signedIn(t.app, coordinator);
        const second = moreQuery((await pagedAdmin.get(`/s/${paged.slug}/contacts`)).text)!;
        const pages = {
          'few rows': await statementsOf(() => visitor.get(`/s/${space.slug}/contacts`)),
          'many rows': await statementsOf(() => pagedAdmin.get(`/s/${paged.slug}/contacts`)),
          'second page': await statementsOf(() => pagedAdmin.get(`/s/${paged.slug}/contacts?${second}`)),
          'more rows (htmx)': await statementsOf(() =>
            pagedAdmin.get(`/s/${paged.slug}/contacts?${second}`).set('HX-Request', 'true'),
          ),
          'filtered (htmx)': await statementsOf(() =>
            pagedAdmin.get(`/s/${paged.slug}/contacts?q=martin&tag=pair&sort=updated`).set('HX-Request', 'true'),
          ),
          coordinator: await statementsOf(() => coordinatorVisitor.get(`/s/${paged.slug}/contacts?q=jean`)),
        };
        for (const [name, statements] of Object.entries(pages)) {
          expect({ name, tooMany: statements.length > 10 ? statements : [] }).toEqual({ name, tooMany: [] });
          expect({ name, offsets: statements.filter((sql) => /\bOFFSET\b/i.test(sql)) }).toEqual({ name, offsets: [] });
        }
        expect(pages['many rows'].length).toBe(pages['few rows'].length);
        // The list itself is one statement with a LIMIT, continued by a keyset condition.
        const [query] = pages['second page'].filter((sql) => /FROM contacts c LEFT JOIN support_levels/.test(sql));
        expect(query).toMatch(/\(c\.sort_name, c\.id\) > \(\$\d+, \$\d+::uuid\)/);
        expect(query).toMatch(/LIMIT \$\d+\s*$/);
      });

      it('the coordinator sees only the contacts of their teams on every page', async () => {
        const coordinatorVisitor = await signedIn(t.app, coordinator);
        const ids = await allListed(coordinatorVisitor, paged.slug, '');
        expect(ids).toEqual(await expectedOrder('name', `created_by = '${coordinator.id}'`));
        expect(ids).toHaveLength(27);
      });
    });
  });

  describe('htmx', () => {
    it('answers a filter change with the results fragment and the address to push', async () => {
      // What the filter form sends: every field, most of them empty.
      const form =
        'q=helene&level=&tag=&tags_mode=any&consent=&email=&phone=&address=&postcode=&city=&created_from=&created_to=' +
        '&updated_from=&updated_to=&seen_from=&seen_to=&dnc=&sort=name';
      const res = await visitor.get(`/s/${space.slug}/contacts?${form}`).set('HX-Request', 'true');
      expect(res.status).toBe(200);
      expect(res.text.trimStart().startsWith('<section id="contact-results"')).toBe(true);
      expect(res.text).not.toContain('<html');
      expect(res.text).not.toContain('id="contact-filters"');
      expect(res.headers['hx-push-url']).toBe(`/s/${space.slug}/contacts?q=helene`);
      expect(res.headers.vary).toMatch(/HX-Request/);
      expect(names(listedIds(res.text))).toEqual(['helene', 'heleneMartin']);
      // The list's tools and the "save this list" form follow the filter now shown.
      expect(unescapeHtml(res.text)).toContain(`href="/s/${space.slug}/contacts/bulk?q=helene"`);
      expect(res.text).toContain(
        '<input type="hidden" id="saved-list-query" name="query" value="q&#x3D;helene" hx-swap-oob="true">',
      );

      const cleared = await visitor.get(`/s/${space.slug}/contacts?q=&level=&sort=name&dnc=`).set('HX-Request', 'true');
      expect(cleared.headers['hx-push-url']).toBe(`/s/${space.slug}/contacts`);
      const sorted = await visitor.get(`/s/${space.slug}/contacts?sort=created&dnc=only`).set('HX-Request', 'true');
      expect(sorted.headers['hx-push-url']).toBe(`/s/${space.slug}/contacts?dnc=only&sort=created`);
    });

    it('gives the whole page to a normal request and to a history restore, with the filter form filled in', async () => {
      for (const headers of [{}, { 'HX-Request': 'true', 'HX-History-Restore-Request': 'true' }]) {
        const res = await visitor
          .get(`/s/${space.slug}/contacts?q=helene&tag=${encodeURIComponent('école')}&dnc=include&sort=created`)
          .set(headers);
        expect(res.status).toBe(200);
        expect(res.text).toContain('<html');
        expect(res.text).toContain('id="filter-q" type="search" name="q" value="helene"');
        expect(unescapeHtml(res.text)).toContain('id="filter-tag" name="tag" value="école"');
        expect(res.text).toMatch(/<option value="include" selected>/);
        expect(res.text).toMatch(/<option value="created" selected>/);
        expect(res.text).toContain('hx-push-url="true"');
        // Coming back is no new step in the history.
        expect(res.headers['hx-push-url']).toBeUndefined();
      }
    });
  });

  it('sent no OFFSET in any statement of this file', () => {
    expect(t.sql.statements.filter((sql) => /\bOFFSET\b/i.test(sql))).toEqual([]);
  });
});
