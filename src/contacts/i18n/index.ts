import type { ModuleCatalogues } from '../../shared/i18n/catalogue';
import { en } from './en';
import { fr } from './fr';

export const contactsCatalogues: ModuleCatalogues = { fr, en };
