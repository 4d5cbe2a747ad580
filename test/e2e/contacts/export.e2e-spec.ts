import Papa from 'papaparse';
import { EXPORT_BATCH_SIZE } from '../../../src/contacts/export/contacts-export.service';
import {
  addMember,
  createAccount,
  createSpace,
  type TestAccount,
  type TestSpace,
} from '../../factories/community.factory';
import { createContact, insertContacts } from '../../factories/contacts.factory';
import type { Visitor } from '../../support/http-client';
import { signedIn } from '../../support/sign-in';
import { bootTestApp, type TestApp } from '../../support/test-app';
import { allListed, auditOf, levelsOf, unescapeHtml } from './contacts-pages';

jest.setTimeout(240_000);

const BOM = '\uFEFF';
const FRENCH_HEADER = [
  'Prénom',
  'Nom',
  'Genre',
  'Date de naissance',
  'Adresse e-mail',
  'Téléphone',
  'Numéro',
  'Voie',
  'Code postal',
  'Commune',
  'Code INSEE de la commune',
  'Niveau de soutien',
  'Étiquettes',
  'Origine',
  'Consentement e-mail',
  'Consentement SMS',
  'Consentement téléphone',
  'Consentement courrier',
  'Ne plus contacter',
  'Créé le',
  'Modifié le',
  'Dernier contact le',
];

interface Download {
  status: number;
  headers: Record<string, string>;
  bytes: Buffer;
  text: string;
}

/** Opens the export page (as a browser would, for its form) and posts it; the answer as bytes. */
async function exportCsv(visitor: Visitor, slug: string, query: string, columns?: string[]): Promise<Download> {
  const page = await visitor.open(`/s/${slug}/contacts/export${query ? `?${query}` : ''}`);
  expect(page.status).toBe(200);
  const res = await visitor.agent
    .post(`/s/${slug}/contacts/export`)
    .type('form')
    .send({ query, ...(columns ? { columns } : {}), _csrf: visitor.csrf })
    .buffer(true)
    .parse((response, callback) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => callback(null, Buffer.concat(chunks)));
    });
  const bytes = res.body as Buffer;
  return { status: res.status, headers: res.headers as Record<string, string>, bytes, text: bytes.toString('utf8') };
}

/** The file's rows as a spreadsheet reads them (header first), after checking the line ends. */
function rowsOf(file: Download): string[][] {
  expect(file.text.startsWith(BOM)).toBe(true);
  const body = file.text.slice(BOM.length);
  const parsed = Papa.parse<string[]>(body, { delimiter: ';', newline: '\r\n', skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describe('CSV export of contacts', () => {
  let t: TestApp;
  let space: TestSpace;
  let admin: TestAccount;
  let visitor: Visitor;
  let levels: { id: string; label: string }[];
  const people: Record<string, string> = {};

  const at = (day: string) => new Date(`${day}T12:00:00.000Z`);

  beforeAll(async () => {
    t = await bootTestApp();
    const db = t.dataSource;
    admin = await createAccount(db, { name: 'Alice Admin' });
    space = await createSpace(db, admin, { name: 'Export', slug: `export-${Date.now()}` });
    levels = await levelsOf(db, space.id);
    const base = { created_by: admin.id };
    people.helene = await createContact(db, space, {
      ...base,
      first_name: 'Hélène',
      last_name: 'Dupré',
      gender: 'female',
      birth_date: '1980-05-04',
      email: 'h.dupre@exemple.fr',
      phone: '+33612345678',
      phone_raw: '06 12 34 56 78',
      street_number: '12',
      street: 'rue Achard',
      postcode: '33300',
      city: 'Bordeaux',
      insee_code: '33063',
      support_level_id: levels[2].id,
      tags: ['école', 'format'],
      origin: 'field',
      notes: 'Rencontrée au marché ; "très motivée"\r\nà rappeler',
      consent_email: true,
      consent_sms: false,
      created_at: at('2024-03-01'),
      updated_at: at('2024-03-05'),
      last_interaction_at: at('2024-03-10'),
    });
    people.francois = await createContact(db, space, {
      ...base,
      first_name: 'François',
      last_name: 'Lœwy-Çelik',
      phone: '+442079460958',
      city: 'Besançon',
      tags: ['format', 'œuvres; "spéciales"'],
      origin: 'import',
      created_at: at('2024-01-02'),
      updated_at: at('2024-01-02'),
    });
    // Cells a spreadsheet would take for formulas, in the first name.
    const injections = ['=1+1', '+1', '-1', '@SUM(A1)', '\tTab', '\rCR', '  =1+1', '\n@x', 'Normal'];
    for (const [index, firstName] of injections.entries()) {
      people[`injection${index}`] = await createContact(db, space, {
        ...base,
        first_name: firstName,
        last_name: `Zz ${String(index).padStart(2, '0')}`,
        tags: ['format'],
        created_at: at('2024-01-01'),
        updated_at: at('2024-01-01'),
      });
    }
    // The filter's cases: tag, level, erased, merged, do-not-contact, another space.
    const alpha = { ...base, tags: ['alpha'], support_level_id: levels[1].id };
    people.a1 = await createContact(db, space, { ...alpha, first_name: 'Anne', last_name: 'Alpha' });
    people.a2 = await createContact(db, space, {
      ...alpha,
      first_name: 'Bruno',
      last_name: 'Alpha',
      support_level_id: levels[3].id,
    });
    people.b1 = await createContact(db, space, { ...alpha, first_name: 'Chloé', last_name: 'Beta', tags: ['beta'] });
    await createContact(db, space, { ...alpha, first_name: 'Effacée', last_name: 'Alpha', erased_at: new Date() });
    await createContact(db, space, { ...alpha, first_name: 'Fusionnée', last_name: 'Alpha', merged_into: people.a1 });
    people.dnc = await createContact(db, space, {
      ...alpha,
      first_name: 'Denis',
      last_name: 'Alpha',
      do_not_contact: true,
    });
    const otherAdmin = await createAccount(db, { name: 'Autre' });
    const other = await createSpace(db, otherAdmin, { name: 'Ailleurs' });
    await createContact(db, other, {
      first_name: 'Intrus',
      last_name: 'Alpha',
      tags: ['alpha'],
      created_by: otherAdmin.id,
    });
    visitor = await signedIn(t.app, admin);
  });
  afterAll(() => t.close());

  it('shows how many contacts the filter selects and offers the columns', async () => {
    const res = await visitor.get(`/s/${space.slug}/contacts/export?tag=alpha`);
    expect(res.status).toBe(200);
    expect(unescapeHtml(res.text)).toContain('Le fichier contiendra 2 contacts : ceux de la liste filtrée.');
    expect(unescapeHtml(res.text)).toContain('name="query" value="tag=alpha"');
    for (const group of [
      'identity',
      'contact',
      'address',
      'level',
      'tags',
      'origin',
      'consents',
      'doNotContact',
      'dates',
    ]) {
      expect(res.text).toContain(`name="columns" value="${group}" checked`);
    }
    // Notes are free text about the person: only when asked for.
    expect(res.text).toContain('name="columns" value="notes">');
    const all = await visitor.get(`/s/${space.slug}/contacts/export`);
    expect(unescapeHtml(all.text)).toContain('Le fichier contiendra les 14 contacts de la base.');
  });

  it('writes UTF-8 with a BOM, semicolons and CRLF, French headers and dates, and neutralised formulas', async () => {
    const file = await exportCsv(visitor, space.slug, 'tag=format', [
      'identity',
      'contact',
      'address',
      'level',
      'tags',
      'origin',
      'consents',
      'doNotContact',
      'dates',
    ]);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
    const today = new Date();
    const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    expect(file.headers['content-disposition']).toContain(`filename="contacts-${space.slug}-${day}.csv"`);
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // Every line ends with CRLF; the only bare line breaks are inside quoted cells.
    const lines = file.text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe(BOM + FRENCH_HEADER.join(';'));
    const rows = rowsOf(file);
    expect(rows[0]).toEqual(FRENCH_HEADER);
    expect(rows).toHaveLength(1 + 11);
    const byLastName = new Map(rows.slice(1).map((row) => [row[1], row]));
    expect(byLastName.get('Dupré')).toEqual([
      'Hélène',
      'Dupré',
      'Femme',
      '04/05/1980',
      'h.dupre@exemple.fr',
      '06 12 34 56 78',
      '12',
      'rue Achard',
      '33300',
      'Bordeaux',
      '33063',
      'Sympathisant',
      'école, format',
      'Terrain',
      'oui',
      'non',
      '',
      '',
      'non',
      '01/03/2024',
      '05/03/2024',
      '10/03/2024',
    ]);
    // Accents and ligatures survive; a foreign number keeps its country code, behind a quote.
    const francois = byLastName.get('Lœwy-Çelik')!;
    expect(francois.slice(0, 6)).toEqual(['François', 'Lœwy-Çelik', 'Non précisé', '', '', "'+44 20 7946 0958"]);
    expect(francois[9]).toBe('Besançon');
    expect(francois[12]).toBe('format, œuvres; "spéciales"');
    expect(file.text).toContain(';"format, œuvres; ""spéciales""";');
    const firstNameOf = (index: number) => byLastName.get(`Zz ${String(index).padStart(2, '0')}`)![0];
    expect([...Array(9).keys()].map(firstNameOf)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\tTab",
      "'\rCR",
      "'  =1+1",
      "'\n@x",
      'Normal',
    ]);
    // In the file itself, no cell starts with a formula character.
    const starts = rows.flat().filter((cell) => /^[\s]*[=+\-@]|^[\t\r]/.test(cell));
    expect(starts).toEqual([]);
    // In the order of the list (by name).
    expect(rows.slice(1).map((row) => row[1])).toEqual([
      'Dupré',
      'Lœwy-Çelik',
      ...[...Array(9).keys()].map((i) => `Zz 0${i}`),
    ]);
  });

  it('quotes notes with semicolons, quotes and line breaks, when notes are asked for', async () => {
    const file = await exportCsv(visitor, space.slug, `tag=format&q=${encodeURIComponent('Dupré')}`, [
      'identity',
      'notes',
    ]);
    const rows = rowsOf(file);
    expect(rows).toEqual([
      ['Prénom', 'Nom', 'Genre', 'Date de naissance', 'Notes'],
      ['Hélène', 'Dupré', 'Femme', '04/05/1980', 'Rencontrée au marché ; "très motivée"\r\nà rappeler'],
    ]);
    expect(file.text).toContain(';"Rencontrée au marché ; ""très motivée""\r\nà rappeler"\r\n');
  });

  it('exports exactly the filtered list, with the columns chosen and nothing else', async () => {
    const names = (file: Download) =>
      rowsOf(file)
        .slice(1)
        .map((row) => `${row[0]} ${row[1]}`);
    const alpha = await exportCsv(visitor, space.slug, 'tag=alpha', ['identity', 'tags', 'level']);
    expect(rowsOf(alpha)[0]).toEqual([
      'Prénom',
      'Nom',
      'Genre',
      'Date de naissance',
      'Niveau de soutien',
      'Étiquettes',
    ]);
    // Erased, merged and do-not-contact people, and the other space, stay out.
    expect(names(alpha)).toEqual(['Anne Alpha', 'Bruno Alpha']);
    const level = await exportCsv(visitor, space.slug, `tag=alpha&level=${levels[1].id}`, ['identity']);
    expect(names(level)).toEqual(['Anne Alpha']);
    const twoLevels = await exportCsv(visitor, space.slug, `level=${levels[1].id}&level=${levels[3].id}`, ['identity']);
    expect(names(twoLevels)).toEqual(['Anne Alpha', 'Bruno Alpha', 'Chloé Beta']);
    const withDnc = await exportCsv(visitor, space.slug, 'tag=alpha&dnc=include', ['identity', 'doNotContact']);
    expect(rowsOf(withDnc).slice(1)).toEqual([
      ['Anne', 'Alpha', 'Non précisé', '', 'non'],
      ['Bruno', 'Alpha', 'Non précisé', '', 'non'],
      ['Denis', 'Alpha', 'Non précisé', '', 'oui'],
    ]);
    // The same people as the list shows for the same filter.
    const listed = await allListed(visitor, space.slug, 'tag=alpha&dnc=include');
    expect(listed.sort()).toEqual([people.a1, people.a2, people.dnc].sort());
  });

  it('speaks the person’s language: English headers, yes/no, ISO dates', async () => {
    await visitor.get('/lang/en');
    try {
      const file = await exportCsv(visitor, space.slug, `q=${encodeURIComponent('Dupré')}`, [
        'identity',
        'consents',
        'dates',
      ]);
      expect(rowsOf(file)).toEqual([
        [
          'First name',
          'Last name',
          'Gender',
          'Date of birth',
          'Email consent',
          'SMS consent',
          'Phone consent',
          'Post consent',
          'Created on',
          'Updated on',
          'Last contacted on',
        ],
        ['Hélène', 'Dupré', 'Woman', '1980-05-04', 'yes', 'no', '', '', '2024-03-01', '2024-03-05', '2024-03-10'],
      ]);
    } finally {
      await visitor.get('/lang/fr');
    }
  });

  it('answers 422 with the form when no column is ticked', async () => {
    const file = await exportCsv(visitor, space.slug, 'tag=alpha');
    expect(file.status).toBe(422);
    expect(file.headers['content-type']).toContain('text/html');
    expect(file.headers['content-disposition']).toBeUndefined();
    expect(unescapeHtml(file.text)).toContain('Cochez au moins une colonne.');
    expect(unescapeHtml(file.text)).toContain('name="query" value="tag=alpha"');
  });

  it('streams a large list in keyset batches, counts it right and writes it to the audit log', async () => {
    const db = t.dataSource;
    await insertContacts(db, space, 12_000, {
      first_name: "'Masse'",
      last_name: "'Masse ' || lpad(g::text, 5, '0')",
      tags: "ARRAY['masse']",
      created_by: `'${admin.id}'::uuid`,
    });
    const mark = t.sql.statements.length;
    const file = await exportCsv(visitor, space.slug, 'tag=masse', ['identity']);
    expect(file.status).toBe(200);
    const rows = rowsOf(file);
    expect(rows).toHaveLength(12_001);
    expect(rows.slice(1).map((row) => row[1])).toEqual(
      Array.from({ length: 12_000 }, (_, index) => `Masse ${String(index + 1).padStart(5, '0')}`),
    );
    // Read in batches of EXPORT_BATCH_SIZE, each statement starting after the previous one's last row.
    const batches = t.sql.since(mark).filter((sql) => sql.includes('AS "sortKey"'));
    expect(EXPORT_BATCH_SIZE).toBe(5000);
    expect(batches).toHaveLength(3);
    expect(batches[0]).not.toContain('(c.sort_name, c.id) >');
    expect(batches[1]).toContain('(c.sort_name, c.id) >');
    expect(batches[2]).toContain('(c.sort_name, c.id) >');
    const [entry] = (await auditOf(db, space.id, 'contacts.exported')).slice(-1);
    expect(entry.actor_id).toBe(admin.id);
    expect(entry.details).toEqual({ filter: 'tag=masse', columns: ['identity'], rows: 12_000, complete: true });
  });

  it('lets the list’s export link follow the filter shown', async () => {
    const fragment = await visitor.get(`/s/${space.slug}/contacts?tag=alpha`).set('HX-Request', 'true');
    expect(fragment.status).toBe(200);
    expect(unescapeHtml(fragment.text)).toContain(`id="export-link" href="/s/${space.slug}/contacts/export?tag=alpha"`);
    const page = await visitor.get(`/s/${space.slug}/contacts?tag=beta`);
    expect(unescapeHtml(page.text)).toContain(`id="export-link" href="/s/${space.slug}/contacts/export?tag=beta"`);
  });

  it('is for admins only', async () => {
    for (const role of ['supervisor', 'coordinator', 'member'] as const) {
      const account = await createAccount(t.dataSource, { name: `${role} export` });
      await addMember(t.dataSource, space, account, role);
      const person = await signedIn(t.app, account);
      expect((await person.get(`/s/${space.slug}/contacts/export`)).status).toBe(403);
      await person.open(`/s/${space.slug}/contacts`);
      const res = await person.submit(`/s/${space.slug}/contacts/export`, { query: '', columns: ['identity'] });
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toContain('text/html');
      // And the list does not offer it.
      expect((await person.get(`/s/${space.slug}/contacts`)).text).not.toContain('id="export-link"');
    }
  });
});
