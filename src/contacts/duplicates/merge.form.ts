import type { FormErrors, FormState } from '../../shared/http/form';
import type { Contact } from '../contacts/contact.entity';
import { COMBINE, comparable, conflictingFields, type MergeField } from './merge-fields';

/** What a person chose on the merge page. */
export interface MergeChoice {
  masterId: string;
  /** Every contact merged, the master included. */
  includedIds: string[];
  /** For each field whose values differ: the contact whose value is kept, or COMBINE (notes). */
  keep: Partial<Record<MergeField, string>>;
}

export const keepName = (field: MergeField) => `keep_${field}`;

function list(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).filter((part): part is string => typeof part === 'string');
}

/**
 * Reads the merge form against the group's contacts: a master among the contacts kept
 * together, at least two of them, and a valid choice for every field they disagree on.
 */
export function readMergeForm(
  body: Record<string, unknown>,
  contacts: Contact[],
): { ok: true; choice: MergeChoice; state: FormState } | { ok: false; state: FormState } {
  const ids = new Set(contacts.map((contact) => contact.id));
  const includedIds = contacts.map((contact) => contact.id).filter((id) => list(body.include).includes(id));
  const masterId = typeof body.master === 'string' ? body.master : '';
  const errors: FormErrors = {};
  if (includedIds.length < 2) errors.include = [{ key: 'contacts:duplicates.merge.twoAtLeast' }];
  if (!ids.has(masterId) || !includedIds.includes(masterId))
    errors.master = [{ key: 'contacts:duplicates.merge.masterRequired' }];
  const included = contacts.filter((contact) => includedIds.includes(contact.id));
  const keep: Partial<Record<MergeField, string>> = {};
  const values: Record<string, unknown> = { master: masterId, include: includedIds };
  for (const field of conflictingFields(included)) {
    const chosen = body[keepName(field)];
    values[keepName(field)] = chosen;
    const source = included.find((contact) => contact.id === chosen);
    const valid =
      (field === 'notes' && chosen === COMBINE) || (source !== undefined && comparable(source, field) !== null);
    if (valid) keep[field] = chosen as string;
    else errors[keepName(field)] = [{ key: 'contacts:duplicates.merge.chooseValue' }];
  }
  const state: FormState = { values, errors, errorCount: Object.keys(errors).length };
  return state.errorCount > 0 ? { ok: false, state } : { ok: true, choice: { masterId, includedIds, keep }, state };
}
