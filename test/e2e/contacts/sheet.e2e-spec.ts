import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { ContactExtensions } from '../../../src/shared/contacts/contact-extensions';
import {
  addMember,
  addToTeam,
  createAccount,
  createSpace,
  createTeam,
  type TestAccount,
  type TestSpace,
} from '../../factories/community.factory';
import { createContact } from '../../factories/contacts.factory';
import type { Visitor } from '../../support/http-client';
import { signedIn } from '../../support/sign-in';
import { bootTestApp, type TestApp } from '../../support/test-app';
import { allListed, auditOf, levelsOf, unescapeHtml } from './contacts-pages';

jest.setTimeout(180_000);

/** What another module adds to the sheet through the shared registry: a section and timeline entries. */
const probe = { contactId: '' };

@Injectable()
class ProbeSheetExtensions implements OnModuleInit {
  constructor(private readonly extensions: ContactExtensions) {}

  onModuleInit() {
    this.extensions.addSection({
      id: 'probe',
      order: 50,
      partial: 'contacts/_consent-state',
      // Shown to organisers only, for one contact: the section decides from the actor.
      load: async (actor, contactId) =>
        contactId === probe.contactId && actor.role !== 'member' ? { value: true } : null,
    });
    this.extensions.addTimelineSource({
      id: 'probe',
      load: async (_spaceId, contactId) =>
        contactId === probe.contactId
          ? [
              {
                at: new Date('2020-01-01T10:00:00Z'),
                labelKey: 'contacts:timeline.do_not_contact_lifted',
                actorId: null,
                actorName: null,
              },
            ]
          : [],
    });
  }
}

@Module({ providers: [ProbeSheetExtensions] })
class ProbeSheetModule {}

describe('the contact sheet', () => {
  let t: TestApp;
  let space: TestSpace;
  let other: TestSpace;
  const people = {} as Record<'admin' | 'supervisor' | 'coordinator' | 'member' | 'stranger', TestAccount>;
  const visitors = {} as Record<'admin' | 'supervisor' | 'coordinator' | 'member', Visitor>;
  let levels: { id: string; label: string }[];

  beforeAll(async () => {
    t = await bootTestApp({ extraModules: [ProbeSheetModule] });
    const db = t.dataSource;
    people.admin = await createAccount(db, { name: 'Adèle Admin' });
    space = await createSpace(db, people.admin, { name: 'Fiches' });
    for (const role of ['supervisor', 'coordinator', 'member'] as const) {
      people[role] = await createAccount(db, {
        name: `${role === 'member' ? 'Mehdi' : role === 'coordinator' ? 'Corinne' : 'Serge'} ${role}`,
      });
      await addMember(db, space, people[role], role);
    }
    people.stranger = await createAccount(db, { name: 'Sans Équipe' });
    await addMember(db, space, people.stranger, 'member');
    const team = await createTeam(db, space);
    await addToTeam(db, space, team.id, people.coordinator, true);
    await addToTeam(db, space, team.id, people.member);
    levels = await levelsOf(db, space.id);
    const otherAdmin = await createAccount(db);
    other = await createSpace(db, otherAdmin);
    for (const role of ['admin', 'supervisor', 'coordinator', 'member'] as const)
      visitors[role] = await signedIn(t.app, people[role]);
  });
  afterAll(() => t.close());

  const contactRow = async (id: string) => {
    const [row] = await t.dataSource.query(
      'SELECT *, birth_date::text AS birth_date FROM contacts WHERE space_id = $1 AND id = $2',
      [space.id, id],
    );
    return row;
  };
  const ledger = (id: string) =>
    t.dataSource.query(
      'SELECT channel, granted, source, proof, recorded_by FROM contact_consents WHERE space_id = $1 AND contact_id = $2 ORDER BY id',
      [space.id, id],
    );
  const events = (id: string) =>
    t.dataSource.query(
      'SELECT kind, actor_id, details FROM contact_events WHERE space_id = $1 AND contact_id = $2 ORDER BY id',
      [space.id, id],
    );
  const newContactUrl = () => `/s/${space.slug}/contacts/new`;
  const created = (location: string) => /\/contacts\/([0-9a-f-]{36})$/.exec(location)![1];

  /** Opens the form (for its CSRF token), then posts it. */
  async function create(visitor: Visitor, fields: Record<string, string>) {
    await visitor.open(newContactUrl());
    return visitor.submit(`/s/${space.slug}/contacts`, fields);
  }

  describe('creating a contact', () => {
    it('refuses bad input with 422, each message beside its field, the values kept', async () => {
      const admin = visitors.admin;
      const cases: [Record<string, string>, string, RegExp][] = [
        [{ city: 'Bordeaux' }, '_form', /Indiquez au moins un nom, une adresse e-mail ou un téléphone/],
        [
          { lastName: 'Martin', email: 'pas-une-adresse' },
          'email',
          /Saisissez une adresse e-mail valide|adresse e-mail/i,
        ],
        [{ lastName: 'Martin', phone: '12' }, 'phone', /Ce numéro n'est pas valide/],
        [{ lastName: 'Martin', phone: 'pas un numéro' }, 'phone', /Ce numéro n'est pas valide/],
        [{ lastName: 'Martin', birthDate: '2999-01-01' }, 'birthDate', /Cette date de naissance est impossible/],
        [{ lastName: 'Martin', birthDate: '1850-01-01' }, 'birthDate', /Cette date de naissance est impossible/],
        [{ lastName: 'Martin', birthDate: '15/04/1950' }, 'birthDate', /./],
        [{ lastName: 'Martin', inseeCode: '3306' }, 'inseeCode', /Un code INSEE compte 5 caractères/],
        [{ lastName: 'Martin', latitude: 'nord' }, 'latitude', /Une latitude est comprise entre -90 et 90/],
        [{ lastName: 'Martin', longitude: '200' }, 'longitude', /Une longitude est comprise entre -180 et 180/],
        [{ lastName: 'Martin', gender: 'robot' }, 'gender', /./],
        [{ lastName: 'Martin', consentEmail: 'peut-être' }, 'consentEmail', /./],
        [{ lastName: 'x'.repeat(101) }, 'lastName', /100/],
      ];
      const before = (
        await t.dataSource.query('SELECT count(*)::int AS n FROM contacts WHERE space_id = $1', [space.id])
      )[0].n;
      for (const [fields, field, message] of cases) {
        const res = await create(admin, fields);
        expect({ fields, status: res.status }).toEqual({ fields, status: 422 });
        const html = unescapeHtml(res.text);
        if (field === '_form') {
          expect(html).toMatch(message);
        } else {
          const errors = new RegExp(`id="field-${field}-errors">([\\s\\S]*?)</ul>`).exec(html);
          expect({ fields, errors: errors?.[1] ?? null }).toEqual({ fields, errors: expect.stringMatching(message) });
        }
        // What was typed is still there.
        for (const [name, value] of Object.entries(fields)) {
          if (['gender', 'consentEmail'].includes(name)) continue;
          expect({ name, kept: html.includes(`value="${value}"`) }).toEqual({ name, kept: true });
        }
      }
      // A support level of another space is not one of ours.
      const [foreignLevel] = await levelsOf(t.dataSource, other.id);
      const res = await create(admin, { lastName: 'Martin', supportLevelId: foreignLevel.id });
      expect(res.status).toBe(422);
      expect(res.text).toContain('id="field-supportLevelId-errors"');
      expect(
        (await t.dataSource.query('SELECT count(*)::int AS n FROM contacts WHERE space_id = $1', [space.id]))[0].n,
      ).toBe(before);
    });

    it('answers an htmx submission with the form alone', async () => {
      await visitors.admin.open(newContactUrl());
      const res = await visitors.admin.htmxSubmit(`/s/${space.slug}/contacts`, { lastName: 'Martin', phone: '12' });
      expect(res.status).toBe(422);
      expect(res.text.trimStart()).toMatch(/^<form id="contact-form"/);
      expect(res.text).not.toContain('<html');
      const ok = await visitors.admin.htmxSubmit(`/s/${space.slug}/contacts`, { lastName: 'Htmx' });
      expect(ok.status).toBe(204);
      expect(ok.headers['hx-redirect']).toMatch(new RegExp(`^/s/${space.slug}/contacts/[0-9a-f-]{36}$`));
    });

    it('stores the phone in E.164 and keeps it as typed; records consents in the ledger and on the timeline', async () => {
      const res = await create(visitors.admin, {
        firstName: 'Hélène',
        lastName: 'Dupré',
        email: 'Helene.Dupre@Exemple.FR',
        phone: '06 12 34 56 78',
        birthDate: '1971-05-04',
        street: 'rue Achard',
        postcode: '33300',
        city: 'Bordeaux',
        supportLevelId: levels[2].id,
        tags: 'école, transports, École',
        notes: 'Connaît bien le quartier',
        consentEmail: 'granted',
        consentSms: 'refused',
      });
      expect(res.status).toBe(303);
      const id = created(res.headers.location);
      const row = await contactRow(id);
      expect(row).toMatchObject({
        phone: '+33612345678',
        phone_raw: '06 12 34 56 78',
        email: 'helene.dupre@exemple.fr',
        origin: 'manual',
        created_by: people.admin.id,
        support_level_id: levels[2].id,
        tags: ['école', 'transports'],
        consent_email: true,
        consent_sms: false,
        consent_phone: null,
        consent_post: null,
        do_not_contact: false,
      });
      expect(await ledger(id)).toEqual([
        { channel: 'email', granted: true, source: 'manual', proof: null, recorded_by: people.admin.id },
        { channel: 'sms', granted: false, source: 'manual', proof: null, recorded_by: people.admin.id },
      ]);
      expect((await events(id)).map((event: { kind: string }) => event.kind)).toEqual([
        'created',
        'consent_granted',
        'consent_refused',
      ]);
      // The sheet shows it all; the phone for reading, the form as typed.
      const sheet = unescapeHtml((await visitors.admin.get(res.headers.location)).text);
      expect(sheet).toContain('<a href="tel:+33612345678">+33 6 12 34 56 78</a>');
      expect(sheet).toContain('Consentement e-mail accepté');
      expect(sheet).toContain('Contact créé (Saisie)');
      expect(sheet).toContain('par Adèle Admin');
      const form = unescapeHtml((await visitors.admin.get(`${res.headers.location}/edit`)).text);
      expect(form).toContain('value="06 12 34 56 78"');
    });

    it('records what a member creates as met in the field, without the fields they are not given', async () => {
      const res = await create(visitors.member, {
        lastName: 'Terrain',
        phone: '+32 470 12 34 56',
        notes: 'glissé dans le formulaire',
        birthDate: '1980-01-01',
        consentPhone: 'granted',
      });
      expect(res.status).toBe(303);
      const row = await contactRow(created(res.headers.location));
      expect(row).toMatchObject({
        origin: 'field',
        phone: '+32470123456',
        notes: null,
        birth_date: null,
        created_by: people.member.id,
      });
      expect(await ledger(row.id)).toEqual([
        { channel: 'phone', granted: true, source: 'field', proof: null, recorded_by: people.member.id },
      ]);
    });
  });

  describe('editing', () => {
    let id: string;

    beforeEach(async () => {
      id = await createContact(t.dataSource, space, {
        first_name: 'Jean',
        last_name: 'Valjean',
        email: 'jean@exemple.fr',
        phone: '+33612345678',
        phone_raw: '0612345678',
        birth_date: '1969-02-03',
        insee_code: '33063',
        notes: 'Note des organisateurs',
        support_level_id: levels[1].id,
        tags: ['logement'],
        created_by: people.member.id,
      });
    });

    const sheetUrl = () => `/s/${space.slug}/contacts/${id}`;

    it('edits in place with htmx: the form replaces the sheet, errors come back beside the fields, success goes back to the sheet', async () => {
      const admin = visitors.admin;
      const sheet = await admin.open(sheetUrl());
      expect(sheet.text).toContain(`hx-get="${sheetUrl()}/edit" hx-target="#contact-sheet" hx-swap="outerHTML"`);
      expect(sheet.text).toContain('<div class="columns" id="contact-sheet">');
      const fragment = await admin.get(`${sheetUrl()}/edit`).set('HX-Request', 'true');
      expect(fragment.status).toBe(200);
      expect(fragment.text.trimStart()).toMatch(/^<form id="contact-form"/);
      expect(fragment.text).toContain('value="Valjean"');
      expect(fragment.text).toContain(`hx-post="${sheetUrl()}"`);

      const wrong = await admin.htmxSubmit(sheetUrl(), { lastName: 'Valjean', email: 'jean@', inseeCode: '1' });
      expect(wrong.status).toBe(422);
      expect(wrong.text.trimStart()).toMatch(/^<form id="contact-form"/);
      expect(wrong.text).toContain('id="field-email-errors"');
      expect(wrong.text).toContain('id="field-inseeCode-errors"');
      expect(wrong.text).toContain('value="jean@"');
      const badPhone = await admin.htmxSubmit(sheetUrl(), { lastName: 'Valjean', phone: '06' });
      expect(badPhone.status).toBe(422);
      expect(badPhone.text).toContain('id="field-phone-errors"');
      expect(badPhone.text).toContain('value="06"');
      expect((await contactRow(id)).email).toBe('jean@exemple.fr');

      const ok = await admin.htmxSubmit(sheetUrl(), {
        firstName: 'Jean',
        lastName: 'Valjean',
        email: 'jean@exemple.fr',
        phone: '06 99 88 77 66',
        birthDate: '1969-02-03',
        inseeCode: '33063',
        notes: 'Note des organisateurs',
        city: 'Montreuil',
        supportLevelId: levels[3].id,
        tags: 'logement',
        consentPost: 'granted',
      });
      expect(ok.status).toBe(204);
      expect(ok.headers['hx-redirect']).toBe(sheetUrl());
      expect(await contactRow(id)).toMatchObject({
        phone: '+33699887766',
        phone_raw: '06 99 88 77 66',
        city: 'Montreuil',
        support_level_id: levels[3].id,
        consent_post: true,
        updated_by: people.admin.id,
      });
      expect(await events(id)).toEqual([
        { kind: 'updated', actor_id: people.admin.id, details: { fields: ['phone', 'city'] } },
        {
          kind: 'level_changed',
          actor_id: people.admin.id,
          details: {
            from: { id: levels[1].id, label: levels[1].label },
            to: { id: levels[3].id, label: levels[3].label },
          },
        },
        { kind: 'consent_granted', actor_id: people.admin.id, details: { channel: 'post' } },
      ]);
      const after = unescapeHtml((await admin.get(sheetUrl())).text);
      expect(after).toContain('2 champs modifiés');
      expect(after).toContain(`Niveau de soutien : ${levels[1].label} → ${levels[3].label}`);
      expect(after).toContain('Consentement courrier accepté');
    });

    it('lets a member edit what they see and keeps what they do not see', async () => {
      await visitors.member.open(`${sheetUrl()}/edit`);
      const res = await visitors.member.submit(sheetUrl(), {
        firstName: 'Jean',
        lastName: 'Valjean',
        email: 'jean@exemple.fr',
        phone: '0612345678',
        city: 'Digne',
        supportLevelId: levels[1].id,
        tags: 'logement, chandeliers',
        // Sent by hand: a member's form has no such fields.
        notes: 'réécrit',
      });
      expect(res.status).toBe(303);
      expect(await contactRow(id)).toMatchObject({
        city: 'Digne',
        tags: ['logement', 'chandeliers'],
        notes: 'Note des organisateurs',
        birth_date: '1969-02-03',
        insee_code: '33063',
      });
      expect((await events(id))[0].details).toEqual({ fields: ['city', 'tags'] });
    });

    it('lets nobody grant a consent to someone who asked not to be contacted', async () => {
      await visitors.admin.open(sheetUrl());
      await visitors.admin.submit(`${sheetUrl()}/do-not-contact`, {});
      await visitors.admin.open(`${sheetUrl()}/edit`);
      const res = await visitors.admin.submit(sheetUrl(), {
        lastName: 'Valjean',
        consentEmail: 'granted',
        consentSms: 'refused',
      });
      expect(res.status).toBe(422);
      expect(unescapeHtml(res.text)).toMatch(
        /id="field-consentEmail-errors"><li>Cette personne a demandé à ne plus être contactée/,
      );
      expect((await contactRow(id)).consent_email).toBe(false);
      // On the sheet, the consent form is gone, and a crafted decision is refused.
      const sheet = await visitors.admin.open(sheetUrl());
      expect(sheet.text).not.toContain(`action="${sheetUrl()}/consents"`);
      const crafted = await visitors.admin.submit(`${sheetUrl()}/consents`, { channel: 'sms', decision: 'granted' });
      expect(crafted.status).toBe(400);
      expect(unescapeHtml(crafted.text)).toContain('levez d’abord « ne plus contacter »');
      expect((await contactRow(id)).consent_sms).toBe(false);
    });

    it('answers 404 for a contact of another space or one not yours, and for a malformed id', async () => {
      const foreign = await createContact(t.dataSource, other, { last_name: 'Ailleurs' });
      const strangers = await createContact(t.dataSource, space, {
        last_name: 'Pas à moi',
        created_by: people.admin.id,
      });
      for (const [visitor, target] of [
        [visitors.admin, foreign],
        [visitors.member, strangers],
        [visitors.coordinator, strangers],
      ] as const) {
        expect((await visitor.get(`/s/${space.slug}/contacts/${target}`)).status).toBe(404);
        expect((await visitor.get(`/s/${space.slug}/contacts/${target}/edit`)).status).toBe(404);
        await visitor.open(`/s/${space.slug}/contacts`);
        expect((await visitor.submit(`/s/${space.slug}/contacts/${target}`, { lastName: 'Piraté' })).status).toBe(404);
      }
      expect((await contactRow(strangers)).last_name).toBe('Pas à moi');
      expect((await visitors.admin.get(`/s/${space.slug}/contacts/pas-un-id`)).status).toBe(400);
    });
  });

  describe('consents', () => {
    it('appends every decision to the ledger with its source, author and proof, and keeps the whole history', async () => {
      const id = await createContact(t.dataSource, space, { last_name: 'Consentante', created_by: people.member.id });
      const url = `/s/${space.slug}/contacts/${id}`;
      await visitors.admin.open(url);
      expect(
        (
          await visitors.admin.submit(`${url}/consents`, {
            channel: 'email',
            decision: 'granted',
            proof: 'Formulaire signé le 3 mars',
          })
        ).status,
      ).toBe(303);
      await visitors.member.open(url);
      expect(
        (
          await visitors.member.submit(`${url}/consents`, {
            channel: 'email',
            decision: 'refused',
            proof: 'Au téléphone',
          })
        ).status,
      ).toBe(303);
      expect((await visitors.member.submit(`${url}/consents`, { channel: 'sms', decision: 'granted' })).status).toBe(
        303,
      );
      expect(await ledger(id)).toEqual([
        {
          channel: 'email',
          granted: true,
          source: 'manual',
          proof: 'Formulaire signé le 3 mars',
          recorded_by: people.admin.id,
        },
        { channel: 'email', granted: false, source: 'field', proof: 'Au téléphone', recorded_by: people.member.id },
        { channel: 'sms', granted: true, source: 'field', proof: null, recorded_by: people.member.id },
      ]);
      expect(await contactRow(id)).toMatchObject({ consent_email: false, consent_sms: true, consent_phone: null });
      expect((await events(id)).map((event: { kind: string }) => event.kind)).toEqual([
        'consent_granted',
        'consent_refused',
        'consent_granted',
      ]);
      const sheet = unescapeHtml((await visitors.admin.get(url)).text);
      const history = sheet.slice(sheet.indexOf('Historique des consentements'));
      // Newest first, each with who recorded it and the proof.
      expect(history.indexOf('par Mehdi member — Au téléphone')).toBeGreaterThan(0);
      expect(history.indexOf('par Adèle Admin — Formulaire signé le 3 mars')).toBeGreaterThan(
        history.indexOf('par Mehdi member — Au téléphone'),
      );
    });

    it('refuses a bad decision with 422 and the sheet again', async () => {
      const id = await createContact(t.dataSource, space, { last_name: 'Indécise', created_by: people.admin.id });
      const url = `/s/${space.slug}/contacts/${id}`;
      await visitors.admin.open(url);
      for (const fields of [
        { channel: 'fax', decision: 'granted' } as Record<string, string>,
        { channel: 'email', decision: 'peut-être' },
        { channel: 'email' },
        { channel: 'email', decision: 'granted', proof: 'x'.repeat(301) },
      ]) {
        const res = await visitors.admin.submit(`${url}/consents`, fields);
        expect({ fields, status: res.status }).toEqual({ fields, status: 422 });
        expect(res.text).toContain('Consentements');
      }
      expect(await ledger(id)).toEqual([]);
    });
  });

  describe('"ne plus contacter"', () => {
    it('revokes every consent in the ledger, hides the contact from lists, and only organisers lift it', async () => {
      const id = await createContact(t.dataSource, space, {
        first_name: 'Ne',
        last_name: 'Plus',
        consent_email: true,
        consent_sms: true,
        created_by: people.member.id,
      });
      const url = `/s/${space.slug}/contacts/${id}`;
      expect(await allListed(visitors.coordinator, space.slug, 'q=plus')).toEqual([id]);
      await visitors.coordinator.open(url);
      expect((await visitors.coordinator.submit(`${url}/do-not-contact`, {})).status).toBe(303);
      expect(await contactRow(id)).toMatchObject({
        do_not_contact: true,
        consent_email: false,
        consent_sms: false,
        consent_phone: false,
        consent_post: false,
      });
      expect(await ledger(id)).toEqual(
        ['email', 'sms', 'phone', 'post'].map((channel) => ({
          channel,
          granted: false,
          source: 'manual',
          proof: 'do-not-contact',
          recorded_by: people.coordinator.id,
        })),
      );
      expect((await events(id)).map((event: { kind: string }) => event.kind)).toEqual(['do_not_contact']);
      expect(
        (await auditOf(t.dataSource, space.id, 'contact.do_not_contact')).map(
          (entry: { target_id: string }) => entry.target_id,
        ),
      ).toContain(id);
      // Out of every list, for everyone; still shown to those who ask for them.
      for (const role of ['admin', 'coordinator', 'member'] as const) {
        expect(await allListed(visitors[role], space.slug, 'q=plus')).toEqual([]);
        expect(await allListed(visitors[role], space.slug, 'q=plus&dnc=only')).toEqual([id]);
      }
      const sheet = unescapeHtml((await visitors.member.get(url)).text);
      expect(sheet).toContain('Cette personne a demandé à ne plus être contactée');
      expect(sheet).toContain('a demandé à ne plus être contacté·e');
      expect(sheet).not.toContain('do-not-contact)');
      // Doing it twice changes nothing.
      await visitors.admin.open(url);
      await visitors.admin.submit(`${url}/do-not-contact`, {});
      expect(await ledger(id)).toHaveLength(4);

      // Lifting: organisers only; consents stay refused until given again.
      for (const role of ['coordinator', 'member'] as const) {
        await visitors[role].open(url);
        expect((await visitors[role].submit(`${url}/do-not-contact/lift`, {})).status).toBe(403);
      }
      expect((await contactRow(id)).do_not_contact).toBe(true);
      await visitors.supervisor.open(url);
      expect((await visitors.supervisor.submit(`${url}/do-not-contact/lift`, {})).status).toBe(303);
      expect(await contactRow(id)).toMatchObject({ do_not_contact: false, consent_email: false, consent_sms: false });
      expect((await events(id)).map((event: { kind: string }) => event.kind)).toEqual([
        'do_not_contact',
        'do_not_contact_lifted',
      ]);
      expect(
        (await auditOf(t.dataSource, space.id, 'contact.do_not_contact_lifted')).map(
          (entry: { actor_id: string }) => entry.actor_id,
        ),
      ).toEqual([people.supervisor.id]);
      expect(await allListed(visitors.member, space.slug, 'q=plus')).toEqual([id]);
    });
  });

  describe('deleting', () => {
    it('is for admins and supervisors only, after confirming, and audited', async () => {
      const id = await createContact(t.dataSource, space, {
        last_name: 'Supprimable',
        consent_email: true,
        created_by: people.member.id,
      });
      const url = `/s/${space.slug}/contacts/${id}`;
      await visitors.admin.open(url);
      await visitors.admin.submit(`${url}/consents`, { channel: 'sms', decision: 'granted' });
      for (const role of ['coordinator', 'member'] as const) {
        const sheet = await visitors[role].open(url);
        expect(sheet.text).not.toContain(`action="${url}/delete"`);
        expect((await visitors[role].submit(`${url}/delete`, { confirm: 'yes' })).status).toBe(403);
      }
      // Without the box ticked: the sheet again, the message beside the box.
      const sheet = await visitors.admin.open(url);
      expect(sheet.text).toContain(`action="${url}/delete"`);
      const unconfirmed = await visitors.admin.submit(`${url}/delete`, {});
      expect(unconfirmed.status).toBe(422);
      expect(unescapeHtml(unconfirmed.text)).toMatch(
        /id="delete-confirm-errors"><li>Cochez la case pour confirmer la suppression\./,
      );
      expect((await visitors.admin.submit(`${url}/delete`, { confirm: 'oui' })).status).toBe(422);
      expect(await contactRow(id)).toBeDefined();

      const done = await visitors.admin.submit(`${url}/delete`, { confirm: 'yes' });
      expect(done.status).toBe(303);
      expect(done.headers.location).toBe(`/s/${space.slug}/contacts`);
      expect(await contactRow(id)).toBeUndefined();
      expect(await ledger(id)).toEqual([]);
      expect(await events(id)).toEqual([]);
      expect(await auditOf(t.dataSource, space.id, 'contact.deleted')).toEqual([
        {
          actor_id: people.admin.id,
          target_type: 'contact',
          target_id: id,
          target_label: 'Supprimable',
          details: null,
        },
      ]);
      expect((await visitors.admin.get(url)).status).toBe(404);
      // A supervisor may too; nobody deletes another space's contact.
      const second = await createContact(t.dataSource, space, { last_name: 'Second', created_by: people.admin.id });
      await visitors.supervisor.open(`/s/${space.slug}/contacts/${second}`);
      expect(
        (await visitors.supervisor.submit(`/s/${space.slug}/contacts/${second}/delete`, { confirm: 'yes' })).status,
      ).toBe(303);
      const foreign = await createContact(t.dataSource, other, { last_name: 'Ailleurs' });
      expect(
        (await visitors.admin.submit(`/s/${space.slug}/contacts/${foreign}/delete`, { confirm: 'yes' })).status,
      ).toBe(404);
      const [still] = await t.dataSource.query('SELECT id FROM contacts WHERE space_id = $1 AND id = $2', [
        other.id,
        foreign,
      ]);
      expect(still).toBeDefined();
    });
  });

  describe('what the sheet shows', () => {
    it('writes every opening to the audit log', async () => {
      const id = await createContact(t.dataSource, space, {
        first_name: 'Vue',
        last_name: 'Trois Fois',
        created_by: people.member.id,
      });
      const url = `/s/${space.slug}/contacts/${id}`;
      for (const role of ['admin', 'coordinator', 'member'] as const)
        expect((await visitors[role].get(url)).status).toBe(200);
      await visitors.admin.get(url);
      const entries = (await auditOf(t.dataSource, space.id, 'contact.viewed')).filter(
        (entry: { target_id: string }) => entry.target_id === id,
      );
      expect(entries.map((entry: { actor_id: string }) => entry.actor_id)).toEqual([
        people.admin.id,
        people.coordinator.id,
        people.member.id,
        people.admin.id,
      ]);
      expect(entries[0]).toMatchObject({ target_type: 'contact', target_label: 'Vue Trois Fois' });
      // A sheet that does not open is not an opening.
      expect((await signedIn(t.app, people.stranger).then((stranger) => stranger.get(url))).status).toBe(404);
      expect(
        (await auditOf(t.dataSource, space.id, 'contact.viewed')).filter(
          (entry: { target_id: string }) => entry.target_id === id,
        ),
      ).toHaveLength(4);
    });

    it('shows the sections and timeline entries other modules add, as they decide for each person', async () => {
      const id = await createContact(t.dataSource, space, { last_name: 'Étendue', created_by: people.member.id });
      probe.contactId = id;
      const url = `/s/${space.slug}/contacts/${id}`;
      const admin = unescapeHtml((await visitors.admin.get(url)).text);
      expect(admin).toContain('<span class="consent granted">accepté</span>');
      expect(admin).toContain('« Ne plus contacter » levé');
      const member = unescapeHtml((await visitors.member.get(url)).text);
      expect(member).not.toContain('<span class="consent granted">accepté</span>');
    });

    it('shows a member only the timeline entries they recorded themselves', async () => {
      const id = await createContact(t.dataSource, space, { last_name: 'Chronologie', created_by: people.member.id });
      const url = `/s/${space.slug}/contacts/${id}`;
      await visitors.admin.open(url);
      await visitors.admin.submit(`${url}/consents`, { channel: 'post', decision: 'granted' });
      await visitors.member.open(url);
      await visitors.member.submit(`${url}/consents`, { channel: 'phone', decision: 'refused' });
      const member = unescapeHtml((await visitors.member.get(url)).text);
      expect(member).toContain('Consentement téléphone refusé');
      expect(member).not.toContain('Consentement courrier accepté');
      const admin = unescapeHtml((await visitors.admin.get(url)).text);
      expect(admin).toContain('Consentement téléphone refusé');
      expect(admin).toContain('Consentement courrier accepté');
    });
  });
});
