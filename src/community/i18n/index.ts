import type { ModuleCatalogues } from '../../shared/i18n/catalogue';
import { accountsEn } from './accounts.en';
import { accountsFr } from './accounts.fr';
import { spacesEn } from './spaces.en';
import { spacesFr } from './spaces.fr';

export const communityCatalogues: ModuleCatalogues = {
  fr: { ...accountsFr, ...spacesFr },
  en: { ...accountsEn, ...spacesEn },
};
