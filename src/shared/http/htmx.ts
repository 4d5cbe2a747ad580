import type { Request } from 'express';

/**
 * True when the request wants only the fragment it will swap in: an htmx request that is
 * not a boosted navigation, not a history restore and does not target the whole body.
 * Every other request gets the full page, so links and forms work without JavaScript.
 */
export function wantsFragment(req: Request): boolean {
  return (
    req.get('HX-Request') === 'true' &&
    req.get('HX-Boosted') !== 'true' &&
    req.get('HX-History-Restore-Request') !== 'true' &&
    req.get('HX-Request-Type') !== 'full'
  );
}

/** True for any request sent by htmx (fragment or not). */
export function isHtmxRequest(req: Request): boolean {
  return req.get('HX-Request') === 'true';
}
