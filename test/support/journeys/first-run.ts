import type { Browser, BrowserContext, Page } from 'playwright-core';

/**
 * The whole first run of a new instance, in French, as two people in two browsers: the
 * owner creates the space, a volunteer signs up, confirms through the outbox, joins with
 * the code, is made coordinator of a team and finds it, with an announcement, at home.
 * Declared once, run on the Postgres server (browser suite) and on PGlite (smoke suite).
 */
export function describeFirstRun(start: () => Promise<{ origin: string; browser: Browser; stop(): Promise<void> }>) {
  let origin: string;
  let stop: () => Promise<void>;
  let ownerContext: BrowserContext;
  let volunteerContext: BrowserContext;
  let owner: Page;
  let volunteer: Page;
  const problems: string[] = [];

  const watch = (page: Page) => {
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) problems.push(message.text());
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(origin)) problems.push(`request to another host: ${request.url()}`);
    });
  };

  beforeAll(async () => {
    const started = await start();
    origin = started.origin;
    stop = started.stop;
    ownerContext = await started.browser.newContext({ locale: 'fr-FR', viewport: { width: 1366, height: 768 } });
    volunteerContext = await started.browser.newContext({ locale: 'fr-FR', viewport: { width: 360, height: 740 } });
    owner = await ownerContext.newPage();
    volunteer = await volunteerContext.newPage();
    watch(owner);
    watch(volunteer);
  });
  afterAll(async () => {
    await stop?.();
  });

  let inviteCode = '';
  let spaceUrl = '';

  it('lets the first visitor create the owner account, then a space', async () => {
    await owner.goto(`${origin}/login`);
    await owner.getByRole('link', { name: 'Créer le compte propriétaire' }).click();
    await owner.getByLabel('Nom et prénom').fill('Camille Martin');
    await owner.getByLabel('Adresse e-mail').fill('camille@example.org');
    await owner.getByLabel('Mot de passe').fill('les jours heureux reviendront');
    await owner.getByRole('button', { name: 'Créer mon compte' }).click();
    await owner.waitForURL(`${origin}/spaces/new`);
    await owner.getByLabel("Nom de l'espace").fill('Les Colibris de Pessac');
    await owner.getByRole('button', { name: "Créer l'espace" }).click();
    await owner.waitForURL(/\/s\/les-colibris-de-pessac\/home$/);
    spaceUrl = `${origin}/s/les-colibris-de-pessac`;
    await owner.goto(`${spaceUrl}/settings`);
    inviteCode = (await owner.getByTestId('invite-code').textContent())!.trim();
    expect(inviteCode).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
  });

  it('lets a volunteer sign up, and refuses to sign them in before they confirm', async () => {
    await volunteer.goto(`${origin}/signup`);
    await volunteer.getByLabel('Nom et prénom').fill('Sami Benali');
    await volunteer.getByLabel('Adresse e-mail').fill('sami@example.org');
    await volunteer.getByLabel('Mot de passe').fill('un été au bord de la garonne');
    await volunteer.getByRole('button', { name: 'Créer mon compte' }).click();
    await volunteer.getByText('Nous avons envoyé un lien à sami@example.org').waitFor();
    await volunteer.goto(`${origin}/login`);
    await volunteer.getByLabel('Adresse e-mail').fill('sami@example.org');
    await volunteer.getByLabel('Mot de passe').fill('un été au bord de la garonne');
    await volunteer.getByRole('button', { name: 'Se connecter' }).click();
    await volunteer.getByText("Confirmez d'abord votre adresse").waitFor();
  });

  it('lets the owner read the confirmation mail in the outbox; the volunteer confirms and joins with the code', async () => {
    await owner.goto(`${origin}/admin/outbox`);
    await owner.getByRole('link', { name: 'Confirmez votre adresse sur Terrain' }).click();
    const mail = (await owner.locator('.mail-text').textContent())!;
    const link = /https?:\/\/\S+\/verify-email\?token=\S+/.exec(mail)![0].replace(/^https?:\/\/[^/]+/, origin);

    await volunteer.goto(link);
    await volunteer.getByRole('button', { name: 'Confirmer mon adresse' }).click();
    await volunteer.getByText('Adresse confirmée').waitFor();
    await volunteer.getByRole('link', { name: 'Se connecter' }).first().click();
    await volunteer.getByLabel('Adresse e-mail').fill('sami@example.org');
    await volunteer.getByLabel('Mot de passe').fill('un été au bord de la garonne');
    await volunteer.getByRole('button', { name: 'Se connecter' }).click();
    await volunteer.waitForURL(`${origin}/spaces`);
    // The form says plainly that the code is not a password.
    await volunteer.getByText("Ce n'est pas un mot de passe").first().waitFor();
    await volunteer
      .getByLabel("Code d'invitation")
      .fill(`${inviteCode.slice(0, 4)}-${inviteCode.slice(4).toLowerCase()}`);
    await volunteer.getByRole('button', { name: "Rejoindre l'espace" }).click();
    await volunteer.waitForURL(`${spaceUrl}/field`);
    await volunteer.getByText('Bienvenue dans « Les Colibris de Pessac »').waitFor();
  });

  it('lets the admin make them coordinator of a new team and post an announcement', async () => {
    await owner.goto(`${spaceUrl}/teams`);
    await owner.getByLabel('Nom de la nouvelle équipe').fill('Équipe Nord');
    await owner.getByRole('button', { name: "Créer l'équipe" }).click();
    await owner.waitForURL(/\/teams\/[0-9a-f-]{36}$/);
    await owner.getByLabel('Personne').selectOption({ label: 'Sami Benali (sami@example.org)' });
    await owner.getByRole('button', { name: 'Ajouter à l’équipe' }).click();
    await owner.getByRole('button', { name: 'Nommer coordinateur·rice' }).click();
    await owner.getByText('Coordinateur·rice nommé·e.').waitFor();

    await owner.goto(`${spaceUrl}/announcements`);
    await owner.getByLabel('Titre').fill('Porte-à-porte samedi');
    await owner.getByLabel('Texte').fill('Rendez-vous à 10 h devant la mairie.');
    await owner.getByRole('button', { name: 'Publier' }).click();
    await owner.getByText('Annonce publiée.').waitFor();
  });

  it('shows the volunteer their team and the announcement', async () => {
    await volunteer.goto(`${spaceUrl}/field`);
    const teams = volunteer.locator('section', { has: volunteer.getByRole('heading', { name: 'Mes équipes' }) });
    expect(await teams.textContent()).toContain('Équipe Nord');
    expect(await teams.textContent()).toContain('coordination');
    const announcements = volunteer.locator('section', { has: volunteer.getByRole('heading', { name: /Annonces/ }) });
    expect(await announcements.textContent()).toContain('Porte-à-porte samedi');
    expect(await announcements.textContent()).toContain('1 non lue');
    // As coordinator they now reach their team's page too.
    await volunteer.goto(`${spaceUrl}/teams`);
    await volunteer.getByRole('link', { name: 'Équipe Nord' }).waitFor();
  });

  it('never left the app or broke a script', () => {
    expect(problems).toEqual([]);
  });
}
