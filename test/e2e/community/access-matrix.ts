import type { Role } from '../../../src/shared/auth/roles';

/**
 * Who may call each route, written from PRODUCT.md's matrix (not from the code's own
 * permission table, which this checks). Every route of the router must be listed here:
 * the matrix test fails on a route without an expected outcome.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'signedIn' }
  | { kind: 'staff' }
  | { kind: 'owner' }
  | { kind: 'space'; roles: readonly Role[] };

const ALL: readonly Role[] = ['admin', 'supervisor', 'coordinator', 'member'];
const WEB: readonly Role[] = ['admin', 'supervisor', 'coordinator'];
const PUBLISHERS: readonly Role[] = ['admin', 'supervisor'];
const ADMIN: readonly Role[] = ['admin'];

const publicRoute: Access = { kind: 'public' };
const signedIn: Access = { kind: 'signedIn' };
const staff: Access = { kind: 'staff' };
const owner: Access = { kind: 'owner' };
const space = (roles: readonly Role[]): Access => ({ kind: 'space', roles });

export const ACCESS: Record<string, Access> = {
  'GET /': publicRoute,
  'GET /healthz': publicRoute,
  'GET /lang/:language': publicRoute,
  'GET /help': publicRoute,
  'GET /login': publicRoute,
  'POST /login': publicRoute,
  'POST /logout': publicRoute,
  'GET /signup': publicRoute,
  'POST /signup': publicRoute,
  'GET /verify-email': publicRoute,
  'POST /verify-email': publicRoute,
  'POST /verify-email/resend': publicRoute,
  'GET /password/forgot': publicRoute,
  'POST /password/forgot': publicRoute,
  'GET /password/reset': publicRoute,
  'POST /password/reset': publicRoute,
  'GET /account/email/confirm': publicRoute,
  'POST /account/email/confirm': publicRoute,
  'GET /invitations/:token': publicRoute,
  'POST /invitations/:token/accept': publicRoute,
  'POST /invitations/:token/signup': publicRoute,

  'GET /account': signedIn,
  'POST /account/profile': signedIn,
  'POST /account/password': signedIn,
  'POST /account/email': signedIn,
  'POST /account/sessions/close-others': signedIn,
  'GET /spaces': signedIn,
  'GET /spaces/new': signedIn,
  'POST /spaces': signedIn,
  'GET /join': signedIn,
  'POST /join': signedIn,

  'GET /s/:space': space(ALL),
  'GET /s/:space/home': space(WEB),
  'GET /s/:space/field': space(ALL),
  'POST /s/:space/leave': space(ALL),
  'GET /s/:space/settings': space(ADMIN),
  'POST /s/:space/settings': space(ADMIN),
  'POST /s/:space/settings/modules': space(ADMIN),
  'POST /s/:space/settings/invite-code': space(ADMIN),
  'GET /s/:space/invitations': space(WEB),
  'POST /s/:space/invitations': space(WEB),
  'POST /s/:space/invitations/:id/resend': space(WEB),
  'POST /s/:space/invitations/:id/revoke': space(WEB),
  'GET /s/:space/members': space(WEB),
  'GET /s/:space/members/onboarding': space(ADMIN),
  'POST /s/:space/members/:accountId/role': space(ADMIN),
  'POST /s/:space/members/:accountId/remove': space(ADMIN),
  'GET /s/:space/teams': space(WEB),
  'POST /s/:space/teams': space(WEB),
  'GET /s/:space/teams/:teamId': space(WEB),
  'POST /s/:space/teams/:teamId/rename': space(WEB),
  'POST /s/:space/teams/:teamId/delete': space(WEB),
  'POST /s/:space/teams/:teamId/members': space(WEB),
  'POST /s/:space/teams/:teamId/members/:accountId/remove': space(WEB),
  'POST /s/:space/teams/:teamId/members/:accountId/coordinator': space(WEB),
  'GET /s/:space/announcements': space(PUBLISHERS),
  'POST /s/:space/announcements': space(PUBLISHERS),
  'POST /s/:space/announcements/:id/pin': space(PUBLISHERS),
  'POST /s/:space/announcements/:id/delete': space(PUBLISHERS),
  'POST /s/:space/announcements/read': space(ALL),
  'GET /s/:space/documents': space(ALL),
  'POST /s/:space/documents': space(PUBLISHERS),
  'GET /s/:space/documents/:id/open': space(ALL),
  'GET /s/:space/documents/:id/opens': space(PUBLISHERS),
  'POST /s/:space/documents/:id/delete': space(PUBLISHERS),
  'GET /s/:space/audit': space(ADMIN),

  'GET /s/:space/contacts': space(ALL),
  'GET /s/:space/contacts/new': space(ALL),
  'POST /s/:space/contacts': space(ALL),
  'POST /s/:space/contacts/lists': space(ALL),
  'POST /s/:space/contacts/lists/:id/delete': space(ALL),
  'POST /s/:space/contacts/lists/:id/pin': space(ALL),
  'GET /s/:space/contacts/bulk': space(ALL),
  'POST /s/:space/contacts/bulk': space(ALL),
  'GET /s/:space/contacts/:id': space(ALL),
  'GET /s/:space/contacts/:id/edit': space(ALL),
  'POST /s/:space/contacts/:id': space(ALL),
  'POST /s/:space/contacts/:id/consents': space(ALL),
  'POST /s/:space/contacts/:id/do-not-contact': space(ALL),
  'POST /s/:space/contacts/:id/do-not-contact/lift': space(ALL),
  'POST /s/:space/contacts/:id/delete': space(ALL),
  'GET /s/:space/contacts/import': space(ADMIN),
  'POST /s/:space/contacts/import': space(ADMIN),
  'GET /s/:space/contacts/import/:id': space(ADMIN),
  'POST /s/:space/contacts/import/:id/preview': space(ADMIN),
  'POST /s/:space/contacts/import/:id/start': space(ADMIN),
  'POST /s/:space/contacts/import/:id/cancel': space(ADMIN),
  'POST /s/:space/contacts/import/:id/keep-valid': space(ADMIN),
  'GET /s/:space/contacts/import/:id/rows': space(ADMIN),
  'GET /s/:space/contacts/import/:id/rejected.csv': space(ADMIN),
  'GET /s/:space/contacts/export': space(ADMIN),
  'POST /s/:space/contacts/export': space(ADMIN),
  'GET /s/:space/contacts/retention': space(ADMIN),
  'POST /s/:space/contacts/retention/purge': space(ADMIN),
  'GET /s/:space/contacts/duplicates': space(ADMIN),
  'POST /s/:space/contacts/duplicates/not-duplicates': space(ADMIN),
  'GET /s/:space/contacts/duplicates/merge': space(ADMIN),
  'POST /s/:space/contacts/duplicates/merge': space(ADMIN),
  'GET /s/:space/contacts/duplicates/bulk': space(ADMIN),
  'POST /s/:space/contacts/duplicates/bulk': space(ADMIN),
  'GET /s/:space/contacts/merges': space(ADMIN),
  'POST /s/:space/contacts/merges/:id/undo': space(ADMIN),
  'GET /s/:space/contacts/:id/gdpr': space(ADMIN),
  'GET /s/:space/contacts/:id/gdpr.json': space(ADMIN),
  'GET /s/:space/contacts/:id/erase': space(ADMIN),
  'POST /s/:space/contacts/:id/erase': space(ADMIN),
  'GET /s/:space/settings/contacts': space(ADMIN),
  'POST /s/:space/settings/contacts': space(ADMIN),
  'GET /s/:space/settings/support-levels': space(ADMIN),
  'POST /s/:space/settings/support-levels': space(ADMIN),
  'POST /s/:space/settings/support-levels/:id': space(ADMIN),
  'POST /s/:space/settings/support-levels/:id/move': space(ADMIN),
  'POST /s/:space/settings/support-levels/:id/delete': space(ADMIN),

  'GET /admin': staff,
  'GET /admin/spaces/:id': staff,
  'POST /admin/spaces/:id/modules': staff,
  'GET /admin/accounts': staff,
  'POST /admin/accounts/:id/resend-verification': staff,
  'GET /admin/outbox': staff,
  'GET /admin/outbox/:id': staff,
  'GET /admin/staff': owner,
  'POST /admin/staff': owner,
  'POST /admin/staff/:id/remove': owner,
  'GET /admin/audit': owner,
};

/**
 * Writes whose success would change the fixture for the cases after them (leaving the
 * space, signing out): they run last, in this order.
 */
export const RUN_LAST = ['POST /s/:space/leave', 'POST /account/sessions/close-others', 'POST /logout'];
