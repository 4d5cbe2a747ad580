import {
  addMember,
  addToTeam,
  createAccount,
  createSpace,
  createTeam,
  type TestAccount,
  type TestSpace,
} from '../../factories/community.factory';
import { insertContacts } from '../../factories/contacts.factory';
import type { Visitor } from '../../support/http-client';
import { signedIn } from '../../support/sign-in';
import { bootTestApp, type TestApp } from '../../support/test-app';
import { allListed, auditOf, levelsOf, unescapeHtml } from './contacts-pages';

jest.setTimeout(300_000);

type Person = 'admin' | 'supervisor' | 'coordinator' | 'member' | 'outsider';

describe('saved lists and bulk changes', () => {
  let t: TestApp;
  let space: TestSpace;
  let other: TestSpace;
  const people = {} as Record<Person, TestAccount>;
  const visitors = {} as Record<Person, Visitor>;
  let levels: { id: string; label: string }[];

  beforeAll(async () => {
    t = await bootTestApp();
    const db = t.dataSource;
    people.admin = await createAccount(db, { name: 'Agathe Admin' });
    space = await createSpace(db, people.admin, { name: 'Listes' });
    for (const role of ['supervisor', 'coordinator', 'member'] as const) {
      people[role] = await createAccount(db, { name: `Personne ${role}` });
      await addMember(db, space, people[role], role);
    }
    // A member of no team: the coordinator does not see their contacts.
    people.outsider = await createAccount(db, { name: 'Personne hors équipe' });
    await addMember(db, space, people.outsider, 'member');
    const team = await createTeam(db, space);
    await addToTeam(db, space, team.id, people.coordinator, true);
    await addToTeam(db, space, team.id, people.member);
    levels = await levelsOf(db, space.id);
    const otherAdmin = await createAccount(db);
    other = await createSpace(db, otherAdmin);
    for (const person of Object.keys(people) as Person[]) visitors[person] = await signedIn(t.app, people[person]);
  });
  afterAll(() => t.close());

  const savedFilters = () =>
    t.dataSource.query(
      'SELECT id, owner_id, name, query, shared FROM contact_saved_filters WHERE space_id = $1 ORDER BY created_at, id',
      [space.id],
    );
  const listsShownTo = async (person: Person) => {
    const html = unescapeHtml((await visitors[person].get(`/s/${space.slug}/contacts`)).text);
    const section = html.slice(html.indexOf('class="card saved-lists"'));
    return [...section.matchAll(/<li class="people">\s*<span><a href="[^"]*">([^<]+)<\/a>/g)].map((match) => match[1]);
  };
  const pinnedShownTo = async (person: Person) => {
    const html = unescapeHtml((await visitors[person].get(`/s/${space.slug}/contacts`)).text);
    return [...html.matchAll(/<a class="chip" href="[^"]*">([^<]+)<\/a>/g)].map((match) => match[1]);
  };
  async function save(person: Person, fields: Record<string, string>) {
    await visitors[person].open(`/s/${space.slug}/contacts`);
    return visitors[person].submit(`/s/${space.slug}/contacts/lists`, fields);
  }
  const idOf = async (name: string) =>
    (await savedFilters()).find((filter: { name: string }) => filter.name === name).id;

  describe('saved lists', () => {
    beforeAll(async () => {
      await insertContacts(t.dataSource, space, 30, {
        last_name: "'Liste ' || lpad(g::text, 2, '0')",
        tags: "CASE WHEN g % 3 = 0 THEN ARRAY['école'] WHEN g % 3 = 1 THEN ARRAY['transports'] ELSE ARRAY['logement'] END",
        support_level_id: `(ARRAY['${levels[0].id}'::uuid, '${levels[1].id}'::uuid, '${levels[2].id}'::uuid])[1 + g % 3]`,
        created_by: `CASE WHEN g % 2 = 0 THEN '${people.member.id}'::uuid ELSE '${people.admin.id}'::uuid END`,
      });
    });

    it('saves the filter with every value it has, and replays it', async () => {
      const query = `level=${levels[0].id}&level=${levels[1].id}&tag=${encodeURIComponent('école')}&tag=transports&sort=created&after=xyz&nonsense=1`;
      const res = await save('admin', { name: 'Écoles et transports', query });
      expect(res.status).toBe(303);
      const [saved] = await savedFilters();
      // Canonical: every level and tag kept, what the list does not know dropped.
      expect(saved).toMatchObject({
        owner_id: people.admin.id,
        shared: false,
        query: `level=${levels[0].id}&level=${levels[1].id}&tag=%C3%A9cole&tag=transports&sort=created`,
      });
      expect(res.headers.location).toBe(`/s/${space.slug}/contacts?${saved.query}`);
      expect(unescapeHtml((await visitors.admin.get(res.headers.location)).text)).toContain(
        'Liste « Écoles et transports » enregistrée.',
      );
      const replayed = await allListed(visitors.admin, space.slug, saved.query);
      expect(replayed).toEqual(await allListed(visitors.admin, space.slug, query));
      // Every contact of the first two levels with either tag: 20 of the 30.
      expect(replayed).toHaveLength(20);
    });

    it('saves the whole list too', async () => {
      expect((await save('admin', { name: 'Tout le monde', query: '' })).status).toBe(303);
      expect((await savedFilters()).find((filter: { name: string }) => filter.name === 'Tout le monde')).toMatchObject({
        query: '',
      });
    });

    it('saves the filter now shown, after htmx changed it without reloading the page', async () => {
      const fragment = await visitors.admin.get(`/s/${space.slug}/contacts?tag=logement`).set('HX-Request', 'true');
      const query = unescapeHtml(
        /id="saved-list-query" name="query" value="([^"]*)" hx-swap-oob="true"/.exec(fragment.text)![1],
      );
      expect(query).toBe('tag=logement');
    });

    it('keeps private lists to their owner and shares the others; members cannot share', async () => {
      expect(
        (await save('supervisor', { name: 'Partagée par la supervision', query: 'tag=logement', shared: 'on' })).status,
      ).toBe(303);
      expect((await save('supervisor', { name: 'Privée de la supervision', query: 'tag=logement' })).status).toBe(303);
      // A member's form has no "share" box; sent anyway, it is not honoured.
      const form = (await visitors.member.get(`/s/${space.slug}/contacts`)).text;
      expect(form).not.toContain('name="shared"');
      expect((await visitors.admin.get(`/s/${space.slug}/contacts`)).text).toContain('name="shared"');
      expect((await save('member', { name: 'Du membre', query: 'tag=logement', shared: 'on' })).status).toBe(303);
      expect(
        (await savedFilters()).map((filter: { name: string; shared: boolean }) => [filter.name, filter.shared]),
      ).toEqual([
        ['Écoles et transports', false],
        ['Tout le monde', false],
        ['Partagée par la supervision', true],
        ['Privée de la supervision', false],
        ['Du membre', false],
      ]);
      expect(await listsShownTo('admin')).toEqual([
        'Écoles et transports',
        'Partagée par la supervision',
        'Tout le monde',
      ]);
      expect(await listsShownTo('supervisor')).toEqual(['Partagée par la supervision', 'Privée de la supervision']);
      expect(await listsShownTo('coordinator')).toEqual(['Partagée par la supervision']);
      expect(await listsShownTo('member')).toEqual(['Du membre', 'Partagée par la supervision']);
      expect(unescapeHtml((await visitors.member.get(`/s/${space.slug}/contacts`)).text)).toContain(
        'partagée par Personne supervisor',
      );
      // A shared list is only a filter: each person still sees only their contacts in it.
      const shared = (await savedFilters()).find(
        (filter: { name: string }) => filter.name === 'Partagée par la supervision',
      );
      expect(await allListed(visitors.admin, space.slug, shared.query)).toHaveLength(10);
      const forMember = await allListed(visitors.member, space.slug, shared.query);
      expect(forMember).toHaveLength(5);
      const authors = await t.dataSource.query(
        'SELECT DISTINCT created_by FROM contacts WHERE space_id = $1 AND id = ANY($2::uuid[])',
        [space.id, forMember],
      );
      expect(authors).toEqual([{ created_by: people.member.id }]);
    });

    it('answers a list without a name with 422, on the list page, the message beside the field', async () => {
      const before = (await savedFilters()).length;
      for (const fields of [
        { name: '', query: 'tag=logement' },
        { name: '   ', query: 'tag=logement' },
        { name: 'x'.repeat(81), query: 'tag=logement' },
      ]) {
        const res = await save('admin', fields);
        expect(res.status).toBe(422);
        const html = unescapeHtml(res.text);
        expect(html).toContain('<details class="card saved-lists" open>');
        expect(html).toMatch(/id="field-name-errors">\s*<li>/);
        // The list shown is the one being saved.
        expect(html).toContain('id="saved-list-query" name="query" value="tag=logement"');
        expect(html).toContain('id="filter-tag" name="tag" value="logement"');
      }
      const empty = unescapeHtml((await save('admin', { name: '', query: '' })).text);
      expect(empty).toMatch(/id="field-name-errors">\s*<li>Donnez un nom à la liste\.<\/li>/);
      expect(await savedFilters()).toHaveLength(before);
    });

    it('pins up to four lists per person', async () => {
      const ids = [];
      for (const name of ['Un', 'Deux', 'Trois', 'Quatre', 'Cinq']) {
        await save('coordinator', { name, query: 'tag=logement' });
        ids.push(await idOf(name));
      }
      const pin = (id: string, pinned: string) =>
        visitors.coordinator.submit(`/s/${space.slug}/contacts/lists/${id}/pin`, { pinned });
      await visitors.coordinator.open(`/s/${space.slug}/contacts`);
      for (const id of ids.slice(0, 3)) expect((await pin(id, 'true')).status).toBe(303);
      // A list shared by someone else may be pinned too.
      expect((await pin(await idOf('Partagée par la supervision'), 'true')).status).toBe(303);
      expect(await pinnedShownTo('coordinator')).toEqual(['Deux', 'Partagée par la supervision', 'Trois', 'Un']);
      // Four: no fifth, with a message; the page offers no "pin" button any more.
      const page = await visitors.coordinator.open(`/s/${space.slug}/contacts`);
      expect(page.text).not.toContain('name="pinned" value="true"');
      const fifth = await pin(ids[3], 'true');
      expect(fifth.status).toBe(409);
      expect(unescapeHtml(fifth.text)).toContain('Quatre listes épinglées au plus : désépinglez-en une d’abord.');
      const htmxFifth = await visitors.coordinator.agent
        .post(`/s/${space.slug}/contacts/lists/${ids[3]}/pin`)
        .type('form')
        .set('HX-Request', 'true')
        .set('X-CSRF-Token', visitors.coordinator.csrf)
        .send({ pinned: 'true' });
      expect(htmxFifth.status).toBe(409);
      // Pinning one already pinned changes nothing and is no error.
      expect((await pin(ids[0], 'true')).status).toBe(303);
      expect(await pinnedShownTo('coordinator')).toHaveLength(4);
      expect((await pin(ids[0], 'false')).status).toBe(303);
      expect((await pin(ids[3], 'true')).status).toBe(303);
      expect(await pinnedShownTo('coordinator')).toEqual(['Deux', 'Partagée par la supervision', 'Quatre', 'Trois']);
      // Pins are each person's own.
      expect(await pinnedShownTo('admin')).toEqual([]);
      // Someone else's private list, another space's, or no list at all: 404.
      expect((await pin(await idOf('Privée de la supervision'), 'true')).status).toBe(404);
      const [foreign] = await t.dataSource.query(
        `INSERT INTO contact_saved_filters (space_id, owner_id, name, query, shared) VALUES ($1, $2, 'Ailleurs', '', true) RETURNING id`,
        [other.id, people.admin.id],
      );
      expect((await pin(foreign.id, 'true')).status).toBe(404);
      expect((await pin('00000000-0000-4000-8000-000000000000', 'true')).status).toBe(404);
      expect((await pin('pas-un-id', 'true')).status).toBe(400);
    });

    it('lets people delete their own lists, and only admins the lists others shared', async () => {
      const del = async (person: Person, name: string) => {
        await visitors[person].open(`/s/${space.slug}/contacts`);
        return visitors[person].submit(`/s/${space.slug}/contacts/lists/${await idOf(name)}/delete`, {});
      };
      expect((await del('member', 'Privée de la supervision')).status).toBe(404);
      expect((await del('coordinator', 'Partagée par la supervision')).status).toBe(404);
      expect((await del('supervisor', 'Écoles et transports')).status).toBe(404);
      // The delete button is only offered where it works.
      const member = (await visitors.member.get(`/s/${space.slug}/contacts`)).text;
      expect(member).toContain(`/contacts/lists/${await idOf('Du membre')}/delete`);
      expect(member).not.toContain(`/contacts/lists/${await idOf('Partagée par la supervision')}/delete`);
      expect((await visitors.admin.get(`/s/${space.slug}/contacts`)).text).toContain(
        `/contacts/lists/${await idOf('Partagée par la supervision')}/delete`,
      );

      expect((await del('member', 'Du membre')).status).toBe(303);
      // An admin removes a shared list; it leaves the pins of those who had pinned it.
      expect((await del('admin', 'Partagée par la supervision')).status).toBe(303);
      expect(await pinnedShownTo('coordinator')).toEqual(['Deux', 'Quatre', 'Trois']);
      expect((await savedFilters()).map((filter: { name: string }) => filter.name)).not.toContain('Du membre');
    });
  });

  describe('bulk changes', () => {
    const TAG = 'campagne';
    let countOf: (sql: string, values?: unknown[]) => Promise<number>;

    beforeAll(async () => {
      // 3,000 contacts with the tag (a tenth of them asked not to be contacted), 600 of the
      // member's among them; 500 without; 100 in another space with the same tag.
      await insertContacts(t.dataSource, space, 3000, {
        last_name: "'Lot ' || g",
        postcode: "CASE WHEN g % 5 = 0 THEN '33000' ELSE '33600' END",
        tags: `ARRAY['${TAG}']`,
        support_level_id: `CASE WHEN g % 2 = 0 THEN '${levels[1].id}'::uuid END`,
        do_not_contact: 'g % 10 = 0',
        created_by: `CASE WHEN g % 5 = 1 THEN '${people.member.id}'::uuid ELSE '${people.admin.id}'::uuid END`,
      });
      await insertContacts(t.dataSource, space, 500, {
        last_name: "'Hors lot ' || g",
        created_by: `'${people.admin.id}'::uuid`,
      });
      await insertContacts(t.dataSource, other, 100, { last_name: "'Autre ' || g", tags: `ARRAY['${TAG}']` });
      countOf = async (where: string, values: unknown[] = []) =>
        (
          await t.dataSource.query(`SELECT count(*)::int AS n FROM contacts WHERE space_id = $1 AND ${where}`, [
            space.id,
            ...values,
          ])
        )[0].n;
    });

    const bulkPage = (person: Person, query: string) =>
      visitors[person].open(`/s/${space.slug}/contacts/bulk?${query}`);
    const countShown = (html: string) =>
      Number(
        /Cette action portera sur ([\d\s\u202f\u00a0]+) contacts?\./.exec(unescapeHtml(html))![1].replace(/\D/g, ''),
      );
    const apply = (person: Person, fields: Record<string, string>) =>
      visitors[person].submit(`/s/${space.slug}/contacts/bulk`, fields);

    it('shows how many contacts the whole filtered set holds, and asks to confirm', async () => {
      const page = await bulkPage('admin', `tag=${TAG}`);
      expect(page.status).toBe(200);
      // Those who asked not to be contacted are not in the list, so not in the change.
      expect(countShown(page.text)).toBe(2700);
      expect(unescapeHtml(page.text)).toContain('Je confirme appliquer ce changement à ces 2700 contacts');
      expect(page.text).toContain(`<input type="hidden" name="query" value="tag&#x3D;${TAG}">`);
      const unconfirmed = await apply('admin', { query: `tag=${TAG}`, action: 'addTag', tag: 'relance' });
      expect(unconfirmed.status).toBe(422);
      expect(unescapeHtml(unconfirmed.text)).toMatch(/id="field-confirm-errors"><li>Cochez la case pour confirmer\./);
      expect(countShown(unconfirmed.text)).toBe(2700);
      expect(await countOf(`'relance' = ANY(tags)`)).toBe(0);
    });

    it('adds a tag to every contact of the set, not just the first page, with one timeline entry each, audited', async () => {
      await bulkPage('admin', `tag=${TAG}`);
      const res = await apply('admin', { query: `tag=${TAG}`, action: 'addTag', tag: ' relance ', confirm: 'on' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/s/${space.slug}/contacts?tag=${TAG}`);
      expect(unescapeHtml((await visitors.admin.get(res.headers.location)).text)).toContain('2700 contacts modifiés.');
      expect(await countOf(`'relance' = ANY(tags)`)).toBe(2700);
      expect(await countOf(`'relance' = ANY(tags) AND do_not_contact`)).toBe(0);
      expect(await countOf(`'relance' = ANY(tags) AND NOT ('${TAG}' = ANY(tags))`)).toBe(0);
      const [events] = await t.dataSource.query(
        `SELECT count(*)::int AS n, count(DISTINCT contact_id)::int AS contacts FROM contact_events
         WHERE space_id = $1 AND kind = 'tag_added' AND actor_id = $2 AND details = '{"tags": ["relance"]}'::jsonb`,
        [space.id, people.admin.id],
      );
      expect(events).toEqual({ n: 2700, contacts: 2700 });
      expect(await auditOf(t.dataSource, space.id, 'contacts.bulk_tag_added')).toEqual([
        {
          actor_id: people.admin.id,
          target_type: 'contacts',
          target_id: '-',
          target_label: null,
          details: { changed: 2700, filter: `tag=${TAG}`, tag: 'relance' },
        },
      ]);
      // Again: nobody changes, nothing written twice.
      await bulkPage('admin', `tag=${TAG}`);
      await apply('admin', { query: `tag=${TAG}`, action: 'addTag', tag: 'relance', confirm: 'on' });
      expect(await countOf(`array_length(array_positions(tags, 'relance'), 1) > 1`)).toBe(0);
      const [again] = (await auditOf(t.dataSource, space.id, 'contacts.bulk_tag_added')).slice(-1);
      expect(again.details.changed).toBe(0);
      // The other space's contacts with the same tag were never touched.
      const [foreign] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM contacts WHERE space_id = $1 AND 'relance' = ANY(tags)`,
        [other.id],
      );
      expect(foreign.n).toBe(0);
    });

    it('removes a tag from a narrower set', async () => {
      await bulkPage('supervisor', `tag=${TAG}&postcode=33000`);
      const res = await apply('supervisor', {
        query: `tag=${TAG}&postcode=33000`,
        action: 'removeTag',
        tag: 'relance',
        confirm: 'on',
      });
      expect(res.status).toBe(303);
      expect(await countOf(`'relance' = ANY(tags) AND postcode = '33000'`)).toBe(0);
      expect(await countOf(`'relance' = ANY(tags)`)).toBe(2700 - 300);
      expect((await auditOf(t.dataSource, space.id, 'contacts.bulk_tag_removed'))[0].details).toEqual({
        changed: 300,
        filter: `tag=${TAG}&postcode=33000`,
        tag: 'relance',
      });
    });

    it('sets a support level on the set, the timeline saying from which level, and takes it away when asked', async () => {
      const query = `tag=${TAG}&postcode=33600`;
      await bulkPage('admin', query);
      expect((await apply('admin', { query, action: 'setLevel', levelId: levels[4].id, confirm: 'on' })).status).toBe(
        303,
      );
      expect(await countOf(`support_level_id = $2 AND postcode = '33600' AND NOT do_not_contact`, [levels[4].id])).toBe(
        2400,
      );
      expect(await countOf(`support_level_id = $2`, [levels[4].id])).toBe(2400);
      const fromLevels = await t.dataSource.query(
        `SELECT details->'from'->>'label' AS label, count(*)::int AS n FROM contact_events
         WHERE space_id = $1 AND kind = 'level_changed' AND details->'to'->>'id' = $2 GROUP BY 1 ORDER BY 1`,
        [space.id, levels[4].id],
      );
      expect(fromLevels).toEqual([
        { label: levels[1].label, n: 1200 },
        { label: null, n: 1200 },
      ]);
      expect((await auditOf(t.dataSource, space.id, 'contacts.bulk_level'))[0].details).toEqual({
        changed: 2400,
        filter: query,
        levelId: levels[4].id,
      });
      await bulkPage('admin', query);
      expect((await apply('admin', { query, action: 'setLevel', levelId: 'none', confirm: 'on' })).status).toBe(303);
      expect(await countOf(`support_level_id = $2`, [levels[4].id])).toBe(0);
    });

    it('changes only the contacts the person may see', async () => {
      // The coordinator sees the contacts of their team's member: 600 with the tag, 615 in all.
      const page = await bulkPage('coordinator', `tag=${TAG}`);
      expect(countShown(page.text)).toBe(600);
      expect(countShown((await bulkPage('coordinator', '')).text)).toBe(615);
      expect((await apply('coordinator', { query: '', action: 'addTag', tag: 'équipe', confirm: 'on' })).status).toBe(
        303,
      );
      expect(await countOf(`'équipe' = ANY(tags)`)).toBe(615);
      expect(await countOf(`'équipe' = ANY(tags) AND created_by <> $2`, [people.member.id])).toBe(0);
      // A member of no team: their own contacts only, here none.
      expect(countShown((await bulkPage('outsider', '')).text)).toBe(0);
      expect((await apply('outsider', { query: '', action: 'addTag', tag: 'personne', confirm: 'on' })).status).toBe(
        303,
      );
      expect(await countOf(`'personne' = ANY(tags)`)).toBe(0);
    });

    it('refuses bad input with 422 beside the field, and changes nothing', async () => {
      const [foreignLevel] = await levelsOf(t.dataSource, other.id);
      const cases: [Record<string, string>, string][] = [
        [{ action: 'delete', tag: 'x' }, 'action'],
        [{ action: 'addTag' }, 'tag'],
        [{ action: 'addTag', tag: '   ' }, 'tag'],
        [{ action: 'addTag', tag: 'un, deux' }, 'tag'],
        [{ action: 'removeTag', tag: 'x'.repeat(51) }, 'tag'],
        [{ action: 'setLevel' }, 'levelId'],
        [{ action: 'setLevel', levelId: 'pas-un-niveau' }, 'levelId'],
        [{ action: 'setLevel', levelId: foreignLevel.id }, 'levelId'],
        [{ action: 'setLevel', levelId: '00000000-0000-4000-8000-000000000000' }, 'levelId'],
      ];
      const before = await t.dataSource.query('SELECT count(*)::int AS n FROM contact_events WHERE space_id = $1', [
        space.id,
      ]);
      for (const [fields, field] of cases) {
        await bulkPage('admin', `tag=${TAG}`);
        const res = await apply('admin', { query: `tag=${TAG}`, confirm: 'on', ...fields });
        expect({ fields, status: res.status }).toEqual({ fields, status: 422 });
        if (field !== 'action')
          expect({ fields, errors: res.text.includes(`id="field-${field}-errors"`) }).toEqual({ fields, errors: true });
        expect(countShown(res.text)).toBe(2700);
      }
      expect(
        await t.dataSource.query('SELECT count(*)::int AS n FROM contact_events WHERE space_id = $1', [space.id]),
      ).toEqual(before);
      expect(
        unescapeHtml(
          (await apply('admin', { query: `tag=${TAG}`, confirm: 'on', action: 'addTag', tag: 'un, deux' })).text,
        ),
      ).toContain('Une seule étiquette à la fois, sans virgule.');
    });
  });
});
