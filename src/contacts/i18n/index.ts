import type { ModuleCatalogues } from '../../shared/i18n/catalogue';
import { duplicatesEn } from './duplicates.en';
import { duplicatesFr } from './duplicates.fr';
import { en } from './en';
import { exportEn } from './export.en';
import { exportFr } from './export.fr';
import { fr } from './fr';
import { gdprEn } from './gdpr.en';
import { gdprFr } from './gdpr.fr';
import { importEn } from './import.en';
import { importFr } from './import.fr';

/**
 * One namespace for the module, one file per feature and language: `contacts:import.…`,
 * `contacts:duplicates.…`, `contacts:export.…`, `contacts:gdpr.…`.
 */
export const contactsCatalogues: ModuleCatalogues = {
  fr: { ...fr, import: importFr, duplicates: duplicatesFr, export: exportFr, gdpr: gdprFr },
  en: { ...en, import: importEn, duplicates: duplicatesEn, export: exportEn, gdpr: gdprEn },
};
