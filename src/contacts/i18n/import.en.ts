import type { Translation } from '../../shared/i18n/catalogue';
import type { importFr } from './import.fr';

export const importEn: Translation<typeof importFr> = {};
