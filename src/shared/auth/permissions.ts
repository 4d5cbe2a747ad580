import type { SpaceModule } from './modules';
import type { Role } from './roles';

interface PermissionRule {
  /** The module that must be on in the space; none for community's own pages. */
  module?: SpaceModule;
  roles: readonly Role[];
}

const ALL: readonly Role[] = ['admin', 'supervisor', 'coordinator', 'member'];
const WEB: readonly Role[] = ['admin', 'supervisor', 'coordinator'];
const ADMIN_SUPERVISOR: readonly Role[] = ['admin', 'supervisor'];
const ADMIN: readonly Role[] = ['admin'];

/**
 * Who may do what in a space: PRODUCT.md's matrix, in one table. Routes name a permission
 * (`@Can('contacts.export')`), never a role. Rules that depend on the row (a coordinator's
 * own teams, a member's own contacts) are the services' business, on top of this.
 */
export const PERMISSIONS = {
  // Web platform (desktop pages) vs field pages.
  'space.web': { roles: WEB },
  'space.field': { roles: ALL },
  // Space settings, modules, roles, invitation code.
  'space.settings': { roles: ADMIN },
  'members.invite': { roles: WEB },
  'members.view': { roles: WEB },
  'members.manage': { roles: ADMIN },
  'teams.manage': { roles: WEB },
  'announcements.publish': { roles: ADMIN_SUPERVISOR },
  'documents.publish': { roles: ADMIN_SUPERVISOR },
  'documents.read': { roles: ALL },
  'audit.read': { roles: ADMIN },
  // Contacts: row-level rules decide which ones.
  'contacts.view': { module: 'contacts', roles: ALL },
  'contacts.edit': { module: 'contacts', roles: ALL },
  'contacts.import': { module: 'contacts', roles: ADMIN },
  'contacts.export': { module: 'contacts', roles: ADMIN },
  'contacts.merge': { module: 'contacts', roles: ADMIN },
  'contacts.gdpr': { module: 'contacts', roles: ADMIN },
  'questionnaire.edit': { module: 'questionnaire', roles: ADMIN_SUPERVISOR },
  'questionnaire.answer': { module: 'questionnaire', roles: ALL },
  'mandates.catalogues': { module: 'mandates', roles: ADMIN },
  'mandates.import': { module: 'mandates', roles: ADMIN },
  'mandates.edit': { module: 'mandates', roles: ALL },
  'actions.manage': { module: 'actions', roles: WEB },
  'actions.field': { module: 'actions', roles: ALL },
  'tasks.manage': { module: 'tasks', roles: WEB },
  'tasks.process': { module: 'tasks', roles: ALL },
  'messaging.manage': { module: 'messaging', roles: ADMIN_SUPERVISOR },
  'insights.view': { module: 'insights', roles: WEB },
} as const satisfies Record<string, PermissionRule>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission].roles as readonly Role[]).includes(role);
}

export function moduleOf(permission: Permission): SpaceModule | undefined {
  return (PERMISSIONS[permission] as PermissionRule).module;
}

/** Every permission a role holds, for templates that show or hide links. */
export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((permission) => can(role, permission));
}
