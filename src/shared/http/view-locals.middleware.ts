import type { NextFunction, Request, Response } from 'express';
import type { SpaceDirectory } from '../auth/directories';
import { permissionsOf } from '../auth/permissions';
import type { NavigationRegistry } from '../views/navigation.registry';
import { csrfTokenFor } from './csrf';
import { takeFlash } from './flash';

/**
 * What every page's layout needs, computed only when something is actually rendered: a
 * health probe or a redirect must not start a session just to mint a CSRF token, nor
 * look up the person's spaces.
 */
export function viewLocals(spaces: SpaceDirectory, navigation: NavigationRegistry) {
  return (req: Request, res: Response, next: NextFunction) => {
    const render = res.render.bind(res);
    res.render = ((view: string, options?: object, callback?: (error: Error, html: string) => void) => {
      const fragment = (options as { layout?: unknown } | undefined)?.layout === false;
      prepare(req, res, spaces, navigation, fragment).then(
        () => render(view, options as object, callback),
        (error: Error) => (callback ? callback(error, '') : req.next?.(error)),
      );
    }) as Response['render'];
    // Pages may hold personal data: never kept by a shared cache or the browser's disk cache.
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
}

async function prepare(
  req: Request,
  res: Response,
  spaces: SpaceDirectory,
  navigation: NavigationRegistry,
  fragment: boolean,
) {
  res.locals.csrfToken = req.session ? csrfTokenFor(req) : undefined;
  res.locals.currentPath = req.originalUrl;
  if (req.user) res.locals.currentUser = req.user;
  if (req.membership) {
    res.locals.space = req.membership.space;
    res.locals.role = req.membership.role;
    res.locals.permissions = permissionsOf(req.membership.role);
  }
  // A fragment has no header, navigation or flash region: nothing more to look up.
  if (fragment) return;
  res.locals.flash = takeFlash(req);
  if (!req.user) return;
  res.locals.mySpaces = await spaces.listSpacesOf(req.user.id);
  if (req.membership) {
    res.locals.navItems = navigation.itemsFor(req.membership.space, req.membership.role, req.originalUrl);
  }
}
