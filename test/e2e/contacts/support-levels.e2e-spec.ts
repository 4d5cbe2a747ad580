import { createAccount, createSpace, type TestAccount, type TestSpace } from '../../factories/community.factory';
import { createContact } from '../../factories/contacts.factory';
import type { Visitor } from '../../support/http-client';
import { signedIn } from '../../support/sign-in';
import { bootTestApp, type TestApp } from '../../support/test-app';
import { allListed, auditOf, unescapeHtml } from './contacts-pages';

jest.setTimeout(180_000);

interface Level {
  id: string;
  label: string;
  colour: string;
  category: string;
  position: number;
}

describe('support levels', () => {
  let t: TestApp;
  let space: TestSpace;
  let admin: TestAccount;
  let visitor: Visitor;
  const settings = () => `/s/${space.slug}/settings/support-levels`;

  beforeAll(async () => {
    t = await bootTestApp();
    admin = await createAccount(t.dataSource, { name: 'Armelle Admin' });
    visitor = await signedIn(t.app, admin);
    // A space made the way people make one, so that the default scale comes from the app.
    await visitor.open('/spaces/new');
    const res = await visitor.submit('/spaces', { name: 'Échelle', language: 'fr' });
    expect(res.status).toBe(303);
    const [row] = await t.dataSource.query(
      `SELECT id, slug, name, invite_code AS "inviteCode" FROM spaces WHERE created_by = $1 /* cross-space: found by its creator */`,
      [admin.id],
    );
    space = row;
  });
  afterAll(() => t.close());

  const levels = (spaceId = space.id): Promise<Level[]> =>
    t.dataSource.query(
      'SELECT id, label, colour, category, position FROM support_levels WHERE space_id = $1 ORDER BY position',
      [spaceId],
    );
  const labels = async () => (await levels()).map((level) => level.label);
  const shownLabels = async () =>
    [
      ...(await visitor.get(settings())).text.matchAll(/<input id="label-[0-9a-f-]{36}" name="label" value="([^"]*)"/g),
    ].map((match) => unescapeHtml(match[1]));

  it('gives a new space the default scale of PRODUCT.md, in its language', async () => {
    expect((await levels()).map(({ label, colour, category }) => ({ label, colour, category }))).toEqual([
      { label: 'Opposé', colour: '#b42318', category: 'opposed' },
      { label: 'Indécis', colour: '#667085', category: 'undecided' },
      { label: 'Sympathisant', colour: '#079455', category: 'supporter' },
      { label: 'Soutien fort', colour: '#067647', category: 'supporter' },
      { label: 'Donateur', colour: '#6941c6', category: 'supporter' },
      { label: "Membre de l'équipe", colour: '#1d4ed8', category: 'volunteer' },
    ]);
    expect(await shownLabels()).toEqual(await labels());
    await visitor.open('/spaces/new');
    expect((await visitor.submit('/spaces', { name: 'Scale', language: 'en' })).status).toBe(303);
    const [english] = await t.dataSource.query(
      `SELECT id FROM spaces WHERE name = 'Scale' /* cross-space: found by its name */`,
    );
    expect((await levels(english.id)).map((level) => level.label)).toEqual([
      'Opposed',
      'Undecided',
      'Sympathiser',
      'Strong supporter',
      'Donor',
      'Team member',
    ]);
  });

  it('adds a level at the end of the scale, audited', async () => {
    await visitor.open(settings());
    const res = await visitor.submit(settings(), { label: 'Élu·e local·e', colour: '#AABBCC', category: 'supporter' });
    expect(res.status).toBe(303);
    const added = (await levels()).at(-1)!;
    expect(added).toMatchObject({ label: 'Élu·e local·e', colour: '#aabbcc', category: 'supporter', position: 7 });
    expect(await auditOf(t.dataSource, space.id, 'support_level.created')).toEqual([
      {
        actor_id: admin.id,
        target_type: 'support_level',
        target_id: added.id,
        target_label: 'Élu·e local·e',
        details: null,
      },
    ]);
  });

  it('refuses a new level with a bad label, colour or category, with 422 and the message beside the field', async () => {
    const before = await levels();
    const cases: [Record<string, string>, string, string][] = [
      [{ label: '', colour: '#123456', category: 'supporter' }, 'label', 'Ce champ est obligatoire.'],
      [{ label: '   ', colour: '#123456', category: 'supporter' }, 'label', 'Ce champ est obligatoire.'],
      [{ label: 'x'.repeat(61), colour: '#123456', category: 'supporter' }, 'label', 'Pas plus de 60 caractères.'],
      [{ label: 'Rouge', colour: 'red', category: 'supporter' }, 'colour', 'Une couleur au format #rrggbb.'],
      [{ label: 'Rouge', colour: '#12345', category: 'supporter' }, 'colour', 'Une couleur au format #rrggbb.'],
      [{ label: 'Rouge', category: 'supporter' }, 'colour', 'Une couleur au format #rrggbb.'],
      [{ label: 'Rouge', colour: '#123456', category: 'fan' }, 'category', 'Choisissez une valeur de la liste.'],
      [{ label: 'Rouge', colour: '#123456' }, 'category', 'Choisissez une valeur de la liste.'],
    ];
    for (const [fields, field, message] of cases) {
      await visitor.open(settings());
      const res = await visitor.submit(settings(), fields);
      expect({ fields, status: res.status }).toEqual({ fields, status: 422 });
      const errors = new RegExp(`id="field-${field}-errors">([\\s\\S]*?)</ul>`).exec(unescapeHtml(res.text));
      expect({ fields, errors: errors?.[1].trim() ?? null }).toEqual({ fields, errors: `<li>${message}</li>` });
    }
    expect(await levels()).toEqual(before);
  });

  it('renames, recolours and recategorises a level, audited with the old name', async () => {
    const [, undecided] = await levels();
    await visitor.open(settings());
    const res = await visitor.submit(`${settings()}/${undecided.id}`, {
      label: 'Hésitant',
      colour: '#FF8800',
      category: 'undecided',
    });
    expect(res.status).toBe(303);
    expect((await levels())[1]).toMatchObject({
      id: undecided.id,
      label: 'Hésitant',
      colour: '#ff8800',
      category: 'undecided',
      position: undecided.position,
    });
    const [entry] = await auditOf(t.dataSource, space.id, 'support_level.changed');
    expect(entry).toMatchObject({ target_id: undecided.id, target_label: 'Hésitant', details: { from: 'Indécis' } });
  });

  it('refuses a bad change with 422, the page again, the messages in that level’s row, the values typed kept', async () => {
    const before = await levels();
    const target = before[2];
    await visitor.open(settings());
    const res = await visitor.submit(`${settings()}/${target.id}`, {
      label: '',
      colour: 'vert',
      category: 'supporter',
    });
    expect(res.status).toBe(422);
    const html = unescapeHtml(res.text);
    expect(html).toContain(
      `<input id="colour-${target.id}" type="color" name="colour" value="vert" aria-invalid="true" aria-describedby="colour-${target.id}-errors">`,
    );
    expect(html).toMatch(new RegExp(`id="label-${target.id}-errors"><li>Ce champ est obligatoire\\.</li>`));
    expect(html).toMatch(new RegExp(`id="colour-${target.id}-errors"><li>Une couleur au format #rrggbb\\.</li>`));
    // The other levels are shown as they are, without errors.
    expect(html.match(/class="field-errors"/g)).toHaveLength(2);
    await visitor.open(settings());
    expect(
      (await visitor.submit(`${settings()}/${target.id}`, { label: 'Bleu', colour: '#0000ff', category: 'fan' }))
        .status,
    ).toBe(422);
    expect(await levels()).toEqual(before);
  });

  it('moves a level up and down the scale', async () => {
    const before = await labels();
    const [first, second] = await levels();
    await visitor.open(settings());
    expect((await visitor.submit(`${settings()}/${second.id}/move`, { direction: 'up' })).status).toBe(303);
    expect(await labels()).toEqual([before[1], before[0], ...before.slice(2)]);
    expect((await visitor.submit(`${settings()}/${second.id}/move`, { direction: 'down' })).status).toBe(303);
    expect(await labels()).toEqual(before);
    // The first cannot go higher, the last lower: nothing happens.
    expect((await visitor.submit(`${settings()}/${first.id}/move`, { direction: 'up' })).status).toBe(303);
    const last = (await levels()).at(-1)!;
    expect((await visitor.submit(`${settings()}/${last.id}/move`, { direction: 'down' })).status).toBe(303);
    expect(await labels()).toEqual(before);
    expect((await visitor.submit(`${settings()}/${first.id}/move`, { direction: 'sideways' })).status).toBe(400);
    expect(await labels()).toEqual(before);
    // The list and the forms show the new order.
    expect(await shownLabels()).toEqual(before);
  });

  it('keeps the history readable when a level is renamed or deleted', async () => {
    const [opposed, undecided, sympathiser] = await levels();
    const contact = await createContact(t.dataSource, space, {
      last_name: 'Historique',
      support_level_id: undecided.id,
      created_by: admin.id,
    });
    const url = `/s/${space.slug}/contacts/${contact}`;
    // A change of level through the form, recorded with the labels of the day.
    await visitor.open(`${url}/edit`);
    expect((await visitor.submit(url, { lastName: 'Historique', supportLevelId: sympathiser.id })).status).toBe(303);
    await visitor.open(settings());
    await visitor.submit(`${settings()}/${sympathiser.id}`, {
      label: 'Allié',
      colour: '#079455',
      category: 'supporter',
    });
    let sheet = unescapeHtml((await visitor.get(url)).text);
    // Today's name at the top, the history as it happened.
    expect(sheet).toMatch(/<span class="level">[\s\S]*?Allié<\/span>/);
    expect(sheet).toContain(`Niveau de soutien : Hésitant → Sympathisant`);
    // A saved filter on the level still finds the contact after the rename.
    expect(await allListed(visitor, space.slug, `level=${sympathiser.id}`)).toEqual([contact]);

    // Deleting the level: the contact keeps everything else, has no level, and the timeline says so.
    const other = await createContact(t.dataSource, space, {
      last_name: 'Autre',
      support_level_id: opposed.id,
      created_by: admin.id,
    });
    await visitor.open(settings());
    const res = await visitor.submit(`${settings()}/${sympathiser.id}/delete`, {});
    expect(res.status).toBe(303);
    expect(unescapeHtml((await visitor.get(res.headers.location)).text)).toContain(
      'Niveau supprimé ; 1 contact n’a plus de niveau.',
    );
    const [row] = await t.dataSource.query(
      'SELECT support_level_id, last_name FROM contacts WHERE space_id = $1 AND id = $2',
      [space.id, contact],
    );
    expect(row).toEqual({ support_level_id: null, last_name: 'Historique' });
    sheet = unescapeHtml((await visitor.get(url)).text);
    expect(sheet).toContain('Niveau de soutien non renseigné');
    expect(sheet).toContain('Niveau de soutien : Hésitant → Sympathisant');
    expect(sheet).toContain('Niveau de soutien : Allié → —');
    expect((await auditOf(t.dataSource, space.id, 'support_level.deleted'))[0]).toMatchObject({
      target_id: sympathiser.id,
      target_label: 'Allié',
      details: { contacts: 1 },
    });
    // Contacts of other levels were not touched.
    const [untouched] = await t.dataSource.query(
      'SELECT support_level_id FROM contacts WHERE space_id = $1 AND id = $2',
      [space.id, other],
    );
    expect(untouched.support_level_id).toBe(opposed.id);
    const events = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM contact_events WHERE space_id = $1 AND contact_id = $2`,
      [space.id, other],
    );
    expect(events[0].n).toBe(0);
  });

  it('answers 404 for the level of another space, and changes none of its levels', async () => {
    const otherAdmin = await createAccount(t.dataSource);
    const other = await createSpace(t.dataSource, otherAdmin);
    const [foreign] = await levels(other.id);
    await visitor.open(settings());
    expect(
      (await visitor.submit(`${settings()}/${foreign.id}`, { label: 'Piraté', colour: '#000000', category: 'opposed' }))
        .status,
    ).toBe(404);
    expect((await visitor.submit(`${settings()}/${foreign.id}/move`, { direction: 'down' })).status).toBe(404);
    expect((await visitor.submit(`${settings()}/${foreign.id}/delete`, {})).status).toBe(404);
    expect((await levels(other.id))[0]).toEqual(foreign);
  });
});
