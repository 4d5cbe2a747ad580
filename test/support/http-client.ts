import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

type TestAgent = ReturnType<typeof request.agent>;

/** The hidden `_csrf` field of the first form in a page. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('No CSRF token in this page');
  return match[1];
}

/**
 * A visitor with a cookie jar, like a browser without JavaScript: it reads the CSRF token
 * from a page before posting, as a form would.
 */
export class Visitor {
  readonly agent: TestAgent;
  private token: string | null = null;

  constructor(app: INestApplication) {
    this.agent = request.agent(app.getHttpServer());
  }

  get(path: string) {
    return this.agent.get(path);
  }

  /** Loads a page and keeps its CSRF token for the next posts. */
  async open(path: string) {
    const res = await this.agent.get(path);
    if (res.status === 200 && res.text.includes('name="_csrf"')) this.token = csrfFrom(res.text);
    return res;
  }

  /** The token of the last page opened (open a page with a form first, as a browser would). */
  get csrf(): string {
    if (!this.token) throw new Error('Open a page with a form before submitting one');
    return this.token;
  }

  /** Submits a form the way a browser does (urlencoded, hidden CSRF field). */
  submit(path: string, fields: Record<string, string | string[]>) {
    return this.agent
      .post(path)
      .type('form')
      .send({ ...fields, _csrf: this.csrf });
  }

  /** Submits a form the way htmx does (CSRF in a header, HX-Request set). */
  htmxSubmit(path: string, fields: Record<string, string | string[]>) {
    return this.agent.post(path).type('form').set('HX-Request', 'true').set('X-CSRF-Token', this.csrf).send(fields);
  }
}
