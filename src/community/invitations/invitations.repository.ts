import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, IsNull, type Repository } from 'typeorm';
import type { Role } from '../../shared/auth/roles';
import { Invitation } from './invitation.entity';

export interface InvitationView {
  id: string;
  spaceId: string;
  spaceName: string;
  spaceSlug: string;
  email: string;
  role: Role;
  teamId: string | null;
  inviterName: string | null;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

@Injectable()
export class InvitationsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Invitation) private readonly invitations: Repository<Invitation>,
  ) {}

  find(spaceId: string, id: string): Promise<Invitation | null> {
    return this.invitations.findOneBy({ spaceId, id });
  }

  findOpenFor(spaceId: string, email: string): Promise<Invitation | null> {
    return this.invitations.findOneBy({ spaceId, email, acceptedAt: IsNull(), revokedAt: IsNull() });
  }

  /** What an invitation link shows; looked up by its secret, across spaces by nature. */
  async findByTokenHash(tokenHash: string): Promise<InvitationView | null> {
    const [row] = await this.dataSource.query(
      `/* cross-space: an invitation link names its space through its secret */
       SELECT i.id, i.space_id AS "spaceId", s.name AS "spaceName", s.slug AS "spaceSlug", i.email, i.role,
              i.team_id AS "teamId", a.name AS "inviterName", i.expires_at AS "expiresAt",
              i.accepted_at AS "acceptedAt", i.revoked_at AS "revokedAt"
       FROM invitations i JOIN spaces s ON s.id = i.space_id LEFT JOIN accounts a ON a.id = i.invited_by
       WHERE i.token_hash = $1`,
      [tokenHash],
    );
    return row ?? null;
  }

  async create(
    invitation: Pick<Invitation, 'spaceId' | 'email' | 'role' | 'teamId' | 'tokenHash' | 'invitedBy' | 'expiresAt'>,
  ) {
    await this.invitations.insert(invitation);
  }

  /** A new secret and a new deadline (the previous link stops working), sent by `invitedBy` now. */
  async renew(
    spaceId: string,
    id: string,
    changes: { tokenHash: string; expiresAt: Date; invitedBy: string; role?: Role; teamId?: string | null },
  ) {
    await this.invitations
      .createQueryBuilder()
      .update()
      .set({ ...changes, lastSentAt: () => 'now()', sendCount: () => 'send_count + 1' })
      .where('space_id = :spaceId AND id = :id', { spaceId, id })
      .execute();
  }

  async revoke(spaceId: string, id: string) {
    await this.invitations.update({ spaceId, id }, { revokedAt: new Date() });
  }

  async markAccepted(spaceId: string, id: string, accountId: string, manager: EntityManager) {
    await manager.getRepository(Invitation).update({ spaceId, id }, { acceptedAt: new Date(), acceptedBy: accountId });
  }

  /** Newest first after the (created_at, id) cursor; a coordinator sees only theirs. */
  async page(spaceId: string, invitedBy: string | null, after: { at: Date; id: string } | null, limit: number) {
    const query = this.invitations
      .createQueryBuilder('invitation')
      .leftJoin('accounts', 'inviter', 'inviter.id = invitation.invited_by')
      .addSelect('inviter.name', 'inviterName')
      .where('invitation.space_id = :spaceId', { spaceId })
      .orderBy('invitation.created_at', 'DESC')
      .addOrderBy('invitation.id', 'DESC')
      .limit(limit + 1);
    if (invitedBy) query.andWhere('invitation.invited_by = :invitedBy', { invitedBy });
    if (after) query.andWhere('(invitation.created_at, invitation.id) < (:at, :id)', after);
    const { entities, raw } = await query.getRawAndEntities();
    return entities.map((invitation, index) => ({
      ...invitation,
      inviterName: raw[index].inviterName as string | null,
    }));
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
