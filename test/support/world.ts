import type { Actor } from '../../src/shared/auth/request-context';
import type { Role } from '../../src/shared/auth/roles';
import { AnnouncementsService } from '../../src/community/announcements/announcements.service';
import { DocumentsService } from '../../src/community/documents/documents.service';
import { InvitationsService } from '../../src/community/invitations/invitations.service';
import {
  addMember,
  addToTeam,
  createAccount,
  createSpace,
  createTeam,
  type TestAccount,
  type TestSpace,
} from '../factories/community.factory';
import type { TestApp } from './test-app';

export interface SpaceFixture {
  space: TestSpace;
  contactId: string;
  savedFilterId: string;
  supportLevelId: string;
  /** A merge of nothing into the contact (its history row only): a sample id for the merge routes. */
  mergeId: string;
  importId: string;
  people: Record<Role, TestAccount>;
  teamId: string;
  announcementId: string;
  documentId: string;
  invitationId: string;
  invitationToken: string;
}

/** Two spaces with every role, a team, an announcement, a document and an invitation each, plus support staff. */
export interface World {
  owner: TestAccount;
  staff: TestAccount;
  a: SpaceFixture;
  b: SpaceFixture;
  mailId: string;
}

const actorOf = (space: TestSpace, account: TestAccount, role: Role): Actor => ({
  accountId: account.id,
  name: account.name,
  email: account.email,
  spaceId: space.id,
  role,
});

async function buildSpace(t: TestApp, label: string): Promise<SpaceFixture> {
  const db = t.dataSource;
  const admin = await createAccount(db, { name: `Admin ${label}`, email: `admin-${label}-${Date.now()}@example.org` });
  const space = await createSpace(db, admin, { name: `Espace ${label}` });
  const people = { admin } as Record<Role, TestAccount>;
  for (const role of ['supervisor', 'coordinator', 'member'] as const) {
    people[role] = await createAccount(db, { name: `${role} ${label}` });
    await addMember(db, space, people[role], role);
  }
  const team = await createTeam(db, space, `Équipe ${label}`);
  await addToTeam(db, space, team.id, people.coordinator, true);
  await addToTeam(db, space, team.id, people.member);
  const adminActor = actorOf(space, admin, 'admin');
  const announcement = await t.app
    .get(AnnouncementsService)
    .publish(
      adminActor,
      { title: `Annonce ${label}`, body: `Texte ${label}`, pinned: false, teamIds: [] },
      '127.0.0.1',
    );
  const document = await t.app.get(DocumentsService).publish(
    adminActor,
    {
      kind: 'file',
      title: `Document ${label}`,
      file: { content: Buffer.from(`Contenu ${label}\n`), fileName: 'note.txt' },
      teamIds: [],
    },
    '127.0.0.1',
  );
  // The invitation's token only travels by mail: read it back from the outbox.
  const invited = `invite-${label}-${Date.now()}@example.org`;
  await t.app
    .get(InvitationsService)
    .send(adminActor, { emails: [invited], role: 'member', teamId: null }, '127.0.0.1');
  const [mail] = await db.query(`SELECT text_body FROM mail_outbox WHERE to_address = $1`, [invited]);
  const invitationToken = /\/invitations\/([A-Za-z0-9_-]+)/.exec(mail.text_body)![1];
  const [invitation] = await db.query(`SELECT id FROM invitations WHERE space_id = $1 AND email = $2`, [
    space.id,
    invited,
  ]);
  // Created by the member: every role of the space may see it (the coordinator through their team).
  const [contact] = await db.query(
    `INSERT INTO contacts (space_id, first_name, last_name, email, origin, created_by) VALUES ($1, 'Contact', $2, $3, 'field', $4) RETURNING id`,
    [space.id, `Contact ${label}`, `contact-${label}@example.org`, people.member.id],
  );
  const [savedFilter] = await db.query(
    `INSERT INTO contact_saved_filters (space_id, owner_id, name, query, shared) VALUES ($1, $2, $3, '', true) RETURNING id`,
    [space.id, admin.id, `Liste ${label}`],
  );
  const [level] = await db.query('SELECT id FROM support_levels WHERE space_id = $1 ORDER BY position LIMIT 1', [
    space.id,
  ]);
  const [merge] = await db.query(
    `INSERT INTO contact_merges (space_id, master_id, merged_ids, snapshot, merged_by)
     SELECT $1, c.id, '{}', jsonb_build_object('master', to_jsonb(c) - 'sort_name' - 'first_key' - 'search_text', 'events', '{}'::jsonb, 'consents', '{}'::jsonb), $3
     FROM contacts c WHERE c.space_id = $1 AND c.id = $2 RETURNING id`,
    [space.id, contact.id, admin.id],
  );
  // A finished import whose rejected rows wait in the report.
  const [contactImport] = await db.query(
    `INSERT INTO contact_imports (space_id, created_by, file_name, stored_name, size_bytes, encoding, separator, headers, mapping,
                                  status, total_rows, processed_rows, rejected_count, report, finished_at)
     VALUES ($1, $2, 'contacts.csv', 'gone', 40, 'utf-8', ';', '{Prénom,E-mail}', '{"0": "firstName", "1": "email"}',
             'done', 1, 1, 1, '{"written": false, "skipReasons": {}}', now()) RETURNING id`,
    [space.id, admin.id],
  );
  await db.query(
    `INSERT INTO contact_import_rows (space_id, import_id, line, raw, problems, status)
     VALUES ($1, $2, 2, '{Ana,ana@@exemple}', '[{"key": "badEmail", "field": "email", "values": {"value": "ana@@exemple"}}]', 'rejected')`,
    [space.id, contactImport.id],
  );
  return {
    space,
    contactId: contact.id,
    importId: contactImport.id,
    savedFilterId: savedFilter.id,
    supportLevelId: level.id,
    mergeId: merge.id,
    people,
    teamId: team.id,
    announcementId: announcement.id,
    documentId: document.id,
    invitationId: invitation.id,
    invitationToken,
  };
}

export async function buildWorld(t: TestApp): Promise<World> {
  const owner = await createAccount(t.dataSource, { name: 'Owner', platformRole: 'owner' });
  const staff = await createAccount(t.dataSource, { name: 'Staff', platformRole: 'staff' });
  const a = await buildSpace(t, 'a');
  const b = await buildSpace(t, 'b');
  const [mail] = await t.dataSource.query('SELECT id FROM mail_outbox LIMIT 1');
  return { owner, staff, a, b, mailId: mail.id };
}

/**
 * The value of a route parameter: the space's slug, then ids taken from `ids` (another
 * space's ids when testing that foreign ids answer like missing ones).
 */
export function routeParams(
  world: World,
  slugOf: SpaceFixture,
  ids: SpaceFixture,
): (path: string, param: string) => string {
  return (path, param) => {
    switch (param) {
      case 'space':
        return slugOf.space.slug;
      case 'teamId':
        return ids.teamId;
      case 'accountId':
        return ids.people.member.id;
      case 'token':
        return ids.invitationToken;
      case 'language':
        return 'en';
      case 'id':
        if (path.startsWith('/s/:space/documents')) return ids.documentId;
        if (path.startsWith('/s/:space/contacts/lists')) return ids.savedFilterId;
        if (path.startsWith('/s/:space/contacts/merges')) return ids.mergeId;
        if (path.startsWith('/s/:space/contacts/import')) return ids.importId;
        if (path.startsWith('/s/:space/contacts')) return ids.contactId;
        if (path.startsWith('/s/:space/settings/support-levels')) return ids.supportLevelId;
        if (path.startsWith('/s/:space/announcements')) return ids.announcementId;
        if (path.startsWith('/s/:space/invitations')) return ids.invitationId;
        if (path.startsWith('/admin/spaces')) return ids.space.id;
        if (path.startsWith('/admin/accounts') || path.startsWith('/admin/staff')) return ids.people.member.id;
        if (path.startsWith('/admin/outbox')) return world.mailId;
        throw new Error(`No sample for :id in ${path}: add one in test/support/world.ts`);
      default:
        throw new Error(`No sample for :${param} in ${path}: add one in test/support/world.ts`);
    }
  };
}
