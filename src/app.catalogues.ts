import { adminCatalogues } from './admin/i18n';
import { communityCatalogues } from './community/i18n';
import { contactsCatalogues } from './contacts/i18n';
import type { ModuleCatalogues } from './shared/i18n/catalogue';
import { commonCatalogues } from './shared/i18n/locales';

/** Every module's messages, by namespace (the prefix of a key: `community:signIn.title`). */
export const CATALOGUES: Record<string, ModuleCatalogues> = {
  common: commonCatalogues,
  community: communityCatalogues,
  contacts: contactsCatalogues,
  admin: adminCatalogues,
};
