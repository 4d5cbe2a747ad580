import type { SpaceModule } from '../auth/modules';

export interface StaffActor {
  id: string;
  label: string;
}

/**
 * Every event one module raises and others react to, with its payload. Emitting awaits
 * the listeners, and their errors reach the emitter.
 */
export interface EventMap {
  /** A space was created (its creator is its admin). */
  'space.created': { spaceId: string; language: 'fr' | 'en' };
  /** Support staff turned a space's modules on or off. */
  'support.modules_set': { spaceId: string; modules: SpaceModule[]; staff: StaffActor; ip: string };
  /** Support staff asked for a new verification mail for an account. */
  'support.verification_resend': { accountId: string; staff: StaffActor; ip: string };
  /** The owner named (or removed) support staff. */
  'support.staff_set': { accountId: string; staff: boolean; by: StaffActor; ip: string };
  /** Contacts were merged into a master: modules move their own rows of `mergedIds` to it. */
  'contacts.merged': { spaceId: string; mergeId: string; masterId: string; mergedIds: string[] };
  /** A merge was undone: the merged contacts are back; modules move back what they moved. */
  'contacts.merge_undone': { spaceId: string; mergeId: string; masterId: string; mergedIds: string[] };
  /**
   * Contacts were anonymised (GDPR erasure, retention purge), after the fact: each module
   * removes the free text it keeps about them (answers, task notes, messages). A large
   * purge comes in several events of a few thousand ids each.
   */
  'contacts.erased': { spaceId: string; contactIds: string[] };
}

export type EventName = keyof EventMap;
