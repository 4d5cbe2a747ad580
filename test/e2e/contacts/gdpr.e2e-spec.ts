import { EventEmitter2 } from '@nestjs/event-emitter';
import { ContactExtensions } from '../../../src/shared/contacts/contact-extensions';
import type { EventMap } from '../../../src/shared/events/event-map';
import { suppressionHash } from '../../../src/contacts/suppressions/suppression-hash';
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

jest.setTimeout(300_000);

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

describe('GDPR rights on contacts', () => {
  let t: TestApp;
  let space: TestSpace;
  let admin: TestAccount;
  let supervisor: TestAccount;
  let visitor: Visitor;
  let levels: { id: string; label: string }[];
  const erasedEvents: EventMap['contacts.erased'][] = [];

  beforeAll(async () => {
    t = await bootTestApp();
    const db = t.dataSource;
    admin = await createAccount(db, { name: 'Alice Admin' });
    space = await createSpace(db, admin, { name: 'Droits', slug: `droits-${Date.now()}` });
    supervisor = await createAccount(db, { name: 'Sam Superviseur' });
    await addMember(db, space, supervisor, 'supervisor');
    levels = await levelsOf(db, space.id);
    visitor = await signedIn(t.app, admin);
    t.app.get(EventEmitter2).on('contacts.erased', (event: EventMap['contacts.erased']) => {
      erasedEvents.push({ spaceId: event.spaceId, contactIds: [...event.contactIds] });
    });
  });
  afterAll(() => t.close());

  const contactRow = async (id: string) => {
    const [row] = await t.dataSource.query(
      `SELECT first_name, last_name, gender, birth_date::text AS birth_date, email, phone, phone_raw, street_number, street,
              postcode, city, insee_code, latitude, longitude, support_level_id, tags, origin, notes, consent_email,
              consent_sms, consent_phone, consent_post, do_not_contact, created_by, created_at, last_interaction_at,
              merged_into, erased_at
       FROM contacts WHERE space_id = $1 AND id = $2`,
      [space.id, id],
    );
    return row;
  };

  const suppressions = async () =>
    (
      await t.dataSource.query(
        'SELECT kind, value_hash FROM contact_suppressions WHERE space_id = $1 ORDER BY kind, value_hash',
        [space.id],
      )
    ).map((row: { kind: string; value_hash: string }) => `${row.kind}:${row.value_hash}`);

  /** A contact created, edited and given consents through the app, as an organiser would. */
  async function contactWithHistory(
    firstName: string,
    lastName: string,
    email: string,
    phone: string,
  ): Promise<string> {
    await visitor.open(`/s/${space.slug}/contacts/new`);
    const created = await visitor.submit(`/s/${space.slug}/contacts`, {
      firstName,
      lastName,
      gender: 'female',
      birthDate: '1980-05-04',
      email,
      phone,
      streetNumber: '12',
      street: 'rue Achard',
      postcode: '33300',
      city: 'Bordeaux',
      inseeCode: '33063',
      latitude: '44.86',
      longitude: '-0.55',
      supportLevelId: levels[2].id,
      tags: 'école, voisine de Mme Martin',
      notes: 'Très motivée, parle de sa santé',
    });
    expect(created.status).toBe(303);
    const id = UUID.exec(created.headers.location)![0];
    await visitor.open(`/s/${space.slug}/contacts/${id}`);
    const consent = await visitor.submit(`/s/${space.slug}/contacts/${id}/consents`, {
      channel: 'email',
      decision: 'granted',
      proof: `Accord écrit de ${firstName} au marché`,
    });
    expect(consent.status).toBe(303);
    await visitor.open(`/s/${space.slug}/contacts/${id}`);
    await visitor.submit(`/s/${space.slug}/contacts/${id}/consents`, { channel: 'sms', decision: 'refused' });
    // A bulk tag writes the tag, free text, into the timeline.
    await visitor.open(`/s/${space.slug}/contacts/bulk?q=${encodeURIComponent(lastName)}`);
    const bulk = await visitor.submit(`/s/${space.slug}/contacts/bulk`, {
      query: `q=${encodeURIComponent(lastName)}`,
      action: 'addTag',
      tag: `${firstName} malade`,
      confirm: 'on',
    });
    expect(bulk.status).toBe(303);
    return id;
  }

  describe('everything about a contact', () => {
    let id: string;

    beforeAll(async () => {
      id = await contactWithHistory('Hélène', 'Dupré', 'h.dupre@exemple.fr', '06 12 34 56 78');
      // Two people open the sheet.
      expect((await visitor.get(`/s/${space.slug}/contacts/${id}`)).status).toBe(200);
      const sam = await signedIn(t.app, supervisor);
      expect((await sam.get(`/s/${space.slug}/contacts/${id}`)).status).toBe(200);
      // Another module's timeline entries arrive through the registry.
      t.app.get(ContactExtensions).addTimelineSource({
        id: 'probe',
        load: async (spaceId, contactId) =>
          spaceId === space.id && contactId === id
            ? [
                {
                  at: new Date('2024-06-01T10:00:00Z'),
                  labelKey: 'contacts:timeline.do_not_contact',
                  actorId: null,
                  actorName: 'Module voisin',
                },
              ]
            : [],
      });
    });

    it('gives the JSON file: every field, the consent ledger, the timeline of every source, the viewers', async () => {
      const res = await visitor.get(`/s/${space.slug}/contacts/${id}/gdpr.json`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="contact-${id}.json"`);
      const dossier = JSON.parse(res.text);
      expect(dossier.contact).toMatchObject({
        id,
        firstName: 'Hélène',
        lastName: 'Dupré',
        gender: 'female',
        birthDate: '1980-05-04',
        email: 'h.dupre@exemple.fr',
        phone: '+33612345678',
        phoneAsTyped: '06 12 34 56 78',
        streetNumber: '12',
        street: 'rue Achard',
        postcode: '33300',
        city: 'Bordeaux',
        inseeCode: '33063',
        latitude: 44.86,
        longitude: -0.55,
        supportLevel: 'Sympathisant',
        tags: ['école', 'voisine de Mme Martin', 'Hélène malade'],
        origin: 'manual',
        notes: 'Très motivée, parle de sa santé',
        consents: { email: true, sms: false, phone: null, post: null },
        doNotContact: false,
        createdBy: 'Alice Admin',
      });
      expect(dossier.consentHistory).toEqual([
        expect.objectContaining({
          channel: 'sms',
          granted: false,
          source: 'manual',
          proof: null,
          recordedBy: 'Alice Admin',
        }),
        expect.objectContaining({
          channel: 'email',
          granted: true,
          source: 'manual',
          proof: 'Accord écrit de Hélène au marché',
          recordedBy: 'Alice Admin',
        }),
      ]);
      const entries = dossier.timeline.map(
        (entry: { entry: string; by: string | null }) => `${entry.entry} / ${entry.by}`,
      );
      expect(entries).toEqual(
        expect.arrayContaining([
          'Contact créé (Saisie) / Alice Admin',
          'Consentement e-mail accepté / Alice Admin',
          'Consentement SMS refusé / Alice Admin',
          'Étiquette ajoutée : Hélène malade / Alice Admin',
          'Ne plus contacter / Module voisin',
        ]),
      );
      // Newest first: the supervisor, then the admin (now, after the first consent, after creating it).
      expect(dossier.views.map((view: { by: string; email: string }) => `${view.by} <${view.email}>`)).toEqual([
        `Sam Superviseur <${supervisor.email}>`,
        `Alice Admin <${admin.email}>`,
        `Alice Admin <${admin.email}>`,
        `Alice Admin <${admin.email}>`,
      ]);
      const [entry] = (await auditOf(t.dataSource, space.id, 'contact.gdpr_exported')).slice(-1);
      expect(entry).toMatchObject({
        actor_id: admin.id,
        target_type: 'contact',
        target_id: id,
        details: { format: 'json' },
      });
    });

    it('shows the same as a readable page, audited too', async () => {
      const res = await visitor.get(`/s/${space.slug}/contacts/${id}/gdpr`);
      expect(res.status).toBe(200);
      const text = unescapeHtml(res.text);
      for (const shown of [
        'Tout sur Hélène Dupré',
        'h.dupre@exemple.fr',
        '+33 6 12 34 56 78',
        'rue Achard',
        'Très motivée, parle de sa santé',
        'Accord écrit de Hélène au marché',
        'Étiquette ajoutée : Hélène malade',
        'Ne plus contacter',
        'Module voisin',
        'Sam Superviseur',
        supervisor.email,
        `/s/${space.slug}/contacts/${id}/gdpr.json`,
      ]) {
        expect({ shown, found: text.includes(shown) }).toEqual({ shown, found: true });
      }
      const [entry] = (await auditOf(t.dataSource, space.id, 'contact.gdpr_exported')).slice(-1);
      expect(entry.details).toEqual({ format: 'page' });
      // The sheet links to it, for admins.
      expect((await visitor.get(`/s/${space.slug}/contacts/${id}`)).text).toContain(
        `/s/${space.slug}/contacts/${id}/gdpr"`,
      );
    });
  });

  describe('erasure', () => {
    it('refuses a wrong name with 422 and the form, and changes nothing', async () => {
      const id = await createContact(t.dataSource, space, {
        first_name: 'Léa',
        last_name: 'Garçon',
        email: 'lea@exemple.fr',
        created_by: admin.id,
      });
      const before = await contactRow(id);
      const page = await visitor.open(`/s/${space.slug}/contacts/${id}/erase`);
      expect(page.status).toBe(200);
      expect(unescapeHtml(page.text)).toContain('<strong>Léa Garçon</strong>');
      for (const typed of ['Léa', 'Lea Garcon Dupont', 'Garçon Léa']) {
        const res = await visitor.submit(`/s/${space.slug}/contacts/${id}/erase`, { name: typed });
        expect(res.status).toBe(422);
        const text = unescapeHtml(res.text);
        expect(text).toContain('Ce n’est pas ce qui est demandé : rien n’a été effacé.');
        expect(text).toContain(`value="${typed}"`);
        expect(text).toContain('id="field-name-errors"');
      }
      const blank = await visitor.submit(`/s/${space.slug}/contacts/${id}/erase`, { name: '' });
      expect(blank.status).toBe(422);
      expect(unescapeHtml(blank.text)).toContain('Ce champ est obligatoire.');
      const htmx = await visitor.htmxSubmit(`/s/${space.slug}/contacts/${id}/erase`, { name: 'Personne' });
      expect(htmx.status).toBe(422);
      expect(htmx.text.trimStart().startsWith('<form')).toBe(true);
      expect(await contactRow(id)).toEqual(before);
      expect(await auditOf(t.dataSource, space.id, 'contact.erased')).toEqual([]);
    });

    it('anonymises the contact and its duplicates, keeps the counts, writes suppression hashes, hides it everywhere', async () => {
      const db = t.dataSource;
      const id = await contactWithHistory('Chloé', 'Lefèvre', 'chloe.lefevre@exemple.fr', '07 11 22 33 44');
      await db.query('UPDATE contacts SET last_interaction_at = $3 WHERE space_id = $1 AND id = $2', [
        space.id,
        id,
        new Date('2025-01-15T09:00:00Z'),
      ]);
      // A duplicate merged into her earlier (same person), and the merge's undo snapshot.
      const duplicate = await createContact(db, space, {
        first_name: 'Chloe',
        last_name: 'LEFEVRE',
        email: 'c.lefevre@autre.fr',
        phone: '+33611111111',
        merged_into: id,
        created_by: admin.id,
      });
      await db.query(`INSERT INTO contact_merges (space_id, master_id, merged_ids, snapshot) VALUES ($1, $2, $3, $4)`, [
        space.id,
        id,
        [duplicate],
        JSON.stringify({ master: { email: 'chloe.lefevre@exemple.fr' } }),
      ]);
      const other = await createContact(db, space, {
        first_name: 'Autre',
        last_name: 'Personne',
        email: 'autre@exemple.fr',
        created_by: admin.id,
      });
      const otherBefore = await contactRow(other);
      const before = await contactRow(id);
      await visitor.get(`/s/${space.slug}/contacts/${id}`);
      erasedEvents.length = 0;

      await visitor.open(`/s/${space.slug}/contacts/${id}/erase`);
      // Case, accents and spaces aside.
      const res = await visitor.submit(`/s/${space.slug}/contacts/${id}/erase`, { name: '  CHLOE   lefevre ' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/s/${space.slug}/contacts`);

      const after = await contactRow(id);
      expect(after.erased_at).toBeInstanceOf(Date);
      expect(after).toEqual({
        ...before,
        first_name: null,
        last_name: null,
        gender: 'unknown',
        birth_date: null,
        email: null,
        phone: null,
        phone_raw: null,
        street_number: null,
        street: null,
        latitude: null,
        longitude: null,
        tags: [],
        notes: null,
        erased_at: after.erased_at,
      });
      // Kept for the space's figures.
      expect(after).toMatchObject({
        postcode: '33300',
        city: 'Bordeaux',
        insee_code: '33063',
        support_level_id: levels[2].id,
        origin: 'manual',
        consent_email: true,
        consent_sms: false,
        created_by: admin.id,
        last_interaction_at: new Date('2025-01-15T09:00:00Z'),
      });
      const duplicateAfter = await contactRow(duplicate);
      expect(duplicateAfter).toMatchObject({
        first_name: null,
        last_name: null,
        email: null,
        phone: null,
        merged_into: id,
      });
      expect(duplicateAfter.erased_at).toEqual(after.erased_at);
      expect(await contactRow(other)).toEqual(otherBefore);

      // Free text of the timeline, the consent proofs, the name in the audit log and the merge snapshot are gone.
      const events = await db.query(
        'SELECT kind, details FROM contact_events WHERE space_id = $1 AND contact_id = $2 ORDER BY id',
        [space.id, id],
      );
      expect(events).toEqual([
        { kind: 'created', details: { origin: 'manual' } },
        { kind: 'consent_granted', details: { channel: 'email' } },
        { kind: 'consent_refused', details: { channel: 'sms' } },
        { kind: 'tag_added', details: null },
      ]);
      const proofs = await db.query(
        'SELECT channel, granted, proof FROM contact_consents WHERE space_id = $1 AND contact_id = $2 ORDER BY id',
        [space.id, id],
      );
      expect(proofs).toEqual([
        { channel: 'email', granted: true, proof: null },
        { channel: 'sms', granted: false, proof: null },
      ]);
      const labels = await db.query(
        `SELECT action, target_label FROM audit_log WHERE space_id = $1 AND target_type = 'contact' AND target_id = $2 ORDER BY id`,
        [space.id, id],
      );
      expect(labels.length).toBeGreaterThan(2);
      expect(labels.filter((row: { target_label: string | null }) => row.target_label !== null)).toEqual([]);
      expect(
        await db.query('SELECT id FROM contact_merges WHERE space_id = $1 AND master_id = $2', [space.id, id]),
      ).toEqual([]);

      // Suppression hashes of both addresses and both phones, as the import computes them.
      const kept = await suppressions();
      for (const [kind, value] of [
        ['email', 'chloe.lefevre@exemple.fr'],
        ['phone', '+33711223344'],
        ['email', 'c.lefevre@autre.fr'],
        ['phone', '+33611111111'],
      ] as const) {
        expect(kept).toContain(`${kind}:${suppressionHash(space.id, kind, value)}`);
      }
      expect(kept).not.toContain(`email:${suppressionHash(space.id, 'email', 'autre@exemple.fr')}`);

      // One audit entry, without any personal data.
      const [erased] = await auditOf(db, space.id, 'contact.erased');
      expect(erased).toMatchObject({ actor_id: admin.id, target_type: 'contact', target_id: id, target_label: null });
      expect(erased.details).toEqual({ contacts: 1, mergedDuplicates: 1 });
      // Other modules hear of it, with the duplicate.
      expect(erasedEvents).toEqual([{ spaceId: space.id, contactIds: [id, duplicate].sort() }]);

      // Gone from the sheet, the GDPR pages, the list and the export.
      expect((await visitor.get(`/s/${space.slug}/contacts/${id}`)).status).toBe(404);
      expect((await visitor.get(`/s/${space.slug}/contacts/${id}/gdpr`)).status).toBe(404);
      expect((await visitor.get(`/s/${space.slug}/contacts/${id}/gdpr.json`)).status).toBe(404);
      expect((await visitor.get(`/s/${space.slug}/contacts/${id}/erase`)).status).toBe(404);
      expect(await allListed(visitor, space.slug, 'dnc=include')).not.toContain(id);
      expect(await allListed(visitor, space.slug, 'q=bordeaux')).not.toContain(id);
      expect((await visitor.submit(`/s/${space.slug}/contacts/${id}/erase`, { name: '' })).status).toBe(404);
    });

    it('asks for a fixed word when the contact has no name', async () => {
      const id = await createContact(t.dataSource, space, { email: 'sans.nom@exemple.fr', created_by: admin.id });
      const page = await visitor.open(`/s/${space.slug}/contacts/${id}/erase`);
      expect(unescapeHtml(page.text)).toContain('Ce contact n’a pas de nom. Pour confirmer, tapez ce mot :');
      expect(page.text).toContain('<strong>EFFACER</strong>');
      expect(
        (await visitor.submit(`/s/${space.slug}/contacts/${id}/erase`, { name: 'sans.nom@exemple.fr' })).status,
      ).toBe(422);
      expect((await visitor.submit(`/s/${space.slug}/contacts/${id}/erase`, { name: 'effacer' })).status).toBe(303);
      expect(await contactRow(id)).toMatchObject({ email: null });
      expect(await suppressions()).toContain(`email:${suppressionHash(space.id, 'email', 'sans.nom@exemple.fr')}`);
    });
  });

  describe('retention', () => {
    let retention: TestSpace;
    let owner: TestAccount;
    let person: Visitor;
    const monthsAgo = (months: number) => {
      const date = new Date();
      date.setUTCMonth(date.getUTCMonth() - months);
      return date;
    };

    beforeAll(async () => {
      owner = await createAccount(t.dataSource, { name: 'Rita Rétention' });
      retention = await createSpace(t.dataSource, owner, { name: 'Rétention', slug: `retention-${Date.now()}` });
      person = await signedIn(t.app, owner);
    });

    const settingsRow = async () =>
      (await t.dataSource.query('SELECT retention_months FROM contact_settings WHERE space_id = $1', [retention.id]))[0]
        ?.retention_months ?? null;

    it('is a space setting: 1 to 240 months, or blank for none, checked by the server', async () => {
      const page = await person.open(`/s/${retention.slug}/settings/contacts`);
      expect(page.status).toBe(200);
      // Listed among the space's settings.
      expect((await person.get(`/s/${retention.slug}/settings`)).text).toContain(
        `/s/${retention.slug}/settings/contacts"`,
      );
      for (const wrong of ['0', '241', 'abc', '12.5', '-3']) {
        const res = await person.submit(`/s/${retention.slug}/settings/contacts`, { retentionMonths: wrong });
        expect({ wrong, status: res.status }).toEqual({ wrong, status: 422 });
        expect(unescapeHtml(res.text)).toContain('Un nombre entier de mois, de 1 à 240, ou rien.');
      }
      expect(await settingsRow()).toBeNull();
      expect((await person.submit(`/s/${retention.slug}/settings/contacts`, { retentionMonths: '240' })).status).toBe(
        303,
      );
      expect(await settingsRow()).toBe(240);
      expect((await person.submit(`/s/${retention.slug}/settings/contacts`, { retentionMonths: '' })).status).toBe(303);
      expect(await settingsRow()).toBeNull();
      expect(unescapeHtml((await person.get(`/s/${retention.slug}/contacts/retention`)).text)).toContain(
        'Aucune durée de conservation n’est fixée',
      );
      expect((await person.submit(`/s/${retention.slug}/settings/contacts`, { retentionMonths: '36' })).status).toBe(
        303,
      );
      expect(await settingsRow()).toBe(36);
      const changes = await auditOf(t.dataSource, retention.id, 'contacts.retention_changed');
      expect(changes.map((row: { details: unknown }) => row.details)).toEqual([
        { from: null, to: 240 },
        { from: 240, to: null },
        { from: null, to: 36 },
      ]);
    });

    it('previews exactly the contacts past the rule, page by page, then purges exactly those', async () => {
      const db = t.dataSource;
      const base = { created_by: owner.id };
      const old = await createContact(db, retention, {
        ...base,
        first_name: 'Olga',
        last_name: 'Ancienne',
        email: 'olga@exemple.fr',
        phone: '+33622222222',
        postcode: '33000',
        created_at: monthsAgo(60),
        last_interaction_at: monthsAgo(40),
      });
      const neverMet = await createContact(db, retention, {
        ...base,
        first_name: 'Nina',
        last_name: 'Jamais',
        created_at: monthsAgo(37),
      });
      const recent = await createContact(db, retention, {
        ...base,
        first_name: 'Rémi',
        last_name: 'Récent',
        created_at: monthsAgo(60),
        last_interaction_at: monthsAgo(2),
      });
      const newcomer = await createContact(db, retention, {
        ...base,
        first_name: 'Noé',
        last_name: 'Nouveau',
        created_at: monthsAgo(35),
      });
      await createContact(db, retention, {
        ...base,
        first_name: 'Déjà',
        last_name: 'Effacé',
        created_at: monthsAgo(60),
        erased_at: monthsAgo(1),
      });
      const duplicateOfOld = await createContact(db, retention, {
        ...base,
        first_name: 'Olga',
        last_name: 'ANCIENNE',
        email: 'olga.a@exemple.fr',
        created_at: monthsAgo(1),
        merged_into: old,
      });
      const bulk = await insertContacts(db, retention, 55, {
        first_name: "'Vieux'",
        last_name: "'Vieux ' || lpad(g::text, 3, '0')",
        email: "'vieux' || g || '@exemple.fr'",
        created_by: `'${owner.id}'::uuid`,
        created_at: `now() - interval '50 months' + g * interval '1 day'`,
      });
      // Another space's old contact is not this space's business.
      const elsewhere = await createContact(db, space, {
        first_name: 'Ailleurs',
        last_name: 'Vieux',
        created_at: monthsAgo(80),
        created_by: admin.id,
      });
      const expected = [old, neverMet, ...bulk];

      const first = await person.open(`/s/${retention.slug}/contacts/retention`);
      expect(first.status).toBe(200);
      expect(unescapeHtml(first.text)).toContain(`${expected.length} contacts dépassent cette durée`);
      // Oldest first, by last interaction or, for those never met, creation; 50 a page, keyset.
      const shown: string[] = [];
      let html = first.text;
      for (;;) {
        const rows = [
          ...html.matchAll(new RegExp(`<td><a href="/s/${retention.slug}/contacts/(${UUID.source})">`, 'g')),
        ].map((m) => m[1]);
        shown.push(...rows);
        const next = /href="([^"]*contacts\/retention\?after=[^"]+)"/.exec(html);
        if (!next) break;
        html = (await person.get(unescapeHtml(next[1]))).text;
      }
      expect(shown).toHaveLength(expected.length);
      expect(new Set(shown)).toEqual(new Set(expected));
      expect(shown.slice(0, 55)).toEqual(bulk);
      expect(shown.slice(55)).toEqual([old, neverMet]);
      expect(unescapeHtml(html)).toContain('jamais (créé le');

      const cutoff = /name="cutoff" value="([^"]+)"/.exec(first.text)![1];
      const count = /name="count" value="([^"]+)"/.exec(first.text)![1];
      expect(count).toBe(String(expected.length));
      // Not confirmed: nothing happens.
      const unconfirmed = await person.submit(`/s/${retention.slug}/contacts/retention/purge`, { cutoff, count });
      expect(unconfirmed.status).toBe(422);
      expect(unescapeHtml(unconfirmed.text)).toContain('Cochez la case pour confirmer.');
      // A count that is no longer true: nothing happens either.
      const stale = await person.submit(`/s/${retention.slug}/contacts/retention/purge`, {
        cutoff,
        count: '3',
        confirm: 'on',
      });
      expect(stale.status).toBe(422);
      expect(unescapeHtml(stale.text)).toContain('La liste a changé depuis l’aperçu');
      // A cutoff later than the rule allows (a forged or outdated form) is refused.
      const later = await person.submit(`/s/${retention.slug}/contacts/retention/purge`, {
        cutoff: new Date().toISOString(),
        count,
        confirm: 'on',
      });
      expect(later.status).toBe(422);
      expect(
        await db.query("SELECT id FROM contacts WHERE space_id = $1 AND erased_at > now() - interval '1 day'", [
          retention.id,
        ]),
      ).toEqual([]);

      erasedEvents.length = 0;
      const purged = await person.submit(`/s/${retention.slug}/contacts/retention/purge`, {
        cutoff,
        count,
        confirm: 'on',
      });
      expect(purged.status).toBe(303);
      const erasedNow: { id: string }[] = await db.query(
        `SELECT id FROM contacts WHERE space_id = $1 AND erased_at > now() - interval '1 day' AND first_name IS NULL AND email IS NULL`,
        [retention.id],
      );
      expect(new Set(erasedNow.map((row) => row.id))).toEqual(new Set([...expected, duplicateOfOld]));
      const untouched = await db.query(
        'SELECT id, first_name, erased_at FROM contacts WHERE space_id = $1 AND id = ANY($2::uuid[]) ORDER BY first_name',
        [retention.id, [recent, newcomer]],
      );
      expect(untouched).toEqual([
        { id: newcomer, first_name: 'Noé', erased_at: null },
        { id: recent, first_name: 'Rémi', erased_at: null },
      ]);
      const [stillThere] = await db.query(
        'SELECT first_name, erased_at FROM contacts WHERE space_id = $1 AND id = $2',
        [space.id, elsewhere],
      );
      expect(stillThere).toEqual({ first_name: 'Ailleurs', erased_at: null });
      const [kept] = await db.query('SELECT postcode, created_by FROM contacts WHERE space_id = $1 AND id = $2', [
        retention.id,
        old,
      ]);
      expect(kept).toEqual({ postcode: '33000', created_by: owner.id });
      const hashes = await db.query('SELECT kind, value_hash FROM contact_suppressions WHERE space_id = $1', [
        retention.id,
      ]);
      expect(hashes).toEqual(
        expect.arrayContaining([
          { kind: 'email', value_hash: suppressionHash(retention.id, 'email', 'olga@exemple.fr') },
          { kind: 'phone', value_hash: suppressionHash(retention.id, 'phone', '+33622222222') },
          { kind: 'email', value_hash: suppressionHash(retention.id, 'email', 'olga.a@exemple.fr') },
          { kind: 'email', value_hash: suppressionHash(retention.id, 'email', 'vieux7@exemple.fr') },
        ]),
      );
      expect(hashes).toHaveLength(55 + 3);
      const audit = await auditOf(db, retention.id, 'contacts.retention_purged');
      expect(audit).toHaveLength(1);
      expect(audit[0].details).toEqual({ months: 36, cutoff, contacts: expected.length, mergedDuplicates: 1 });
      expect(erasedEvents.flatMap((event) => event.contactIds).sort()).toEqual([...expected, duplicateOfOld].sort());
      expect(erasedEvents.every((event) => event.spaceId === retention.id)).toBe(true);
      const after = await person.get(`/s/${retention.slug}/contacts/retention`);
      expect(unescapeHtml(after.text)).toContain('Aucun contact ne dépasse cette durée.');
    });

    it('purges 100,000 contacts in one go, set-based', async () => {
      const db = t.dataSource;
      const big = await createSpace(db, owner, { name: 'Grande base', slug: `grande-${Date.now()}` });
      await db.query('INSERT INTO contact_settings (space_id, retention_months) VALUES ($1, 12)', [big.id]);
      await insertContacts(db, big, 100_000, {
        last_name: "'Nom ' || g",
        email: "'p' || g || '@exemple.fr'",
        phone: "'+336' || lpad(g::text, 8, '0')",
        tags: "ARRAY['ancien']",
        created_by: `'${owner.id}'::uuid`,
        created_at: `now() - interval '2 years'`,
      });
      const page = await person.open(`/s/${big.slug}/contacts/retention`);
      expect(unescapeHtml(page.text)).toContain('100000 contacts dépassent cette durée');
      const cutoff = /name="cutoff" value="([^"]+)"/.exec(page.text)![1];
      const mark = t.sql.statements.length;
      erasedEvents.length = 0;
      const res = await person.submit(`/s/${big.slug}/contacts/retention/purge`, {
        cutoff,
        count: '100000',
        confirm: 'on',
      });
      expect(res.status).toBe(303);
      // A handful of statements, whatever the number of people (plus one per event batch).
      expect(t.sql.since(mark).length).toBeLessThan(60);
      const [row] = await db.query(
        `SELECT count(*)::int AS erased, count(*) FILTER (WHERE email IS NOT NULL OR last_name IS NOT NULL OR tags <> '{}')::int AS left
         FROM contacts WHERE space_id = $1 AND erased_at IS NOT NULL`,
        [big.id],
      );
      expect(row).toEqual({ erased: 100_000, left: 0 });
      const [hashes] = await db.query('SELECT count(*)::int AS count FROM contact_suppressions WHERE space_id = $1', [
        big.id,
      ]);
      expect(hashes.count).toBe(200_000);
      expect(erasedEvents.map((event) => event.contactIds.length)).toEqual(Array(20).fill(5000));
    });

    it('is for admins only', async () => {
      for (const role of ['supervisor', 'coordinator', 'member'] as const) {
        const account = await createAccount(t.dataSource, { name: `${role} rgpd` });
        await addMember(t.dataSource, retention, account, role);
        const someone = await signedIn(t.app, account);
        const contact = await createContact(t.dataSource, retention, {
          first_name: 'Cible',
          last_name: role,
          created_by: account.id,
        });
        for (const path of [
          `/s/${retention.slug}/contacts/retention`,
          `/s/${retention.slug}/settings/contacts`,
          `/s/${retention.slug}/contacts/${contact}/gdpr`,
          `/s/${retention.slug}/contacts/${contact}/gdpr.json`,
          `/s/${retention.slug}/contacts/${contact}/erase`,
        ]) {
          expect({ path, status: (await someone.get(path)).status }).toEqual({ path, status: 403 });
        }
        await someone.open(`/s/${retention.slug}/contacts/${contact}`);
        for (const [path, body] of [
          [`/s/${retention.slug}/contacts/${contact}/erase`, { name: `Cible ${role}` }],
          [
            `/s/${retention.slug}/contacts/retention/purge`,
            { cutoff: new Date(0).toISOString(), count: '0', confirm: 'on' },
          ],
          [`/s/${retention.slug}/settings/contacts`, { retentionMonths: '1' }],
        ] as const) {
          expect({ path, status: (await someone.submit(path, body)).status }).toEqual({ path, status: 403 });
        }
        expect(
          await t.dataSource.query('SELECT first_name FROM contacts WHERE space_id = $1 AND id = $2', [
            retention.id,
            contact,
          ]),
        ).toEqual([{ first_name: 'Cible' }]);
        // Nor does the sheet offer it.
        expect((await someone.get(`/s/${retention.slug}/contacts/${contact}`)).text).not.toContain('/gdpr"');
      }
    });
  });
});
