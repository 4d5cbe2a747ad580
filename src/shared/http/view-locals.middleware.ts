import type { NextFunction, Request, Response } from 'express';
import { csrfTokenFor } from './csrf';
import { takeFlash } from './flash';

/**
 * What every page's layout needs, computed only when something is actually rendered:
 * a health probe or a redirect must not start a session just to mint a CSRF token.
 */
export function viewLocals(req: Request, res: Response, next: NextFunction) {
  const render = res.render.bind(res);
  res.render = ((view: string, options?: object, callback?: (error: Error, html: string) => void) => {
    res.locals.csrfToken = req.session ? csrfTokenFor(req) : undefined;
    res.locals.flash = takeFlash(req);
    res.locals.currentPath = req.originalUrl;
    return render(view, options as object, callback);
  }) as Response['render'];
  // Pages may hold personal data: never kept by a shared cache or the browser's disk cache.
  res.setHeader('Cache-Control', 'no-store');
  next();
}
