import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from '../support/browser';
import { describeFirstRun } from '../support/journeys/first-run';
import { freePort, spawnTerrain, waitUntilReady } from '../support/terrain-process';

// Starting the embedded database the first time takes a few seconds (initdb).
jest.setTimeout(180_000);

describe('first run of a new instance, on the embedded database (npm start)', () => {
  describeFirstRun(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'terrain-first-run-'));
    const terrain = spawnTerrain({ DATA_DIR: dataDir }, await freePort());
    await waitUntilReady(terrain);
    const browser = await launchBrowser();
    return {
      origin: terrain.url,
      browser,
      async stop() {
        await browser.close();
        await terrain.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  });
});
