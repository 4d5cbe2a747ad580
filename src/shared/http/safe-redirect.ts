const BASE = 'http://terrain.invalid';

/**
 * Returns the candidate when it is a path on this site (`/s/demo/contacts?x=1`), null for
 * anything that could leave it (`//evil.example`, `https://…`, `javascript:`, backslashes).
 * Every `next=` parameter goes through here.
 */
export function localPath(candidate: unknown): string | null {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 2000) return null;
  if (!candidate.startsWith('/') || candidate.startsWith('//') || candidate.includes('\\')) return null;
  try {
    const url = new URL(candidate, BASE);
    return url.origin === BASE ? `${url.pathname}${url.search}${url.hash}` : null;
  } catch {
    return null;
  }
}

/** The path and query of an absolute URL sent by the browser (e.g. HX-Current-URL). */
export function pathOfUrl(absolute: string | undefined): string | null {
  if (!absolute) return null;
  try {
    const url = new URL(absolute);
    return localPath(`${url.pathname}${url.search}`);
  } catch {
    return null;
  }
}
