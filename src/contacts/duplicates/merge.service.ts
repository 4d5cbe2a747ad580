import { Injectable } from '@nestjs/common';
import type { Actor } from '../../shared/auth/request-context';
import { NotFound } from '../../shared/errors';
import { emptyForm, type FormState } from '../../shared/http/form';
import { formatPhone } from '../../shared/phone';
import type { Contact } from '../contacts/contact.entity';
import { displayName } from '../contacts/contacts.service';
import type { SupportLevel } from '../support-levels/support-level.entity';
import { SupportLevelsRepository } from '../support-levels/support-levels.repository';
import { DuplicatesRepository } from './duplicates.repository';
import { addressLine, inOrder } from './group-contacts';
import { type MergeChoice, keepName } from './merge.form';
import {
  COMBINE,
  combinedNotes,
  comparable,
  conflictingFields,
  MERGE_FIELD_NAMES,
  MERGE_FIELDS,
  type MergeField,
} from './merge-fields';
import { MergeRunner } from './merge-runner';
import type { MergeRecord } from './merges.repository';
import { MergesRepository } from './merges.repository';

const FIELD_LABELS: Record<MergeField, string> = {
  firstName: 'contacts:fields.firstName',
  lastName: 'contacts:fields.lastName',
  gender: 'contacts:fields.gender',
  birthDate: 'contacts:fields.birthDate',
  email: 'contacts:fields.email',
  phone: 'contacts:fields.phone',
  address: 'contacts:sheet.address',
  supportLevelId: 'contacts:fields.supportLevel',
  notes: 'contacts:fields.notes',
};

/** A value as the merge page shows it: text, an i18n key or a date. */
interface Cell {
  contactId: string;
  empty: boolean;
  text?: string;
  key?: string;
  date?: string;
}

const snake = (column: string) => column.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** Merging one group by hand: the master, then each field whose values differ. */
@Injectable()
export class MergeService {
  constructor(
    private readonly duplicates: DuplicatesRepository,
    private readonly merges: MergesRepository,
    private readonly runner: MergeRunner,
    private readonly levels: SupportLevelsRepository,
  ) {}

  /** The group's live contacts, in the given order; 404 if one was merged, erased or deleted since. */
  async group(actor: Actor, ids: string[]): Promise<Contact[]> {
    const contacts = inOrder(ids, await this.duplicates.liveContacts(actor.spaceId, ids));
    if (contacts.length !== ids.length) throw new NotFound('contact', 'contacts:duplicates.errors.gone');
    return contacts;
  }

  /** First proposal: the oldest contact as master, everyone merged, each field from the master when it has one. */
  defaults(contacts: Contact[]): FormState {
    const [master] = contacts;
    const values: Record<string, unknown> = { master: master.id, include: contacts.map((contact) => contact.id) };
    for (const field of conflictingFields(contacts)) {
      const source = [master, ...contacts].find((contact) => comparable(contact, field) !== null);
      values[keepName(field)] = source?.id;
    }
    return emptyForm(values);
  }

  /** What the merge page shows: the contacts side by side, and each field with its choices. */
  async view(actor: Actor, contacts: Contact[], form: FormState) {
    const levels = await this.levels.list(actor.spaceId);
    const conflicts = conflictingFields(contacts);
    const include = (form.values.include as string[] | undefined) ?? [];
    const tags = [...new Set(contacts.flatMap((contact) => contact.tags))];
    return {
      ids: contacts.map((contact) => contact.id).join(','),
      contacts: contacts.map((contact) => ({
        id: contact.id,
        name: displayName(contact),
        createdAt: contact.createdAt,
        origin: contact.origin,
        isMaster: form.values.master === contact.id,
        included: include.includes(contact.id),
      })),
      // A field nobody filled in has nothing to show.
      fields: MERGE_FIELD_NAMES.filter((field) => contacts.some((contact) => comparable(contact, field) !== null)).map(
        (field) => {
          const conflict = conflicts.includes(field);
          const chosen = form.values[keepName(field)];
          return {
            field,
            name: keepName(field),
            labelKey: FIELD_LABELS[field],
            conflict,
            errors: form.errors[keepName(field)],
            canCombine: conflict && field === 'notes',
            combineChosen: chosen === COMBINE,
            cells: contacts.map((contact) => ({
              ...cell(contact, field, levels),
              chosen: conflict && chosen === contact.id,
            })),
          };
        },
      ),
      tags,
      doNotContact: contacts.some((contact) => contact.doNotContact),
      form,
    };
  }

  /** Merges the group as chosen, in one transaction; the master then holds the chosen values. */
  async merge(actor: Actor, contacts: Contact[], choice: MergeChoice, ip: string): Promise<MergeRecord> {
    const { masterId } = choice;
    const included = choice.includedIds.map((id) => contacts.find((contact) => contact.id === id)!);
    const masterFirst = [
      ...included.filter((contact) => contact.id === masterId),
      ...included.filter((contact) => contact.id !== masterId),
    ];
    const [record] = await this.runner.run(
      actor,
      ip,
      [{ masterId, mergedIds: choice.includedIds.filter((id) => id !== masterId) }],
      {
        details: { choices: choice.keep },
        then: async (manager) => {
          const fromContact = [];
          const values: Record<string, unknown> = {};
          for (const [field, source] of Object.entries(choice.keep) as [MergeField, string][]) {
            if (source === COMBINE) values.notes = combinedNotes(masterFirst);
            else fromContact.push({ columns: MERGE_FIELDS[field].map(snake), contactId: source });
          }
          await this.merges.applyChoices(manager, actor.spaceId, masterId, fromContact, values);
        },
      },
    );
    return record;
  }
}

function cell(contact: Contact, field: MergeField, levels: SupportLevel[]): Cell {
  const base = { contactId: contact.id, empty: comparable(contact, field) === null };
  if (base.empty) return base;
  switch (field) {
    case 'gender':
      return { ...base, key: `contacts:genders.${contact.gender}` };
    case 'birthDate':
      return { ...base, date: contact.birthDate! };
    case 'phone':
      return { ...base, text: formatPhone(contact.phone) };
    case 'address':
      return { ...base, text: addressLine(contact) || `${contact.latitude ?? ''} ${contact.longitude ?? ''}`.trim() };
    case 'supportLevelId':
      return { ...base, text: levels.find((level) => level.id === contact.supportLevelId)?.label ?? '' };
    default:
      return { ...base, text: String(contact[field]) };
  }
}
