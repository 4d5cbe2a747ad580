import { DEFAULT_MODULES } from '../../../src/shared/auth/modules';
import type { Role } from '../../../src/shared/auth/roles';
import { Visitor } from '../../support/http-client';
import { fillPath, listRoutes, type RouteInfo } from '../../support/routes';
import { signedIn } from '../../support/sign-in';
import { bootTestApp, type TestApp } from '../../support/test-app';
import { buildWorld, routeParams, type SpaceFixture, type World } from '../../support/world';
import { ACCESS, type Access, RUN_LAST } from './access-matrix';

jest.setTimeout(120_000);

type Persona = { label: string; role?: Role; kind: 'anonymous' | 'member' | 'otherSpace' | 'staff' | 'owner' };

const PERSONAS: Persona[] = [
  { label: 'anonymous', kind: 'anonymous' },
  { label: 'admin of the other space', kind: 'otherSpace' },
  { label: 'support staff', kind: 'staff' },
  { label: 'instance owner', kind: 'owner' },
  { label: 'admin', kind: 'member', role: 'admin' },
  { label: 'supervisor', kind: 'member', role: 'supervisor' },
  { label: 'coordinator', kind: 'member', role: 'coordinator' },
  { label: 'member', kind: 'member', role: 'member' },
];

/** Routes whose service refuses some roles the route lets in (e.g. coordinators may not create teams). */
const SERVICE_FORBIDDEN: Record<string, Role[]> = {
  'POST /s/:space/contacts/:id/do-not-contact/lift': ['coordinator', 'member'],
  'POST /s/:space/contacts/:id/delete': ['coordinator', 'member'],
  'POST /s/:space/teams': ['coordinator'],
  'POST /s/:space/teams/:teamId/delete': ['coordinator'],
  'POST /s/:space/teams/:teamId/members/:accountId/coordinator': ['coordinator'],
};

const keyOf = (route: RouteInfo) => `${route.method} ${route.path}`;
const idParams = (path: string) => (path.match(/:([A-Za-z]+)/g) ?? []).filter((param) => param !== ':space');

/** A body that passes validation, so that what answers is the access rule or the row lookup. */
function validBody(route: string, world: World, ids: SpaceFixture): Record<string, string | string[]> {
  switch (route) {
    case 'POST /s/:space/members/:accountId/role':
      return { role: 'member' };
    case 'POST /s/:space/teams/:teamId/rename':
      return { name: 'Renamed' };
    case 'POST /s/:space/teams/:teamId/members':
      return { accountId: ids.people.member.id };
    case 'POST /s/:space/teams/:teamId/members/:accountId/coordinator':
      return { coordinator: 'true' };
    case 'POST /s/:space/announcements/:id/pin':
      return { pinned: 'true' };
    case 'POST /s/:space/contacts/:id':
      return { lastName: 'Renommé' };
    case 'POST /s/:space/contacts/:id/consents':
      return { channel: 'email', decision: 'granted' };
    case 'POST /s/:space/contacts/:id/delete':
      return { confirm: 'yes' };
    case 'POST /s/:space/contacts/lists/:id/pin':
      return { pinned: 'true' };
    case 'POST /s/:space/settings/support-levels/:id':
      return { label: 'Renommé', colour: '#123456', category: 'supporter' };
    case 'POST /s/:space/settings/support-levels/:id/move':
      return { direction: 'up' };
    case 'POST /admin/spaces/:id/modules':
    case 'POST /s/:space/settings/modules':
      // The modules the space already has: access is checked, nothing changes.
      return { modules: [...DEFAULT_MODULES] };
    default:
      void world;
      return {};
  }
}

function expected(access: Access, persona: Persona, route: string, foreign: boolean): (status: number) => boolean {
  const isSignInRedirect = (status: number) => status === 303;
  const granted = (status: number) => status < 500 && status !== 403 && status !== 401;
  switch (access.kind) {
    case 'public':
      return (status) => status < 500;
    case 'signedIn':
      return persona.kind === 'anonymous' ? isSignInRedirect : granted;
    case 'staff':
      if (persona.kind === 'anonymous') return isSignInRedirect;
      return persona.kind === 'staff' || persona.kind === 'owner' ? granted : (status) => status === 403;
    case 'owner':
      if (persona.kind === 'anonymous') return isSignInRedirect;
      return persona.kind === 'owner' ? granted : (status) => status === 403;
    case 'space': {
      if (persona.kind === 'anonymous') return isSignInRedirect;
      // Not a member of the space: exactly like a space that does not exist.
      if (persona.kind !== 'member') return (status) => status === 404;
      if (!access.roles.includes(persona.role!)) return (status) => status === 403;
      if (SERVICE_FORBIDDEN[route]?.includes(persona.role!)) return (status) => status === 403;
      // A foreign id answers exactly like a missing one.
      if (foreign) return (status) => status === 404;
      return (status) => status < 500 && status !== 403 && status !== 404;
    }
  }
}

describe('tenancy and role matrix', () => {
  let t: TestApp;
  let world: World;
  const visitors = new Map<string, Visitor>();

  beforeAll(async () => {
    t = await bootTestApp();
    world = await buildWorld(t);
    for (const persona of PERSONAS) {
      const account =
        persona.kind === 'member'
          ? world.a.people[persona.role!]
          : persona.kind === 'otherSpace'
            ? world.b.people.admin
            : persona.kind === 'staff'
              ? world.staff
              : persona.kind === 'owner'
                ? world.owner
                : null;
      if (account) {
        visitors.set(persona.label, await signedIn(t.app, account));
      } else {
        const anonymous = new Visitor(t.app);
        await anonymous.open('/login');
        visitors.set(persona.label, anonymous);
      }
    }
  });
  afterAll(() => t.close());

  it('has an expected outcome for every route of the router, and no outcome for a route that is gone', () => {
    const routes = listRoutes(t.app).map(keyOf);
    expect(routes.filter((route) => !(route in ACCESS))).toEqual([]);
    expect(Object.keys(ACCESS).filter((route) => !routes.includes(route))).toEqual([]);
  });

  it('answers every person as the matrix says, shows nothing of the other space, and changes none of its rows', async () => {
    const rowsOfB = () => spaceRows(t, world.b.space.id);
    const before = await rowsOfB();
    const markersOf = (fixture: SpaceFixture) => [
      fixture.space.name,
      ...Object.values(fixture.people).flatMap((person) => [person.email, person.name]),
      `Équipe ${fixture === world.a ? 'a' : 'b'}`,
      `Annonce ${fixture === world.a ? 'a' : 'b'}`,
      `Document ${fixture === world.a ? 'a' : 'b'}`,
    ];
    const routes = listRoutes(t.app).sort((x, y) => RUN_LAST.indexOf(keyOf(x)) - RUN_LAST.indexOf(keyOf(y)) || 0);
    const failures: string[] = [];
    let cases = 0;
    for (const route of routes) {
      const key = keyOf(route);
      const access = ACCESS[key];
      const hasIds = idParams(route.path).length > 0;
      // GETs with ids: own ids, then another space's; writes with ids: only foreign ids (no side effect).
      const variants = !hasIds ? [false] : route.method === 'GET' ? [false, true] : [true];
      for (const foreign of variants) {
        const ids = foreign && access.kind === 'space' ? world.b : world.a;
        const sample = routeParams(world, world.a, ids);
        const path = fillPath(route.path, (p, param) =>
          param === 'token' && route.method === 'POST' ? 'no-such-invitation' : sample(p, param),
        );
        for (const persona of PERSONAS) {
          const visitor = visitors.get(persona.label)!;
          const res =
            route.method === 'GET' ? await visitor.get(path) : await visitor.submit(path, validBody(key, world, ids));
          cases++;
          if (!expected(access, persona, key, foreign)(res.status)) {
            failures.push(
              `${persona.label}: ${route.method} ${path}${foreign ? ' (foreign ids)' : ''} → ${res.status}`,
            );
          }
          // Support pages list every space by design; an invitation link names its space to whoever holds it.
          const showsSpacesByDesign = route.path.startsWith('/admin') || route.path.startsWith('/invitations/');
          const leaks = showsSpacesByDesign
            ? []
            : (persona.kind === 'otherSpace' ? markersOf(world.a) : markersOf(world.b)).filter((marker) =>
                res.text?.includes(marker),
              );
          if (leaks.length > 0) failures.push(`${persona.label}: ${route.method} ${path} shows ${leaks.join(', ')}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await rowsOfB()).toEqual(before);
    // For the record: how many requests the matrix made.
    process.stdout.write(`tenancy and role matrix: ${cases} cases\n`);
    expect(cases).toBeGreaterThan(500);
  });

  it('refuses every state-changing route without a CSRF token, from the route list', async () => {
    const admin = await signedIn(t.app, world.a.people.admin);
    const sample = routeParams(world, world.a, world.a);
    const failures: string[] = [];
    for (const route of listRoutes(t.app).filter((r) => r.method !== 'GET')) {
      const path = fillPath(route.path, sample);
      const res = await admin.agent.post(path).type('form').send({});
      if (res.status !== 403) failures.push(`${route.method} ${path} → ${res.status}`);
    }
    expect(failures).toEqual([]);
  });
});

/** Every row of every table owned by a space, for one space, as text. */
async function spaceRows(t: TestApp, spaceId: string): Promise<Record<string, string[]>> {
  const tables: { table_name: string }[] = await t.dataSource.query(
    `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'space_id' ORDER BY table_name`,
  );
  const rows: Record<string, string[]> = {};
  for (const { table_name: table } of tables) {
    const found: { row: string }[] = await t.dataSource.query(
      `SELECT t::text AS row FROM "${table}" t WHERE space_id = $1 ORDER BY 1`,
      [spaceId],
    );
    rows[table] = found.map((entry) => entry.row);
  }
  const [space] = await t.dataSource.query('SELECT s::text AS row FROM spaces s WHERE id = $1', [spaceId]);
  rows.spaces = [space.row];
  return rows;
}
