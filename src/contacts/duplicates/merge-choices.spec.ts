import type { Contact } from '../contacts/contact.entity';
import { readMergeForm } from './merge.form';
import { combinedNotes, conflictingFields } from './merge-fields';
import { parseGroupIds } from './group-contacts';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';

function contact(id: string, fields: Partial<Contact> = {}): Contact {
  return {
    id,
    firstName: null,
    lastName: null,
    gender: 'unknown',
    birthDate: null,
    email: null,
    phone: null,
    phoneRaw: null,
    streetNumber: null,
    street: null,
    postcode: null,
    city: null,
    inseeCode: null,
    latitude: null,
    longitude: null,
    supportLevelId: null,
    tags: [],
    notes: null,
    ...fields,
  } as Contact;
}

describe('conflictingFields', () => {
  it('asks only about fields with two different non-empty values', () => {
    const group = [
      contact(A, {
        firstName: 'Léa',
        lastName: 'Roux',
        gender: 'female',
        phone: '+33611111111',
        phoneRaw: '06 11 11 11 11',
      }),
      contact(B, {
        firstName: 'Léa',
        lastName: 'ROUX',
        gender: 'unknown',
        phone: '+33611111111',
        phoneRaw: '+33 6 11 11 11 11',
        email: 'lea@exemple.fr',
      }),
    ];
    // The same number typed two ways, a gender left unknown, an email only one has: nothing to choose.
    expect(conflictingFields(group)).toEqual(['lastName']);
  });

  it('compares an address as a whole', () => {
    const group = [
      contact(A, { street: 'rue des Lilas', city: 'Pessac' }),
      contact(B, { street: 'rue des Lilas', city: 'Talence' }),
      contact(C),
    ];
    expect(conflictingFields(group)).toEqual(['address']);
  });
});

describe('combinedNotes', () => {
  it('keeps every note once, in order', () => {
    expect(
      combinedNotes([contact(A, { notes: 'Un' }), contact(B, { notes: ' Un ' }), contact(C, { notes: 'Deux' })]),
    ).toBe('Un\n\nDeux');
    expect(combinedNotes([contact(A), contact(B)])).toBeNull();
  });
});

describe('parseGroupIds', () => {
  it('reads 2 to 20 distinct ids, from a list or a comma-separated value', () => {
    expect(parseGroupIds(`${A},${B.toUpperCase()}`)).toEqual([A, B]);
    expect(parseGroupIds([A, B, A])).toEqual([A, B]);
    expect(parseGroupIds(A)).toBeNull();
    expect(parseGroupIds(`${A},not-an-id`)).toBeNull();
    expect(parseGroupIds(undefined)).toBeNull();
    expect(
      parseGroupIds(
        Array.from({ length: 21 }, (_, index) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`),
      ),
    ).toBeNull();
  });
});

describe('readMergeForm', () => {
  const group = [
    contact(A, { lastName: 'Roux', notes: 'Un' }),
    contact(B, { lastName: 'ROUX', notes: 'Deux' }),
    contact(C, { lastName: 'Rous' }),
  ];

  it('needs a master among the contacts kept, at least two of them, and a choice for each difference', () => {
    const result = readMergeForm({ master: C, include: [A, B], keep_lastName: C }, group);
    expect(result.ok).toBe(false);
    expect(result.state.errors).toEqual({
      master: [{ key: 'contacts:duplicates.merge.masterRequired' }],
      keep_lastName: [{ key: 'contacts:duplicates.merge.chooseValue' }],
      keep_notes: [{ key: 'contacts:duplicates.merge.chooseValue' }],
    });
    const alone = readMergeForm({ master: A, include: A }, group);
    expect(alone.state.errors.include).toEqual([{ key: 'contacts:duplicates.merge.twoAtLeast' }]);
  });

  it('returns the choice, with notes kept together on request', () => {
    const result = readMergeForm(
      { master: B, include: [A, B], keep_lastName: A, keep_notes: 'combine', keep_phone: C },
      group,
    );
    expect(result).toMatchObject({
      ok: true,
      choice: { masterId: B, includedIds: [A, B], keep: { lastName: A, notes: 'combine' } },
    });
  });
});
