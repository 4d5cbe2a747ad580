import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { suppressionHash } from '../../../src/contacts/suppressions/suppression-hash';
import {
  addMember,
  createAccount,
  createSpace,
  type TestAccount,
  type TestSpace,
} from '../../factories/community.factory';
import { createContact } from '../../factories/contacts.factory';
import type { Visitor } from '../../support/http-client';
import { signedIn } from '../../support/sign-in';
import { bootTestApp, type TestApp } from '../../support/test-app';
import { auditOf, levelsOf, unescapeHtml } from './contacts-pages';

jest.setTimeout(180_000);

const SAMPLE = join(__dirname, '../../../../shared/samples/contacts/export-excel-windows.csv');
const HEADER = 'Prénom;Nom;E-mail;Téléphone;Ville;Niveau de soutien;Consentement e-mail;Tags';
const UUID = /\/contacts\/import\/([0-9a-f-]{36})$/;

interface ImportRow {
  id: string;
  status: string;
  total_rows: number;
  processed_rows: number;
  created_count: number;
  updated_count: number;
  skipped_count: number;
  rejected_count: number;
  report: { written: boolean; skipReasons: Record<string, number> } | null;
  error: string | null;
}

describe('importing contacts from a CSV file', () => {
  let t: TestApp;
  let space: TestSpace;
  let admin: TestAccount;
  let visitor: Visitor;

  beforeAll(async () => {
    t = await bootTestApp();
    admin = await createAccount(t.dataSource, { name: 'Inès Import' });
    space = await createSpace(t.dataSource, admin, { name: 'Imports' });
    visitor = await signedIn(t.app, admin);
  });
  afterAll(() => t.close());

  beforeEach(async () => {
    await t.dataSource.query('DELETE FROM contacts WHERE space_id = $1', [space.id]);
    await t.dataSource.query('DELETE FROM contact_suppressions WHERE space_id = $1', [space.id]);
  });

  /** Sends a file as the upload form does; the CSRF token travels in the query string. */
  async function upload(content: Buffer | string, fileName = 'contacts.csv') {
    await visitor.open(`/s/${space.slug}/contacts/import`);
    const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    return visitor.agent
      .post(`/s/${space.slug}/contacts/import?_csrf=${encodeURIComponent(visitor.csrf)}`)
      .attach('file', body, { filename: fileName, contentType: 'text/csv' });
  }

  /** Uploads, then returns the import's id and its mapping page. */
  async function uploaded(content: Buffer | string, fileName?: string): Promise<{ id: string; page: string }> {
    const res = await upload(content, fileName);
    expect(res.status).toBe(303);
    const id = UUID.exec(res.headers.location)![1];
    const page = await visitor.open(`/s/${space.slug}/contacts/import/${id}`);
    expect(page.status).toBe(200);
    return { id, page: unescapeHtml(page.text) };
  }

  /** The mapping form's fields as the page proposes them, with some changed. */
  function choices(page: string, changes: Record<string, string> = {}): Record<string, string> {
    const fields: Record<string, string> = { mode: 'fill' };
    for (const select of page.matchAll(
      /<select id="field-(column_\d+)" name="column_\d+"[^>]*>([\s\S]*?)<\/select>/g,
    )) {
      fields[select[1]] = /<option value="([^"]*)" selected>/.exec(select[2])?.[1] ?? '';
    }
    const encoding = /<select id="field-encoding"[\s\S]*?<option value="([^"]+)" selected>/.exec(page);
    if (encoding) fields.encoding = encoding[1];
    return { ...fields, ...changes };
  }

  async function waitFor(id: string): Promise<ImportRow> {
    for (let attempt = 0; attempt < 300; attempt++) {
      const [row] = await t.dataSource.query<ImportRow[]>(
        'SELECT * FROM contact_imports WHERE space_id = $1 AND id = $2',
        [space.id, id],
      );
      if (row.status === 'done' || row.status === 'failed') return row;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`import ${id} did not finish`);
  }

  /** Upload, keep the proposed mapping (with changes), start, wait for the end. */
  async function runImport(content: Buffer | string, changes: Record<string, string> = {}, fileName?: string) {
    const { id, page } = await uploaded(content, fileName);
    const started = await visitor.submit(`/s/${space.slug}/contacts/import/${id}/start`, choices(page, changes));
    expect(started.status).toBe(303);
    return { id, result: await waitFor(id) };
  }

  const contactsByEmail = async () => {
    const rows = await t.dataSource.query(
      `SELECT *, birth_date::text AS birth_date FROM contacts WHERE space_id = $1 ORDER BY email`,
      [space.id],
    );
    return new Map<string, Record<string, unknown>>(
      rows.map((row: Record<string, unknown>) => [row.email ?? row.id, row]),
    );
  };

  describe("the organiser's Excel file (Windows-1252, semicolons, French headers)", () => {
    it('maps every column without help and previews the rows with their accents', async () => {
      const { page } = await uploaded(readFileSync(SAMPLE), 'export-excel-windows.csv');
      const fields = choices(page);
      expect(fields).toMatchObject({
        column_0: 'firstName',
        column_1: 'lastName',
        column_2: 'gender',
        column_3: 'birthDate',
        column_4: 'email',
        column_5: 'phone',
        column_6: 'streetNumber',
        column_7: 'street',
        column_8: 'postcode',
        column_9: 'city',
        column_10: 'supportLevel',
        column_11: 'consentEmail',
        column_12: 'consentSms',
        column_13: 'tags',
        encoding: 'windows-1252',
      });
      expect(page).toContain('point-virgule');
      expect(page).toContain('Maëlle');
      expect(page).toContain('Jérôme');
      expect(page).toContain('Aperçu des 20 premières lignes');
      expect(page).toContain('Aucun problème dans ces lignes.');
    });

    it('imports all 60 rows: names, gender, dates, phones, levels, tags, and consents in the ledger', async () => {
      const { id, result } = await runImport(readFileSync(SAMPLE), {}, 'export-excel-windows.csv');
      expect(result).toMatchObject({
        status: 'done',
        total_rows: 60,
        created_count: 60,
        rejected_count: 0,
        skipped_count: 0,
      });
      expect(result.report!.written).toBe(true);

      const contacts = await contactsByEmail();
      const lucas = contacts.get('lucas.lefebvre.3@exemple.fr')!;
      const levels = await levelsOf(t.dataSource, space.id);
      expect(lucas).toMatchObject({
        first_name: 'Lucas',
        last_name: 'Lefèbvre',
        gender: 'male',
        birth_date: '2002-10-17',
        phone: '+33661848073',
        phone_raw: '06 61 84 80 73',
        street_number: '67',
        street: 'cours Victor-Hugo',
        postcode: '33110',
        city: 'Le Bouscat',
        support_level_id: levels.find((level) => level.label === 'Donateur')!.id,
        tags: ['école'],
        origin: 'import',
        consent_email: false,
        consent_sms: null,
        created_by: admin.id,
      });
      const maelle = contacts.get('maelle.nguyen.0@exemple.fr')!;
      expect(maelle).toMatchObject({
        gender: 'female',
        tags: ['école', 'transports'],
        consent_sms: false,
        consent_email: null,
      });
      const team = [...contacts.values()].find(
        (contact) => contact.last_name === 'Nguyen' && contact.first_name === 'Théo',
      )!;
      expect(team.support_level_id).toBe(levels.find((level) => level.label === "Membre de l'équipe")!.id);

      // Consent columns become ledger entries: source import, the file as proof, who ran it.
      const ledger = await t.dataSource.query(
        'SELECT channel, granted, source, proof, recorded_by FROM contact_consents WHERE space_id = $1 AND contact_id = $2 ORDER BY channel',
        [space.id, lucas.id],
      );
      expect(ledger).toEqual([
        {
          channel: 'email',
          granted: false,
          source: 'import',
          proof: 'export-excel-windows.csv',
          recorded_by: admin.id,
        },
      ]);
      const [{ entries }] = await t.dataSource.query(
        `SELECT count(*)::int AS entries FROM contact_consents WHERE space_id = $1`,
        [space.id],
      );
      const decided = [...contacts.values()].reduce(
        (sum, contact) => sum + (contact.consent_email === null ? 0 : 1) + (contact.consent_sms === null ? 0 : 1),
        0,
      );
      expect(entries).toBe(decided);
      const events = await t.dataSource.query(
        'SELECT kind, actor_id, details FROM contact_events WHERE space_id = $1 AND contact_id = $2',
        [space.id, lucas.id],
      );
      expect(events).toEqual([{ kind: 'imported', actor_id: admin.id, details: { file: 'export-excel-windows.csv' } }]);
      const sheet = unescapeHtml((await visitor.get(`/s/${space.slug}/contacts/${lucas.id}`)).text);
      expect(sheet).toContain('Importé depuis le fichier « export-excel-windows.csv »');

      const [imported] = await auditOf(t.dataSource, space.id, 'contacts.imported');
      expect(imported).toMatchObject({
        actor_id: admin.id,
        target_id: id,
        details: { created: 60, updated: 0, skipped: 0, rejected: 0 },
      });
      expect(await auditOf(t.dataSource, space.id, 'contacts.import_started')).toHaveLength(1);

      const report = unescapeHtml((await visitor.get(`/s/${space.slug}/contacts/import/${id}`)).text);
      expect(report).toContain('Import terminé.');
      expect(report).not.toContain('hx-trigger="every 1s"');
    });

    it('creates nobody twice when the same file comes again', async () => {
      await runImport(readFileSync(SAMPLE));
      const { result } = await runImport(readFileSync(SAMPLE));
      // Rows without e-mail or phone are recognised by name and address.
      expect(result).toMatchObject({ created_count: 0, updated_count: 0, skipped_count: 60 });
      expect(result.report!.skipReasons).toEqual({ unchanged: 60 });
      const [{ count }] = await t.dataSource.query('SELECT count(*)::int AS count FROM contacts WHERE space_id = $1', [
        space.id,
      ]);
      expect(count).toBe(60);
    });
  });

  describe('what a row does to a contact already there', () => {
    const file = [
      HEADER,
      'Camille;Durand-Nouveau;camille@exemple.fr;;Bordeaux;Indécis;oui;école',
      'Paul;Martin;;06 12 34 56 78;Talence;;oui;',
    ].join('\r\n');

    let camille: string;
    let paul: string;
    beforeEach(async () => {
      camille = await createContact(t.dataSource, space, {
        first_name: 'Camille',
        last_name: 'Durand',
        email: 'camille@exemple.fr',
        city: null,
        tags: ['logement'],
        consent_email: false,
      });
      paul = await createContact(t.dataSource, space, {
        first_name: 'Paul',
        last_name: 'Martin',
        phone: '+33612345678',
        city: 'Pessac',
        do_not_contact: true,
        consent_email: false,
      });
    });

    const row = async (id: string) =>
      (await t.dataSource.query('SELECT * FROM contacts WHERE space_id = $1 AND id = $2', [space.id, id]))[0];

    it('fill: completes empty fields only, adds tags, never consents for someone who asked not to be contacted', async () => {
      const { result } = await runImport(file, { mode: 'fill' });
      // Paul's city is already known, and he asked not to be contacted: nothing changes for him.
      expect(result).toMatchObject({ created_count: 0, updated_count: 1, skipped_count: 1 });
      expect(result.report!.skipReasons).toEqual({ unchanged: 1 });
      expect(await row(camille)).toMatchObject({
        last_name: 'Durand',
        city: 'Bordeaux',
        tags: ['logement', 'école'],
        consent_email: false,
      });
      expect(await row(paul)).toMatchObject({ city: 'Pessac', consent_email: false, do_not_contact: true });
      const events = await t.dataSource.query(
        `SELECT details FROM contact_events WHERE space_id = $1 AND contact_id = $2 AND kind = 'import_updated'`,
        [space.id, camille],
      );
      expect(events[0].details.fields.sort()).toEqual(['city', 'supportLevelId', 'tags']);
    });

    it('overwrite: the file wins where it says something, the ledger records the new decision', async () => {
      const { result } = await runImport(file, { mode: 'overwrite' });
      expect(result).toMatchObject({ created_count: 0, updated_count: 2 });
      expect(await row(camille)).toMatchObject({
        last_name: 'Durand-Nouveau',
        city: 'Bordeaux',
        tags: ['logement', 'école'],
        consent_email: true,
      });
      // Paul asked not to be contacted again: the file cannot give his consent back.
      expect(await row(paul)).toMatchObject({ city: 'Talence', consent_email: false, do_not_contact: true });
      const ledger = await t.dataSource.query(
        'SELECT contact_id, channel, granted, source FROM contact_consents WHERE space_id = $1 ORDER BY id',
        [space.id],
      );
      expect(ledger).toEqual([{ contact_id: camille, channel: 'email', granted: true, source: 'import' }]);
    });

    it('skip: leaves the contacts as they are and says so', async () => {
      const before = [await row(camille), await row(paul)];
      const { result } = await runImport(file, { mode: 'skip' });
      expect(result).toMatchObject({ created_count: 0, updated_count: 0, skipped_count: 2 });
      expect(result.report!.skipReasons).toEqual({ exists: 2 });
      expect([await row(camille), await row(paul)]).toEqual(before);
    });
  });

  describe('all or nothing', () => {
    const file = [
      HEADER,
      'Alice;Valide;alice@exemple.fr;;Bordeaux;;oui;',
      'Bruno;Faux;bruno@@exemple;;Bordeaux;;oui;',
      'Chloé;Valide;chloe@exemple.fr;;Bordeaux;Fervent;peut-être;',
      '=HYPERLINK("http://evil.example");Formule;pas-une-adresse;;;;;',
    ].join('\r\n');

    it('writes nothing when a row is rejected, and says which line and why', async () => {
      const { id, result } = await runImport(file);
      expect(result).toMatchObject({ status: 'done', created_count: 0, rejected_count: 3, total_rows: 4 });
      expect(result.report!.written).toBe(false);
      const [{ count }] = await t.dataSource.query('SELECT count(*)::int AS count FROM contacts WHERE space_id = $1', [
        space.id,
      ]);
      expect(count).toBe(0);
      const report = unescapeHtml((await visitor.get(`/s/${space.slug}/contacts/import/${id}`)).text);
      expect(report).toContain('3 lignes sont refusées : rien n’a été importé.');
      expect(report).toMatch(
        /<td>3<\/td>\s*<td>Bruno Faux<\/td>[\s\S]*« E-mail » : « bruno@@exemple » n’est pas une adresse e-mail/,
      );
      expect(report).toContain('« Niveau de soutien » : « Fervent » n’est pas un niveau de soutien de l’espace.');
      expect(report).toContain('« Consentement e-mail » : « peut-être » ; attendu oui ou non.');
    });

    it('gives the rejected rows back as a CSV that opens in French Excel and runs no formula', async () => {
      const { id } = await runImport(file, { keepValidRows: 'on' });
      const res = await visitor
        .get(`/s/${space.slug}/contacts/import/${id}/rejected.csv`)
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      const text = (res.body as Buffer).toString('utf8');
      expect(text.startsWith('\ufeffLigne;Problèmes;Prénom;Nom;E-mail')).toBe(true);
      const lines = text.slice(1).split('\r\n');
      expect(lines[1]).toMatch(/^3;.*bruno@@exemple.*;Bruno;Faux;bruno@@exemple;/);
      expect(lines[2]).toMatch(/^4;.*;Chloé;Valide;chloe@exemple.fr;/);
      expect(lines[3]).toMatch(
        /^5;.*pas-une-adresse.*;"'=HYPERLINK\(""http:\/\/evil.example""\)";Formule;pas-une-adresse;/,
      );
      expect(text).not.toMatch(/(^|;)=HYPERLINK/m);
      expect(await auditOf(t.dataSource, space.id, 'contacts.import_rejected_exported')).toHaveLength(1);
    });

    it('imports the valid rows when asked, at the start or after the fact', async () => {
      const first = await runImport(file, { keepValidRows: 'on' });
      expect(first.result).toMatchObject({ created_count: 1, rejected_count: 3 });
      await t.dataSource.query('DELETE FROM contacts WHERE space_id = $1', [space.id]);

      const stopped = await runImport(file);
      expect(stopped.result.report!.written).toBe(false);
      await visitor.open(`/s/${space.slug}/contacts/import/${stopped.id}`);
      const again = await visitor.submit(`/s/${space.slug}/contacts/import/${stopped.id}/keep-valid`, {});
      expect(again.status).toBe(303);
      const result = await waitFor(stopped.id);
      expect(result).toMatchObject({ created_count: 1, rejected_count: 3 });
      expect(result.report!.written).toBe(true);
    });
  });

  describe('files that are not what they should be', () => {
    let refusals = 0;
    const refused = async (content: Buffer | string, message: string, name?: string) => {
      const fileName = name ?? `refused-${++refusals}.csv`;
      const res = await upload(content, fileName);
      expect(res.status).toBe(422);
      expect(unescapeHtml(res.text)).toContain(message);
      const [{ count }] = await t.dataSource.query(
        `SELECT count(*)::int AS count FROM contact_imports WHERE space_id = $1 AND file_name = $2`,
        [space.id, fileName],
      );
      expect(count).toBe(0);
    };

    it('refuses an empty file, a header alone, and no file at all', async () => {
      await refused('', 'Ce fichier est vide.');
      await refused('\r\n\r\n', 'Ce fichier est vide.');
      await refused('Prénom;Nom;E-mail\r\n', 'Ce fichier n’a que sa ligne d’en-têtes');
      await visitor.open(`/s/${space.slug}/contacts/import`);
      const none = await visitor.agent
        .post(`/s/${space.slug}/contacts/import?_csrf=${encodeURIComponent(visitor.csrf)}`)
        .field('x', '1');
      expect(none.status).toBe(422);
      expect(unescapeHtml(none.text)).toContain('Choisissez un fichier.');
    });

    it('refuses a separator it does not read', async () => {
      await refused('Prénom|Nom|E-mail\r\nAna|Lopez|ana@exemple.fr\r\n', 'Le séparateur de colonnes n’est pas reconnu');
    });

    it('refuses a binary file renamed .csv, and tells a workbook apart', async () => {
      const png = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
        'base64',
      );
      await refused(png, 'Ce fichier n’est pas un fichier texte', 'photo.csv');
      const xlsx = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(200, 1)]);
      await refused(xlsx, 'Ceci est un classeur Excel ou LibreOffice, pas un CSV', 'classeur.csv');
    });

    it('refuses a file over 50 MB with the form and its message', async () => {
      const line = 'Jean;Dupont;jean@exemple.fr;;Bordeaux;;;\r\n';
      const big = Buffer.from(HEADER + '\r\n' + line.repeat(Math.ceil((50 * 1024 * 1024 + 1000) / line.length)));
      await refused(big, 'Ce fichier dépasse 50 Mo');
    });

    it('rejects the rows with broken quotes or the wrong number of cells, with their lines', async () => {
      const file = [
        'Prénom;Nom;E-mail',
        'Ana;Lopez;ana@exemple.fr',
        'Léo;Petit;leo@exemple.fr;en trop',
        'Zoé;"Martin;zoe@exemple.fr',
        'Max;Roy;max@exemple.fr',
      ].join('\r\n');
      const { id, result } = await runImport(file);
      expect(result).toMatchObject({ created_count: 0, rejected_count: 2 });
      const rows = await t.dataSource.query(
        `SELECT line, problems FROM contact_import_rows WHERE space_id = $1 AND import_id = $2 ORDER BY line`,
        [space.id, id],
      );
      expect(rows.map((row: { line: number; problems: { key: string }[] }) => [row.line, row.problems[0].key])).toEqual(
        [
          [3, 'columns'],
          [4, 'quotes'],
        ],
      );
    });
  });

  describe('a quote never closed at the top of a large file', () => {
    it('stops the import with a message that says where to look, and writes nothing', async () => {
      const lines = ['Prénom;Nom;E-mail', 'Ana;"Lopez;ana@exemple.fr'];
      for (let i = 0; i < 100_000; i++) lines.push(`Jean${i};Dupont;jean${i}@exemple.fr`);
      const { id, page: mapping } = await uploaded(lines.join('\n'));
      // The preview already says so.
      expect(mapping).toMatch(/<td>2<\/td>[\s\S]*Cette ligne ne finit pas : un guillemet y est ouvert et jamais fermé/);
      await visitor.submit(`/s/${space.slug}/contacts/import/${id}/start`, choices(mapping));
      const result = await waitFor(id);
      expect(result).toMatchObject({
        status: 'failed',
        error: 'rowTooLong',
        created_count: 0,
        report: { failedLine: 2 },
      });
      const page = unescapeHtml((await visitor.get(`/s/${space.slug}/contacts/import/${id}`)).text);
      expect(page).toContain('La ligne 2 du fichier ne finit pas');
      const [{ count }] = await t.dataSource.query('SELECT count(*)::int AS count FROM contacts WHERE space_id = $1', [
        space.id,
      ]);
      expect(count).toBe(0);
    });
  });

  describe('encodings and separators', () => {
    const text = 'Prénom,Nom,E-mail,Ville\r\nHélène,Œuvray,helene@exemple.fr,Saint-Médard-en-Jalles\r\n';

    it.each([
      ['UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'utf-8'],
      ['UTF-8 without a BOM', Buffer.from(text), 'utf-8'],
      ['Windows-1252', iconv.encode(text, 'windows-1252'), 'windows-1252'],
      [
        'UTF-16 (Excel "Unicode text", tabs)',
        iconv.encode('\ufeff' + text.replace(/,/g, '\t'), 'utf-16le'),
        'utf-16le',
      ],
      ['UTF-8 with tabs', Buffer.from(text.replace(/,/g, '\t')), 'utf-8'],
    ])('reads %s', async (_name, content, encoding) => {
      const { page } = await uploaded(content);
      expect(choices(page)).toMatchObject({
        column_0: 'firstName',
        column_1: 'lastName',
        column_2: 'email',
        column_3: 'city',
        encoding,
      });
      const { result } = await runImport(content);
      expect(result.created_count).toBe(1);
      const [contact] = await t.dataSource.query(
        'SELECT first_name, last_name, city FROM contacts WHERE space_id = $1',
        [space.id],
      );
      expect(contact).toEqual({ first_name: 'Hélène', last_name: 'Œuvray', city: 'Saint-Médard-en-Jalles' });
      await t.dataSource.query('DELETE FROM contacts WHERE space_id = $1', [space.id]);
    });

    it('lets the organiser correct a wrong guess from the preview', async () => {
      const { id } = await uploaded(iconv.encode(text, 'windows-1252'));
      const res = await visitor.htmxSubmit(`/s/${space.slug}/contacts/import/${id}/preview`, {
        column_0: 'firstName',
        column_1: 'lastName',
        column_2: 'email',
        column_3: 'city',
        mode: 'fill',
        encoding: 'utf-8',
      });
      expect(res.status).toBe(200);
      expect(res.text).toContain('id="import-preview"');
      expect(res.text).not.toContain('<html');
      expect(unescapeHtml(res.text)).toContain('H\ufffdl\ufffdne');
    });
  });

  describe('the mapping', () => {
    const file = 'Prénom;Nom;Mail perso;Portable\r\nAna;Lopez;ana@exemple.fr;0612345678\r\n';

    it('refuses a field chosen twice and a mapping that says nobody, beside the columns', async () => {
      const { id, page } = await uploaded(file);
      const twice = await visitor.submit(
        `/s/${space.slug}/contacts/import/${id}/start`,
        choices(page, { column_1: 'firstName' }),
      );
      expect(twice.status).toBe(422);
      expect(unescapeHtml(twice.text)).toMatch(
        /id="field-column_1-errors"><li>Ce champ est déjà choisi pour la colonne « Prénom ».<\/li>/,
      );
      const nobody = await visitor.submit(`/s/${space.slug}/contacts/import/${id}/start`, {
        column_0: '',
        column_1: '',
        column_2: '',
        column_3: '',
        mode: 'fill',
      });
      expect(nobody.status).toBe(422);
      expect(unescapeHtml(nobody.text)).toContain('Choisissez au moins une colonne qui dit qui est la personne');
      const bad = await visitor.submit(
        `/s/${space.slug}/contacts/import/${id}/start`,
        choices(page, { mode: 'everything' }),
      );
      expect(bad.status).toBe(422);
      const [row] = await t.dataSource.query('SELECT status FROM contact_imports WHERE space_id = $1 AND id = $2', [
        space.id,
        id,
      ]);
      expect(row.status).toBe('uploaded');
    });

    it('remembers the last mapping for the same headers', async () => {
      const first = await uploaded(file);
      expect(choices(first.page)).toMatchObject({ column_2: '', column_3: 'phone' });
      await visitor.submit(
        `/s/${space.slug}/contacts/import/${first.id}/start`,
        choices(first.page, { column_2: 'email' }),
      );
      await waitFor(first.id);
      const second = await uploaded(file);
      expect(choices(second.page)).toMatchObject({
        column_0: 'firstName',
        column_1: 'lastName',
        column_2: 'email',
        column_3: 'phone',
      });
    });
  });

  describe('rows that must not come in', () => {
    it('skips a person erased at their request, and the report says why', async () => {
      await t.dataSource.query(
        `INSERT INTO contact_suppressions (space_id, kind, value_hash) VALUES ($1, 'email', $2), ($1, 'phone', $3)`,
        [
          space.id,
          suppressionHash(space.id, 'email', 'Efface@Exemple.fr'),
          suppressionHash(space.id, 'phone', '+33698765432'),
        ],
      );
      const file = [
        HEADER,
        'Eve;Effacée;EFFACE@exemple.fr;;;;;',
        'Yan;Parti;;06 98 76 54 32;;;;',
        'Zélie;Reste;zelie@exemple.fr;;;;;',
      ].join('\r\n');
      const { id, result } = await runImport(file);
      expect(result).toMatchObject({ created_count: 1, skipped_count: 2 });
      expect(result.report!.skipReasons).toEqual({ erased: 2 });
      const report = unescapeHtml((await visitor.get(`/s/${space.slug}/contacts/import/${id}`)).text);
      expect(report).toContain(
        '2 personnes ont été effacées à leur demande (RGPD) : elles ne peuvent pas être importées de nouveau.',
      );
    });

    it('computes the same suppression hash in SQL as in the application', async () => {
      const [{ hash }] = await t.dataSource.query(
        `SELECT encode(sha256(convert_to($1::uuid::text || ':email:' || lower(btrim($2)), 'UTF8')), 'hex') AS hash`,
        [space.id, ' Some.One@Exemple.FR '],
      );
      expect(hash).toBe(suppressionHash(space.id, 'email', ' Some.One@Exemple.FR '));
    });

    it('skips a row that repeats an earlier one of the file', async () => {
      const file = [
        HEADER,
        'Ana;Lopez;ana@exemple.fr;;;;;',
        'Ana;L.;ANA@exemple.fr;;;;;',
        'Bob;Roy;;0612345678;;;;',
        'Robert;Roy;;06 12 34 56 78;;;;',
      ].join('\r\n');
      const { id, result } = await runImport(file);
      expect(result).toMatchObject({ created_count: 2, skipped_count: 2 });
      const rows = await t.dataSource.query(
        `SELECT line, problems FROM contact_import_rows WHERE space_id = $1 AND import_id = $2 ORDER BY line`,
        [space.id, id],
      );
      expect(rows).toEqual([
        { line: 3, problems: [{ key: 'duplicateInFile', values: { line: 2 } }] },
        { line: 5, problems: [{ key: 'duplicateInFile', values: { line: 4 } }] },
      ]);
    });
  });

  describe('progress and access', () => {
    it('shows a progress bar that asks again every second while the import runs', async () => {
      const { id } = await uploaded([HEADER, 'Ana;Lopez;ana@exemple.fr;;;;;'].join('\r\n'));
      await t.dataSource.query(
        `UPDATE contact_imports SET status = 'reading', total_rows = 2000, processed_rows = 500 WHERE space_id = $1 AND id = $2`,
        [space.id, id],
      );
      const res = await visitor.get(`/s/${space.slug}/contacts/import/${id}`).set('HX-Request', 'true');
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('<html');
      expect(res.text).toContain('hx-trigger="every 1s"');
      expect(res.text).toContain('<progress id="import-progress" max="100" value="25">');
      // French groups thousands with a narrow no-break space.
      expect(unescapeHtml(res.text).replace(/\u202f/g, ' ')).toContain(
        'Lecture du fichier : 500 lignes sur environ 2 000.',
      );
    });

    it('counts the rows as it goes, batch after batch, on a larger file', async () => {
      const lines = [HEADER];
      for (let i = 0; i < 12_000; i++)
        lines.push(`Prénom${i};Nom${i};p${i}@exemple.fr;;Bordeaux;;${i % 2 ? 'oui' : 'non'};tag${i % 7}`);
      const { result } = await runImport(lines.join('\r\n'));
      expect(result).toMatchObject({
        status: 'done',
        total_rows: 12_000,
        processed_rows: 12_000,
        created_count: 12_000,
      });
      const [{ count }] = await t.dataSource.query(
        `SELECT count(*)::int AS count FROM contact_consents WHERE space_id = $1`,
        [space.id],
      );
      expect(count).toBe(12_000);
    });

    it('is for admins only', async () => {
      const member = await createAccount(t.dataSource);
      await addMember(t.dataSource, space, member, 'supervisor');
      const supervisor = await signedIn(t.app, member);
      expect((await supervisor.get(`/s/${space.slug}/contacts/import`)).status).toBe(403);
    });
  });
});
