import type { Browser, Page } from 'playwright-core';
import { launchBrowser, serve } from '../support/browser';
import { bootTestApp, type TestApp } from '../support/test-app';

jest.setTimeout(60_000);

describe('sign-in page in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let origin: string;
  let page: Page;
  const requests: { url: string; headers: Record<string, string> }[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    t = await bootTestApp();
    origin = await serve(t);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: 'fr-FR' });
    page.on('request', (req) => requests.push({ url: req.url(), headers: req.headers() }));
    // CSP violations and script errors show up here.
    // (A 422 answer is logged by the browser too: that one is the form working.)
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of 422/.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('opens in French with htmx loaded from the app itself', async () => {
    await page.goto(`${origin}/login`);
    expect(await page.title()).toBe('Connexion · Terrain');
    expect(await page.locator('h1').textContent()).toBe('Connexion');
    expect(await page.evaluate(() => typeof (window as unknown as { htmx?: unknown }).htmx)).toBe('object');
  });

  it('switches to English with the footer link, and stays in English', async () => {
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(`${origin}/login`);
    expect(await page.locator('h1').textContent()).toBe('Sign in');
    await page.reload();
    expect(await page.locator('h1').textContent()).toBe('Sign in');
  });

  it('shows the errors of a wrong form through an htmx swap, without reloading the page', async () => {
    await page.evaluate(() => {
      (window as unknown as { marker: string }).marker = 'still the same page';
    });
    const swapped = page.waitForResponse((res) => res.url().endsWith('/login') && res.request().method() === 'POST');
    await page.getByLabel('Email address').fill('not-an-email');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const response = await swapped;
    expect(response.status()).toBe(422);
    await page.locator('#field-email-errors').waitFor();
    expect(await page.locator('#field-email-errors').textContent()).toContain('Enter a valid email address');
    expect(await page.getByLabel('Email address').inputValue()).toBe('not-an-email');
    // Screen-reader and keyboard users land on the error summary.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('still the same page');
    const post = requests.find((req) => req.url.endsWith('/login') && req.headers['hx-request'] === 'true');
    expect(post?.headers['x-csrf-token']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('never asked another host for anything, and met no CSP or script error', () => {
    expect(requests.length).toBeGreaterThan(3);
    expect(requests.filter((req) => !req.url.startsWith(origin))).toEqual([]);
    expect(problems).toEqual([]);
  });
});
