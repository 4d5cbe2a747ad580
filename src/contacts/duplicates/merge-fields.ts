import type { Contact } from '../contacts/contact.entity';

/**
 * The fields a person chooses when merging, each kept from one contact as a whole: a
 * phone with the way it was typed, an address with its town and position (mixing two
 * addresses would make a third one nobody lives at). Tags, consents, "do not contact" and
 * dates are combined instead (see merges.repository.ts). The bulk merge's conflict test
 * (duplicate-groups.query.ts) compares the same values.
 */
export const MERGE_FIELDS = {
  firstName: ['firstName'],
  lastName: ['lastName'],
  gender: ['gender'],
  birthDate: ['birthDate'],
  email: ['email'],
  phone: ['phone', 'phoneRaw'],
  address: ['streetNumber', 'street', 'postcode', 'city', 'inseeCode', 'latitude', 'longitude'],
  supportLevelId: ['supportLevelId'],
  notes: ['notes'],
} as const satisfies Record<string, readonly (keyof Contact)[]>;

export type MergeField = keyof typeof MERGE_FIELDS;
export const MERGE_FIELD_NAMES = Object.keys(MERGE_FIELDS) as MergeField[];

/** Several notes can all be kept, one after the other. */
export const COMBINE = 'combine';

/** The value compared between contacts, or null when the contact has none. */
export function comparable(contact: Contact, field: MergeField): string | null {
  switch (field) {
    case 'gender':
      return contact.gender === 'unknown' ? null : contact.gender;
    case 'phone':
      // The same number typed two ways is the same number.
      return contact.phone;
    case 'address': {
      const parts = MERGE_FIELDS.address.map((column) => contact[column] ?? null);
      return parts.every((part) => part === null) ? null : JSON.stringify(parts);
    }
    default: {
      const value = contact[field];
      return value === null || value === undefined || value === '' ? null : String(value);
    }
  }
}

/** Fields whose non-empty values differ between the contacts: those need a choice. */
export function conflictingFields(contacts: Contact[]): MergeField[] {
  return MERGE_FIELD_NAMES.filter((field) => {
    const values = new Set(contacts.map((contact) => comparable(contact, field)).filter((value) => value !== null));
    return values.size > 1;
  });
}

/** The notes of every contact, master first, each once. */
export function combinedNotes(contacts: Contact[]): string | null {
  const notes = [...new Set(contacts.map((contact) => contact.notes?.trim()).filter((note): note is string => !!note))];
  return notes.length > 0 ? notes.join('\n\n') : null;
}
