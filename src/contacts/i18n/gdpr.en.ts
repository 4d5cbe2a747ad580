import type { Translation } from '../../shared/i18n/catalogue';
import type { gdprFr } from './gdpr.fr';

export const gdprEn: Translation<typeof gdprFr> = {};
