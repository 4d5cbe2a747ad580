import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, EntityManager, Repository } from 'typeorm';
import type { SpaceLink } from '../../shared/auth/directories';
import type { Role } from '../../shared/auth/roles';
import { type JoinedVia, Membership } from './membership.entity';
import { Space } from './space.entity';

/** Spaces and memberships. Every query on memberships names its space. */
@Injectable()
export class SpacesRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Space) private readonly spaces: Repository<Space>,
    @InjectRepository(Membership) private readonly memberships: Repository<Membership>,
  ) {}

  findBySlug(slug: string): Promise<Space | null> {
    return this.spaces.findOneBy({ slug });
  }

  findById(spaceId: string): Promise<Space | null> {
    return this.spaces.findOneBy({ id: spaceId });
  }

  findByInviteCode(inviteCode: string): Promise<Space | null> {
    return this.spaces.findOneBy({ inviteCode });
  }

  async slugTaken(slug: string, exceptSpaceId?: string): Promise<boolean> {
    const found = await this.spaces.findOne({ select: { id: true }, where: { slug } });
    return !!found && found.id !== exceptSpaceId;
  }

  async inviteCodeTaken(inviteCode: string): Promise<boolean> {
    return this.spaces.existsBy({ inviteCode });
  }

  /** The space and its first admin, together or not at all. */
  createWithAdmin(space: Omit<Space, 'id' | 'createdAt' | 'updatedAt'>, adminId: string): Promise<Space> {
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.getRepository(Space).save(manager.getRepository(Space).create(space));
      await manager
        .getRepository(Membership)
        .insert({ spaceId: saved.id, accountId: adminId, role: 'admin', joinedVia: 'creator' });
      return saved;
    });
  }

  async update(
    spaceId: string,
    changes: Partial<Pick<Space, 'name' | 'slug' | 'language' | 'contactEmail' | 'inviteCode' | 'enabledModules'>>,
  ) {
    await this.spaces.update({ id: spaceId }, changes);
  }

  findMembership(spaceId: string, accountId: string, manager?: EntityManager): Promise<Membership | null> {
    return (manager ?? this.dataSource.manager).getRepository(Membership).findOneBy({ spaceId, accountId });
  }

  async isMemberByEmail(spaceId: string, email: string): Promise<boolean> {
    const rows = await this.dataSource.query(
      'SELECT 1 FROM memberships m JOIN accounts a ON a.id = m.account_id WHERE m.space_id = $1 AND a.email = $2',
      [spaceId, email],
    );
    return rows.length > 0;
  }

  async addMember(spaceId: string, accountId: string, role: Role, joinedVia: JoinedVia, manager?: EntityManager) {
    await (manager ?? this.dataSource.manager)
      .getRepository(Membership)
      .insert({ spaceId, accountId, role, joinedVia });
  }

  async setRole(spaceId: string, accountId: string, role: Role, manager?: EntityManager) {
    await (manager ?? this.dataSource.manager).getRepository(Membership).update({ spaceId, accountId }, { role });
  }

  async removeMember(spaceId: string, accountId: string, manager?: EntityManager) {
    await (manager ?? this.dataSource.manager).getRepository(Membership).delete({ spaceId, accountId });
  }

  /** Counted under a lock of the space's admins, so two demotions cannot both pass. */
  async lockAdmins(spaceId: string, manager: EntityManager): Promise<string[]> {
    const rows: { account_id: string }[] = await manager.query(
      `SELECT account_id FROM memberships WHERE space_id = $1 AND role = 'admin' FOR UPDATE`,
      [spaceId],
    );
    return rows.map((row) => row.account_id);
  }

  /** The spaces of one person, for the header's switcher. */
  async listSpacesOf(accountId: string): Promise<SpaceLink[]> {
    return this.dataSource.query(
      `/* cross-space: the spaces one person belongs to */
       SELECT s.slug, s.name, m.role FROM memberships m JOIN spaces s ON s.id = m.space_id
       WHERE m.account_id = $1 ORDER BY search_normalize(s.name)`,
      [accountId],
    );
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
