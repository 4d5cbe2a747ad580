import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';

/**
 * A signed-in browser without JavaScript, for benchmarks that go through the app as a
 * person would: cookies kept, the CSRF token read from each page before posting.
 */
export class WebSession {
  private readonly cookies = new Map<string, string>();
  private csrf = '';

  constructor(private readonly baseUrl: string) {}

  static async signIn(baseUrl: string, email: string, password: string): Promise<WebSession> {
    const session = new WebSession(baseUrl);
    await session.page('/login');
    const res = await session.post('/login', new URLSearchParams({ email, password }));
    if (res.status !== 303) throw new Error(`Sign-in answered ${res.status}`);
    return session;
  }

  /** GET a page (keeping its CSRF token); returns the response and its text. */
  async page(path: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
    const res = await this.fetch(path, { headers });
    const text = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text);
    if (token) this.csrf = token[1];
    return { status: res.status, text };
  }

  post(path: string, form: URLSearchParams): Promise<Response> {
    form.set('_csrf', this.csrf);
    return this.fetch(path, { method: 'POST', body: form });
  }

  /** Sends a file as the upload form does (multipart, CSRF token in the query string). */
  async upload(path: string, file: string): Promise<Response> {
    const form = new FormData();
    form.set('file', new Blob([await readFile(file)], { type: 'text/csv' }), basename(file));
    return this.fetch(`${path}?_csrf=${encodeURIComponent(this.csrf)}`, { method: 'POST', body: form });
  }

  private async fetch(path: string, init: RequestInit & { headers?: Record<string, string> }): Promise<Response> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const res = await fetch(`${this.baseUrl}${path}`, {
      ...init,
      redirect: 'manual',
      headers: { ...init.headers, cookie },
    });
    for (const header of res.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const index = pair.indexOf('=');
      this.cookies.set(pair.slice(0, index), pair.slice(index + 1));
    }
    return res;
  }
}
