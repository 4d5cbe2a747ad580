import { launchBrowser, serve } from '../support/browser';
import { describeFirstRun } from '../support/journeys/first-run';
import { bootTestApp } from '../support/test-app';

jest.setTimeout(120_000);

describe('first run of a new instance, on the Postgres server', () => {
  describeFirstRun(async () => {
    const t = await bootTestApp();
    const origin = await serve(t);
    const browser = await launchBrowser();
    return {
      origin,
      browser,
      async stop() {
        await browser.close();
        await t.close();
      },
    };
  });
});
