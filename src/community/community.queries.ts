import { Injectable } from '@nestjs/common';
import {
  AccountDirectory,
  type MembershipContext,
  type SessionAccount,
  SpaceDirectory,
  type SpaceLink,
} from '../shared/auth/directories';
import { toSessionAccount } from '../shared/auth/session-login';
import { AccountsRepository } from './accounts/accounts.repository';
import { MembersRepository } from './members/members.repository';
import { SpacesRepository } from './spaces/spaces.repository';
import { SupportRepository } from './support/support.repository';
import { TeamsRepository } from './teams/teams.repository';
import { decodeCursor, decodeTimeCursor, toPage } from '../shared/pagination/keyset';

/**
 * What other modules (and the kernel's guard) may read from community: who is signed in,
 * their membership of a space, members and teams. Nothing here writes.
 */
@Injectable()
export class CommunityQueries implements AccountDirectory, SpaceDirectory {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly spaces: SpacesRepository,
    private readonly members: MembersRepository,
    private readonly teams: TeamsRepository,
    private readonly support: SupportRepository,
  ) {}

  async findSessionAccount(id: string): Promise<SessionAccount | null> {
    const account = await this.accounts.findById(id);
    return account?.emailVerifiedAt ? toSessionAccount(account) : null;
  }

  async findMembership(slug: string, accountId: string): Promise<MembershipContext | null> {
    const space = await this.spaces.findBySlug(slug);
    if (!space) return null;
    const membership = await this.spaces.findMembership(space.id, accountId);
    if (!membership) return null;
    return {
      role: membership.role,
      space: {
        id: space.id,
        slug: space.slug,
        name: space.name,
        language: space.language,
        enabledModules: space.enabledModules,
      },
    };
  }

  listSpacesOf(accountId: string): Promise<SpaceLink[]> {
    return this.spaces.listSpacesOf(accountId);
  }

  /** Members of a space (id, name, email, role). */
  membersOf(spaceId: string) {
    return this.members.everyone(spaceId);
  }

  /** The teams one person belongs to (and whether they coordinate each). */
  teamsOf(spaceId: string, accountId: string) {
    return this.teams.teamsOf(spaceId, accountId);
  }

  /** The members of the teams a person coordinates, in one query (coordinators' row-level rules). */
  membersOfCoordinatedTeams(spaceId: string, coordinatorId: string): Promise<string[]> {
    return this.teams.coordinatedMemberIds(spaceId, coordinatorId);
  }

  /** Names of accounts (authors shown on timelines, "created by"), by id. */
  accountNames(ids: string[]): Promise<Map<string, string>> {
    return this.accounts.namesOf(ids);
  }

  /** For support staff: every space, newest first (no contact data). */
  async spacesForSupport(after: unknown) {
    const cursor = decodeTimeCursor(after);
    const rows = await this.support.spaces(cursor ? [cursor.at.toISOString(), cursor.id] : null, 50);
    return toPage(rows, 50, (row) => [new Date(row.createdAt).toISOString(), row.id]);
  }

  spaceForSupport(spaceId: string) {
    return this.support.space(spaceId);
  }

  /** For support staff: accounts by address, optionally filtered. */
  async accountsForSupport(text: string | null, after: unknown) {
    const cursor = decodeCursor(after, 1);
    const rows = await this.support.accounts(text, typeof cursor?.[0] === 'string' ? cursor[0] : null, 50);
    return toPage(rows, 50, (row) => [row.email]);
  }

  staff() {
    return this.support.staff();
  }
}
