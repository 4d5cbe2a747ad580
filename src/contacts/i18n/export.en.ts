import type { Translation } from '../../shared/i18n/catalogue';
import type { exportFr } from './export.fr';

export const exportEn: Translation<typeof exportFr> = {
  title: 'Export contacts',
  countFiltered_one: 'The file will hold {{count}} contact: the one in the filtered list.',
  countFiltered_other: 'The file will hold {{count}} contacts: those in the filtered list.',
  countAll_one: 'The file will hold {{count}} contact: the whole base.',
  countAll_other: 'The file will hold all {{count}} contacts of the base.',
  columns: 'Columns to include',
  groups: {
    identity: 'Identity (first name, last name, gender, date of birth)',
    contact: 'Contact details (email address, phone)',
    address: 'Postal address and INSEE code',
    level: 'Support level',
    tags: 'Tags',
    origin: 'Origin',
    consents: 'Consent per channel (yes, no, or blank when never asked)',
    doNotContact: '“Do not contact”',
    dates: 'Dates created, updated and last contacted',
    notes: 'Notes',
  },
  noColumns: 'Tick at least one column.',
  format:
    'A UTF-8 CSV file separated by semicolons, which Excel opens as it is. A cell that could pass for a formula starts with an apostrophe.',
  audited: 'The export is written to the space’s log, with the filter and the number of rows.',
  download: 'Download the file',
  back: 'Back to the list',
  yes: 'yes',
  no: 'no',
  headers: {
    origin: 'Origin',
    consentEmail: 'Email consent',
    consentSms: 'SMS consent',
    consentPhone: 'Phone consent',
    consentPost: 'Post consent',
    doNotContact: 'Do not contact',
    createdAt: 'Created on',
    updatedAt: 'Updated on',
    lastInteractionAt: 'Last contacted on',
  },
};
