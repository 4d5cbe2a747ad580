import { Writable } from 'node:stream';
import request from 'supertest';
import { createLogger } from '../../../src/shared/logging/logger';
import { Visitor } from '../../support/http-client';
import { bootTestApp, type TestApp } from '../../support/test-app';
import { withServer } from '../../support/test-database';

function sessionIdFrom(setCookie: string[] | string | undefined): string {
  const cookie = [setCookie ?? []].flat().find((value) => value.startsWith('terrain.sid='));
  if (!cookie) throw new Error('no session cookie');
  // Cookie value: s:<sid>.<signature>, URL-encoded.
  return decodeURIComponent(cookie.split(';')[0].slice('terrain.sid='.length)).slice(2).split('.')[0];
}

describe('security basics', () => {
  let t: TestApp;
  const logLines: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    t = await bootTestApp({ logger: createLogger('info', sink) });
  });
  afterAll(() => t.close());
  const server = () => t.app.getHttpServer();

  describe('headers', () => {
    it('send a strict CSP and the other protective headers', async () => {
      const res = await request(server()).get('/login').expect(200);
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('leave HSTS out over plain HTTP', async () => {
      const res = await request(server()).get('/login').expect(200);
      expect(res.headers['strict-transport-security']).toBeUndefined();
    });

    it('add HSTS and Secure cookies behind an HTTPS proxy', async () => {
      const proxied = await bootTestApp({ env: { TRUST_PROXY: '1', BASE_URL: 'https://terrain.example.org' } });
      try {
        const res = await request(proxied.app.getHttpServer())
          .get('/login')
          .set('X-Forwarded-Proto', 'https')
          .expect(200);
        expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+; includeSubDomains/);
        expect(res.headers['set-cookie'][0]).toMatch(/; Secure/);
      } finally {
        await proxied.close();
      }
    });
  });

  describe('sessions', () => {
    it('live in Postgres, with an httpOnly SameSite=Lax cookie renewed for 30 minutes', async () => {
      const res = await request(server()).get('/login').expect(200);
      const cookie = res.headers['set-cookie'][0];
      expect(cookie).toMatch(/^terrain\.sid=/);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).not.toMatch(/Secure/);
      const expires = new Date(/Expires=([^;]+)/.exec(cookie)![1]).getTime();
      expect(Math.abs(expires - Date.now() - 30 * 60 * 1000)).toBeLessThan(5000);
      const sid = sessionIdFrom(res.headers['set-cookie']);
      const [row] = await t.dataSource.query('SELECT expire FROM session WHERE sid = $1', [sid]);
      expect(Math.abs(new Date(row.expire).getTime() - Date.now() - 30 * 60 * 1000)).toBeLessThan(5000);
    });

    it('are not created for requests that render nothing', async () => {
      const res = await request(server()).get('/healthz').expect(200);
      expect(res.headers['set-cookie']).toBeUndefined();
    });

    it('end after 12 hours whatever the activity', async () => {
      const visitor = new Visitor(t.app);
      const first = await visitor.open('/login');
      const sid = sessionIdFrom(first.headers['set-cookie']);
      const thirteenHoursAgo = Date.now() - 13 * 3600 * 1000;
      await t.dataSource.query(
        `UPDATE session SET sess = jsonb_set(sess::jsonb, '{startedAt}', to_jsonb($2::bigint))::json WHERE sid = $1`,
        [sid, thirteenHoursAgo],
      );
      const next = await visitor.open('/login');
      expect(sessionIdFrom(next.headers['set-cookie'])).not.toBe(sid);
      const rows = await t.dataSource.query('SELECT 1 FROM session WHERE sid = $1', [sid]);
      expect(rows).toHaveLength(0);
    });

    it('are deleted server-side at sign-out', async () => {
      const visitor = new Visitor(t.app);
      const page = await visitor.open('/login');
      const sid = sessionIdFrom(page.headers['set-cookie']);
      const res = await visitor.submit('/logout', {}).expect(303);
      expect(res.headers.location).toBe('/login?signedOut=1');
      expect(await t.dataSource.query('SELECT 1 FROM session WHERE sid = $1', [sid])).toHaveLength(0);
      const after = await visitor.get('/login?signedOut=1').expect(200);
      expect(after.text).toContain('Vous êtes déconnecté.');
    });
  });

  describe('CSRF', () => {
    it('refuses a POST without a token', async () => {
      const visitor = new Visitor(t.app);
      await visitor.open('/login');
      await visitor.agent.post('/login').type('form').send({ email: 'a@b.fr', password: 'x' }).expect(403);
    });

    it('refuses a wrong token, and the token of another session', async () => {
      const visitor = new Visitor(t.app);
      const other = new Visitor(t.app);
      await visitor.open('/login');
      await other.open('/login');
      await visitor.agent
        .post('/login')
        .type('form')
        .send({ email: 'a@b.fr', _csrf: 'f'.repeat(64) })
        .expect(403);
      await visitor.agent.post('/login').type('form').send({ email: 'a@b.fr', _csrf: other.csrf }).expect(403);
    });

    it('refuses a token sent without any session', async () => {
      const visitor = new Visitor(t.app);
      await visitor.open('/login');
      await request(server()).post('/login').type('form').send({ email: 'a@b.fr', _csrf: visitor.csrf }).expect(403);
    });

    it('accepts the token as a form field or as the htmx header', async () => {
      const visitor = new Visitor(t.app);
      await visitor.open('/login');
      await visitor.submit('/login', { email: 'a@b.fr' }).expect(422);
      await visitor.htmxSubmit('/login', { email: 'a@b.fr' }).expect(422);
    });
  });

  describe('rate limit', () => {
    it('answers 429 with a page in the visitor language past the limit', async () => {
      const limited = await bootTestApp({ env: { RATE_LIMIT_PER_MINUTE: '10' } });
      try {
        for (let i = 0; i < 10; i++) await request(limited.app.getHttpServer()).get('/login').expect(200);
        const res = await request(limited.app.getHttpServer()).get('/login').set('Accept-Language', 'en').expect(429);
        expect(res.text).toContain('Too many requests');
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        // The health probe is not counted, so monitoring never locks itself out.
        await request(limited.app.getHttpServer()).get('/healthz').expect(200);
      } finally {
        await limited.close();
      }
    });
  });

  describe('request logs', () => {
    it('are JSON lines without passwords, tokens or cookies', async () => {
      logLines.length = 0;
      const visitor = new Visitor(t.app);
      await visitor.open('/login');
      await visitor.submit('/login', { email: 'a@b.fr', password: 'correct-horse-battery' }).expect(422);
      await visitor.get('/login?token=secret-reset-token&next=%2Fhome').expect(200);
      const requests = logLines.map((line) => JSON.parse(line)).filter((entry) => entry.req);
      expect(requests.length).toBeGreaterThanOrEqual(3);
      const post = requests.find((entry) => entry.req.method === 'POST' && entry.req.url === '/login');
      expect(post).toMatchObject({ req: { method: 'POST', url: '/login' }, res: { statusCode: 422 } });
      expect(typeof post.responseTime).toBe('number');
      const all = logLines.join('\n');
      expect(all).not.toContain('correct-horse-battery');
      expect(all).not.toContain('secret-reset-token');
      expect(all).not.toContain(visitor.csrf);
      expect(all).not.toMatch(/terrain\.sid=/);
    });
  });

  describe('health', () => {
    it('answers 200 with a database check', async () => {
      const res = await request(server()).get('/healthz').expect(200);
      expect(res.body).toEqual({ status: 'ok', database: 'ok' });
    });

    it('answers 503 while the database is unreachable, and recovers', async () => {
      const name = t.db.name;
      await withServer(async (client) => {
        await client.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
        await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      });
      try {
        const res = await request(server()).get('/healthz').expect(503);
        expect(res.body).toEqual({ status: 'unavailable', database: 'down' });
      } finally {
        await withServer((client) => client.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`));
      }
      await request(server()).get('/healthz').expect(200);
    });
  });
});
