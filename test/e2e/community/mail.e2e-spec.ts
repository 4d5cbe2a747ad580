import { createAccount } from '../../factories/community.factory';
import { Visitor } from '../../support/http-client';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink';
import { bootTestApp, type TestApp } from '../../support/test-app';

/** With SMTP_URL set, mail leaves through a real SMTP server, text and HTML, in the recipient's language. */
describe('mail through SMTP', () => {
  let smtp: SmtpSink;
  let t: TestApp;
  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await bootTestApp({ env: { SMTP_URL: smtp.url } });
    // Not the first account: sign-ups then need a confirmation mail.
    await createAccount(t.dataSource, { platformRole: 'owner' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  async function signUp(email: string, language: 'fr' | 'en') {
    const visitor = new Visitor(t.app);
    await visitor.get(`/lang/${language}`);
    await visitor.open('/signup');
    const res = await visitor.submit('/signup', { name: 'Nadia Roux', email, password: 'des cerises en été 2026' });
    expect(res.status).toBe(200);
  }

  it('sends the confirmation in French, with a text part, an HTML part and the link', async () => {
    await signUp('nadia@example.org', 'fr');
    const [mail] = await smtp.waitFor(1);
    expect(mail.to).toMatchObject({ text: 'nadia@example.org' });
    expect(mail.from?.value[0]).toMatchObject({ name: 'Terrain', address: 'no-reply@localhost' });
    expect(mail.subject).toBe('Confirmez votre adresse sur Terrain');
    expect(mail.text).toContain('Bonjour Nadia Roux,');
    expect(mail.text).toMatch(/http:\/\/localhost:3000\/verify-email\?token=[A-Za-z0-9_-]{43}/);
    expect(mail.text).not.toContain('&#x27;');
    expect(mail.html).toContain('<html lang="fr">');
    expect(mail.html).toContain('Confirmer mon adresse');
  });

  it("writes in the recipient's language", async () => {
    await signUp('ines@example.org', 'en');
    const mails = await smtp.waitFor(2);
    const mail = mails.find(
      (candidate) => candidate.to && 'text' in candidate.to && candidate.to.text === 'ines@example.org',
    )!;
    expect(mail.subject).toBe('Confirm your address on Terrain');
    expect(mail.text).toContain('Hello Nadia Roux,');
    expect(mail.html).toContain('<html lang="en">');
  });

  it('keeps the envelope in the delivery log but not the body (it holds a single-use link)', async () => {
    const rows = await t.dataSource.query(
      `SELECT status, text_body, html_body, sent_at FROM mail_outbox WHERE to_address = 'nadia@example.org'`,
    );
    expect(rows).toEqual([{ status: 'sent', text_body: null, html_body: null, sent_at: expect.any(Date) }]);
  });
});
