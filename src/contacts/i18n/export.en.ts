import type { Translation } from '../../shared/i18n/catalogue';
import type { exportFr } from './export.fr';

export const exportEn: Translation<typeof exportFr> = {};
