/** A module's messages for one language: nested keys, leaves are i18next strings. */
export interface Catalogue {
  [key: string]: string | Catalogue;
}

/**
 * The shape every other language must follow: the same keys as the French catalogue,
 * any wording. A key missing in English is then a compile error, not a blank on screen.
 */
export type Translation<T> = { [K in keyof T]: T[K] extends string ? string : Translation<T[K]> };

/** French and English messages of one module, registered under the module's namespace. */
export interface ModuleCatalogues {
  fr: Catalogue;
  en: Catalogue;
}
