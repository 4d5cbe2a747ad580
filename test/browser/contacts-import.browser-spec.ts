import { join } from 'node:path';
import { Client } from 'pg';
import type { Browser, Page } from 'playwright-core';
import {
  createAccount,
  createSpace,
  TEST_PASSWORD,
  type TestAccount,
  type TestSpace,
} from '../factories/community.factory';
import { launchBrowser, serve } from '../support/browser';
import { bootTestApp, type TestApp } from '../support/test-app';

jest.setTimeout(120_000);

const SAMPLE = join(__dirname, '../../../shared/samples/contacts/export-excel-windows.csv');

describe('importing contacts in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let origin: string;
  let page: Page;
  let admin: TestAccount;
  let space: TestSpace;
  const problems: string[] = [];

  beforeAll(async () => {
    t = await bootTestApp();
    admin = await createAccount(t.dataSource, { name: 'Inès Import' });
    space = await createSpace(t.dataSource, admin, { name: 'Import navigateur' });
    origin = await serve(t);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'fr-FR' });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${origin}/login`);
    await page.getByLabel('Adresse e-mail').fill(admin.email);
    await page.getByLabel('Mot de passe').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(/\/s\//);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('uploads the Excel file, shows its columns and a live preview', async () => {
    await page.goto(`${origin}/s/${space.slug}/contacts`);
    await page.getByRole('link', { name: 'Importer' }).click();
    await page.locator('#field-file').setInputFiles(SAMPLE);
    await page.getByRole('button', { name: 'Envoyer et choisir les colonnes' }).click();
    await page.waitForURL(/\/contacts\/import\/[0-9a-f-]{36}$/);
    expect(await page.getByLabel('Civilité').inputValue()).toBe('gender');
    expect(await page.getByLabel('Encodage').inputValue()).toBe('windows-1252');
    const preview = page.locator('#import-preview');
    expect(await preview.textContent()).toContain('maelle.nguyen.0@exemple.fr');

    // Changing a column refreshes the preview in place (htmx), without a reload.
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same page'));
    const refreshed = page.waitForResponse((res) => res.url().endsWith('/preview'));
    await page.getByLabel('E-mail', { exact: true }).selectOption('');
    await refreshed;
    await page.waitForFunction(
      () => !document.querySelector('#import-preview')!.textContent!.includes('maelle.nguyen.0@exemple.fr'),
    );
    const refreshedBack = page.waitForResponse((res) => res.url().endsWith('/preview'));
    await page.getByLabel('E-mail', { exact: true }).selectOption('email');
    await refreshedBack;
    await page.waitForFunction(() =>
      document.querySelector('#import-preview')!.textContent!.includes('maelle.nguyen.0@exemple.fr'),
    );
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same page');
  });

  it('shows a progress bar while the import runs, then its report, on the same page', async () => {
    // The import waits behind this lock (its first write is to the staging table), so that
    // the progress bar is there to be seen.
    const holder = new Client({ connectionString: t.db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE contact_import_rows IN EXCLUSIVE MODE');
      await page.getByRole('button', { name: 'Lancer l’import' }).click();
      await page.locator('#import-progress').waitFor();
      expect(await page.locator('#import-status').textContent()).toContain('Lecture du fichier');
      await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'progress page'));
      await holder.query('COMMIT');
    } finally {
      await holder.end();
    }
    await page.getByText('Import terminé.').waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('progress page');
    expect(await page.locator('#import-progress').count()).toBe(0);
    const counts = await page.locator('.import-counts').innerText();
    expect(counts!.replace(/\s+/g, ' ')).toContain('Contacts créés 60');

    await page.getByRole('link', { name: 'Voir les contacts importés' }).click();
    await page.waitForURL(/origin=import/);
    expect(await page.locator('#contact-rows tr').count()).toBe(50);
    expect(problems).toEqual([]);
  });
});
