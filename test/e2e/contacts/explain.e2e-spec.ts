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
import { levelsOf, listedIds, moreQuery } from './contacts-pages';

jest.setTimeout(300_000);

interface Statement {
  sql: string;
  parameters: unknown[];
}

const PER_SPACE = 10_000;

/**
 * Every query the contacts pages send, replayed with EXPLAIN on a base of 20,000 contacts
 * in two spaces: none may read the whole contacts table.
 */
describe('the plans of the contacts list queries', () => {
  let t: TestApp;
  let space: TestSpace;
  const people = {} as Record<'admin' | 'coordinator' | 'member', TestAccount>;
  const visitors = {} as Record<'admin' | 'coordinator' | 'member', Visitor>;
  let levelId: string;
  let contactId: string;

  /** 10,000 varied contacts: names, addresses, consents, tags, levels and dates spread out. */
  async function seed(target: TestSpace, creators: string[], levelIds: string[]) {
    const pick = (values: string[]) => `(ARRAY[${values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', ')}])`;
    const firsts = pick([
      'Hélène',
      'Jean',
      'Zoë',
      'Karim',
      'Léa',
      'François',
      'Aïcha',
      'Noé',
      'Camille',
      'Pierre',
      'Élodie',
    ]);
    const lasts = pick([
      'Martin',
      'Dupré',
      'Dupont',
      'Lefèvre',
      'Benali',
      'Nguyen',
      'Da Silva',
      'Roux',
      'Girard',
      'Moreau',
      'Faure',
      'Leroy',
      'Garcia',
    ]);
    const towns = pick(['Bordeaux', 'Pessac', 'Bègles', 'Talence', 'Mérignac', 'Cenon', 'Lormont']);
    const postcodes = pick(['33000', '33600', '33130', '33400', '33700', '33150', '33310']);
    const tags = pick(['école', 'transports', 'logement', 'jeunes', 'voisinage', 'santé']);
    await insertContacts(t.dataSource, target, PER_SPACE, {
      // A few rare names, for searches that select little.
      first_name: `CASE WHEN g % 400 = 3 THEN 'Ysé' ELSE ${firsts}[1 + g % 11] END`,
      last_name: `CASE WHEN g % 500 = 250 THEN 'Zylberstein' ELSE ${lasts}[1 + (g / 11) % 13] || CASE WHEN g % 7 = 0 THEN ' ' || g ELSE '' END END`,
      email: `CASE WHEN g % 10 < 7 THEN 'personne.' || g || '@exemple.fr' END`,
      phone: `CASE WHEN g % 10 < 6 THEN '+336' || lpad((10000000 + g * 37)::text, 8, '0') END`,
      phone_raw: `CASE WHEN g % 10 < 6 THEN '06 ' || lpad((10000000 + g * 37)::text, 8, '0') END`,
      street: `CASE WHEN g % 5 <> 0 THEN g || ' rue Sainte-Catherine' END`,
      postcode: `${postcodes}[1 + g % 7]`,
      city: `${towns}[1 + g % 7]`,
      support_level_id: `CASE WHEN g % 10 < 7 THEN (ARRAY[${levelIds.map((id) => `'${id}'::uuid`).join(', ')}])[1 + g % ${levelIds.length}] END`,
      tags: `CASE WHEN g % 3 = 0 THEN ARRAY[${tags}[1 + g % 6]] WHEN g % 3 = 1 THEN ARRAY[${tags}[1 + g % 6], ${tags}[1 + (g + 1) % 6]] ELSE '{}' END`,
      origin: `(ARRAY['field', 'import', 'form', 'manual'])[1 + g % 4]`,
      consent_email: 'CASE g % 3 WHEN 0 THEN true WHEN 1 THEN false END',
      consent_sms: 'CASE g % 4 WHEN 0 THEN true WHEN 1 THEN false END',
      consent_phone: 'CASE g % 5 WHEN 0 THEN true WHEN 1 THEN false END',
      consent_post: 'CASE g % 6 WHEN 0 THEN true WHEN 1 THEN false END',
      do_not_contact: 'g % 97 = 0',
      created_by: `(ARRAY[${creators.map((id) => `'${id}'::uuid`).join(', ')}])[1 + g % ${creators.length}]`,
      created_at: "timestamptz '2023-01-01T00:00:00Z' + g * interval '83 minutes'",
      updated_at: "timestamptz '2024-01-01T00:00:00Z' + (g % 4000) * interval '41 minutes'",
      last_interaction_at:
        "CASE WHEN g % 2 = 0 THEN timestamptz '2024-06-01T00:00:00Z' + (g % 3000) * interval '17 minutes' END",
    });
  }

  beforeAll(async () => {
    t = await bootTestApp();
    const db = t.dataSource;
    people.admin = await createAccount(db, { name: 'Ada Admin' });
    space = await createSpace(db, people.admin, { name: 'Grande base' });
    people.coordinator = await createAccount(db, { name: 'Côme Coordination' });
    people.member = await createAccount(db, { name: 'Mia Membre' });
    const colleague = await createAccount(db, { name: 'Carl Collègue' });
    await addMember(db, space, people.coordinator, 'coordinator');
    await addMember(db, space, people.member, 'member');
    await addMember(db, space, colleague, 'member');
    const team = await createTeam(db, space);
    await addToTeam(db, space, team.id, people.coordinator, true);
    await addToTeam(db, space, team.id, people.member);
    const levels = await levelsOf(db, space.id);
    levelId = levels[2].id;
    await seed(
      space,
      [people.admin.id, people.coordinator.id, people.member.id, colleague.id],
      levels.map((level) => level.id),
    );

    const otherAdmin = await createAccount(db, { name: 'Autre Admin' });
    const other = await createSpace(db, otherAdmin, { name: 'Autre base' });
    await seed(
      other,
      [otherAdmin.id],
      (await levelsOf(db, other.id)).map((level) => level.id),
    );
    await db.query('ANALYZE contacts');
    for (const role of ['admin', 'coordinator', 'member'] as const)
      visitors[role] = await signedIn(t.app, people[role]);
    const [row] = await db.query('SELECT id FROM contacts WHERE space_id = $1 AND created_by = $2 LIMIT 1', [
      space.id,
      people.member.id,
    ]);
    contactId = row.id;
  });
  afterAll(() => t.close());

  /** The statements on contacts that a GET sends, with their parameters. */
  async function captured(visitor: Visitor, path: string): Promise<Statement[]> {
    const mark = t.sql.statements.length;
    const res = await visitor.get(path);
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    return t.sql.statements
      .slice(mark)
      .map((sql, index) => ({ sql, parameters: t.sql.parameters[mark + index] }))
      .filter(({ sql }) => /\b(FROM|JOIN)\s+"?contacts"?\b/.test(sql));
  }

  /** The plan Postgres makes for a statement with its parameters (sequential scans discouraged, or not). */
  async function plan({ sql, parameters }: Statement, seqScanOff: boolean): Promise<string> {
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    try {
      if (seqScanOff) await runner.query('SET enable_seqscan = off');
      const rows: { 'QUERY PLAN': string }[] = await runner.query(`EXPLAIN ${sql}`, parameters);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    } finally {
      await runner.query('RESET enable_seqscan');
      await runner.release();
    }
  }

  const QUERIES: string[] = [
    '',
    'q=martin',
    'q=helene%20dupre',
    'q=exemple.fr',
    'q=personne.42%40',
    'q=du',
    'q=h',
    'q=h%C3%A9',
    'q=06%2010%2000',
    'q=%2B33%206%2010%2000%2003%2007',
    'q=begles',
    'level=LEVEL',
    'level=none',
    'level=none&level=LEVEL',
    `tag=${encodeURIComponent('école')}`,
    `tag=${encodeURIComponent('école,jeunes')}&tags_mode=all`,
    'consent=email:granted',
    'consent=sms:refused',
    'consent=phone:unknown',
    'consent=post:granted',
    'origin=field',
    'origin=import&origin=form',
    'created_from=2023-03-01&created_to=2023-03-31',
    'updated_from=2024-02-01',
    'seen_to=2024-06-15',
    'email=yes',
    'email=no',
    'phone=yes',
    'address=no',
    'postcode=33130',
    'city=begles',
    `city=${encodeURIComponent('Mérignac')}`,
    'dnc=include',
    'dnc=only',
    'sort=created',
    'sort=updated',
    'sort=interaction',
    'q=martin&sort=created',
    'q=du&sort=interaction',
    `q=lea&level=LEVEL&tag=${encodeURIComponent('école')}&consent=email:granted&postcode=33130&sort=updated`,
    'city=pessac&email=yes&phone=no&origin=manual&created_from=2023-06-01&sort=interaction',
  ];

  const roles = ['admin', 'coordinator', 'member'] as const;

  it.each(roles)('sends no query that reads the whole contacts table, for a person of role %s', async (role) => {
    const visitor = visitors[role];
    const slug = space.slug;
    const problems: { path: string; sql: string; plan: string }[] = [];
    let checked = 0;
    for (const raw of QUERIES) {
      const query = raw.replace('LEVEL', levelId);
      const paths = [
        `/s/${slug}/contacts${query ? `?${query}` : ''}`,
        `/s/${slug}/contacts/bulk${query ? `?${query}` : ''}`,
      ];
      // The second page too: its keyset condition must not undo the plan.
      const first = await visitor.get(paths[0]);
      const next = moreQuery(first.text);
      if (next) paths.push(`/s/${slug}/contacts?${next}`);
      for (const path of paths) {
        for (const statement of await captured(visitor, path)) {
          const explained = await plan(statement, true);
          checked += 1;
          if (/Seq Scan on contacts/.test(explained)) problems.push({ path, sql: statement.sql, plan: explained });
        }
      }
    }
    // The sheet of a contact the person may see.
    for (const statement of await captured(visitor, `/s/${slug}/contacts/${contactId}`)) {
      const explained = await plan(statement, true);
      checked += 1;
      if (/Seq Scan on contacts/.test(explained)) problems.push({ path: 'sheet', sql: statement.sql, plan: explained });
    }
    expect(checked).toBeGreaterThan(QUERIES.length * 2);
    expect(problems).toEqual([]);
  });

  /** The plan of the list query a GET of the list sends, with the planner left free. */
  async function listPlan(visitor: Visitor, query: string): Promise<string> {
    const statements = await captured(visitor, `/s/${space.slug}/contacts?${query}`);
    // The page query: the plain one, or the two-branch one of a one- or two-letter search.
    const list = statements.filter(({ sql }) => sql.includes('LEFT JOIN support_levels l ON'));
    expect(list).toHaveLength(1);
    return plan(list[0], false);
  }

  // With the planner left free: a search that selects little goes through its index; a
  // common one may as well walk the name order until the page is full, never the table.
  it('searches words of three letters or more through the trigram index', async () => {
    for (const query of ['q=zylberstein', 'q=personne.4242%40', 'q=06%2010%2000%2000%2037', 'q=yse%20zylber']) {
      const explained = await listPlan(visitors.admin, query);
      expect({ query, plan: explained }).toEqual({ query, plan: expect.stringContaining('contacts_search_idx') });
      expect({ query, plan: explained }).toEqual({ query, plan: expect.not.stringMatching(/Seq Scan on contacts/) });
    }
    for (const query of ['q=martin', 'q=helene%20dupre', 'q=exemple.fr', 'q=begles']) {
      const explained = await listPlan(visitors.admin, query);
      expect({ query, plan: explained }).toEqual({ query, plan: expect.not.stringMatching(/Seq Scan on contacts/) });
    }
  });

  it('searches one or two letters through the prefix of the name indexes', async () => {
    for (const query of ['q=zy', 'q=ys', 'q=y']) {
      const explained = await listPlan(visitors.admin, query);
      expect({ query, plan: explained }).toEqual({ query, plan: expect.not.stringMatching(/Seq Scan on contacts/) });
      // The prefix bounds the index scan (the name columns compare byte by byte: COLLATE "C").
      expect({ query, plan: explained }).toEqual({
        query,
        plan: expect.stringMatching(/Index Cond: .*(sort_name|first_key) >= /),
      });
    }
    for (const query of ['q=du', 'q=h', 'q=h%C3%A9']) {
      const explained = await listPlan(visitors.admin, query);
      expect({ query, plan: explained }).toEqual({ query, plan: expect.not.stringMatching(/Seq Scan on contacts/) });
      // Last names and first names in two branches, each read in name order only as far as a page.
      expect({ query, plan: explained }).toEqual({
        query,
        plan: expect.stringMatching(/Append[\s\S]*-> {2}Limit[\s\S]*-> {2}Limit/),
      });
    }
  });

  it('lists the first page in the order of an index, without sorting the space', async () => {
    for (const query of ['', 'sort=created', 'sort=updated', 'sort=interaction']) {
      const explained = await listPlan(visitors.admin, query);
      expect({ query, plan: explained }).toEqual({
        query,
        plan: expect.not.stringMatching(/Seq Scan on contacts|Sort\b/),
      });
    }
  });

  it('starts the next page of every sort inside the index, where the cursor points, not from the top', async () => {
    for (const sort of ['name', 'created', 'updated', 'interaction']) {
      const first = await visitors.admin.get(`/s/${space.slug}/contacts?sort=${sort}`);
      const explained = await listPlan(visitors.admin, moreQuery(first.text)!);
      // The keyset condition is part of the index condition (a row comparison on the sort key and the id).
      expect({ sort, plan: explained }).toEqual({
        sort,
        plan: expect.stringMatching(/Index Cond: \(\(space_id = '[^']+'::uuid\) AND \(ROW\(/),
      });
      expect({ sort, plan: explained }).toEqual({
        sort,
        plan: expect.not.stringMatching(/Seq Scan on contacts|Sort\b/),
      });
    }
    // Never-met contacts come last in the interaction order: a cursor among them too.
    let query = 'sort=interaction';
    for (let page = 0; page < 120; page++) {
      const res = await visitors.admin.get(`/s/${space.slug}/contacts?${query}`);
      query = moreQuery(res.text)!;
      if (!/<td><\/td>\s*<\/tr>\s*<\/tbody>/.test(res.text)) continue;
      const explained = await listPlan(visitors.admin, query);
      expect(explained).toMatch(/Index Cond: \(\(space_id = '[^']+'::uuid\) AND \(ROW\(/);
      return;
    }
    throw new Error('No page of never-met contacts');
  });

  it('finds what it searched for on this base', async () => {
    const res = await visitors.admin.get(`/s/${space.slug}/contacts?q=06%2010%2000%2000%2037`);
    // g = 1: +33610000037.
    expect(listedIds(res.text)).toHaveLength(1);
  });
});
