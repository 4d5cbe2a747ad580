import { SetMetadata } from '@nestjs/common';
import type { Permission } from './permissions';

export const ACCESS_METADATA = 'terrain:access';

export type AccessRule =
  | { kind: 'public' }
  | { kind: 'signedIn' }
  | { kind: 'staff'; ownerOnly: boolean }
  | { kind: 'space'; permission: Permission };

/** Anyone, signed in or not (sign-in page, health probe). */
export const Public = () => SetMetadata(ACCESS_METADATA, { kind: 'public' } satisfies AccessRule);

/** Any signed-in account, outside spaces (account page, space list). */
export const SignedIn = () => SetMetadata(ACCESS_METADATA, { kind: 'signedIn' } satisfies AccessRule);

/** Support staff (or only the instance owner) on /admin. */
export const Staff = (options: { ownerOnly?: boolean } = {}) =>
  SetMetadata(ACCESS_METADATA, { kind: 'staff', ownerOnly: options.ownerOnly ?? false } satisfies AccessRule);

/**
 * A page of the space named by the `:space` route parameter: the visitor must be a member
 * (404 otherwise, as for a space that does not exist), the permission's module must be on
 * (404 otherwise) and their role must hold the permission (403 otherwise).
 */
export const Can = (permission: Permission) =>
  SetMetadata(ACCESS_METADATA, { kind: 'space', permission } satisfies AccessRule);
