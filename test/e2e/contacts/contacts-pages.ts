import type { DataSource } from 'typeorm';
import type { Visitor } from '../../support/http-client';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** Text of a page as a person reads it (Handlebars escapes `'`, `=`, `&`…). */
export function unescapeHtml(html: string): string {
  return html
    .replace(/&#x27;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The contact ids of the rows of a list page or of a "more" fragment, in the order shown. */
export function listedIds(html: string): string[] {
  const start = html.indexOf('id="contact-rows"');
  const rows =
    start >= 0 ? html.slice(start, html.indexOf('</tbody>', start)) : html.slice(0, html.indexOf('id="more-contacts"'));
  return [...rows.matchAll(new RegExp(`<tr>\\s*<td><a href="/s/[^/"]+/contacts/(${UUID})"`, 'g'))].map(
    (match) => match[1],
  );
}

/** The query string of the "more" link, or null on the last page. */
export function moreQuery(html: string): string | null {
  const start = html.indexOf('id="more-contacts"');
  if (start < 0) return null;
  const block = html.slice(start, html.indexOf('</div>', start));
  const match = /href="\/s\/[^/"]+\/contacts\?([^"]+)"/.exec(block);
  return match ? unescapeHtml(match[1]) : null;
}

/** Every page of the list for this query string, following the "more" links as a browser without JavaScript does. */
export async function walkList(visitor: Visitor, slug: string, query: string): Promise<string[][]> {
  const pages: string[][] = [];
  let next: string | null = query;
  while (next !== null) {
    const res = await visitor.get(`/s/${slug}/contacts${next ? `?${next}` : ''}`);
    if (res.status !== 200) throw new Error(`GET ${next} answered ${res.status}`);
    pages.push(listedIds(res.text));
    next = moreQuery(res.text);
    if (pages.length > 500) throw new Error('The list never ends');
  }
  return pages;
}

/** Every id of the list for this query string, all pages. */
export async function allListed(visitor: Visitor, slug: string, query = ''): Promise<string[]> {
  return (await walkList(visitor, slug, query)).flat();
}

/** The space's support levels, in order, by label. */
export async function levelsOf(db: DataSource, spaceId: string): Promise<{ id: string; label: string }[]> {
  return db.query('SELECT id, label FROM support_levels WHERE space_id = $1 ORDER BY position', [spaceId]);
}

/** The audit entries of a space for one action, oldest first. */
export function auditOf(db: DataSource, spaceId: string, action: string) {
  return db.query(
    `SELECT actor_id, target_type, target_id, target_label, details FROM audit_log WHERE space_id = $1 AND action = $2 ORDER BY id`,
    [spaceId, action],
  );
}
