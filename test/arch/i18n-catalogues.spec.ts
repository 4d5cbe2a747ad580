import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CATALOGUES } from '../../src/app.catalogues';
import { createTranslator } from '../../src/shared/i18n/translator';
import { LANGUAGES } from '../../src/shared/i18n/languages';
import type { Catalogue } from '../../src/shared/i18n/catalogue';
import { ROOT_DIR, VIEWS_DIR } from '../../src/paths';

function files(dir: string, extension: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path, extension);
    return entry.name.endsWith(extension) ? [path] : [];
  });
}

function keysOf(catalogue: Catalogue, prefix = ''): string[] {
  return Object.entries(catalogue).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`),
  );
}

// i18next plural forms: `count_one`/`count_other` are used as `count`.
const baseKey = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

const translator = createTranslator(CATALOGUES);
const namespaces = Object.keys(CATALOGUES);
// A key ends with a letter or digit; `"community:roles."` is a prefix given to `concat`.
const keyPattern = new RegExp(`['"\`]((?:${namespaces.join('|')}):[A-Za-z0-9_.]*[A-Za-z0-9_])['"\`]`, 'g');

describe('message catalogues', () => {
  it.each(namespaces)('%s has the same keys in every language', (namespace) => {
    const [reference, ...others] = LANGUAGES.map((language) => keysOf(CATALOGUES[namespace][language]).sort());
    for (const keys of others) expect(keys).toEqual(reference);
  });

  it('has every key the templates and the code ask for, in every language', () => {
    const sources = [...files(VIEWS_DIR, '.hbs'), ...files(join(ROOT_DIR, 'src'), '.ts')].filter(
      (file) => !file.endsWith('.spec.ts'),
    );
    const missing: string[] = [];
    for (const file of sources) {
      for (const [, key] of readFileSync(file, 'utf8').matchAll(keyPattern)) {
        for (const language of LANGUAGES) {
          const known = translator.has(key, language) || translator.has(`${key}_other`, language);
          if (!known) missing.push(`${relative(ROOT_DIR, file)}: ${key} (${language})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('has no key used nowhere', () => {
    const sources = [...files(VIEWS_DIR, '.hbs'), ...files(join(ROOT_DIR, 'src'), '.ts')]
      .filter((file) => !/[/\\]i18n[/\\]|locales[/\\]/.test(file))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const unused = namespaces.flatMap((namespace) =>
      keysOf(CATALOGUES[namespace].fr)
        .map((key) => `${namespace}:${baseKey(key)}`)
        // Keys built at run time (`common:errors.status${n}.title`) are matched by prefix.
        .filter((key) => !sources.includes(key) && !dynamicallyUsed(key, sources)),
    );
    expect([...new Set(unused)]).toEqual([]);
  });
});

/** Keys assembled at run time are declared by a template literal with the same prefix. */
function dynamicallyUsed(key: string, sources: string): boolean {
  for (const [, prefix] of sources.matchAll(/`([a-z]+:[A-Za-z0-9_.]*)\$\{/g)) {
    if (key.startsWith(prefix)) return true;
  }
  // In templates: {{t (concat "community:roles." role)}}
  for (const [, prefix] of sources.matchAll(/\(concat "([a-z]+:[A-Za-z0-9_.]*)"/g)) {
    if (key.startsWith(prefix)) return true;
  }
  // Language names are looked up by code in the language switch.
  return false;
}

describe('templates', () => {
  // Text a template may contain outside `{{t …}}`: punctuation, numbers, language codes.
  const ALLOWED_TEXT = /^[\s\d·:()|/,.–—\-+×*%#&;✓]*$|^(FR|EN)$/;

  it.each(files(VIEWS_DIR, '.hbs').map((file) => relative(VIEWS_DIR, file)))('%s has no untranslated text', (file) => {
    const source = readFileSync(join(VIEWS_DIR, file), 'utf8')
      .replace(/\{\{!--[\s\S]*?--\}\}/g, '')
      .replace(/\{\{![\s\S]*?\}\}/g, '')
      .replace(/<(script|style)[\s\S]*?<\/\1>/g, '');
    const withoutExpressions = source.replace(/\{\{\{?[\s\S]*?\}?\}\}/g, ' ');
    const texts = [...withoutExpressions.replace(/<[^>]*>/g, '\n').split('\n')]
      .map((text) => text.trim())
      .filter(Boolean);
    const attributes = [...withoutExpressions.matchAll(/\s(?:title|alt|placeholder|aria-label)="([^"]*)"/g)].map((m) =>
      m[1].trim(),
    );
    const untranslated = [...texts, ...attributes].filter((text) => text && !ALLOWED_TEXT.test(text));
    expect(untranslated).toEqual([]);
  });
});
