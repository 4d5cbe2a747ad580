import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../../src/community/accounts/password-hasher';
import { DEFAULT_SUPPORT_LEVELS } from '../../src/contacts/support-levels/default-scale';
import { DEFAULT_MODULES, type SpaceModule } from '../../src/shared/auth/modules';
import type { Role } from '../../src/shared/auth/roles';

export const TEST_PASSWORD = 'marche-sous-la-pluie-2026';

let passwordHash: Promise<string> | null = null;
const unique = () => randomBytes(4).toString('hex');

export interface TestAccount {
  id: string;
  email: string;
  name: string;
  password: string;
}

export interface TestSpace {
  id: string;
  slug: string;
  name: string;
  inviteCode: string;
}

/** A verified account whose password is TEST_PASSWORD. */
export async function createAccount(
  db: DataSource,
  overrides: Partial<{ email: string; name: string; verified: boolean; platformRole: 'owner' | 'staff' | null }> = {},
): Promise<TestAccount> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const email = overrides.email ?? `person-${unique()}@example.org`;
  const name = overrides.name ?? `Person ${unique()}`;
  const [row] = await db.query(
    `INSERT INTO accounts (email, name, password_hash, email_verified_at, platform_role)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [email, name, await passwordHash, overrides.verified === false ? null : new Date(), overrides.platformRole ?? null],
  );
  return { id: row.id, email, name, password: TEST_PASSWORD };
}

export async function createSpace(
  db: DataSource,
  admin: TestAccount,
  overrides: Partial<{ name: string; slug: string; modules: SpaceModule[] }> = {},
): Promise<TestSpace> {
  const suffix = unique();
  const name = overrides.name ?? `Espace ${suffix}`;
  const slug = overrides.slug ?? `espace-${suffix}`;
  const inviteCode = `T${suffix.toUpperCase().replace(/[01ILO]/g, 'X')}9`.slice(0, 8).padEnd(8, '7');
  const [row] = await db.query(
    `INSERT INTO spaces (slug, name, invite_code, enabled_modules, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [slug, name, inviteCode, overrides.modules ?? DEFAULT_MODULES, admin.id],
  );
  await db.query(
    `INSERT INTO memberships (space_id, account_id, role, joined_via) VALUES ($1, $2, 'admin', 'creator')`,
    [row.id, admin.id],
  );
  // What the contacts module does when a space is created through the app.
  for (const [index, level] of DEFAULT_SUPPORT_LEVELS.entries()) {
    await db.query(
      `INSERT INTO support_levels (space_id, label, colour, category, position) VALUES ($1, $2, $3, $4, $5)`,
      [row.id, level.labels.fr, level.colour, level.category, index + 1],
    );
  }
  return { id: row.id, slug, name, inviteCode };
}

export async function addMember(db: DataSource, space: TestSpace, account: TestAccount, role: Role): Promise<void> {
  await db.query(`INSERT INTO memberships (space_id, account_id, role, joined_via) VALUES ($1, $2, $3, 'code')`, [
    space.id,
    account.id,
    role,
  ]);
}

export async function createTeam(
  db: DataSource,
  space: TestSpace,
  name = `Équipe ${unique()}`,
): Promise<{ id: string; name: string }> {
  const [row] = await db.query(`INSERT INTO teams (space_id, name) VALUES ($1, $2) RETURNING id`, [space.id, name]);
  return { id: row.id, name };
}

export async function addToTeam(
  db: DataSource,
  space: TestSpace,
  teamId: string,
  account: TestAccount,
  coordinator = false,
) {
  await db.query(`INSERT INTO team_members (space_id, team_id, account_id, is_coordinator) VALUES ($1, $2, $3, $4)`, [
    space.id,
    teamId,
    account.id,
    coordinator,
  ]);
}
