import { Controller, Get, Module } from '@nestjs/common';
import { Public } from '../../../src/shared/auth/access.decorators';
import request from 'supertest';
import { bootTestApp, type TestApp } from '../../support/test-app';
import { Visitor } from '../../support/http-client';

// Nothing in the app fails on purpose; this probe lets the test see the 500 page.
@Controller('test-probe')
@Public()
class FailingController {
  @Get('boom')
  boom() {
    throw new Error('deliberate failure for the 500 page');
  }
}

@Module({ controllers: [FailingController] })
class FailingModule {}

describe('pages: layout, languages, page or fragment, forms', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp({ extraModules: [FailingModule] });
  });
  afterAll(() => t.close());

  const server = () => t.app.getHttpServer();

  describe('the sign-in page', () => {
    it('is French by default, with the layout around it', async () => {
      const res = await request(server()).get('/login').expect(200);
      expect(res.headers['content-language']).toBe('fr');
      expect(res.text).toContain('<html lang="fr">');
      expect(res.text).toContain('<title>Connexion · Terrain</title>');
      expect(res.text).toContain('Adresse e-mail');
      // Footer language switch, htmx served by the app, CSRF token for htmx requests.
      expect(res.text).toMatch(/<a href="\/lang\/en\?next=\/login"/);
      expect(res.text).toMatch(/<script src="\/vendor\/htmx\/htmx\.min\.js\?v&#x3D;[0-9a-f]{10}" defer><\/script>/);
      expect(res.text).toMatch(/hx-headers:inherited='\{"X-CSRF-Token": "[0-9a-f]{64}"\}'/);
      expect(res.text).not.toMatch(/(src|href)="(https?:)?\/\//);
    });

    it('follows Accept-Language when no language was chosen', async () => {
      const res = await request(server()).get('/login').set('Accept-Language', 'en-GB,en;q=0.9').expect(200);
      expect(res.headers['content-language']).toBe('en');
      expect(res.text).toContain('<title>Sign in · Terrain</title>');
    });

    it('falls back to French for a language it does not speak', async () => {
      const res = await request(server()).get('/login').set('Accept-Language', 'de-DE').expect(200);
      expect(res.text).toContain('<html lang="fr">');
    });

    it('keeps the language chosen with the switch, over Accept-Language', async () => {
      const visitor = new Visitor(t.app);
      const switched = await visitor.get('/lang/en?next=/login').set('Accept-Language', 'fr').expect(303);
      expect(switched.headers.location).toBe('/login');
      expect(switched.headers['set-cookie'][0]).toMatch(/^lang=en;.*HttpOnly.*SameSite=Lax/);
      const res = await visitor.get('/login').set('Accept-Language', 'fr').expect(200);
      expect(res.text).toContain('<html lang="en">');
    });

    it('never redirects off the site after switching', async () => {
      for (const next of ['https://evil.example/', '//evil.example', '/\\evil.example']) {
        const res = await request(server())
          .get(`/lang/fr?next=${encodeURIComponent(next)}`)
          .expect(303);
        expect(res.headers.location).toBe('/');
      }
      await request(server()).get('/lang/de').expect(404);
    });
  });

  describe('one URL, two representations', () => {
    it('gives the whole page to a normal request and the fragment alone to htmx', async () => {
      const page = await request(server()).get('/login').expect(200);
      expect(page.headers.vary).toMatch(/HX-Request/);
      const fragment = await request(server()).get('/login').set('HX-Request', 'true').expect(200);
      expect(fragment.headers.vary).toMatch(/HX-Request/);
      expect(fragment.text.trim().startsWith('<div id="sign-in">')).toBe(true);
      expect(fragment.text).not.toContain('<html');
    });

    it('gives the whole page to boosted requests, history restores and full-body targets', async () => {
      for (const [header, value] of [
        ['HX-Boosted', 'true'],
        ['HX-History-Restore-Request', 'true'],
        ['HX-Request-Type', 'full'],
      ]) {
        const res = await request(server()).get('/login').set('HX-Request', 'true').set(header, value).expect(200);
        expect(res.text).toContain('<html');
      }
    });
  });

  describe('forms', () => {
    it('answer 422 with each error beside its field and the typed values kept (never the password)', async () => {
      const visitor = new Visitor(t.app);
      await visitor.open('/login');
      const res = await visitor.submit('/login', { email: 'not-an-email', password: 'hunter2-secret' }).expect(422);
      expect(res.text).toContain('<html');
      expect(res.text).toContain('Le formulaire contient une erreur.');
      expect(res.text).toMatch(
        /id="field-email"[^>]*value="not-an-email"[^>]*aria-invalid="true"[^>]*aria-describedby="field-email-errors"/s,
      );
      expect(res.text).toContain('<ul class="field-errors" id="field-email-errors">');
      expect(res.text).toContain('Saisissez une adresse e-mail valide');
      expect(res.text).not.toContain('hunter2-secret');
    });

    it('list every missing field', async () => {
      const visitor = new Visitor(t.app);
      await visitor.open('/login');
      const res = await visitor.submit('/login', {}).expect(422);
      expect(res.text).toContain('Le formulaire contient 2 erreurs.');
      expect(res.text.match(/Ce champ est obligatoire\./g)).toHaveLength(2);
    });

    it('answer an htmx submission with the form fragment alone, errors in English when asked', async () => {
      const visitor = new Visitor(t.app);
      await visitor.open('/login');
      const res = await visitor.htmxSubmit('/login', { email: 'x' }).set('Accept-Language', 'en').expect(422);
      expect(res.text.trim().startsWith('<div id="sign-in">')).toBe(true);
      expect(res.text).toContain('Enter a valid email address');
    });

    it('say the credentials are wrong when the form is valid but no account matches', async () => {
      const visitor = new Visitor(t.app);
      await visitor.open('/login');
      const res = await visitor.submit('/login', { email: 'ana@example.org', password: 'whatever-it-is' }).expect(422);
      expect(res.text).toContain('Adresse e-mail ou mot de passe incorrect.');
      expect(res.text).toMatch(/value="ana@example.org"/);
    });

    it('keep a local "next" and drop a foreign one', async () => {
      const local = await request(server()).get('/login?next=%2Fs%2Fdemo').expect(200);
      expect(local.text).toContain('<input type="hidden" name="next" value="/s/demo">');
      const foreign = await request(server()).get('/login?next=https%3A%2F%2Fevil.example').expect(200);
      expect(foreign.text).not.toContain('name="next"');
    });
  });

  describe('error pages', () => {
    it.each([
      ['fr', 'Page introuvable'],
      ['en', 'Page not found'],
    ])('404 in %s', async (lang, title) => {
      const res = await request(server()).get('/no/such/page').set('Accept-Language', lang).expect(404);
      expect(res.text).toContain(`<title>${title} · Terrain</title>`);
      expect(res.text).toContain('<p class="error-status">404</p>');
    });

    it.each([
      ['fr', 'Formulaire expiré'],
      ['en', 'Form expired'],
    ])('403 in %s', async (lang, title) => {
      const res = await request(server()).post('/login').set('Accept-Language', lang).type('form').send({}).expect(403);
      expect(res.text).toContain(`<title>${title} · Terrain</title>`);
    });

    it.each([
      ['fr', 'Erreur du serveur'],
      ['en', 'Server error'],
    ])('500 in %s, without the error details', async (lang, title) => {
      const res = await request(server()).get('/test-probe/boom').set('Accept-Language', lang).expect(500);
      expect(res.text).toContain(`<title>${title} · Terrain</title>`);
      expect(res.text).not.toContain('deliberate failure');
    });

    it('go to the alert region for htmx requests', async () => {
      const res = await request(server()).get('/no/such/page').set('HX-Request', 'true').expect(404);
      expect(res.headers['hx-retarget']).toBe('#alerts');
      expect(res.headers['hx-reswap']).toBe('innerHTML');
      expect(res.text).not.toContain('<html');
      expect(res.text).toContain('Page introuvable');
    });
  });

  describe('static files', () => {
    it('serves the stylesheet and htmx from the app, cached for long', async () => {
      const css = await request(server()).get('/css/app.css').expect(200);
      expect(css.headers['content-type']).toMatch(/text\/css/);
      expect(css.headers['cache-control']).toMatch(/max-age=31536000/);
      const htmx = await request(server()).get('/vendor/htmx/htmx.min.js').expect(200);
      expect(htmx.headers['content-type']).toMatch(/javascript/);
      // Not a session for static files.
      expect(htmx.headers['set-cookie']).toBeUndefined();
    });
  });
});
