import { createInstance, type i18n, type Resource, type TFunction } from 'i18next';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from './languages';
import type { ModuleCatalogues } from './catalogue';

export type Translate = TFunction;

/**
 * Builds the message store from every module's catalogues. Keys are written
 * `namespace:path.to.key`, the namespace being the module's name ("community").
 */
export function createTranslator(catalogues: Record<string, ModuleCatalogues>): Translator {
  const resources: Resource = {};
  for (const language of LANGUAGES) {
    resources[language] = Object.fromEntries(
      Object.entries(catalogues).map(([namespace, catalogue]) => [namespace, catalogue[language]]),
    ) as Resource[string];
  }
  const instance = createInstance();
  void instance.init({
    initAsync: false,
    resources,
    lng: DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    ns: Object.keys(catalogues),
    defaultNS: 'common',
    // Handlebars escapes what it prints; escaping here too would show &amp; on screen.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return new Translator(instance);
}

export class Translator {
  private readonly fixed = new Map<Language, TFunction>();

  constructor(private readonly i18n: i18n) {
    for (const language of LANGUAGES) this.fixed.set(language, i18n.getFixedT(language));
  }

  /** The translate function for one language. */
  for(language: Language): TFunction {
    return this.fixed.get(language)!;
  }

  /** True when the key exists in that language (used by the catalogue tests). */
  has(key: string, language: Language): boolean {
    return this.i18n.exists(key, { lng: language, fallbackLng: false });
  }
}
