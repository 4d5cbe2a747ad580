import type { SpaceModule } from './modules';
import type { PlatformRole, Role } from './roles';
import type { Language } from '../i18n/languages';

/** The signed-in person, as the session restores them on every request (`req.user`). */
export interface SessionAccount {
  id: string;
  email: string;
  name: string;
  language: Language;
  platformRole: PlatformRole | null;
}

/** The space a request is about (`req.space`), set by the access guard. */
export interface SpaceContext {
  id: string;
  slug: string;
  name: string;
  language: Language;
  enabledModules: SpaceModule[];
}

export interface MembershipContext {
  space: SpaceContext;
  role: Role;
}

/** A space in the header's switcher. */
export interface SpaceLink {
  slug: string;
  name: string;
  role: Role;
}

/**
 * What the kernel needs to know about accounts and spaces, provided by the community
 * module (which owns them) so that the kernel never imports a module.
 */
export abstract class AccountDirectory {
  abstract findSessionAccount(id: string): Promise<SessionAccount | null>;
}

export abstract class SpaceDirectory {
  abstract findMembership(slug: string, accountId: string): Promise<MembershipContext | null>;
  abstract listSpacesOf(accountId: string): Promise<SpaceLink[]>;
}
