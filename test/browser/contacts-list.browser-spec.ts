import type { Browser, Page } from 'playwright-core';
import { createAccount, createSpace, type TestAccount, type TestSpace } from '../factories/community.factory';
import { createContact, insertContacts } from '../factories/contacts.factory';
import { launchBrowser, serve } from '../support/browser';
import { bootTestApp, type TestApp } from '../support/test-app';

jest.setTimeout(120_000);

describe('the contacts list in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let origin: string;
  let page: Page;
  let space: TestSpace;
  let admin: TestAccount;
  let listUrl: string;
  const problems: string[] = [];
  const requests: string[] = [];

  const rowNames = () => page.locator('#contact-rows tr td:first-child a').allTextContents();
  const marker = () => page.evaluate(() => (window as unknown as { marker?: string }).marker);

  beforeAll(async () => {
    t = await bootTestApp();
    origin = await serve(t);
    const db = t.dataSource;
    admin = await createAccount(db, { name: 'Béatrice Navigatrice' });
    space = await createSpace(db, admin, { name: 'Navigateur' });
    const [, , sympathiser] = await db.query('SELECT id FROM support_levels WHERE space_id = $1 ORDER BY position', [
      space.id,
    ]);
    await createContact(db, space, {
      first_name: 'Hélène',
      last_name: 'Dupré',
      city: 'Bègles',
      support_level_id: sympathiser.id,
      created_by: admin.id,
    });
    await createContact(db, space, { first_name: 'HELENE', last_name: 'Martin', city: 'Pessac', created_by: admin.id });
    await createContact(db, space, { first_name: 'hélène', last_name: 'Zola', city: 'Bègles', created_by: admin.id });
    // Enough for a second page.
    await insertContacts(db, space, 67, {
      first_name: "'Personne'",
      last_name: "'Contact ' || lpad(g::text, 2, '0')",
      created_by: `'${admin.id}'::uuid`,
    });
    listUrl = `${origin}/s/${space.slug}/contacts`;

    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${origin}/login`);
    await page.getByLabel('Adresse e-mail').fill(admin.email);
    await page.getByLabel('Mot de passe').fill(admin.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('updates the list while typing a search, without reloading, and puts the search in the address', async () => {
    await page.goto(listUrl);
    expect(await rowNames()).toHaveLength(50);
    await page.evaluate(() => {
      (window as unknown as { marker: string }).marker = 'same page';
    });
    const answered = page.waitForResponse((res) => res.url().includes('/contacts?') && res.url().includes('q=helene'));
    await page.getByLabel('Rechercher').pressSequentially('helene', { delay: 30 });
    await answered;
    await page.waitForURL(`${listUrl}?q=helene`);
    await page.waitForFunction(() => document.querySelectorAll('#contact-rows tr').length === 3);
    expect(await rowNames()).toEqual(['Dupré Hélène', 'Martin HELENE', 'Zola hélène']);
    expect(await marker()).toBe('same page');
  });

  it('updates the list when a filter changes, and the address with it', async () => {
    await page.getByLabel('Commune').fill('begles');
    await page.getByLabel('Commune').press('Tab');
    await page.waitForURL(`${listUrl}?q=helene&city=begles`);
    await page.waitForFunction(() => document.querySelectorAll('#contact-rows tr').length === 2);
    expect(await rowNames()).toEqual(['Dupré Hélène', 'Zola hélène']);
    await page.getByLabel('Sympathisant').check();
    await page.waitForURL(/level=/);
    await page.waitForFunction(() => document.querySelectorAll('#contact-rows tr').length === 1);
    expect(await rowNames()).toEqual(['Dupré Hélène']);
    await page.getByLabel('Trier par').selectOption({ label: 'Date de création' });
    await page.waitForURL(/sort=created/);
    expect(await marker()).toBe('same page');
  });

  it('saves the list now shown, though the page was opened without a filter', async () => {
    await page.locator('summary', { hasText: 'Listes enregistrées' }).click();
    await page.getByLabel('Nom de la liste').fill('Hélènes de Bègles');
    await page.getByRole('button', { name: 'Enregistrer cette liste' }).click();
    await page.getByText('Liste « Hélènes de Bègles » enregistrée.').waitFor();
    const [saved] = await t.dataSource.query('SELECT query FROM contact_saved_filters WHERE space_id = $1', [space.id]);
    expect(saved.query).toMatch(/^q=helene&level=[0-9a-f-]{36}&city=begles&sort=created$/);
  });

  it('brings the previous lists back with the back button', async () => {
    await page.goto(listUrl);
    await page.getByLabel('Rechercher').fill('helene');
    await page.waitForURL(`${listUrl}?q=helene`);
    await page.getByLabel('Commune').fill('pessac');
    await page.getByLabel('Commune').press('Tab');
    await page.waitForURL(`${listUrl}?q=helene&city=pessac`);
    await page.waitForFunction(() => document.querySelectorAll('#contact-rows tr').length === 1);

    await page.goBack();
    await page.waitForURL(`${listUrl}?q=helene`);
    await page.waitForFunction(() => document.querySelectorAll('#contact-rows tr').length === 3);
    expect(await page.getByLabel('Rechercher').inputValue()).toBe('helene');
    expect(await page.getByLabel('Commune').inputValue()).toBe('');

    await page.goBack();
    await page.waitForURL(listUrl);
    await page.waitForFunction(() => document.querySelectorAll('#contact-rows tr').length === 50);
    expect(await page.getByLabel('Rechercher').inputValue()).toBe('');
  });

  it('loads the next page below the first with "show more", then has no more to show', async () => {
    await page.goto(listUrl);
    await page.evaluate(() => {
      (window as unknown as { marker: string }).marker = 'before more';
    });
    const first = await rowNames();
    expect(first).toHaveLength(50);
    await page.getByRole('link', { name: 'Afficher les suivants' }).click();
    await page.waitForFunction(() => document.querySelectorAll('#contact-rows tr').length === 70);
    const all = await rowNames();
    expect(all.slice(0, 50)).toEqual(first);
    expect(new Set(all).size).toBe(70);
    expect(all.at(-1)).toBe('Zola hélène');
    // The address stays the list's; the link is gone, there is nothing more.
    expect(page.url()).toBe(listUrl);
    expect(await page.getByRole('link', { name: 'Afficher les suivants' }).count()).toBe(0);
    expect(await marker()).toBe('before more');
  });

  it('never asked another host for anything, and met no CSP or script error', () => {
    expect(requests.filter((url) => !url.startsWith(origin))).toEqual([]);
    expect(problems).toEqual([]);
  });
});
