import request from 'supertest';
import { snapshotDatabase } from '../../support/database-snapshot';
import { fillPath, listRoutes } from '../../support/routes';
import { bootTestApp, type TestApp } from '../../support/test-app';

/**
 * A GET never changes data: every GET route of the router is called and the database
 * must be the same afterwards. New routes are picked up on their own; a new path
 * parameter needs a sample value below.
 */
describe('every GET route is read-only', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(() => t.close());

  const samples: Record<string, string> = {
    language: 'en',
  };

  it('leaves the database as it found it', async () => {
    const routes = listRoutes(t.app).filter((route) => route.method === 'GET');
    expect(routes.map((route) => route.path)).toEqual(
      expect.arrayContaining(['/login', '/healthz', '/lang/:language']),
    );
    const before = await snapshotDatabase(t.dataSource);
    for (const route of routes) {
      const path = fillPath(route.path, samples);
      const res = await request(t.app.getHttpServer()).get(path);
      expect(res.status).toBeLessThan(500);
    }
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
