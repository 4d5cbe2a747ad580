import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import hbs from 'hbs';
import type { AssetVersions } from './assets';
import { viewHelpers } from './helpers';

/**
 * Partials are every template whose file name starts with `_` (fragments such as
 * `community/_sign-in-form`) plus everything under `views/partials/`. Their name is their
 * path from `views/` without the extension, dashes kept.
 */
export function registerPartials(viewsDir: string) {
  for (const file of listTemplates(viewsDir)) {
    const name = relative(viewsDir, file).replace(/\\/g, '/').replace(/\.hbs$/, '');
    const isPartial = name.startsWith('partials/') || name.split('/').pop()!.startsWith('_');
    if (isPartial) hbs.registerPartial(name, readFileSync(file, 'utf8'));
  }
}

function listTemplates(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listTemplates(path);
    return entry.name.endsWith('.hbs') ? [path] : [];
  });
}

export function configureViews(app: NestExpressApplication, viewsDir: string, assets: AssetVersions) {
  registerPartials(viewsDir);
  for (const [name, helper] of Object.entries(viewHelpers(assets))) hbs.registerHelper(name, helper);
  app.setBaseViewsDir(viewsDir);
  app.setViewEngine('hbs');
  app.set('view options', { layout: 'layouts/main' });
  // Compiled templates are kept in memory except while editing them.
  app.set('view cache', process.env.NODE_ENV !== 'development');
}
