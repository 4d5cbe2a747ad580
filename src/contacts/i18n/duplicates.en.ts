import type { Translation } from '../../shared/i18n/catalogue';
import type { duplicatesFr } from './duplicates.fr';

export const duplicatesEn: Translation<typeof duplicatesFr> = {};
