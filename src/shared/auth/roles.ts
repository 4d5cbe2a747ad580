/** Roles within a space, from the most to the least powerful. */
export const ROLES = ['admin', 'supervisor', 'coordinator', 'member'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Roles outside every space: the instance owner (first account) and the staff they name. */
export const PLATFORM_ROLES = ['owner', 'staff'] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];
