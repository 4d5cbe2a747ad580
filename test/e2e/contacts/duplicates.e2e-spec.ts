import { EventEmitter2 } from '@nestjs/event-emitter';
import {
  addMember,
  createAccount,
  createSpace,
  type TestAccount,
  type TestSpace,
} from '../../factories/community.factory';
import { type ContactRowInput, createContact, insertContacts } from '../../factories/contacts.factory';
import type { Visitor } from '../../support/http-client';
import { signedIn } from '../../support/sign-in';
import { bootTestApp, type TestApp } from '../../support/test-app';
import { auditOf, levelsOf, unescapeHtml } from './contacts-pages';
import { MergeHousekeepingJob } from '../../../src/contacts/duplicates/merge-housekeeping.job';

jest.setTimeout(300_000);

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

interface ShownGroup {
  rules: string[];
  ids: string[];
}

/** The groups of a duplicates page (or "more" fragment), in the order shown: their rules and contacts. */
function groupsIn(html: string): ShownGroup[] {
  return html
    .split('<article class="card duplicate-group">')
    .slice(1)
    .map((chunk) => {
      const article = chunk.slice(0, chunk.indexOf('</article>'));
      const heading = /<h2 class="rules">([\s\S]*?)<\/h2>/.exec(article)![1];
      return {
        rules: [...heading.matchAll(/<span class="badge[^"]*">([^<]*)<\/span>/g)].map((match) =>
          unescapeHtml(match[1]),
        ),
        ids: [...article.matchAll(new RegExp(`<td><a href="/s/[^/"]+/contacts/(${UUID})"`, 'g'))].map(
          (match) => match[1],
        ),
      };
    });
}

/** The query string of the "more groups" link, or null on the last page. */
function moreGroupsQuery(html: string): string | null {
  const start = html.indexOf('id="more-duplicates"');
  const match = start >= 0 ? /href="\/s\/[^/"]+\/contacts\/duplicates\?([^"]+)"/.exec(html.slice(start)) : null;
  return match ? unescapeHtml(match[1]) : null;
}

const sorted = (ids: string[]) => [...ids].sort();

describe('duplicates and merges', () => {
  let t: TestApp;
  const emitted: { name: string; payload: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    t = await bootTestApp();
    const emitter = t.app.get(EventEmitter2);
    for (const name of ['contacts.merged', 'contacts.merge_undone']) {
      emitter.on(name, (payload: Record<string, unknown>) => {
        emitted.push({ name, payload });
      });
    }
  });
  afterAll(() => t.close());

  interface Crew {
    space: TestSpace;
    admin: TestAccount;
    people: Record<'supervisor' | 'coordinator' | 'member', TestAccount>;
    visitor: Visitor;
  }

  async function newCrew(label: string): Promise<Crew> {
    const db = t.dataSource;
    const admin = await createAccount(db, { name: `Admin ${label}` });
    const space = await createSpace(db, admin, { name: `Espace ${label}` });
    const people = {} as Crew['people'];
    for (const role of ['supervisor', 'coordinator', 'member'] as const) {
      people[role] = await createAccount(db, { name: `${role} ${label}` });
      await addMember(db, space, people[role], role);
    }
    return { space, admin, people, visitor: await signedIn(t.app, admin) };
  }

  const contact = (crew: Crew, input: ContactRowInput) => createContact(t.dataSource, crew.space, input);

  async function groupsOf(crew: Crew, query = ''): Promise<ShownGroup[]> {
    const res = await crew.visitor.get(`/s/${crew.space.slug}/contacts/duplicates${query}`);
    expect(res.status).toBe(200);
    return groupsIn(res.text);
  }

  /** Full rows, as Postgres has them (every column, generated ones included). */
  async function rows(crew: Crew, ids: string[]): Promise<Record<string, Record<string, unknown>>> {
    const found: { id: string; row: Record<string, unknown> }[] = await t.dataSource.query(
      'SELECT c.id, to_jsonb(c) AS row FROM contacts c WHERE c.space_id = $1 AND c.id = ANY($2::uuid[])',
      [crew.space.id, ids],
    );
    return Object.fromEntries(found.map((entry) => [entry.id, entry.row]));
  }

  /** Who owns each timeline entry and consent decision of these ids. */
  async function owners(
    crew: Crew,
    table: 'contact_events' | 'contact_consents',
    ids: string[],
  ): Promise<Record<string, string>> {
    const found: { id: string; contact_id: string }[] = await t.dataSource.query(
      `SELECT id, contact_id FROM ${table} WHERE space_id = $1 AND id = ANY($2::bigint[])`,
      [crew.space.id, ids],
    );
    return Object.fromEntries(found.map((entry) => [entry.id, entry.contact_id]));
  }

  async function event(
    crew: Crew,
    contactId: string,
    kind: string,
    details: Record<string, unknown> | null,
    at: string,
  ): Promise<string> {
    const [row] = await t.dataSource.query(
      'INSERT INTO contact_events (space_id, contact_id, kind, details, at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [crew.space.id, contactId, kind, details, at],
    );
    return row.id;
  }

  async function consent(
    crew: Crew,
    contactId: string,
    channel: string,
    granted: boolean,
    at: string,
  ): Promise<string> {
    const [row] = await t.dataSource.query(
      `INSERT INTO contact_consents (space_id, contact_id, channel, granted, source, recorded_at) VALUES ($1, $2, $3, $4, 'manual', $5) RETURNING id`,
      [crew.space.id, contactId, channel, granted, at],
    );
    return row.id;
  }

  async function mergeOf(
    crew: Crew,
    masterId: string,
  ): Promise<{ id: string; merged_ids: string[]; undone_at: Date | null }> {
    const [row] = await t.dataSource.query(
      'SELECT id, merged_ids, undone_at FROM contact_merges WHERE space_id = $1 AND master_id = $2 ORDER BY created_at DESC LIMIT 1',
      [crew.space.id, masterId],
    );
    return row;
  }

  /** A merge by hand through the merge page: the first id is the master, every field as proposed. */
  async function mergeByHand(crew: Crew, ids: string[], choices: Record<string, string> = {}) {
    const page = await crew.visitor.get(`/s/${crew.space.slug}/contacts/duplicates/merge?ids=${ids.join(',')}`);
    expect(page.status).toBe(200);
    const proposed = Object.fromEntries(
      [...page.text.matchAll(/<input type="radio" name="(keep_[A-Za-z]+)" value="([^"]+)" checked>/g)].map((match) => [
        match[1],
        match[2],
      ]),
    );
    return crew.visitor.submit(`/s/${crew.space.slug}/contacts/duplicates/merge`, {
      ids: ids.join(','),
      master: ids[0],
      include: ids,
      ...proposed,
      ...choices,
    });
  }

  /** The flash message shown after a redirect. */
  async function followed(crew: Crew, res: { status: number; headers: Record<string, string> }): Promise<string> {
    expect(res.status).toBe(303);
    return unescapeHtml((await crew.visitor.get(res.headers.location)).text);
  }

  it('finds a group for each rule and says which rule matched, ignoring case and accents in names', async () => {
    const crew = await newCrew('règles');
    const email = [
      await contact(crew, {
        first_name: 'Anne',
        last_name: 'Martin',
        email: 'anne@exemple.fr',
        created_at: '2024-01-01',
      }),
      await contact(crew, {
        first_name: 'Annie',
        last_name: 'Martinez',
        email: 'anne@exemple.fr',
        created_at: '2024-01-02',
      }),
    ];
    const phone = [
      await contact(crew, { first_name: 'Bruno', last_name: 'Petit', phone: '+33612345678', created_at: '2024-01-01' }),
      await contact(crew, {
        first_name: 'Bernard',
        last_name: 'Petit',
        phone: '+33612345678',
        created_at: '2024-01-02',
      }),
    ];
    const birth = [
      await contact(crew, {
        first_name: 'Hélène',
        last_name: 'Dupré',
        birth_date: '1980-05-01',
        created_at: '2024-01-01',
      }),
      await contact(crew, {
        first_name: 'HELENE',
        last_name: 'dupre',
        birth_date: '1980-05-01',
        created_at: '2024-01-02',
      }),
    ];
    const address = [
      await contact(crew, {
        first_name: 'Jean',
        last_name: 'Moulin',
        street_number: '12',
        street: 'av. de la République',
        postcode: '75011',
        city: 'Paris',
        created_at: '2024-01-01',
      }),
      await contact(crew, {
        first_name: 'jean',
        last_name: 'MOULIN',
        street: '12 Avenue de la Republique',
        city: 'PARIS',
        created_at: '2024-01-02',
      }),
    ];
    // Same name, another birth date or another street: not the same person.
    await contact(crew, { first_name: 'Hélène', last_name: 'Dupré', birth_date: '1981-05-01' });
    await contact(crew, {
      first_name: 'Jean',
      last_name: 'Moulin',
      street_number: '14',
      street: 'avenue de la République',
      postcode: '75011',
    });
    // A contact of another space with the same email is never grouped with this space's.
    const other = await newCrew('autre espace');
    await contact(other, { first_name: 'Anne', last_name: 'Martin', email: 'anne@exemple.fr' });

    expect(await groupsOf(crew)).toEqual([
      { rules: ['Même adresse e-mail'], ids: email },
      { rules: ['Même téléphone'], ids: phone },
      { rules: ['Même nom et même date de naissance'], ids: birth },
      { rules: ['Même nom et même adresse'], ids: address },
    ]);
    expect(await groupsOf(crew, '?rule=birth')).toEqual([
      { rules: ['Même nom et même date de naissance'], ids: birth },
    ]);
    expect(await groupsOf(crew, '?rule=address')).toEqual([{ rules: ['Même nom et même adresse'], ids: address }]);
    // In English too.
    await crew.visitor.get('/lang/en');
    const english = await crew.visitor.get(`/s/${crew.space.slug}/contacts/duplicates?rule=phone`);
    expect(groupsIn(english.text)).toEqual([{ rules: ['Same phone'], ids: phone }]);
  });

  it('shows a group matched by several rules once, saying every rule, and each rule on its own', async () => {
    const crew = await newCrew('plusieurs règles');
    const ids = [
      await contact(crew, {
        first_name: 'Paul',
        last_name: 'Roux',
        email: 'paul@exemple.fr',
        phone: '+33611111111',
        created_at: '2024-01-01',
      }),
      await contact(crew, {
        first_name: 'Paul',
        last_name: 'Roux',
        email: 'paul@exemple.fr',
        phone: '+33611111111',
        created_at: '2024-01-02',
      }),
    ];
    expect(await groupsOf(crew)).toEqual([{ rules: ['Même adresse e-mail', 'Même téléphone'], ids }]);
    expect(await groupsOf(crew, '?rule=phone')).toEqual([{ rules: ['Même téléphone', 'Même adresse e-mail'], ids }]);
  });

  it('remembers "not duplicates" for every pair of the group, which disappears until someone new matches', async () => {
    const crew = await newCrew('pas doublons');
    const ids = [];
    for (const [index, first] of ['Claire', 'Claude', 'Clément'].entries()) {
      ids.push(
        await contact(crew, {
          first_name: first,
          last_name: 'Famille',
          phone: '+33622222222',
          created_at: `2024-01-0${index + 1}`,
        }),
      );
    }
    expect(await groupsOf(crew)).toEqual([{ rules: ['Même téléphone'], ids }]);
    await crew.visitor.open(`/s/${crew.space.slug}/contacts/duplicates`);
    const res = await crew.visitor.submit(`/s/${crew.space.slug}/contacts/duplicates/not-duplicates`, {
      ids: ids.join(','),
      rule: '',
    });
    expect(await followed(crew, res)).toContain('ces contacts ne seront plus proposés comme doublons');
    const pairs = await t.dataSource.query(
      'SELECT contact_a, contact_b, decided_by FROM contact_not_duplicates WHERE space_id = $1 ORDER BY contact_a, contact_b',
      [crew.space.id],
    );
    const [a, b, c] = sorted(ids);
    expect(pairs).toEqual([
      { contact_a: a, contact_b: b, decided_by: crew.admin.id },
      { contact_a: a, contact_b: c, decided_by: crew.admin.id },
      { contact_a: b, contact_b: c, decided_by: crew.admin.id },
    ]);
    expect(await groupsOf(crew)).toEqual([]);
    expect(await auditOf(t.dataSource, crew.space.id, 'contacts.not_duplicates')).toEqual([
      expect.objectContaining({ actor_id: crew.admin.id, details: { contactIds: ids } }),
    ]);
    // Someone new with the same number: the group is proposed again, the known pairs with them.
    const newcomer = await contact(crew, {
      first_name: 'Camille',
      last_name: 'Famille',
      phone: '+33622222222',
      created_at: '2024-02-01',
    });
    expect(await groupsOf(crew)).toEqual([{ rules: ['Même téléphone'], ids: [...ids, newcomer] }]);
  });

  it('leaves merged and erased contacts out of the groups', async () => {
    const crew = await newCrew('effacés');
    const kept = await contact(crew, {
      first_name: 'Denis',
      last_name: 'Lebon',
      email: 'denis@exemple.fr',
      created_at: '2024-01-01',
    });
    const erased = await contact(crew, {
      first_name: 'Denis',
      last_name: 'Lebon',
      email: 'denis@exemple.fr',
      created_at: '2024-01-02',
    });
    const merged = await contact(crew, {
      first_name: 'Denis',
      last_name: 'Lebon',
      email: 'denis@exemple.fr',
      created_at: '2024-01-03',
    });
    expect(await groupsOf(crew)).toEqual([{ rules: ['Même adresse e-mail'], ids: [kept, erased, merged] }]);
    await t.dataSource.query('UPDATE contacts SET erased_at = now() WHERE space_id = $1 AND id = $2', [
      crew.space.id,
      erased,
    ]);
    await t.dataSource.query('UPDATE contacts SET merged_into = $3 WHERE space_id = $1 AND id = $2', [
      crew.space.id,
      merged,
      kept,
    ]);
    expect(await groupsOf(crew)).toEqual([]);
    // Neither can be merged any more.
    const res = await crew.visitor.get(`/s/${crew.space.slug}/contacts/duplicates/merge?ids=${kept},${erased}`);
    expect(res.status).toBe(404);
  });

  it('merges a group as chosen, in one go: fields, tags, consents, timelines, and says so everywhere', async () => {
    const crew = await newCrew('fusion');
    const [levelA, levelB] = (await levelsOf(t.dataSource, crew.space.id)).slice(1, 3);
    const master = await contact(crew, {
      first_name: 'Louise',
      last_name: 'Michel',
      email: 'louise@exemple.fr',
      phone: '+33611111111',
      phone_raw: '06 11 11 11 11',
      street: 'rue des Lilas',
      postcode: '33000',
      city: 'Bordeaux',
      tags: ['école', 'quartier'],
      notes: 'Rencontrée au marché.',
      support_level_id: levelA.id,
      consent_email: true,
      consent_sms: true,
      last_interaction_at: '2024-01-01T10:00:00Z',
      created_at: '2023-01-01T00:00:00Z',
    });
    const other = await contact(crew, {
      first_name: 'Louise',
      last_name: 'MICHEL',
      email: 'louise@exemple.fr',
      phone: '+33622222222',
      phone_raw: '06.22.22.22.22',
      street: 'cours Victor Hugo',
      postcode: '33000',
      city: 'Bordeaux',
      tags: ['quartier', 'transports'],
      notes: 'Bénévole pour la fête.',
      support_level_id: levelB.id,
      consent_email: false,
      consent_sms: false,
      last_interaction_at: '2025-03-01T10:00:00Z',
      created_at: '2023-06-01T00:00:00Z',
    });
    const events = [
      await event(crew, master, 'created', { origin: 'manual' }, '2023-01-01T00:00:00Z'),
      await event(crew, other, 'created', { origin: 'manual' }, '2023-06-01T00:00:00Z'),
      await event(crew, other, 'tag_added', { tags: ['porte-à-porte-mars'] }, '2024-03-01T00:00:00Z'),
    ];
    const consents = [
      await consent(crew, master, 'email', true, '2024-02-01T00:00:00Z'),
      await consent(crew, other, 'email', false, '2025-01-01T00:00:00Z'),
      await consent(crew, master, 'sms', true, '2025-06-01T00:00:00Z'),
      await consent(crew, other, 'sms', false, '2023-01-01T00:00:00Z'),
    ];
    const slug = crew.space.slug;
    const countBefore = (await crew.visitor.get(`/s/${slug}/contacts/bulk`)).text;
    expect(unescapeHtml(countBefore)).toContain('Cette action portera sur 2 contacts.');

    // The page asks only about the fields that differ.
    const page = await crew.visitor.open(`/s/${slug}/contacts/duplicates/merge?ids=${master},${other}&rule=email`);
    expect(page.status).toBe(200);
    const asked = [...page.text.matchAll(/type="radio" name="(keep_[A-Za-z]+)"/g)].map((match) => match[1]);
    expect([...new Set(asked)]).toEqual([
      'keep_lastName',
      'keep_phone',
      'keep_address',
      'keep_supportLevelId',
      'keep_notes',
    ]);

    // A field left without a choice: the form again, the error beside it, nothing merged.
    const missing = await crew.visitor.submit(`/s/${slug}/contacts/duplicates/merge`, {
      ids: `${master},${other}`,
      master,
      include: [master, other],
      keep_lastName: master,
      keep_address: other,
      keep_supportLevelId: other,
      keep_notes: 'combine',
    });
    expect(missing.status).toBe(422);
    const phoneRow = missing.text.slice(missing.text.indexOf('<tr class="field-invalid">'));
    expect(unescapeHtml(phoneRow.slice(0, phoneRow.indexOf('</tr>')))).toMatch(
      /Téléphone[\s\S]*Choisissez la valeur à garder\./,
    );
    expect((await rows(crew, [other]))[other].merged_into).toBeNull();

    const res = await crew.visitor.submit(`/s/${slug}/contacts/duplicates/merge`, {
      ids: `${master},${other}`,
      master,
      include: [master, other],
      keep_lastName: master,
      keep_phone: other,
      keep_address: other,
      keep_supportLevelId: other,
      keep_notes: 'combine',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/s/${slug}/contacts/${master}`);
    const after = await rows(crew, [master, other]);
    expect(after[master]).toMatchObject({
      first_name: 'Louise',
      last_name: 'Michel',
      email: 'louise@exemple.fr',
      phone: '+33622222222',
      phone_raw: '06.22.22.22.22',
      street: 'cours Victor Hugo',
      support_level_id: levelB.id,
      notes: 'Rencontrée au marché.\n\nBénévole pour la fête.',
      tags: ['école', 'quartier', 'transports'],
      // The latest decision of the group, channel by channel.
      consent_email: false,
      consent_sms: true,
      do_not_contact: false,
      merged_into: null,
      updated_by: crew.admin.id,
    });
    expect(new Date(after[master].last_interaction_at as string).toISOString()).toBe('2025-03-01T10:00:00.000Z');
    expect(after[other].merged_into).toBe(master);
    // Every timeline entry and consent decision of the merged contact is now the master's.
    expect(Object.values(await owners(crew, 'contact_events', events))).toEqual([master, master, master]);
    expect(Object.values(await owners(crew, 'contact_consents', consents))).toEqual([master, master, master, master]);

    // The master's sheet tells the whole story; the merged contact is gone from the list and the count.
    const sheet = unescapeHtml((await crew.visitor.get(res.headers.location)).text);
    expect(sheet).toContain('Fusion faite : 1 fiche réunie à celle-ci.');
    expect(sheet).toContain('Fusionné avec Louise MICHEL');
    expect(sheet).toContain('Étiquette ajoutée : porte-à-porte-mars');
    const list = (await crew.visitor.get(`/s/${slug}/contacts`)).text;
    expect(list).toContain(`/contacts/${master}"`);
    expect(list).not.toContain(`/contacts/${other}"`);
    expect(unescapeHtml((await crew.visitor.get(`/s/${slug}/contacts/bulk`)).text)).toContain(
      'Cette action portera sur 1 contact.',
    );
    expect(await groupsOf(crew)).toEqual([]);

    // The old address leads an admin to the master; others still find nothing there.
    const old = await crew.visitor.get(`/s/${slug}/contacts/${other}`);
    expect(old.status).toBe(303);
    expect(old.headers.location).toBe(`/s/${slug}/contacts/${master}`);
    const supervisor = await signedIn(t.app, crew.people.supervisor);
    expect((await supervisor.get(`/s/${slug}/contacts/${other}`)).status).toBe(404);

    const merge = await mergeOf(crew, master);
    expect(merge.merged_ids).toEqual([other]);
    expect(await auditOf(t.dataSource, crew.space.id, 'contacts.merged')).toEqual([
      {
        actor_id: crew.admin.id,
        target_type: 'contact',
        target_id: master,
        target_label: 'Louise Michel',
        details: {
          mergeId: merge.id,
          mergedIds: [other],
          choices: { lastName: master, phone: other, address: other, supportLevelId: other, notes: 'combine' },
        },
      },
    ]);
    expect(emitted).toContainEqual({
      name: 'contacts.merged',
      payload: { spaceId: crew.space.id, mergeId: merge.id, masterId: master, mergedIds: [other] },
    });
  });

  it('merges only the contacts kept together, and refuses a master left out', async () => {
    const crew = await newCrew('partiel');
    const ids = [];
    for (const [index, first] of ['Marc', 'Marc', 'Marie'].entries()) {
      ids.push(
        await contact(crew, {
          first_name: first,
          last_name: 'Durand',
          phone: '+33633333333',
          created_at: `2024-01-0${index + 1}`,
        }),
      );
    }
    const slug = crew.space.slug;
    await crew.visitor.open(`/s/${slug}/contacts/duplicates/merge?ids=${ids.join(',')}`);
    const refused = await crew.visitor.submit(`/s/${slug}/contacts/duplicates/merge`, {
      ids: ids.join(','),
      master: ids[2],
      include: [ids[0], ids[1]],
      keep_firstName: ids[0],
    });
    expect(refused.status).toBe(422);
    expect(unescapeHtml(refused.text)).toContain('Choisissez la fiche principale parmi les contacts inclus.');
    const res = await crew.visitor.submit(`/s/${slug}/contacts/duplicates/merge`, {
      ids: ids.join(','),
      master: ids[1],
      include: [ids[0], ids[1]],
    });
    expect(res.status).toBe(303);
    const after = await rows(crew, ids);
    expect([after[ids[0]].merged_into, after[ids[1]].merged_into, after[ids[2]].merged_into]).toEqual([
      ids[1],
      null,
      null,
    ]);
    expect(await groupsOf(crew)).toEqual([{ rules: ['Même téléphone'], ids: [ids[1], ids[2]] }]);
  });

  it('bulk-merges the groups whose fields do not conflict, after a confirmation with the figures', async () => {
    const crew = await newCrew('en masse');
    const slug = crew.space.slug;
    // No conflict: the phone and tags of one, the strong "do not contact" of the other.
    const quiet = [
      await contact(crew, {
        first_name: 'Rémi',
        last_name: 'Roux',
        email: 'remi@exemple.fr',
        consent_email: true,
        created_at: '2023-01-01',
      }),
      await contact(crew, {
        first_name: 'Rémi',
        last_name: 'Roux',
        email: 'remi@exemple.fr',
        phone: '+33644444444',
        tags: ['jeunes'],
        do_not_contact: true,
        consent_email: false,
        created_at: '2023-02-01',
      }),
    ];
    await consent(crew, quiet[1], 'email', false, '2023-02-01T00:00:00Z');
    // The older contact said yes more recently: "do not contact" still wins.
    await consent(crew, quiet[0], 'email', true, '2024-05-01T00:00:00Z');
    // A conflict: two phone numbers.
    const conflicting = [
      await contact(crew, {
        first_name: 'Quentin',
        last_name: 'Roy',
        email: 'quentin@exemple.fr',
        phone: '+33655555555',
        created_at: '2023-01-01',
      }),
      await contact(crew, {
        first_name: 'Quentin',
        last_name: 'Roy',
        email: 'quentin@exemple.fr',
        phone: '+33666666666',
        created_at: '2023-02-01',
      }),
    ];
    // Same first name spelled differently is a conflict too.
    const spelled = [
      await contact(crew, {
        first_name: 'Hélène',
        last_name: 'Vidal',
        birth_date: '1990-01-01',
        created_at: '2023-01-01',
      }),
      await contact(crew, {
        first_name: 'Helene',
        last_name: 'Vidal',
        birth_date: '1990-01-01',
        created_at: '2023-02-01',
      }),
    ];
    // No conflict, but said to be different people.
    const different = [
      await contact(crew, { first_name: 'Sam', last_name: 'Petit', email: 'sam@exemple.fr', created_at: '2023-01-01' }),
      await contact(crew, { first_name: 'Sam', last_name: 'Petit', email: 'sam@exemple.fr', created_at: '2023-02-01' }),
    ];
    await t.dataSource.query(
      'INSERT INTO contact_not_duplicates (space_id, contact_a, contact_b) VALUES ($1, $2, $3)',
      [crew.space.id, ...sorted(different)],
    );

    const confirm = await crew.visitor.open(`/s/${slug}/contacts/duplicates/bulk`);
    expect(unescapeHtml(confirm.text)).toContain('1 groupe (2 contacts) peut être fusionné sans rien choisir');
    const unconfirmed = await crew.visitor.submit(`/s/${slug}/contacts/duplicates/bulk`, {
      groups: '1',
      contacts: '2',
    });
    expect(unconfirmed.status).toBe(422);
    expect(unescapeHtml(unconfirmed.text)).toContain('Cochez la case pour confirmer.');
    // Figures that are no longer right: nothing is merged, the new ones are shown.
    const stale = await crew.visitor.submit(`/s/${slug}/contacts/duplicates/bulk`, {
      groups: '2',
      contacts: '4',
      confirm: 'on',
    });
    expect(stale.status).toBe(422);
    expect(unescapeHtml(stale.text)).toContain('Les doublons ont changé depuis l’affichage de cette page');
    const all = [...quiet, ...conflicting, ...spelled, ...different];
    expect(Object.values(await rows(crew, all)).every((row) => row.merged_into === null)).toBe(true);

    const res = await crew.visitor.submit(`/s/${slug}/contacts/duplicates/bulk`, {
      groups: '1',
      contacts: '2',
      confirm: 'on',
    });
    expect(await followed(crew, res)).toContain('1 groupe fusionné (2 contacts).');
    const after = await rows(crew, all);
    expect(after[quiet[0]]).toMatchObject({
      phone: '+33644444444',
      tags: ['jeunes'],
      do_not_contact: true,
      consent_email: false,
      merged_into: null,
    });
    expect(after[quiet[1]].merged_into).toBe(quiet[0]);
    for (const id of [...conflicting, ...spelled, ...different]) expect(after[id].merged_into).toBeNull();
    expect(await auditOf(t.dataSource, crew.space.id, 'contacts.merged')).toEqual([
      expect.objectContaining({
        target_id: quiet[0],
        details: expect.objectContaining({ mergedIds: [quiet[1]], bulk: true }),
      }),
    ]);
    const left = await groupsOf(crew);
    expect(left.map((group) => group.ids)).toEqual([conflicting, spelled]);
  });

  it('undoes a merge exactly, once, with its audit entry, and proposes the group again', async () => {
    const crew = await newCrew('annulation');
    const slug = crew.space.slug;
    const master = await contact(crew, {
      first_name: 'Nora',
      last_name: 'Benali',
      email: 'nora@exemple.fr',
      tags: ['école'],
      consent_sms: true,
      created_at: '2023-01-01T00:00:00Z',
      updated_at: '2023-05-01T00:00:00Z',
    });
    const others = [
      await contact(crew, {
        first_name: 'Nora',
        last_name: 'Ben Ali',
        email: 'nora@exemple.fr',
        phone: '+33677777777',
        street: 'rue du Port',
        city: 'Lorient',
        latitude: 47.75,
        longitude: -3.36,
        tags: ['port', 'école'],
        notes: 'Préfère le téléphone.',
        do_not_contact: true,
        last_interaction_at: '2024-09-01T08:30:00.123Z',
        created_at: '2023-02-01T00:00:00Z',
      } as ContactRowInput),
      await contact(crew, {
        first_name: 'N.',
        last_name: 'Benali',
        email: 'nora@exemple.fr',
        consent_post: false,
        created_at: '2023-03-01T00:00:00Z',
      }),
    ];
    const ids = [master, ...others];
    const events = [
      await event(crew, master, 'created', null, '2023-01-01'),
      await event(crew, others[0], 'updated', { fields: ['notes'] }, '2024-01-01'),
    ];
    const consents = [
      await consent(crew, others[1], 'post', false, '2024-01-01'),
      await consent(crew, master, 'sms', true, '2024-02-01'),
    ];
    const before = await rows(crew, ids);
    const ownersBefore = {
      events: await owners(crew, 'contact_events', events),
      consents: await owners(crew, 'contact_consents', consents),
    };

    const merged = await mergeByHand(crew, ids, { keep_lastName: others[0], keep_firstName: master });
    expect(merged.status).toBe(303);
    expect(await groupsOf(crew)).toEqual([]);
    const merge = await mergeOf(crew, master);
    expect((await rows(crew, ids))[master]).toMatchObject({
      last_name: 'Ben Ali',
      do_not_contact: true,
      phone: '+33677777777',
    });

    const history = await crew.visitor.open(`/s/${slug}/contacts/merges`);
    expect(unescapeHtml(history.text)).toContain('Nora Ben Ali, N. Benali');
    const res = await crew.visitor.submit(`/s/${slug}/contacts/merges/${merge.id}/undo`, {});
    expect(await followed(crew, res)).toContain('Fusion annulée : les fiches sont de nouveau distinctes.');

    expect(await rows(crew, ids)).toEqual(before);
    expect({
      events: await owners(crew, 'contact_events', events),
      consents: await owners(crew, 'contact_consents', consents),
    }).toEqual(ownersBefore);
    expect((await mergeOf(crew, master)).undone_at).not.toBeNull();
    expect(await groupsOf(crew)).toEqual([{ rules: ['Même adresse e-mail'], ids }]);
    expect(await auditOf(t.dataSource, crew.space.id, 'contacts.merge_undone')).toEqual([
      expect.objectContaining({
        actor_id: crew.admin.id,
        target_id: master,
        details: { mergeId: merge.id, mergedIds: others },
      }),
    ]);
    expect(emitted).toContainEqual({
      name: 'contacts.merge_undone',
      payload: { spaceId: crew.space.id, mergeId: merge.id, masterId: master, mergedIds: others },
    });
    const sheet = unescapeHtml((await crew.visitor.get(`/s/${slug}/contacts/${master}`)).text);
    expect(sheet).toContain('Fusion annulée : les fiches de Nora Ben Ali, N. Benali sont de nouveau distinctes');

    // Twice is refused politely, and changes nothing.
    const again = await crew.visitor.submit(`/s/${slug}/contacts/merges/${merge.id}/undo`, {});
    expect(await followed(crew, again)).toContain('Cette fusion a déjà été annulée.');
    expect(await rows(crew, ids)).toEqual(before);
  });

  it('keeps consent and "do not contact" decisions recorded on the master after the merge when undoing it', async () => {
    const crew = await newCrew('décision après fusion');
    const slug = crew.space.slug;
    const ids = [
      await contact(crew, {
        first_name: 'Yves',
        last_name: 'Le Gall',
        email: 'yves@exemple.fr',
        consent_email: true,
        created_at: '2023-01-01',
      }),
      await contact(crew, {
        first_name: 'Yves',
        last_name: 'Le Gall',
        email: 'yves@exemple.fr',
        created_at: '2023-02-01',
      }),
    ];
    expect((await mergeByHand(crew, ids)).status).toBe(303);
    // After the merge, the person asks not to be contacted any more.
    await crew.visitor.open(`/s/${slug}/contacts/${ids[0]}`);
    expect((await crew.visitor.submit(`/s/${slug}/contacts/${ids[0]}/do-not-contact`, {})).status).toBe(303);
    const merge = await mergeOf(crew, ids[0]);
    await crew.visitor.open(`/s/${slug}/contacts/merges`);
    expect((await crew.visitor.submit(`/s/${slug}/contacts/merges/${merge.id}/undo`, {})).status).toBe(303);
    expect((await rows(crew, ids))[ids[0]]).toMatchObject({
      do_not_contact: true,
      consent_email: false,
      merged_into: null,
    });
    expect((await rows(crew, ids))[ids[1]].merged_into).toBeNull();
  });

  it('refuses to undo a merge older than 30 days, or whose contacts changed since, with a message', async () => {
    const crew = await newCrew('refus');
    const slug = crew.space.slug;
    const pair = async (name: string) => [
      await contact(crew, {
        first_name: name,
        last_name: 'Refus',
        email: `${name}@exemple.fr`,
        created_at: '2023-01-01',
      }),
      await contact(crew, {
        first_name: name,
        last_name: 'Refus',
        email: `${name}@exemple.fr`,
        created_at: '2023-02-01',
      }),
    ];
    const undo = async (mergeId: string) => {
      await crew.visitor.open(`/s/${slug}/contacts/merges`);
      return followed(crew, await crew.visitor.submit(`/s/${slug}/contacts/merges/${mergeId}/undo`, {}));
    };

    const old = await pair('ancien');
    await mergeByHand(crew, old);
    const oldMerge = await mergeOf(crew, old[0]);
    await t.dataSource.query(
      `UPDATE contact_merges SET created_at = now() - interval '31 days' WHERE space_id = $1 AND id = $2`,
      [crew.space.id, oldMerge.id],
    );
    const history = (await crew.visitor.get(`/s/${slug}/contacts/merges`)).text;
    expect(history).not.toContain(`/merges/${oldMerge.id}/undo`);
    expect(history).toContain('Définitive');
    expect(await undo(oldMerge.id)).toContain(
      'Cette fusion date de plus de 30 jours : elle ne peut plus être annulée.',
    );
    expect((await rows(crew, old))[old[1]].merged_into).toBe(old[0]);

    const erased = await pair('efface');
    await mergeByHand(crew, erased);
    await t.dataSource.query('UPDATE contacts SET erased_at = now() WHERE space_id = $1 AND id = $2', [
      crew.space.id,
      erased[1],
    ]);
    expect(await undo((await mergeOf(crew, erased[0])).id)).toContain(
      'L’une des fiches fusionnées a été effacée ou supprimée depuis',
    );
    expect((await rows(crew, erased))[erased[0]].merged_into).toBeNull();

    // Merged again since: the later merge must be undone first.
    const chained = await pair('chaine');
    const third = await contact(crew, {
      first_name: 'chaine',
      last_name: 'Refus',
      email: 'chaine@exemple.fr',
      created_at: '2023-03-01',
    });
    await mergeByHand(crew, chained);
    const first = await mergeOf(crew, chained[0]);
    await mergeByHand(crew, [chained[0], third]);
    const second = await mergeOf(crew, chained[0]);
    expect(await undo(first.id)).toContain('annulez d’abord la fusion la plus récente');
    expect(await undo(second.id)).toContain('Fusion annulée');
    expect(await undo(first.id)).toContain('Fusion annulée');
    expect(Object.values(await rows(crew, [...chained, third])).map((row) => row.merged_into)).toEqual([
      null,
      null,
      null,
    ]);

    // A merge of another space is not found.
    const elsewhere = await newCrew('ailleurs');
    await elsewhere.visitor.open(`/s/${elsewhere.space.slug}/contacts/merges`);
    expect(
      (await elsewhere.visitor.submit(`/s/${elsewhere.space.slug}/contacts/merges/${first.id}/undo`, {})).status,
    ).toBe(404);
  });

  it('forgets the merged contacts once the merge can no longer be undone, and deletes them with their master', async () => {
    const crew = await newCrew('menage');
    const slug = crew.space.slug;
    const twins = async (name: string) => [
      await contact(crew, {
        first_name: name,
        last_name: 'Menage',
        email: `${name}@exemple.fr`,
        created_at: '2023-01-01',
      }),
      await contact(crew, {
        first_name: name,
        last_name: 'Menage',
        email: `${name}@exemple.fr`,
        created_at: '2023-02-01',
      }),
    ];
    const old = await twins('ancien');
    const recent = await twins('recent');
    await mergeByHand(crew, old);
    await mergeByHand(crew, recent);
    const oldMerge = await mergeOf(crew, old[0]);
    await t.dataSource.query(
      `UPDATE contact_merges SET created_at = now() - interval '31 days' WHERE space_id = $1 AND id = $2`,
      [crew.space.id, oldMerge.id],
    );
    await t.app.get(MergeHousekeepingJob).run();
    expect(Object.keys(await rows(crew, [...old, ...recent])).sort()).toEqual([old[0], ...recent].sort());
    const [kept] = await t.dataSource.query('SELECT snapshot FROM contact_merges WHERE space_id = $1 AND id = $2', [
      crew.space.id,
      oldMerge.id,
    ]);
    expect(kept.snapshot).toEqual({});
    expect((await mergeOf(crew, recent[0])).merged_ids).toEqual([recent[1]]);

    // Deleting a master deletes the contacts merged into it: they were the same person.
    await crew.visitor.open(`/s/${slug}/contacts/${recent[0]}`);
    expect((await crew.visitor.submit(`/s/${slug}/contacts/${recent[0]}/delete`, { confirm: 'yes' })).status).toBe(303);
    expect(await rows(crew, recent)).toEqual({});
  });

  it('refuses every duplicates and merge page to every role but admin', async () => {
    const crew = await newCrew('rôles');
    const slug = crew.space.slug;
    const ids = [
      await contact(crew, { first_name: 'Rose', last_name: 'Rôle', email: 'rose@exemple.fr' }),
      await contact(crew, { first_name: 'Rose', last_name: 'Rôle', email: 'rose@exemple.fr' }),
    ];
    await mergeByHand(crew, ids);
    const merge = await mergeOf(crew, ids[0]);
    const gets = ['duplicates', `duplicates/merge?ids=${ids.join(',')}`, 'duplicates/bulk', 'merges'];
    const posts: [string, Record<string, string | string[]>][] = [
      ['duplicates/not-duplicates', { ids: ids.join(',') }],
      ['duplicates/merge', { ids: ids.join(','), master: ids[0], include: ids }],
      ['duplicates/bulk', { groups: '0', contacts: '0', confirm: 'on' }],
      [`merges/${merge.id}/undo`, {}],
    ];
    for (const role of ['supervisor', 'coordinator', 'member'] as const) {
      const visitor = await signedIn(t.app, crew.people[role]);
      await visitor.open(`/s/${slug}/contacts`);
      for (const path of gets)
        expect({ role, path, status: (await visitor.get(`/s/${slug}/contacts/${path}`)).status }).toEqual({
          role,
          path,
          status: 403,
        });
      for (const [path, body] of posts) {
        expect({ role, path, status: (await visitor.submit(`/s/${slug}/contacts/${path}`, body)).status }).toEqual({
          role,
          path,
          status: 403,
        });
      }
    }
    expect((await mergeOf(crew, ids[0])).undone_at).toBeNull();
  });

  it('pages through groups with a keyset, never OFFSET', async () => {
    const crew = await newCrew('pages');
    const expected: string[][] = [];
    for (let index = 0; index < 25; index++) {
      const email = `personne${String(index).padStart(2, '0')}@exemple.fr`;
      expected.push([
        await contact(crew, { first_name: 'P', last_name: `N${index}`, email, created_at: '2023-01-01' }),
        await contact(crew, { first_name: 'P', last_name: `N${index}`, email, created_at: '2023-02-01' }),
      ]);
    }
    const mark = t.sql.statements.length;
    const first = await crew.visitor.get(`/s/${crew.space.slug}/contacts/duplicates?rule=email`);
    const next = moreGroupsQuery(first.text);
    expect(next).toMatch(/^rule=email&after=/);
    const second = await crew.visitor
      .get(`/s/${crew.space.slug}/contacts/duplicates?${next}`)
      .set('HX-Request', 'true');
    expect(second.text).not.toContain('<html');
    expect(moreGroupsQuery(second.text)).toBeNull();
    const pages = [groupsIn(first.text), groupsIn(second.text)];
    expect(pages.map((page) => page.length)).toEqual([20, 5]);
    expect(pages.flat().map((group) => group.ids)).toEqual(expected);
    expect(t.sql.since(mark).filter((sql) => /\bOFFSET\b/i.test(sql))).toEqual([]);
  });

  it('pages through the merge history with a keyset, newest first', async () => {
    const crew = await newCrew('historique');
    const master = await contact(crew, { first_name: 'Hugo', last_name: 'Histoire' });
    const merged: string[] = [];
    for (let index = 0; index < 31; index++)
      merged.push(await contact(crew, { first_name: `Fiche${index}`, last_name: 'Histoire' }));
    // 31 merges, one a day, the newest first in the history.
    await t.dataSource.query(
      `INSERT INTO contact_merges (space_id, master_id, merged_ids, snapshot, created_at)
       SELECT $1, $2, ARRAY[($3::uuid[])[g]], '{}', now() - (31 - g) * interval '1 day' FROM generate_series(1, 31) g`,
      [crew.space.id, master, merged],
    );
    const names = (html: string) => [...html.matchAll(/<td>(Fiche\d+) Histoire<\/td>/g)].map((match) => match[1]);
    const first = await crew.visitor.get(`/s/${crew.space.slug}/contacts/merges`);
    const next = /href="\/s\/[^/"]+\/contacts\/merges\?after=([^"]+)"/.exec(first.text)![1];
    const second = await crew.visitor
      .get(`/s/${crew.space.slug}/contacts/merges?after=${next}`)
      .set('HX-Request', 'true');
    expect(second.text).not.toContain('<html');
    expect([...names(first.text), ...names(second.text)]).toEqual(
      Array.from({ length: 31 }, (_, index) => `Fiche${30 - index}`),
    );
    expect(names(second.text)).toEqual(['Fiche0']);
    expect(second.text).not.toMatch(/contacts\/merges\?after=/);
  });

  it('finds duplicates among 20,000 contacts through indexes, and bulk-merges about a thousand groups quickly', async () => {
    const crew = await newCrew('volume');
    const slug = crew.space.slug;
    // 20,000 contacts. Each g with g % 20 = 1 is a copy of g - 1 (999 groups without a
    // conflict); g % 20 = 6 shares only the phone of g - 1, g % 40 = 11 only the name and
    // birth date, g % 40 = 31 only the name and address (groups with conflicts).
    const base = (condition: string) => `(CASE WHEN g % 20 = 1 OR ${condition} THEN g - 1 ELSE g END)`;
    const name = base('g % 40 IN (11, 31)');
    await insertContacts(t.dataSource, crew.space, 20_000, {
      first_name: `(ARRAY['Léa', 'Jean', 'Zoé', 'Karim', 'Aïcha'])[1 + ${name} % 5]`,
      last_name: `'Nom' || ${name}`,
      email: `'p' || ${base('false')} || '@exemple.fr'`,
      phone: `'+336' || lpad(${base('g % 20 = 6')}::text, 8, '0')`,
      birth_date: `date '1950-01-01' + ${base('g % 40 = 11')}`,
      street: `${base('g % 40 = 31')} || ' rue des Tests'`,
      postcode: `'33000'`,
      created_at: `timestamptz '2023-01-01' + g * interval '1 minute'`,
    });
    await t.dataSource.query('ANALYZE contacts');

    const mark = t.sql.statements.length;
    const started = Date.now();
    const res = await crew.visitor.get(`/s/${slug}/contacts/duplicates`);
    const elapsed = Date.now() - started;
    expect(res.status).toBe(200);
    expect(groupsIn(res.text)).toHaveLength(20);
    expect(elapsed).toBeLessThan(3000);

    // Every detection query of every rule, and those of the bulk merge's plan, replayed with
    // EXPLAIN: none reads the whole table, each reads its rule's index.
    for (const rule of ['email', 'phone', 'birth', 'address'])
      await crew.visitor.get(`/s/${slug}/contacts/duplicates?rule=${rule}`);
    const confirm = unescapeHtml((await crew.visitor.open(`/s/${slug}/contacts/duplicates/bulk`)).text);
    const [, groups, contacts] = /(\d+) groupes \((\d+) contacts\)/.exec(confirm)!;
    expect([Number(groups), Number(contacts)]).toEqual([999, 1998]);
    const detections = t.sql.statements
      .map((sql, index) => ({ sql, parameters: t.sql.parameters[index] }))
      .slice(mark)
      .filter(({ sql }) => sql.includes('CROSS JOIN LATERAL'));
    const indexes = new Set<string>();
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SET enable_seqscan = off');
      for (const { sql, parameters } of detections) {
        const plan = (await runner.query(`EXPLAIN ${sql}`, parameters))
          .map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN'])
          .join('\n');
        expect(plan).not.toMatch(/Seq Scan on contacts/);
        for (const [, index] of plan.matchAll(/Index (?:Only )?Scan using (contacts_(?:email|phone|dup_\w+)_idx)/g)) {
          indexes.add(index);
        }
      }
    } finally {
      await runner.query('RESET enable_seqscan');
      await runner.release();
    }
    expect([...indexes].sort()).toEqual([
      'contacts_dup_address_city_idx',
      'contacts_dup_address_idx',
      'contacts_dup_birth_idx',
      'contacts_email_idx',
      'contacts_phone_idx',
    ]);

    const bulkStarted = Date.now();
    const bulk = await crew.visitor.submit(`/s/${slug}/contacts/duplicates/bulk`, { groups, contacts, confirm: 'on' });
    const bulkElapsed = Date.now() - bulkStarted;
    expect(bulk.status).toBe(303);
    expect(bulkElapsed).toBeLessThan(30_000);
    const [{ count }] = await t.dataSource.query(
      'SELECT count(*)::int AS count FROM contacts WHERE space_id = $1 AND merged_into IS NOT NULL',
      [crew.space.id],
    );
    expect(count).toBe(Number(contacts) - Number(groups));
    process.stdout.write(
      `duplicates page on 20,000 contacts: ${elapsed} ms; bulk merge of ${groups} groups: ${bulkElapsed} ms\n`,
    );
  });
});
