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
import { allListed, auditOf, levelsOf, unescapeHtml } from './contacts-pages';

jest.setTimeout(600_000);

type Persona = 'admin' | 'supervisor' | 'coordinatorOne' | 'coordinatorTwo' | 'memberOne' | 'memberAlone';

/**
 * Who sees which contacts: for each role, the ids listed (every page) are exactly the ids
 * the person may open one by one, and the count shown before a bulk change is theirs.
 */
describe('who sees which contacts', () => {
  let t: TestApp;
  let space: TestSpace;
  let other: TestSpace;
  const people = {} as Record<Persona | 'memberTwo' | 'memberThree' | 'memberFour' | 'memberFive', TestAccount>;
  const visitors = {} as Record<Persona, Visitor>;
  /** Live contacts of the space (dnc included), with their author. */
  let live: { id: string; created_by: string | null }[];
  let merged: string[];
  let mergedInto: string;
  let erased: string[];
  let foreign: string[];

  beforeAll(async () => {
    t = await bootTestApp();
    const db = t.dataSource;
    people.admin = await createAccount(db, { name: 'Anne Admin' });
    space = await createSpace(db, people.admin, { name: 'Visibilité' });
    const roles: [keyof typeof people, 'supervisor' | 'coordinator' | 'member'][] = [
      ['supervisor', 'supervisor'],
      ['coordinatorOne', 'coordinator'],
      ['coordinatorTwo', 'coordinator'],
      ['memberOne', 'member'],
      ['memberTwo', 'member'],
      ['memberThree', 'member'],
      ['memberFour', 'member'],
      ['memberFive', 'member'],
      ['memberAlone', 'member'],
    ];
    for (const [name, role] of roles) {
      people[name] = await createAccount(db, { name });
      await addMember(db, space, people[name], role);
    }
    // Team one: coordinated by coordinatorOne; coordinatorTwo is a plain member of it.
    // Teams two and three: both coordinated by coordinatorTwo. memberFive is in one and two.
    const [one, two, three] = [
      await createTeam(db, space, 'Un'),
      await createTeam(db, space, 'Deux'),
      await createTeam(db, space, 'Trois'),
    ];
    await addToTeam(db, space, one.id, people.coordinatorOne, true);
    await addToTeam(db, space, one.id, people.coordinatorTwo);
    await addToTeam(db, space, one.id, people.memberOne);
    await addToTeam(db, space, one.id, people.memberTwo);
    await addToTeam(db, space, one.id, people.memberFive);
    await addToTeam(db, space, two.id, people.coordinatorTwo, true);
    await addToTeam(db, space, two.id, people.memberThree);
    await addToTeam(db, space, two.id, people.memberFive);
    await addToTeam(db, space, three.id, people.coordinatorTwo, true);
    await addToTeam(db, space, three.id, people.memberFour);

    // 1,320 contacts by every person of the space and by nobody (imported, author gone);
    // one in 37 asked not to be contacted.
    const authors = [...Object.values(people).map((person) => `'${person.id}'::uuid`), 'NULL::uuid'];
    await insertContacts(db, space, 1320, {
      first_name: "'Prénom ' || g",
      last_name: "(ARRAY['Martin', 'Dupré', 'Nguyen', 'Roux'])[1 + g % 4] || ' ' || (g % 50)",
      email: "'contact.' || g || '@exemple.fr'",
      notes: "'Note confidentielle ' || g",
      created_by: `(ARRAY[${authors.join(', ')}])[1 + g % ${authors.length}]`,
      do_not_contact: 'g % 37 = 0',
    });
    // Merged into another, or erased: nobody lists or opens them any more.
    const [target] = await db.query('SELECT id FROM contacts WHERE space_id = $1 LIMIT 1', [space.id]);
    mergedInto = target.id;
    merged = await insertContacts(db, space, 5, {
      last_name: "'Fusionné'",
      created_by: `'${people.memberOne.id}'::uuid`,
      merged_into: `'${target.id}'::uuid`,
    });
    erased = await insertContacts(db, space, 5, {
      last_name: "'Effacé'",
      created_by: `'${people.memberOne.id}'::uuid`,
      erased_at: 'now()',
    });
    // Another space, whose contacts are nobody's here.
    const otherAdmin = await createAccount(db, { name: 'Autre' });
    other = await createSpace(db, otherAdmin, { name: 'Ailleurs' });
    await addMember(db, other, people.memberOne, 'member');
    foreign = await insertContacts(db, other, 300, {
      last_name: "'Ailleurs ' || g",
      created_by: `(ARRAY['${otherAdmin.id}'::uuid, '${people.memberOne.id}'::uuid])[1 + g % 2]`,
    });
    live = await db.query(
      'SELECT id, created_by FROM contacts WHERE space_id = $1 AND merged_into IS NULL AND erased_at IS NULL ORDER BY id',
      [space.id],
    );
    for (const persona of [
      'admin',
      'supervisor',
      'coordinatorOne',
      'coordinatorTwo',
      'memberOne',
      'memberAlone',
    ] as const) {
      visitors[persona] = await signedIn(t.app, people[persona]);
    }
  });
  afterAll(() => t.close());

  /** PRODUCT.md's rule, written out by hand for this space. */
  function authorsSeenBy(persona: Persona): Set<string | null> | 'all' {
    const ids = (...names: (keyof typeof people)[]) => new Set<string | null>(names.map((name) => people[name].id));
    switch (persona) {
      case 'admin':
      case 'supervisor':
        return 'all';
      case 'coordinatorOne':
        return ids('coordinatorOne', 'coordinatorTwo', 'memberOne', 'memberTwo', 'memberFive');
      case 'coordinatorTwo':
        return ids('coordinatorTwo', 'memberThree', 'memberFour', 'memberFive');
      case 'memberOne':
        return ids('memberOne');
      case 'memberAlone':
        return ids('memberAlone');
    }
  }

  const expectedFor = (persona: Persona) => {
    const authors = authorsSeenBy(persona);
    return live.filter((contact) => authors === 'all' || authors.has(contact.created_by)).map((contact) => contact.id);
  };

  /** "Cette action portera sur 1 234 contacts." */
  const countShown = async (visitor: Visitor, query: string) => {
    const res = await visitor.get(`/s/${space.slug}/contacts/bulk?${query}`);
    expect(res.status).toBe(200);
    const match = /Cette action portera sur ([\d\s\u202f\u00a0]+) contacts?\./.exec(unescapeHtml(res.text));
    return Number(match![1].replace(/\D/g, ''));
  };

  const personas: Persona[] = ['admin', 'supervisor', 'coordinatorOne', 'coordinatorTwo', 'memberOne', 'memberAlone'];
  let opened = 0;

  it.each(personas)(
    'lists for %s exactly the contacts the rule gives, on every page, and counts them',
    async (persona) => {
      const expected = expectedFor(persona);
      expect(expected.length).toBeGreaterThan(50);
      const listed = await allListed(visitors[persona], space.slug, 'dnc=include');
      expect(new Set(listed).size).toBe(listed.length);
      expect([...listed].sort()).toEqual([...expected].sort());
      expect(await countShown(visitors[persona], 'dnc=include')).toBe(expected.length);
      // The default list leaves out those who asked not to be contacted; the count follows.
      const dnc = new Set(
        (await t.dataSource.query('SELECT id FROM contacts WHERE space_id = $1 AND do_not_contact', [space.id])).map(
          (row: { id: string }) => row.id,
        ),
      );
      const reachable = expected.filter((id) => !dnc.has(id));
      expect([...(await allListed(visitors[persona], space.slug, ''))].sort()).toEqual(reachable.sort());
      expect(await countShown(visitors[persona], '')).toBe(reachable.length);
    },
  );

  it.each(personas)(
    'lets %s open exactly the contacts listed, one by one (a sample across the space)',
    async (persona) => {
      const visitor = visitors[persona];
      const listed = new Set(await allListed(visitor, space.slug, 'dnc=include'));
      const notListed = live.map((contact) => contact.id).filter((id) => !listed.has(id));
      // Every 6th listed contact, every 4th unlisted one, some of another space, the erased.
      const sample = [
        ...[...listed].filter((_, index) => index % 6 === 0),
        ...notListed.filter((_, index) => index % 4 === 0),
        ...foreign.filter((_, index) => index % 30 === 0),
        ...erased,
      ];
      const wrong: { id: string; status: number; listed: boolean }[] = [];
      for (const id of sample) {
        const res = await visitor.get(`/s/${space.slug}/contacts/${id}`);
        opened += 1;
        const shouldOpen = listed.has(id);
        if (shouldOpen ? res.status !== 200 : res.status !== 404)
          wrong.push({ id, status: res.status, listed: shouldOpen });
      }
      expect(wrong).toEqual([]);
      // A merged contact's old address shows nothing of it: at most a way to the contact it
      // became part of, for someone who may open that one.
      for (const id of merged) {
        const res = await visitor.get(`/s/${space.slug}/contacts/${id}`);
        if (res.status === 303) {
          expect(res.headers.location).toBe(`/s/${space.slug}/contacts/${mergedInto}`);
          expect(listed.has(mergedInto)).toBe(true);
        } else {
          expect(res.status).toBe(404);
        }
      }
      expect(sample.length).toBeGreaterThan(100);
    },
  );

  it('opened more than 1,000 sheets across the roles, each written to the audit log', async () => {
    expect(opened).toBeGreaterThanOrEqual(1000);
    const [row] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE space_id = $1 AND action = 'contact.viewed'`,
      [space.id],
    );
    // Only the sheets that opened are audited (the 404s showed nothing).
    expect(row.n).toBeGreaterThan(400);
    expect(row.n).toBeLessThan(opened);
  });

  it('shows a member only what the field needs of a contact they met', async () => {
    const db = t.dataSource;
    const level = (await levelsOf(db, space.id))[2];
    const id = await createContact(db, space, {
      first_name: 'Josiane',
      last_name: 'Balasko',
      email: 'josiane@exemple.fr',
      phone: '+33612345678',
      phone_raw: '06 12 34 56 78',
      birth_date: '1950-04-15',
      street: 'rue Achard',
      postcode: '33300',
      city: 'Bordeaux',
      insee_code: '33063',
      notes: 'Très remontée contre le maire, ne pas évoquer le stade',
      support_level_id: level.id,
      tags: ['école'],
      origin: 'import',
      consent_phone: true,
      created_by: people.memberOne.id,
    });
    const member = unescapeHtml((await visitors.memberOne.get(`/s/${space.slug}/contacts/${id}`)).text);
    const admin = unescapeHtml((await visitors.admin.get(`/s/${space.slug}/contacts/${id}`)).text);
    // What the field needs: who, how to reach them, where, their level, tags and consents.
    for (const shown of [
      'Josiane',
      'Balasko',
      'josiane@exemple.fr',
      '+33 6 12 34 56 78',
      'rue Achard',
      '33300 Bordeaux',
      level.label,
      'école',
    ]) {
      expect({ shown, member: member.includes(shown) }).toEqual({ shown, member: true });
    }
    // Not what only organisers need: notes, birth date, INSEE code, origin.
    for (const hidden of [
      'Très remontée contre le maire',
      '15 avr. 1950',
      '1950',
      '33063',
      'Origine : Import',
      'Date de naissance',
      'Notes',
    ]) {
      expect({ hidden, member: member.includes(hidden), admin: admin.includes(hidden) }).toEqual({
        hidden,
        member: false,
        admin: true,
      });
    }
    // The edit form does not offer them either.
    const form = (await visitors.memberOne.get(`/s/${space.slug}/contacts/${id}/edit`)).text;
    for (const field of ['notes', 'birthDate', 'inseeCode', 'latitude', 'longitude']) {
      expect({ field, offered: form.includes(`name="${field}"`) }).toEqual({ field, offered: false });
    }
    expect(form).toContain('name="phone"');
    // Every opening is audited, the member's too.
    const audited = await auditOf(db, space.id, 'contact.viewed');
    expect(
      audited
        .filter((entry: { target_id: string }) => entry.target_id === id)
        .map((entry: { actor_id: string }) => entry.actor_id),
    ).toEqual([people.memberOne.id, people.admin.id]);
  });

  it('lets a member who is in two spaces see only this space’s contacts here', async () => {
    const listed = new Set(await allListed(visitors.memberOne, space.slug, 'dnc=include'));
    expect(foreign.filter((id) => listed.has(id))).toEqual([]);
    const otherListed = await allListed(visitors.memberOne, other.slug, 'dnc=include');
    expect(otherListed).toHaveLength(150);
    expect(otherListed.filter((id) => live.some((contact) => contact.id === id))).toEqual([]);
  });
});
