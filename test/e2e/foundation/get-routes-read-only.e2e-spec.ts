import request from 'supertest';
import type { Visitor } from '../../support/http-client';
import { snapshotDatabase } from '../../support/database-snapshot';
import { fillPath, listRoutes } from '../../support/routes';
import { signedIn } from '../../support/sign-in';
import { bootTestApp, type TestApp } from '../../support/test-app';
import { buildWorld, routeParams, type World } from '../../support/world';

jest.setTimeout(120_000);

/**
 * A GET never changes data: every GET route of the router is called, by an anonymous
 * visitor and by each kind of signed-in person, and the database must be the same
 * afterwards. New routes are picked up on their own; a new parameter needs a sample in
 * test/support/world.ts.
 */
describe('every GET route is read-only', () => {
  let t: TestApp;
  let world: World;
  beforeAll(async () => {
    t = await bootTestApp();
    world = await buildWorld(t);
  });
  afterAll(() => t.close());

  it('leaves the database as it found it, whoever asks', async () => {
    const routes = listRoutes(t.app).filter((route) => route.method === 'GET');
    expect(routes.map((route) => route.path)).toEqual(
      expect.arrayContaining(['/login', '/healthz', '/s/:space/members']),
    );
    const visitors: (Visitor | null)[] = [null];
    for (const account of [world.owner, world.staff, ...Object.values(world.a.people), world.b.people.admin]) {
      visitors.push(await signedIn(t.app, account));
    }
    const sample = routeParams(world, world.a, world.a);
    const before = await snapshotDatabase(t.dataSource);
    let calls = 0;
    const serverErrors: string[] = [];
    for (const [index, visitor] of visitors.entries()) {
      for (const route of routes) {
        const path = fillPath(route.path, sample);
        const res = visitor ? await visitor.get(path) : await request(t.app.getHttpServer()).get(path);
        if (res.status >= 500) serverErrors.push(`visitor ${index}: GET ${path} → ${res.status}`);
        calls++;
      }
    }
    expect(serverErrors).toEqual([]);
    expect(calls).toBeGreaterThan(routes.length * 6);
    expect(await snapshotDatabase(t.dataSource)).toEqual(before);
  });

  it('can see a write (proof that the comparison works)', async () => {
    const before = await snapshotDatabase(t.dataSource);
    await t.dataSource.query(`UPDATE migrations SET name = name || '' WHERE false`);
    expect(await snapshotDatabase(t.dataSource)).toEqual(before);
    await t.dataSource.query(`INSERT INTO migrations (timestamp, name) VALUES (1, 'probe')`);
    expect(await snapshotDatabase(t.dataSource)).not.toEqual(before);
    await t.dataSource.query(`DELETE FROM migrations WHERE name = 'probe'`);
  });
});
