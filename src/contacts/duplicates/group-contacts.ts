import { formatPhone } from '../../shared/phone';
import type { Contact } from '../contacts/contact.entity';
import { displayName } from '../contacts/contacts.service';
import type { SupportLevel } from '../support-levels/support-level.entity';
import { MAX_GROUP_SIZE } from './duplicate-rules';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The contacts of a group as a form or a link carries them (`ids=a,b` or `ids=a&ids=b`):
 * 2 to MAX_GROUP_SIZE distinct ids, or null when that is not what was sent.
 */
export function parseGroupIds(value: unknown): string[] | null {
  const parts = (Array.isArray(value) ? value : [value])
    .flatMap((part) => (typeof part === 'string' ? part.split(',') : [null]))
    .map((part) => part?.trim().toLowerCase() ?? '');
  if (parts.some((part) => !UUID.test(part))) return null;
  const ids = [...new Set(parts)];
  return ids.length >= 2 && ids.length <= MAX_GROUP_SIZE ? ids : null;
}

/** What the duplicates and merge pages show of a contact. */
export interface ContactSummary {
  id: string;
  name: string;
  email: string | null;
  phone: string;
  birthDate: string | null;
  address: string;
  levelLabel: string | null;
  tags: string[];
  doNotContact: boolean;
  createdAt: Date;
}

export function addressLine(contact: Contact): string {
  const street = [contact.streetNumber, contact.street].filter(Boolean).join(' ');
  const town = [contact.postcode, contact.city].filter(Boolean).join(' ');
  return [street, town].filter(Boolean).join(', ');
}

export function summarise(contact: Contact, levels: SupportLevel[]): ContactSummary {
  return {
    id: contact.id,
    name: displayName(contact),
    email: contact.email,
    phone: formatPhone(contact.phone),
    birthDate: contact.birthDate,
    address: addressLine(contact),
    levelLabel: levels.find((level) => level.id === contact.supportLevelId)?.label ?? null,
    tags: contact.tags,
    doNotContact: contact.doNotContact,
    createdAt: contact.createdAt,
  };
}

/** Contacts in the order of `ids` (the group's: oldest first). */
export function inOrder<T extends { id: string }>(ids: string[], rows: T[]): T[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id)).filter((row): row is T => row !== undefined);
}
