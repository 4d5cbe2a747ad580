import { createAccount, createSpace, TEST_PASSWORD } from '../../factories/community.factory';
import { createContact } from '../../factories/contacts.factory';
import { launchBrowser, serve } from '../../support/browser';
import { bootTestApp, type TestApp } from '../../support/test-app';

jest.setTimeout(300_000);
describe('scratch', () => {
  let t: TestApp;
  beforeAll(async () => { t = await bootTestApp(); });
  afterAll(() => t.close());
  it('shoots', async () => {
    const admin = await createAccount(t.dataSource, {});
    const space = await createSpace(t.dataSource, admin, {});
    const a = await createContact(t.dataSource, space, { first_name: 'Louise', last_name: 'Michel', email: 'louise@exemple.fr', phone: '+33611111111', street: 'rue des Lilas', postcode: '33000', city: 'Bordeaux', tags: ['école'], notes: 'Rencontrée au marché.', created_at: '2023-01-01' });
    const b = await createContact(t.dataSource, space, { first_name: 'Louise', last_name: 'MICHEL', email: 'louise@exemple.fr', phone: '+33622222222', street: 'cours Victor Hugo', postcode: '33000', city: 'Bordeaux', tags: ['transports'], notes: 'Bénévole.', do_not_contact: true, created_at: '2023-06-01' });
    await createContact(t.dataSource, space, { first_name: 'Bruno', last_name: 'Petit', phone: '+33612345678', birth_date: '1970-01-01' });
    await createContact(t.dataSource, space, { first_name: 'Bernard', last_name: 'Petit', phone: '+33612345678' });
    const origin = await serve(t);
    const browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${origin}/login`);
    await page.fill('input[name=email]', admin.email);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('form button[type=submit]');
    await page.waitForLoadState('networkidle');
    await page.goto(`${origin}/s/${space.slug}/contacts/duplicates`);
    await page.screenshot({ path: '/tmp/dup-page.png', fullPage: true });
    await page.goto(`${origin}/s/${space.slug}/contacts/duplicates/merge?ids=${a},${b}&rule=email`);
    await page.screenshot({ path: '/tmp/merge-page.png', fullPage: true });
    // Submit through htmx with a missing choice → 422 fragment swapped in.
    await page.click(`input[name=keep_phone][value="${b}"]`);
    await page.click('button:has-text("Fusionner")');
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    await page.screenshot({ path: '/tmp/after-merge.png', fullPage: true });
    await page.goto(`${origin}/s/${space.slug}/contacts/merges`);
    await page.screenshot({ path: '/tmp/merges-page.png', fullPage: true });
    page.on('dialog', (dialog) => dialog.accept());
    await page.click('button:has-text("Annuler la fusion")');
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    await page.screenshot({ path: '/tmp/after-undo.png', fullPage: true });
    await page.goto(`${origin}/s/${space.slug}/contacts/duplicates/bulk`);
    await page.screenshot({ path: '/tmp/bulk-page.png', fullPage: true });
    await browser.close();
  });
});
