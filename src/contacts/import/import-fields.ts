/** What a column of an imported file can become. */
export const IMPORT_FIELDS = [
  'firstName',
  'lastName',
  'gender',
  'birthDate',
  'email',
  'phone',
  'streetNumber',
  'street',
  'addressLine',
  'postcode',
  'city',
  'inseeCode',
  'latitude',
  'longitude',
  'supportLevel',
  'tags',
  'notes',
  'consentEmail',
  'consentSms',
  'consentPhone',
  'consentPost',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Column index → field; columns left out are ignored. */
export type ColumnMapping = Record<number, ImportField>;

/** Fields that say who the person is: a row needs one, a mapping needs one. */
export const IDENTITY_FIELDS: readonly ImportField[] = ['firstName', 'lastName', 'email', 'phone'];

/**
 * Headers as organisers write them, in French and English, normalised (see
 * `normaliseHeader`). Checked in this order, so that "Consentement e-mail" is a consent
 * before it is an e-mail.
 */
const SYNONYMS: [ImportField, string[]][] = [
  [
    'consentEmail',
    [
      'consentement e mail',
      'consentement email',
      'consentement mail',
      'consentement courriel',
      'accord e mail',
      'accord email',
      'optin email',
      'opt in email',
      'email consent',
      'e mail consent',
      'consent email',
      'email opt in',
      'email optin',
    ],
  ],
  [
    'consentSms',
    [
      'consentement sms',
      'accord sms',
      'optin sms',
      'opt in sms',
      'sms consent',
      'consent sms',
      'sms opt in',
      'sms optin',
    ],
  ],
  [
    'consentPhone',
    [
      'consentement telephone',
      'consentement tel',
      'consentement appel',
      'consentement appels',
      'accord telephone',
      'accord appel',
      'phone consent',
      'consent phone',
      'call consent',
    ],
  ],
  [
    'consentPost',
    [
      'consentement courrier',
      'consentement postal',
      'consentement poste',
      'accord courrier',
      'post consent',
      'postal consent',
      'consent post',
      'mail consent',
    ],
  ],
  ['firstName', ['prenom', 'prenoms', 'first name', 'firstname', 'given name', 'forename']],
  ['lastName', ['nom', 'nom de famille', 'nom d usage', 'last name', 'lastname', 'surname', 'family name', 'name']],
  ['gender', ['civilite', 'genre', 'sexe', 'gender', 'sex', 'title', 'titre', 'salutation']],
  [
    'birthDate',
    [
      'date de naissance',
      'date naissance',
      'naissance',
      'ne e le',
      'ne le',
      'nee le',
      'birth date',
      'birthdate',
      'date of birth',
      'dob',
      'birthday',
    ],
  ],
  [
    'email',
    [
      'email',
      'e mail',
      'mail',
      'courriel',
      'adresse email',
      'adresse e mail',
      'adresse mail',
      'adresse electronique',
      'email address',
      'e mail address',
    ],
  ],
  [
    'phone',
    [
      'telephone',
      'tel',
      'portable',
      'mobile',
      'tel portable',
      'telephone portable',
      'telephone mobile',
      'numero de telephone',
      'gsm',
      'phone',
      'phone number',
      'mobile phone',
      'cell',
      'cell phone',
    ],
  ],
  [
    'streetNumber',
    [
      'numero',
      'num',
      'no',
      'n',
      'n de voie',
      'numero de voie',
      'numero de rue',
      'street number',
      'house number',
      'number',
    ],
  ],
  ['street', ['rue', 'voie', 'nom de voie', 'nom de la voie', 'libelle de voie', 'street', 'street name']],
  [
    'addressLine',
    [
      'adresse',
      'adresse postale',
      'adresse 1',
      'adresse ligne 1',
      'address',
      'address line',
      'address line 1',
      'postal address',
      'street address',
    ],
  ],
  ['postcode', ['code postal', 'cp', 'postcode', 'post code', 'postal code', 'zip', 'zip code', 'zipcode']],
  ['city', ['ville', 'commune', 'localite', 'city', 'town', 'municipality']],
  ['inseeCode', ['code insee', 'insee', 'code commune', 'code insee commune', 'insee code']],
  ['latitude', ['latitude', 'lat']],
  ['longitude', ['longitude', 'lng', 'lon', 'long']],
  ['supportLevel', ['niveau de soutien', 'soutien', 'niveau', 'support level', 'support', 'level']],
  [
    'tags',
    ['tags', 'tag', 'etiquettes', 'etiquette', 'mots cles', 'mot cle', 'labels', 'categories', 'thematiques', 'themes'],
  ],
  [
    'notes',
    ['notes', 'note', 'commentaire', 'commentaires', 'remarque', 'remarques', 'observations', 'comment', 'comments'],
  ],
];

const BY_HEADER = new Map<string, ImportField>();
for (const [field, headers] of SYNONYMS)
  for (const header of headers) if (!BY_HEADER.has(header)) BY_HEADER.set(header, field);

/** "Date de naissance " → "date de naissance", "E-mail" → "e mail", "N°" → "n". */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * The mapping to propose: what this space chose last time for the same header, otherwise
 * what the header says; a field is proposed for one column only.
 */
export function suggestMapping(headers: string[], remembered: Record<string, ImportField> | null): ColumnMapping {
  const mapping: ColumnMapping = {};
  const taken = new Set<ImportField>();
  const propose = (index: number, field: ImportField | undefined) => {
    if (field && !taken.has(field) && mapping[index] === undefined) {
      mapping[index] = field;
      taken.add(field);
    }
  };
  const normalised = headers.map(normaliseHeader);
  normalised.forEach((header, index) => propose(index, remembered?.[header]));
  normalised.forEach((header, index) => propose(index, BY_HEADER.get(header)));
  return mapping;
}

/** The mapping as the space remembers it: by normalised header, not by position. */
export function mappingToRemember(headers: string[], mapping: ColumnMapping): Record<string, ImportField> {
  const remembered: Record<string, ImportField> = {};
  for (const [index, field] of Object.entries(mapping)) {
    const header = normaliseHeader(headers[Number(index)] ?? '');
    if (header) remembered[header] = field;
  }
  return remembered;
}

export function isImportField(value: unknown): value is ImportField {
  return typeof value === 'string' && (IMPORT_FIELDS as readonly string[]).includes(value);
}
