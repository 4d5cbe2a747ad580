import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnTerrain, waitUntilReady, type TerrainProcess } from '../support/terrain-process';

/**
 * `npm start` on the embedded database, as a newcomer runs it: a fresh data folder, a
 * restart that reuses it, a second process refused, a wrong setting refused.
 */
// Starting the embedded database the first time takes a few seconds (initdb).
jest.setTimeout(120_000);

describe('npm start on the embedded database', () => {
  let dataDir: string;
  let first: TerrainProcess | undefined;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'terrain-smoke-'));
  });
  afterAll(async () => {
    await first?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  let cookie = '';
  let csrf = '';

  it('starts on a fresh data folder and serves the sign-in page in French', async () => {
    first = spawnTerrain({ DATA_DIR: dataDir }, await freePort());
    await waitUntilReady(first);
    const res = await fetch(`${first.url}/login`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<title>Connexion · Terrain</title>');
    cookie = res.headers.get('set-cookie')!.split(';')[0];
    csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1];
    expect(first.output()).toContain('Terrain is ready on');
    expect(existsSync(join(dataDir, 'terrain.lock'))).toBe(true);
    expect(existsSync(join(dataDir, 'session-secret'))).toBe(true);
  });

  it('refuses a second process on the same data folder, with a clear message and code 1', async () => {
    const second = spawnTerrain({ DATA_DIR: dataDir }, await freePort());
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain('is already used by another Terrain process');
  });

  it('stops cleanly on SIGTERM and releases the folder', async () => {
    expect(await first!.stop()).toBe(0);
    expect(existsSync(join(dataDir, 'terrain.lock'))).toBe(false);
  });

  it('starts again on the same folder and finds its data (the session of the first run)', async () => {
    first = spawnTerrain({ DATA_DIR: dataDir }, await freePort());
    await waitUntilReady(first);
    const res = await fetch(`${first.url}/login`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, email: 'nobody@example.org', password: 'x' }).toString(),
      redirect: 'manual',
    });
    // 422 (wrong credentials), not 403: the session and its CSRF token survived the restart.
    expect(res.status).toBe(422);
  });

  it('refuses an invalid configuration with the list of problems and code 1', async () => {
    const broken = spawnTerrain({ DATA_DIR: dataDir, PORT: 'abc', LOG_LEVEL: 'loud' }, 0);
    // PORT is overridden by the environment given here.
    expect(await broken.exited).toBe(1);
    expect(broken.output()).toContain('Invalid configuration');
    expect(broken.output()).toContain('PORT must be a whole number');
    expect(broken.output()).toContain('LOG_LEVEL must be one of');
  });
});
