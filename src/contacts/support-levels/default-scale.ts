import type { Language } from '../../shared/i18n/languages';
import type { SupportCategory } from './support-level.entity';

/** The scale a new space starts with (PRODUCT.md), in the space's language. */
export const DEFAULT_SUPPORT_LEVELS: { labels: Record<Language, string>; colour: string; category: SupportCategory }[] =
  [
    { labels: { fr: 'Opposé', en: 'Opposed' }, colour: '#b42318', category: 'opposed' },
    { labels: { fr: 'Indécis', en: 'Undecided' }, colour: '#667085', category: 'undecided' },
    { labels: { fr: 'Sympathisant', en: 'Sympathiser' }, colour: '#079455', category: 'supporter' },
    { labels: { fr: 'Soutien fort', en: 'Strong supporter' }, colour: '#067647', category: 'supporter' },
    { labels: { fr: 'Donateur', en: 'Donor' }, colour: '#6941c6', category: 'supporter' },
    { labels: { fr: "Membre de l'équipe", en: 'Team member' }, colour: '#1d4ed8', category: 'volunteer' },
  ];
