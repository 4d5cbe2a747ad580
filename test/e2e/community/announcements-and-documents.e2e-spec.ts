import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stream } from 'node:stream';
import {
  addMember,
  addToTeam,
  createAccount,
  createSpace,
  createTeam,
  type TestAccount,
  type TestSpace,
} from '../../factories/community.factory';
import type { Visitor } from '../../support/http-client';
import { signedIn } from '../../support/sign-in';
import { bootTestApp, type TestApp } from '../../support/test-app';

jest.setTimeout(120_000);

const MB = 1024 * 1024;

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

/** A small but complete PDF (header, three objects, cross-reference table, trailer). */
function minimalPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A PDF of exactly `size` bytes (a valid PDF followed by padding, as a scanner would produce). */
function pdfOfSize(size: number): Buffer {
  const pdf = minimalPdf();
  return Buffer.concat([pdf, Buffer.alloc(size - pdf.length, 0x20)]);
}

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** The start of a Linux executable. */
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120)]);

/** The start of a Windows executable (MZ header pointing to a PE header). */
const EXE = (() => {
  const bytes = Buffer.alloc(256);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  return bytes;
})();

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A stored (uncompressed) zip: enough for office documents to be recognised from their entries. */
function zip(entries: [string, string][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const data = Buffer.from(text, 'utf8');
    const nameBytes = Buffer.from(name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt32LE(crc32(data), 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(header, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += header.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const DOCX = zip([
  [
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  ],
  [
    'word/document.xml',
    '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
  ],
]);

const ODT = zip([
  ['mimetype', 'application/vnd.oasis.opendocument.text'],
  ['content.xml', '<?xml version="1.0"?><office:document-content/>'],
]);

/** Announcements shown on a page, in order: title, and whether they are marked new / pinned. */
function announcementsOn(html: string): { title: string; unread: boolean; pinned: boolean }[] {
  return [...html.matchAll(/<li class="announcement( unread)?">\s*<h3>(.*?)<\/h3>/gs)].map((match) => ({
    title: unescapeHtml(match[2].replace(/<span class="badge[^"]*">[^<]*<\/span>\s*/g, '').trim()),
    unread: match[1] !== undefined,
    pinned: match[2].includes('<span class="badge">Épinglée</span>'),
  }));
}

/** The unread badge of the field page ("3 non lues"), 0 when there is none. */
function unreadOn(html: string): number {
  const match = /<span class="badge badge-strong">(\d+) non lues?<\/span><\/h2>/.exec(html);
  return match ? Number(match[1]) : 0;
}

/** Document titles linked on a page (the documents page or the field page). */
function documentsOn(html: string): { id: string; title: string }[] {
  return [
    ...html.matchAll(/<a class="big-link" href="\/s\/[^"/]+\/documents\/([0-9a-f-]{36})\/open"[^>]*>([^<]*)<\/a>/g),
  ].map((match) => ({ id: match[1], title: unescapeHtml(match[2]) }));
}

interface UploadFields {
  title?: string;
  kind?: string;
  url?: string;
  teamIds?: string[];
}

/** Publishes a document the way the page's form does (multipart, token in the htmx header). */
function upload(
  visitor: Visitor,
  slug: string,
  fields: UploadFields,
  file?: { content: Buffer; name: string; type?: string },
) {
  let req = visitor.agent.post(`/s/${slug}/documents`).set('X-CSRF-Token', visitor.csrf);
  if (fields.title !== undefined) req = req.field('title', fields.title);
  if (fields.kind !== undefined) req = req.field('kind', fields.kind);
  if (fields.url !== undefined) req = req.field('url', fields.url);
  for (const teamId of fields.teamIds ?? []) req = req.field('teamIds', teamId);
  if (file)
    req = req.attach('file', file.content, { filename: file.name, contentType: file.type ?? 'application/pdf' });
  return req;
}

/** Reads a binary response whole (supertest buffers only text by default). */
function binary(res: Stream, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

describe('announcements and documents', () => {
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
    /** Coordinated by `coordinator`, with `member` in it. */
    team: { id: string; name: string };
    /** With `outsider` in it. */
    otherTeam: { id: string; name: string };
    outsider: TestAccount;
  }

  async function newCrew(label: string): Promise<Crew> {
    const db = t.dataSource;
    const admin = await createAccount(db, { name: `Admin ${label}` });
    const space = await createSpace(db, admin, { name: `Espace ${label}` });
    const supervisor = await createAccount(db, { name: `Superviseur ${label}` });
    const coordinator = await createAccount(db, { name: `Coordinatrice ${label}` });
    const member = await createAccount(db, { name: `Membre ${label}` });
    const outsider = await createAccount(db, { name: `Autre membre ${label}` });
    await addMember(db, space, supervisor, 'supervisor');
    await addMember(db, space, coordinator, 'coordinator');
    await addMember(db, space, member, 'member');
    await addMember(db, space, outsider, 'member');
    const team = await createTeam(db, space, `Équipe ${label}`);
    const otherTeam = await createTeam(db, space, `Autre équipe ${label}`);
    await addToTeam(db, space, team.id, coordinator, true);
    await addToTeam(db, space, team.id, member);
    await addToTeam(db, space, otherTeam.id, outsider);
    return { space, admin, supervisor, coordinator, member, outsider, team, otherTeam };
  }

  const auditOf = (space: TestSpace, action: string) =>
    t.dataSource.query(
      `SELECT actor_id, target_type, target_id, target_label FROM audit_log WHERE space_id = $1 AND action = $2 ORDER BY id`,
      [space.id, action],
    );

  const announcementRows = (space: TestSpace) =>
    t.dataSource.query(
      'SELECT id, title, body, pinned, author_id FROM announcements WHERE space_id = $1 ORDER BY created_at, id',
      [space.id],
    );

  const documentRows = (space: TestSpace) =>
    t.dataSource.query(
      `SELECT id, title, kind, url, file_name, storage_key, mime_type, size_bytes, published_by
       FROM documents WHERE space_id = $1 ORDER BY created_at, id`,
      [space.id],
    );

  const storedFiles = (space: TestSpace) => {
    const dir = join(t.dataDir, 'uploads', space.id);
    return existsSync(dir) ? readdirSync(dir) : [];
  };

  async function publishAnnouncement(
    visitor: Visitor,
    space: TestSpace,
    fields: Record<string, string | string[]>,
  ): Promise<string> {
    const res = await visitor.submit(`/s/${space.slug}/announcements`, fields);
    expect(res.status).toBe(303);
    const [row] = await t.dataSource.query(
      'SELECT id FROM announcements WHERE space_id = $1 AND title = $2 ORDER BY created_at DESC LIMIT 1',
      [space.id, fields.title],
    );
    return row.id;
  }

  async function publishPdf(visitor: Visitor, space: TestSpace, title: string, teamIds: string[] = []) {
    const res = await upload(
      visitor,
      space.slug,
      { title, kind: 'file', teamIds },
      { content: minimalPdf(), name: 'note.pdf' },
    );
    expect(res.status).toBe(303);
    const [row] = await t.dataSource.query('SELECT id FROM documents WHERE space_id = $1 AND title = $2', [
      space.id,
      title,
    ]);
    return row.id as string;
  }

  describe('announcements', () => {
    it('publishes an announcement to everyone: members see it, unread, on their field page; it is logged', async () => {
      const crew = await newCrew('annonce');
      const admin = await signedIn(t.app, crew.admin);
      const page = await admin.open(`/s/${crew.space.slug}/announcements`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('id="announcement-form"');
      expect(unescapeHtml(page.text)).toContain("Aucune annonce pour l'instant.");

      const res = await admin.submit(`/s/${crew.space.slug}/announcements`, {
        title: '  Réunion jeudi  ',
        body: 'Salle des fêtes,\n19 h.',
      });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/s/${crew.space.slug}/announcements`);
      const [row] = await announcementRows(crew.space);
      expect(row).toEqual(
        expect.objectContaining({
          title: 'Réunion jeudi',
          body: 'Salle des fêtes,\n19 h.',
          pinned: false,
          author_id: crew.admin.id,
        }),
      );
      const list = await admin.get(`/s/${crew.space.slug}/announcements`);
      const text = unescapeHtml(list.text);
      expect(text).toContain('Annonce publiée.');
      expect(text).toContain('Par Admin annonce');
      expect(text).toContain('Tout le monde');
      expect(announcementsOn(list.text).map((a) => a.title)).toEqual(['Réunion jeudi']);
      expect(await auditOf(crew.space, 'announcement.published')).toEqual([
        expect.objectContaining({ actor_id: crew.admin.id, target_id: row.id, target_label: 'Réunion jeudi' }),
      ]);

      for (const person of [crew.member, crew.outsider, crew.coordinator]) {
        const visitor = await signedIn(t.app, person);
        const field = await visitor.get(`/s/${crew.space.slug}/field`);
        expect(announcementsOn(field.text)).toEqual([{ title: 'Réunion jeudi', unread: true, pinned: false }]);
        expect(unreadOn(field.text)).toBe(1);
        expect(unescapeHtml(field.text)).toContain('1 non lue');
        expect(field.text).toContain('Salle des fêtes,\n19 h.');
      }
      // Organisers see it on their home page too.
      const supervisor = await signedIn(t.app, crew.supervisor);
      expect(unescapeHtml((await supervisor.get(`/s/${crew.space.slug}/home`)).text)).toContain(
        '<strong>Réunion jeudi</strong>',
      );
    });

    it('refuses blank or too long fields and malformed teams with the form (422), and foreign teams (404)', async () => {
      const crew = await newCrew('annonce-refus');
      const other = await newCrew('annonce-refus-autre');
      const admin = await signedIn(t.app, crew.admin);
      const path = `/s/${crew.space.slug}/announcements`;
      const blank = await admin.submit(path, { title: ' ', body: '' });
      expect(blank.status).toBe(422);
      expect((blank.text.match(/field-invalid/g) ?? []).length).toBeGreaterThanOrEqual(2);
      const longTitle = await admin.submit(path, { title: 't'.repeat(151), body: 'Texte' });
      expect(longTitle.status).toBe(422);
      expect(longTitle.text).toContain('150');
      // What was typed comes back.
      expect(longTitle.text).toContain('Texte</textarea>');
      const longBody = await admin.submit(path, { title: 'Titre', body: 'b'.repeat(5001) });
      expect(longBody.status).toBe(422);
      expect((await admin.submit(path, { title: 'Titre', body: 'Texte', teamIds: 'pas-un-uuid' })).status).toBe(422);
      expect((await admin.submit(path, { title: 'Titre', body: 'Texte', teamIds: other.team.id })).status).toBe(404);
      expect(
        (await admin.submit(path, { title: 'Titre', body: 'Texte', teamIds: [crew.team.id, other.team.id] })).status,
      ).toBe(404);
      expect(await announcementRows(crew.space)).toEqual([]);
      expect(await announcementRows(other.space)).toEqual([]);
    });

    it('lets only admins and supervisors publish; another space answers 404', async () => {
      const crew = await newCrew('annonce-droits');
      const other = await newCrew('annonce-droits-autre');
      for (const person of [crew.coordinator, crew.member]) {
        const visitor = await signedIn(t.app, person);
        expect((await visitor.get(`/s/${crew.space.slug}/announcements`)).status).toBe(403);
        expect(
          (await visitor.submit(`/s/${crew.space.slug}/announcements`, { title: 'Pirate', body: 'Texte' })).status,
        ).toBe(403);
      }
      const outsider = await signedIn(t.app, other.admin);
      expect((await outsider.get(`/s/${crew.space.slug}/announcements`)).status).toBe(404);
      expect(
        (await outsider.submit(`/s/${crew.space.slug}/announcements`, { title: 'Pirate', body: 'Texte' })).status,
      ).toBe(404);
      const supervisor = await signedIn(t.app, crew.supervisor);
      await publishAnnouncement(supervisor, crew.space, { title: 'Par la supervision', body: 'Texte' });
      expect((await announcementRows(crew.space)).map((row: { title: string }) => row.title)).toEqual([
        'Par la supervision',
      ]);
    });

    it('shows an announcement aimed at teams only to their members (and to publishers)', async () => {
      const crew = await newCrew('cible');
      const admin = await signedIn(t.app, crew.admin);
      await publishAnnouncement(admin, crew.space, { title: 'Pour tous', body: 'Texte' });
      await publishAnnouncement(admin, crew.space, { title: 'Pour une équipe', body: 'Texte', teamIds: crew.team.id });
      await publishAnnouncement(admin, crew.space, {
        title: 'Pour deux équipes',
        body: 'Texte',
        teamIds: [crew.team.id, crew.otherTeam.id],
      });
      await publishAnnouncement(admin, crew.space, {
        title: 'Pour l’autre',
        body: 'Texte',
        teamIds: [crew.otherTeam.id],
      });
      const [targeted] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM announcement_teams WHERE space_id = $1`,
        [crew.space.id],
      );
      expect(targeted.n).toBe(4);

      const seenBy = async (person: TestAccount) => {
        const visitor = await signedIn(t.app, person);
        const field = await visitor.get(`/s/${crew.space.slug}/field`);
        return {
          titles: announcementsOn(field.text)
            .map((a) => a.title)
            .sort(),
          unread: unreadOn(field.text),
        };
      };
      expect(await seenBy(crew.member)).toEqual({
        titles: ['Pour deux équipes', 'Pour tous', 'Pour une équipe'],
        unread: 3,
      });
      expect(await seenBy(crew.coordinator)).toEqual({
        titles: ['Pour deux équipes', 'Pour tous', 'Pour une équipe'],
        unread: 3,
      });
      expect(await seenBy(crew.outsider)).toEqual({
        titles: ['Pour deux équipes', 'Pour l’autre', 'Pour tous'],
        unread: 3,
      });
      // Publishers see every announcement, with its audience.
      const list = unescapeHtml((await admin.get(`/s/${crew.space.slug}/announcements`)).text);
      expect(list).toContain('Pour : Équipe cible');
      expect(list).toContain('Pour : Autre équipe cible,Équipe cible');
      expect(
        announcementsOn(list)
          .map((a) => a.title)
          .sort(),
      ).toEqual(['Pour deux équipes', 'Pour l’autre', 'Pour tous', 'Pour une équipe'].sort());

      // Joining a team shows its announcements at once; leaving it hides them.
      await addToTeam(t.dataSource, crew.space, crew.otherTeam.id, crew.member);
      expect((await seenBy(crew.member)).titles).toContain('Pour l’autre');
      await t.dataSource.query('DELETE FROM team_members WHERE space_id = $1 AND team_id = $2 AND account_id = $3', [
        crew.space.id,
        crew.team.id,
        crew.member.id,
      ]);
      await t.dataSource.query('DELETE FROM team_members WHERE space_id = $1 AND team_id = $2 AND account_id = $3', [
        crew.space.id,
        crew.otherTeam.id,
        crew.member.id,
      ]);
      expect(await seenBy(crew.member)).toEqual({ titles: ['Pour tous'], unread: 1 });
    });

    it('counts unread announcements and marks them read, only those the person may see', async () => {
      const crew = await newCrew('lecture');
      const other = await newCrew('lecture-autre');
      const admin = await signedIn(t.app, crew.admin);
      const first = await publishAnnouncement(admin, crew.space, { title: 'Première', body: 'Texte' });
      await publishAnnouncement(admin, crew.space, { title: 'Deuxième', body: 'Texte' });
      await publishAnnouncement(admin, crew.space, { title: 'Troisième', body: 'Texte' });
      const hidden = await publishAnnouncement(admin, crew.space, {
        title: 'Pas pour elle',
        body: 'Texte',
        teamIds: crew.otherTeam.id,
      });
      const foreign = await publishAnnouncement(await signedIn(t.app, other.admin), other.space, {
        title: 'Ailleurs',
        body: 'Texte',
      });

      const member = await signedIn(t.app, crew.member);
      const field = await member.open(`/s/${crew.space.slug}/field`);
      expect(unreadOn(field.text)).toBe(3);
      expect(unescapeHtml(field.text)).toContain('3 non lues');
      expect(unescapeHtml(field.text)).toContain('Marquer comme lues');

      // One read: the count goes down and that one is no longer "new".
      const res = await member.submit(`/s/${crew.space.slug}/announcements/read`, { ids: first });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/s/${crew.space.slug}/field`);
      const after = await member.get(`/s/${crew.space.slug}/field`);
      expect(unreadOn(after.text)).toBe(2);
      expect(announcementsOn(after.text).find((a) => a.title === 'Première')?.unread).toBe(false);
      expect(announcementsOn(after.text).find((a) => a.title === 'Deuxième')?.unread).toBe(true);

      // Ids the person may not see, of another space, or not ids at all change nothing.
      await member.submit(`/s/${crew.space.slug}/announcements/read`, {
        ids: [hidden, foreign, 'not-an-id', '../../etc'],
      });
      const reads = async (space: TestSpace) =>
        t.dataSource.query('SELECT announcement_id, account_id FROM announcement_reads WHERE space_id = $1', [
          space.id,
        ]);
      expect(await reads(crew.space)).toEqual([{ announcement_id: first, account_id: crew.member.id }]);
      expect(await reads(other.space)).toEqual([]);
      // Marking one read twice is harmless.
      expect((await member.submit(`/s/${crew.space.slug}/announcements/read`, { ids: first })).status).toBe(303);
      expect(await reads(crew.space)).toHaveLength(1);

      // "Mark as read" sends the unread ones shown on the page.
      const page = await member.get(`/s/${crew.space.slug}/field`);
      const shown = [...page.text.matchAll(/<input type="hidden" name="ids" value="([0-9a-f-]{36})">/g)].map(
        (m) => m[1],
      );
      expect(shown).toHaveLength(2);
      expect(shown).not.toContain(first);
      await member.submit(`/s/${crew.space.slug}/announcements/read`, { ids: shown });
      const done = await member.get(`/s/${crew.space.slug}/field`);
      expect(unreadOn(done.text)).toBe(0);
      expect(done.text).not.toContain('non lue');
      expect(done.text).not.toContain(`action="/s/${crew.space.slug}/announcements/read"`);
      expect(announcementsOn(done.text).every((a) => !a.unread)).toBe(true);

      // Read receipts are personal.
      const outsider = await signedIn(t.app, crew.outsider);
      expect(unreadOn((await outsider.get(`/s/${crew.space.slug}/field`)).text)).toBe(4);
      // Nothing posted: nothing marked.
      expect((await outsider.submit(`/s/${crew.space.slug}/announcements/read`, {})).status).toBe(303);
      expect(unreadOn((await outsider.get(`/s/${crew.space.slug}/field`)).text)).toBe(4);
    });

    it('pins announcements to the top, and unpins them', async () => {
      const crew = await newCrew('epingle');
      const admin = await signedIn(t.app, crew.admin);
      const pinned = await publishAnnouncement(admin, crew.space, {
        title: 'Épinglée d’abord',
        body: 'Texte',
        pinned: 'on',
      });
      const later = await publishAnnouncement(admin, crew.space, { title: 'Plus récente', body: 'Texte' });
      const member = await signedIn(t.app, crew.member);
      const order = async () =>
        announcementsOn((await member.get(`/s/${crew.space.slug}/field`)).text).map(
          (a) => `${a.title}${a.pinned ? ' 📌' : ''}`,
        );
      expect(await order()).toEqual(['Épinglée d’abord 📌', 'Plus récente']);

      const pin = await admin.submit(`/s/${crew.space.slug}/announcements/${later}/pin`, { pinned: 'true' });
      expect(pin.status).toBe(303);
      expect(pin.headers.location).toBe(`/s/${crew.space.slug}/announcements`);
      expect(await order()).toEqual(['Plus récente 📌', 'Épinglée d’abord 📌']);
      await admin.submit(`/s/${crew.space.slug}/announcements/${pinned}/pin`, { pinned: 'false' });
      await admin.submit(`/s/${crew.space.slug}/announcements/${later}/pin`, { pinned: 'false' });
      expect(await order()).toEqual(['Plus récente', 'Épinglée d’abord']);
      expect((await auditOf(crew.space, 'announcement.pinned')).map((e: { target_id: string }) => e.target_id)).toEqual(
        [later],
      );
      expect(
        (await auditOf(crew.space, 'announcement.unpinned')).map((e: { target_id: string }) => e.target_id),
      ).toEqual([pinned, later]);

      const memberPin = await member.submit(`/s/${crew.space.slug}/announcements/${later}/pin`, { pinned: 'true' });
      expect(memberPin.status).toBe(403);
      const other = await newCrew('epingle-autre');
      const foreign = await publishAnnouncement(await signedIn(t.app, other.admin), other.space, {
        title: 'Ailleurs',
        body: 'Texte',
      });
      expect(
        (await admin.submit(`/s/${crew.space.slug}/announcements/${foreign}/pin`, { pinned: 'true' })).status,
      ).toBe(404);
      expect((await announcementRows(other.space))[0].pinned).toBe(false);
      expect(
        (await admin.submit(`/s/${crew.space.slug}/announcements/not-a-uuid/pin`, { pinned: 'true' })).status,
      ).toBe(400);
    });

    it('deletes an announcement with its read receipts; only publishers, only in their space', async () => {
      const crew = await newCrew('suppr-annonce');
      const other = await newCrew('suppr-annonce-autre');
      const admin = await signedIn(t.app, crew.admin);
      const id = await publishAnnouncement(admin, crew.space, { title: 'À supprimer', body: 'Texte' });
      const member = await signedIn(t.app, crew.member);
      await member.submit(`/s/${crew.space.slug}/announcements/read`, { ids: id });
      expect((await member.submit(`/s/${crew.space.slug}/announcements/${id}/delete`, {})).status).toBe(403);
      const coordinator = await signedIn(t.app, crew.coordinator);
      expect((await coordinator.submit(`/s/${crew.space.slug}/announcements/${id}/delete`, {})).status).toBe(403);
      const outsider = await signedIn(t.app, other.admin);
      expect((await outsider.submit(`/s/${other.space.slug}/announcements/${id}/delete`, {})).status).toBe(404);
      expect(await announcementRows(crew.space)).toHaveLength(1);

      const supervisor = await signedIn(t.app, crew.supervisor);
      const res = await supervisor.submit(`/s/${crew.space.slug}/announcements/${id}/delete`, {});
      expect(res.status).toBe(303);
      expect(unescapeHtml((await supervisor.get(`/s/${crew.space.slug}/announcements`)).text)).toContain(
        'Annonce supprimée.',
      );
      expect(await announcementRows(crew.space)).toEqual([]);
      const [reads] = await t.dataSource.query(
        'SELECT count(*)::int AS n FROM announcement_reads WHERE space_id = $1',
        [crew.space.id],
      );
      expect(reads.n).toBe(0);
      expect(await auditOf(crew.space, 'announcement.deleted')).toEqual([
        expect.objectContaining({ actor_id: crew.supervisor.id, target_id: id, target_label: 'À supprimer' }),
      ]);
      expect(announcementsOn((await member.get(`/s/${crew.space.slug}/field`)).text)).toEqual([]);
      expect((await supervisor.submit(`/s/${crew.space.slug}/announcements/${id}/delete`, {})).status).toBe(404);
    });

    it('answers htmx with the form fragment on errors and an HX-Redirect on success', async () => {
      const crew = await newCrew('htmx');
      const admin = await signedIn(t.app, crew.admin);
      const invalid = await admin.htmxSubmit(`/s/${crew.space.slug}/announcements`, { title: '', body: '' });
      expect(invalid.status).toBe(422);
      expect(invalid.text).not.toContain('<html');
      expect(invalid.text).toContain('<form id="announcement-form"');
      const ok = await admin.htmxSubmit(`/s/${crew.space.slug}/announcements`, { title: 'Par htmx', body: 'Texte' });
      expect(ok.headers['hx-redirect']).toBe(`/s/${crew.space.slug}/announcements`);
      expect((await announcementRows(crew.space)).map((row: { title: string }) => row.title)).toEqual(['Par htmx']);
    });

    it('keeps announcements and documents aimed at a team away from everyone else once that team is deleted', async () => {
      const crew = await newCrew('equipe-supprimee');
      const admin = await signedIn(t.app, crew.admin);
      await publishAnnouncement(admin, crew.space, { title: 'Réservée', body: 'Texte', teamIds: crew.otherTeam.id });
      const documentId = await publishPdf(admin, crew.space, 'Réservé', [crew.otherTeam.id]);
      const member = await signedIn(t.app, crew.member);
      const seen = async () => {
        const field = await member.get(`/s/${crew.space.slug}/field`);
        return {
          announcements: announcementsOn(field.text).map((a) => a.title),
          documents: documentsOn((await member.get(`/s/${crew.space.slug}/documents`)).text).map((d) => d.title),
          open: (await member.get(`/s/${crew.space.slug}/documents/${documentId}/open`)).status,
        };
      };
      expect(await seen()).toEqual({ announcements: [], documents: [], open: 404 });
      expect((await admin.submit(`/s/${crew.space.slug}/teams/${crew.otherTeam.id}/delete`, {})).status).toBe(303);
      // The member was never in that team: deleting it must not hand them its content.
      expect(await seen()).toEqual({ announcements: [], documents: [], open: 404 });
    });

    it('shows what was typed as text, never as markup', async () => {
      const crew = await newCrew('echappe');
      const admin = await signedIn(t.app, crew.admin);
      await publishAnnouncement(admin, crew.space, {
        title: '<script>alert(1)</script>',
        body: '<img src=x onerror=alert(2)>',
      });
      const member = await signedIn(t.app, crew.member);
      const field = await member.get(`/s/${crew.space.slug}/field`);
      expect(field.text).not.toContain('<script>alert(1)</script>');
      expect(field.text).not.toContain('<img src=x');
      expect(field.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    });
  });

  describe('documents', () => {
    it('publishes a real PDF, stores it under uploads/<space id>/, and serves it back byte for byte', async () => {
      const crew = await newCrew('pdf');
      const admin = await signedIn(t.app, crew.admin);
      const pdf = minimalPdf();
      expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
      const res = await upload(
        admin,
        crew.space.slug,
        { title: 'Guide du porte-à-porte', kind: 'file' },
        // What the browser claims does not matter.
        { content: pdf, name: 'guide-2026.pdf', type: 'application/octet-stream' },
      );
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/s/${crew.space.slug}/documents`);
      const [row] = await documentRows(crew.space);
      expect(row).toEqual(
        expect.objectContaining({
          title: 'Guide du porte-à-porte',
          kind: 'file',
          url: null,
          file_name: 'guide-2026.pdf',
          mime_type: 'application/pdf',
          size_bytes: String(pdf.length),
          published_by: crew.admin.id,
        }),
      );
      // Stored under a random name, never the uploaded one.
      expect(row.storage_key).toMatch(/^[0-9a-f]{32}$/);
      expect(storedFiles(crew.space)).toEqual([row.storage_key]);
      expect(readFileSync(join(t.dataDir, 'uploads', crew.space.id, row.storage_key)).equals(pdf)).toBe(true);
      expect(await auditOf(crew.space, 'document.published')).toEqual([
        expect.objectContaining({ actor_id: crew.admin.id, target_id: row.id, target_label: 'Guide du porte-à-porte' }),
      ]);
      const list = await admin.get(`/s/${crew.space.slug}/documents`);
      expect(unescapeHtml(list.text)).toContain('Document publié.');
      expect(documentsOn(list.text)).toEqual([{ id: row.id, title: 'Guide du porte-à-porte' }]);
      expect(unescapeHtml(list.text)).toContain('guide-2026.pdf');

      const member = await signedIn(t.app, crew.member);
      expect(documentsOn((await member.get(`/s/${crew.space.slug}/field`)).text)).toEqual([
        { id: row.id, title: 'Guide du porte-à-porte' },
      ]);
      const opened = await member.get(`/s/${crew.space.slug}/documents/${row.id}/open`).buffer(true).parse(binary);
      expect(opened.status).toBe(200);
      expect(opened.headers['content-type']).toMatch(/^application\/pdf/);
      expect(opened.headers['content-disposition']).toBe("inline; filename*=UTF-8''guide-2026.pdf");
      expect(opened.headers['content-security-policy']).toContain("default-src 'none'");
      expect(opened.headers['content-security-policy']).toContain('sandbox');
      expect(opened.headers['cache-control']).toBe('private, no-store');
      expect(opened.headers['x-content-type-options']).toBe('nosniff');
      expect(Buffer.isBuffer(opened.body)).toBe(true);
      expect((opened.body as Buffer).equals(pdf)).toBe(true);
      expect((opened.body as Buffer).subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    });

    it('keeps an accented file name as the browser sent it (UTF-8), in the list and in the download name', async () => {
      const crew = await newCrew('accents');
      const admin = await signedIn(t.app, crew.admin);
      // Browsers send the file name of a multipart part as raw UTF-8.
      const res = await upload(
        admin,
        crew.space.slug,
        { title: 'Compte rendu', kind: 'file' },
        {
          content: minimalPdf(),
          name: 'réunion été.pdf',
        },
      );
      expect(res.status).toBe(303);
      const [row] = await documentRows(crew.space);
      expect(row.file_name).toBe('réunion été.pdf');
      expect(unescapeHtml((await admin.get(`/s/${crew.space.slug}/documents`)).text)).toContain('réunion été.pdf');
      const opened = await admin.get(`/s/${crew.space.slug}/documents/${row.id}/open`);
      expect(opened.headers['content-disposition']).toBe("inline; filename*=UTF-8''r%C3%A9union%20%C3%A9t%C3%A9.pdf");
    });

    it('records who opened a document: "Ouvert par 1 sur N" on the list and on the opens page', async () => {
      const crew = await newCrew('ouvertures');
      const admin = await signedIn(t.app, crew.admin);
      const id = await publishPdf(admin, crew.space, 'Tract');
      // Five people in the space: the document is for all of them.
      const opensPage = async () => unescapeHtml((await admin.get(`/s/${crew.space.slug}/documents/${id}/opens`)).text);
      expect(await opensPage()).toContain('Ouvert par 0 sur 5');
      expect(unescapeHtml((await admin.get(`/s/${crew.space.slug}/documents`)).text)).toContain('Ouvert par 0 sur 5');

      const member = await signedIn(t.app, crew.member);
      expect((await member.get(`/s/${crew.space.slug}/documents/${id}/open`)).status).toBe(200);
      expect((await member.get(`/s/${crew.space.slug}/documents/${id}/open`)).status).toBe(200);
      const [open] = await t.dataSource.query(
        'SELECT account_id, open_count FROM document_opens WHERE space_id = $1 AND document_id = $2',
        [crew.space.id, id],
      );
      expect(open).toEqual({ account_id: crew.member.id, open_count: 2 });
      const page = await opensPage();
      expect(page).toContain('<h1>Ouvertures de « Tract »</h1>');
      expect(page).toContain('Ouvert par 1 sur 5');
      // The person who opened it comes first; the others have not yet.
      const rows = [
        ...page.matchAll(/<tr><td>([^<]*) <span class="muted">[^<]*<\/span><\/td><td>([^<]*)<\/td><\/tr>/g),
      ];
      expect(rows[0][1]).toBe('Membre ouvertures');
      expect(rows[0][2]).toMatch(/^Ouvert le /);
      expect(rows.slice(1).map((row) => row[2])).toEqual(Array(4).fill('Pas encore ouvert'));
      expect(unescapeHtml((await admin.get(`/s/${crew.space.slug}/documents`)).text)).toContain('Ouvert par 1 sur 5');

      // Only publishers see who opened what.
      expect((await member.get(`/s/${crew.space.slug}/documents/${id}/opens`)).status).toBe(403);
      const coordinator = await signedIn(t.app, crew.coordinator);
      expect((await coordinator.get(`/s/${crew.space.slug}/documents/${id}/opens`)).status).toBe(403);
      const other = await newCrew('ouvertures-autre');
      const outsider = await signedIn(t.app, other.admin);
      expect((await outsider.get(`/s/${other.space.slug}/documents/${id}/opens`)).status).toBe(404);
    });

    it('gives the same "opened by" figure on the list and on the opens page when a publisher outside the audience opened it', async () => {
      const crew = await newCrew('chiffres');
      const admin = await signedIn(t.app, crew.admin);
      // For one team: the coordinator and the member.
      const id = await publishPdf(admin, crew.space, 'Consignes', [crew.team.id]);
      expect((await admin.get(`/s/${crew.space.slug}/documents/${id}/open`)).status).toBe(200);
      const member = await signedIn(t.app, crew.member);
      expect((await member.get(`/s/${crew.space.slug}/documents/${id}/open`)).status).toBe(200);
      const onList = /Ouvert par (\d+) sur (\d+)/.exec(
        unescapeHtml((await admin.get(`/s/${crew.space.slug}/documents`)).text),
      );
      const onPage = /Ouvert par (\d+) sur (\d+)/.exec(
        unescapeHtml((await admin.get(`/s/${crew.space.slug}/documents/${id}/opens`)).text),
      );
      expect(onList?.[0]).toBe(onPage?.[0]);
      // Never more openers than people it is for.
      expect(Number(onList![1])).toBeLessThanOrEqual(Number(onList![2]));
    });

    it('does not count a person who left the space among those who opened a document', async () => {
      const crew = await newCrew('depart');
      const admin = await signedIn(t.app, crew.admin);
      const id = await publishPdf(admin, crew.space, 'Programme');
      const outsider = await signedIn(t.app, crew.outsider);
      expect((await outsider.get(`/s/${crew.space.slug}/documents/${id}/open`)).status).toBe(200);
      expect((await admin.submit(`/s/${crew.space.slug}/members/${crew.outsider.id}/remove`, {})).status).toBe(303);
      // Four people left, none of whom opened it.
      expect(unescapeHtml((await admin.get(`/s/${crew.space.slug}/documents/${id}/opens`)).text)).toContain(
        'Ouvert par 0 sur 4',
      );
      expect(unescapeHtml((await admin.get(`/s/${crew.space.slug}/documents`)).text)).toContain('Ouvert par 0 sur 4');
    });

    it('decides the type from the content: an executable renamed .pdf, an EXE, HTML are refused (422), nothing stored', async () => {
      const crew = await newCrew('types');
      const admin = await signedIn(t.app, crew.admin);
      const refused: [string, Buffer, string][] = [
        ['ELF renamed', ELF, 'rapport.pdf'],
        ['EXE renamed', EXE, 'rapport.pdf'],
        ['EXE', EXE, 'setup.exe'],
        ['HTML renamed', Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>'), 'page.pdf'],
        ['HTML', Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>'), 'page.html'],
        ['SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'logo.svg'],
        ['text with a NUL byte', Buffer.from('bonjour\0monde'), 'notes.txt'],
        ['not UTF-8 text', Buffer.from([0x62, 0x6f, 0xe9, 0xff, 0xfe]), 'notes.txt'],
        ['ZIP archive', zip([['readme.md', 'hello']]), 'archive.docx'],
      ];
      for (const [label, content, name] of refused) {
        const res = await upload(admin, crew.space.slug, { title: label, kind: 'file' }, { content, name });
        expect({ label, status: res.status }).toEqual({ label, status: 422 });
        expect(unescapeHtml(res.text)).toContain("Ce type de fichier n'est pas accepté");
        // The form keeps the title.
        expect(res.text).toContain(`value="${label}"`);
      }
      expect(await documentRows(crew.space)).toEqual([]);
      expect(storedFiles(crew.space)).toEqual([]);
    });

    it('accepts images, office documents and plain text, with their real type', async () => {
      const crew = await newCrew('acceptes');
      const admin = await signedIn(t.app, crew.admin);
      const accepted: [string, Buffer, string, string, 'inline' | 'attachment'][] = [
        ['Logo', PNG, 'logo.png', 'image/png', 'inline'],
        // A PNG named .pdf is still a PNG.
        ['Photo mal nommée', PNG, 'photo.pdf', 'image/png', 'inline'],
        [
          'Compte rendu',
          DOCX,
          'compte-rendu.docx',
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          'attachment',
        ],
        ['Statuts', ODT, 'statuts.odt', 'application/vnd.oasis.opendocument.text', 'attachment'],
        ['Notes', Buffer.from('Réunion : 19 h\nÀ apporter : tracts\n'), 'notes.txt', 'text/plain', 'inline'],
        ['Liste', Buffer.from('nom;quartier\nAlice;Nord\n'), 'liste.csv', 'text/csv', 'attachment'],
      ];
      const member = await signedIn(t.app, crew.member);
      for (const [title, content, name, mime, disposition] of accepted) {
        const res = await upload(admin, crew.space.slug, { title, kind: 'file' }, { content, name });
        expect({ title, status: res.status }).toEqual({ title, status: 303 });
        const [row] = await t.dataSource.query(
          'SELECT id, mime_type FROM documents WHERE space_id = $1 AND title = $2',
          [crew.space.id, title],
        );
        expect({ title, mime: row.mime_type }).toEqual({ title, mime });
        const opened = await member.get(`/s/${crew.space.slug}/documents/${row.id}/open`).buffer(true).parse(binary);
        expect(opened.status).toBe(200);
        expect(opened.headers['content-type'].split(';')[0]).toBe(mime);
        expect(opened.headers['content-disposition'].startsWith(`${disposition};`)).toBe(true);
        expect((opened.body as Buffer).equals(content)).toBe(true);
      }
      expect(storedFiles(crew.space)).toHaveLength(accepted.length);
    });

    it('accepts 10 MB, refuses one byte more and an 11 MB file, and stores nothing refused', async () => {
      const crew = await newCrew('taille');
      const admin = await signedIn(t.app, crew.admin);
      const exactly = await upload(
        admin,
        crew.space.slug,
        { title: 'Dix Mo', kind: 'file' },
        {
          content: pdfOfSize(10 * MB),
          name: 'dix.pdf',
        },
      );
      expect(exactly.status).toBe(303);
      expect((await documentRows(crew.space)).map((row: { size_bytes: string }) => row.size_bytes)).toEqual([
        String(10 * MB),
      ]);

      const justOver = await upload(
        admin,
        crew.space.slug,
        { title: 'Un octet de trop', kind: 'file' },
        {
          content: pdfOfSize(10 * MB + 1),
          name: 'trop.pdf',
        },
      );
      expect(justOver.status).toBe(422);
      expect(unescapeHtml(justOver.text)).toContain('Le fichier dépasse 10 Mo.');

      const big = await upload(
        admin,
        crew.space.slug,
        { title: 'Onze Mo', kind: 'file' },
        {
          content: pdfOfSize(11 * MB),
          name: 'onze.pdf',
        },
      );
      expect([413, 422]).toContain(big.status);
      expect(unescapeHtml(big.text)).toMatch(/Le fichier dépasse 10 Mo\.|dépasse la taille permise/);
      expect((await documentRows(crew.space)).map((row: { title: string }) => row.title)).toEqual(['Dix Mo']);
      expect(storedFiles(crew.space)).toHaveLength(1);
    });

    it('shows an 11 MB file refused in the form, with the 10 MB message, like any other refused file', async () => {
      const crew = await newCrew('taille-form');
      const admin = await signedIn(t.app, crew.admin);
      const big = await upload(
        admin,
        crew.space.slug,
        { title: 'Onze Mo', kind: 'file' },
        {
          content: pdfOfSize(11 * MB),
          name: 'onze.pdf',
        },
      );
      expect(big.status).toBe(422);
      expect(unescapeHtml(big.text)).toContain('Le fichier dépasse 10 Mo.');
      expect(big.text).toContain('value="Onze Mo"');
    });

    it('publishes links: opening one records it and redirects to the address', async () => {
      const crew = await newCrew('liens');
      const admin = await signedIn(t.app, crew.admin);
      const res = await upload(admin, crew.space.slug, {
        title: 'Carte des quartiers',
        kind: 'link',
        url: 'https://example.org/carte?zone=nord&v=2',
      });
      expect(res.status).toBe(303);
      const [row] = await documentRows(crew.space);
      expect(row).toEqual(
        expect.objectContaining({
          kind: 'link',
          url: 'https://example.org/carte?zone=nord&v=2',
          storage_key: null,
          mime_type: null,
        }),
      );
      expect(storedFiles(crew.space)).toEqual([]);
      const member = await signedIn(t.app, crew.member);
      const opened = await member.get(`/s/${crew.space.slug}/documents/${row.id}/open`);
      expect(opened.status).toBe(303);
      expect(opened.headers.location).toBe('https://example.org/carte?zone=nord&v=2');
      const [open] = await t.dataSource.query(
        'SELECT account_id FROM document_opens WHERE space_id = $1 AND document_id = $2',
        [crew.space.id, row.id],
      );
      expect(open.account_id).toBe(crew.member.id);
      // The list marks it as a link.
      expect(unescapeHtml((await member.get(`/s/${crew.space.slug}/documents`)).text)).toContain('Lien ·');

      for (const url of [
        'javascript:alert(1)',
        'ftp://example.org/file',
        'example.org/sans-protocole',
        'data:text/html,hi',
      ]) {
        const refused = await upload(admin, crew.space.slug, { title: `Lien ${url}`, kind: 'link', url });
        expect({ url, status: refused.status }).toEqual({ url, status: 422 });
        expect(unescapeHtml(refused.text)).toContain('Saisissez une adresse complète, commençant par https://');
      }
      const blank = await upload(admin, crew.space.slug, { title: 'Lien vide', kind: 'link', url: '' });
      expect(blank.status).toBe(422);
      expect(await documentRows(crew.space)).toHaveLength(1);
    });

    it('refuses a file document without a file, an unknown kind and a blank title (422)', async () => {
      const crew = await newCrew('formulaire');
      const admin = await signedIn(t.app, crew.admin);
      const noFile = await upload(admin, crew.space.slug, { title: 'Sans fichier', kind: 'file' });
      expect(noFile.status).toBe(422);
      expect(unescapeHtml(noFile.text)).toContain('Choisissez un fichier.');
      const kind = await upload(
        admin,
        crew.space.slug,
        { title: 'Bizarre', kind: 'video' },
        {
          content: minimalPdf(),
          name: 'a.pdf',
        },
      );
      expect(kind.status).toBe(422);
      const title = await upload(
        admin,
        crew.space.slug,
        { title: '  ', kind: 'file' },
        {
          content: minimalPdf(),
          name: 'a.pdf',
        },
      );
      expect(title.status).toBe(422);
      const long = await upload(
        admin,
        crew.space.slug,
        { title: 'x'.repeat(151), kind: 'file' },
        {
          content: minimalPdf(),
          name: 'a.pdf',
        },
      );
      expect(long.status).toBe(422);
      const badTeam = await upload(
        admin,
        crew.space.slug,
        { title: 'Équipe ?', kind: 'file', teamIds: ['nope'] },
        {
          content: minimalPdf(),
          name: 'a.pdf',
        },
      );
      expect(badTeam.status).toBe(422);
      const other = await newCrew('formulaire-autre');
      const foreignTeam = await upload(
        admin,
        crew.space.slug,
        { title: 'Équipe étrangère', kind: 'file', teamIds: [other.team.id] },
        { content: minimalPdf(), name: 'a.pdf' },
      );
      expect(foreignTeam.status).toBe(404);
      expect(await documentRows(crew.space)).toEqual([]);
      expect(storedFiles(crew.space)).toEqual([]);
    });

    it('shows a document aimed at a team only to its members; others cannot open it (404)', async () => {
      const crew = await newCrew('doc-cible');
      const admin = await signedIn(t.app, crew.admin);
      const everyone = await publishPdf(admin, crew.space, 'Pour tout le monde');
      const targeted = await publishPdf(admin, crew.space, 'Pour une équipe', [crew.team.id]);
      const both = await publishPdf(admin, crew.space, 'Pour deux équipes', [crew.team.id, crew.otherTeam.id]);
      const [links] = await t.dataSource.query('SELECT count(*)::int AS n FROM document_teams WHERE space_id = $1', [
        crew.space.id,
      ]);
      expect(links.n).toBe(3);

      const member = await signedIn(t.app, crew.member);
      const outsider = await signedIn(t.app, crew.outsider);
      const titles = async (visitor: Visitor) =>
        documentsOn((await visitor.get(`/s/${crew.space.slug}/documents`)).text)
          .map((d) => d.title)
          .sort();
      expect(await titles(member)).toEqual(['Pour deux équipes', 'Pour tout le monde', 'Pour une équipe']);
      expect(await titles(outsider)).toEqual(['Pour deux équipes', 'Pour tout le monde']);
      expect(
        documentsOn((await outsider.get(`/s/${crew.space.slug}/field`)).text)
          .map((d) => d.id)
          .sort(),
      ).toEqual([everyone, both].sort());
      expect((await member.get(`/s/${crew.space.slug}/documents/${targeted}/open`)).status).toBe(200);
      const refused = await outsider.get(`/s/${crew.space.slug}/documents/${targeted}/open`);
      expect(refused.status).toBe(404);
      expect(refused.text).not.toContain('%PDF');
      const [opens] = await t.dataSource.query(
        'SELECT count(*)::int AS n FROM document_opens WHERE space_id = $1 AND document_id = $2 AND account_id = $3',
        [crew.space.id, targeted, crew.outsider.id],
      );
      expect(opens.n).toBe(0);
      // Publishers see and open every document, with its audience.
      const supervisor = await signedIn(t.app, crew.supervisor);
      expect(await titles(supervisor)).toEqual(['Pour deux équipes', 'Pour tout le monde', 'Pour une équipe']);
      expect((await supervisor.get(`/s/${crew.space.slug}/documents/${targeted}/open`)).status).toBe(200);
      const list = unescapeHtml((await admin.get(`/s/${crew.space.slug}/documents`)).text);
      expect(list).toContain('Pour : Équipe doc-cible ·');
      // Two people in the team: "of 2".
      expect(list).toMatch(/Pour : Équipe doc-cible ·\s*<a href="[^"]+">Ouvert par \d+ sur 2<\/a>/);
    });

    it('deletes a document and its file from disk; it then answers 404', async () => {
      const crew = await newCrew('suppr-doc');
      const admin = await signedIn(t.app, crew.admin);
      const id = await publishPdf(admin, crew.space, 'Éphémère');
      const keep = await publishPdf(admin, crew.space, 'Gardé');
      expect(storedFiles(crew.space)).toHaveLength(2);
      const member = await signedIn(t.app, crew.member);
      await member.get(`/s/${crew.space.slug}/documents/${id}/open`);
      expect((await member.submit(`/s/${crew.space.slug}/documents/${id}/delete`, {})).status).toBe(403);
      const coordinator = await signedIn(t.app, crew.coordinator);
      expect((await coordinator.submit(`/s/${crew.space.slug}/documents/${id}/delete`, {})).status).toBe(403);
      const [{ storage_key: key }] = await t.dataSource.query(
        'SELECT storage_key FROM documents WHERE space_id = $1 AND id = $2',
        [crew.space.id, id],
      );

      const supervisor = await signedIn(t.app, crew.supervisor);
      const res = await supervisor.submit(`/s/${crew.space.slug}/documents/${id}/delete`, {});
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/s/${crew.space.slug}/documents`);
      expect(unescapeHtml((await supervisor.get(`/s/${crew.space.slug}/documents`)).text)).toContain(
        'Document supprimé.',
      );
      expect(existsSync(join(t.dataDir, 'uploads', crew.space.id, key))).toBe(false);
      expect(storedFiles(crew.space)).toHaveLength(1);
      expect((await documentRows(crew.space)).map((row: { id: string }) => row.id)).toEqual([keep]);
      const [opens] = await t.dataSource.query(
        'SELECT count(*)::int AS n FROM document_opens WHERE space_id = $1 AND document_id = $2',
        [crew.space.id, id],
      );
      expect(opens.n).toBe(0);
      expect(await auditOf(crew.space, 'document.deleted')).toEqual([
        expect.objectContaining({ actor_id: crew.supervisor.id, target_id: id, target_label: 'Éphémère' }),
      ]);
      expect((await member.get(`/s/${crew.space.slug}/documents/${id}/open`)).status).toBe(404);
      expect((await supervisor.get(`/s/${crew.space.slug}/documents/${id}/opens`)).status).toBe(404);
      expect((await supervisor.submit(`/s/${crew.space.slug}/documents/${id}/delete`, {})).status).toBe(404);
      // Deleting a link leaves the disk alone.
      await upload(admin, crew.space.slug, { title: 'Lien', kind: 'link', url: 'https://example.org/' });
      const [link] = await t.dataSource.query("SELECT id FROM documents WHERE space_id = $1 AND kind = 'link'", [
        crew.space.id,
      ]);
      expect((await admin.submit(`/s/${crew.space.slug}/documents/${link.id}/delete`, {})).status).toBe(303);
      expect(storedFiles(crew.space)).toHaveLength(1);
    });

    it('lets everyone read, only publishers publish; uploads need the CSRF token (header or query string)', async () => {
      const crew = await newCrew('doc-droits');
      for (const person of [crew.admin, crew.supervisor, crew.coordinator, crew.member]) {
        const visitor = await signedIn(t.app, person);
        const page = await visitor.get(`/s/${crew.space.slug}/documents`);
        expect(page.status).toBe(200);
        const publisher = person === crew.admin || person === crew.supervisor;
        expect(page.text.includes('id="document-form"')).toBe(publisher);
        if (!publisher) {
          const res = await upload(
            visitor,
            crew.space.slug,
            { title: 'Pirate', kind: 'file' },
            {
              content: minimalPdf(),
              name: 'a.pdf',
            },
          );
          expect(res.status).toBe(403);
        }
      }
      const admin = await signedIn(t.app, crew.admin);
      const noToken = await admin.agent
        .post(`/s/${crew.space.slug}/documents`)
        .field('title', 'Sans jeton')
        .field('kind', 'file')
        .attach('file', minimalPdf(), 'a.pdf');
      expect(noToken.status).toBe(403);
      const wrongToken = await admin.agent
        .post(`/s/${crew.space.slug}/documents?_csrf=${'0'.repeat(64)}`)
        .field('title', 'Mauvais jeton')
        .field('kind', 'file')
        .attach('file', minimalPdf(), 'a.pdf');
      expect(wrongToken.status).toBe(403);
      expect(await documentRows(crew.space)).toEqual([]);
      expect(storedFiles(crew.space)).toEqual([]);
      // The page's own form: no JavaScript, the token in the query string.
      const page = await admin.open(`/s/${crew.space.slug}/documents`);
      const action = unescapeHtml(/<form id="document-form"[^>]* action="([^"]+)"/.exec(page.text)![1]);
      expect(action).toBe(`/s/${crew.space.slug}/documents?_csrf=${admin.csrf}`);
      const viaForm = await admin.agent
        .post(action)
        .field('title', 'Par le formulaire')
        .field('kind', 'file')
        .attach('file', minimalPdf(), 'a.pdf');
      expect(viaForm.status).toBe(303);
      expect((await documentRows(crew.space)).map((row: { title: string }) => row.title)).toEqual([
        'Par le formulaire',
      ]);
    });

    it("answers another space's documents like missing ones", async () => {
      const crew = await newCrew('doc-etanche');
      const other = await newCrew('doc-etanche-autre');
      const id = await publishPdf(await signedIn(t.app, other.admin), other.space, 'Secret');
      const admin = await signedIn(t.app, crew.admin);
      expect((await admin.get(`/s/${crew.space.slug}/documents/${id}/open`)).status).toBe(404);
      expect((await admin.get(`/s/${crew.space.slug}/documents/${id}/opens`)).status).toBe(404);
      expect((await admin.submit(`/s/${crew.space.slug}/documents/${id}/delete`, {})).status).toBe(404);
      expect((await admin.get(`/s/${other.space.slug}/documents/${id}/open`)).status).toBe(404);
      expect((await admin.get(`/s/${crew.space.slug}/documents/not-a-uuid/open`)).status).toBe(400);
      expect(documentsOn((await admin.get(`/s/${crew.space.slug}/documents`)).text)).toEqual([]);
      expect(await documentRows(other.space)).toHaveLength(1);
      expect(storedFiles(other.space)).toHaveLength(1);
    });

    it('stores a file under a random name whatever its uploaded name', async () => {
      const crew = await newCrew('chemin');
      const admin = await signedIn(t.app, crew.admin);
      const res = await upload(
        admin,
        crew.space.slug,
        { title: 'Chemin', kind: 'file' },
        {
          content: minimalPdf(),
          name: '../../../../escape.pdf',
        },
      );
      expect(res.status).toBe(303);
      const [row] = await documentRows(crew.space);
      expect(storedFiles(crew.space)).toEqual([row.storage_key]);
      expect(existsSync(join(t.dataDir, 'escape.pdf'))).toBe(false);
      expect(existsSync(join(t.dataDir, 'uploads', 'escape.pdf'))).toBe(false);
      const opened = await admin.get(`/s/${crew.space.slug}/documents/${row.id}/open`);
      expect(opened.status).toBe(200);
      expect(opened.headers['content-disposition']).not.toContain('/');
    });
  });

  describe('documents stored under a directory whose path has a dot-folder', () => {
    let dotted: TestApp;
    let root: string;

    beforeAll(async () => {
      // e.g. UPLOAD_DIR=/home/terrain/.local/share/terrain/uploads
      root = mkdtempSync(join(tmpdir(), 'terrain-dotted-'));
      dotted = await bootTestApp({ env: { UPLOAD_DIR: join(root, '.terrain', 'uploads') } });
    });
    afterAll(async () => {
      await dotted.close();
      rmSync(root, { recursive: true, force: true });
    });

    it('still serves the files it stored', async () => {
      const admin = await createAccount(dotted.dataSource, { name: 'Admin point' });
      const space = await createSpace(dotted.dataSource, admin);
      const visitor = await signedIn(dotted.app, admin);
      const res = await upload(
        visitor,
        space.slug,
        { title: 'Caché ?', kind: 'file' },
        {
          content: minimalPdf(),
          name: 'a.pdf',
        },
      );
      expect(res.status).toBe(303);
      const [row] = await dotted.dataSource.query('SELECT id, storage_key FROM documents WHERE space_id = $1', [
        space.id,
      ]);
      expect(existsSync(join(root, '.terrain', 'uploads', space.id, row.storage_key))).toBe(true);
      const opened = await visitor.get(`/s/${space.slug}/documents/${row.id}/open`);
      expect(opened.status).toBe(200);
    });
  });
});
