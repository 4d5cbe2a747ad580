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
}

export type EventName = keyof EventMap;
