import type { ModuleCatalogues } from '../catalogue';
import { en } from './en';
import { fr } from './fr';

export const commonCatalogues: ModuleCatalogues = { fr, en };
