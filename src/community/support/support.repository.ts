import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { SpaceModule } from '../../shared/auth/modules';
import type { PlatformRole } from '../../shared/auth/roles';
import { containsPattern } from '../../shared/sql/like';

export interface SupportSpaceRow {
  id: string;
  slug: string;
  name: string;
  createdAt: Date;
  enabledModules: SpaceModule[];
  memberCount: number;
  lastActivityAt: Date | null;
}

export interface SupportAccountRow {
  id: string;
  email: string;
  name: string;
  verified: boolean;
  platformRole: PlatformRole | null;
  createdAt: Date;
  spaceCount: number;
}

/**
 * What support staff see: spaces and accounts, never contact data. These read across
 * spaces by nature, and say so.
 */
@Injectable()
export class SupportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  spaces(after: [string, string] | null, limit: number): Promise<SupportSpaceRow[]> {
    return this.dataSource.query(
      `/* cross-space: support staff list every space */
       SELECT s.id, s.slug, s.name, s.created_at AS "createdAt", s.enabled_modules AS "enabledModules",
              (SELECT count(*)::int FROM memberships m WHERE m.space_id = s.id) AS "memberCount",
              (SELECT max(l.created_at) FROM audit_log l WHERE l.space_id = s.id) AS "lastActivityAt"
       FROM spaces s
       WHERE ($1::timestamptz IS NULL OR (s.created_at, s.id) < ($1::timestamptz, $2::uuid))
       ORDER BY s.created_at DESC, s.id DESC LIMIT $3`,
      [after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
  }

  async space(spaceId: string): Promise<SupportSpaceRow | null> {
    const [row] = await this.dataSource.query(
      `/* cross-space: one space seen by support staff */
       SELECT s.id, s.slug, s.name, s.created_at AS "createdAt", s.enabled_modules AS "enabledModules",
              (SELECT count(*)::int FROM memberships m WHERE m.space_id = s.id) AS "memberCount",
              (SELECT max(l.created_at) FROM audit_log l WHERE l.space_id = s.id) AS "lastActivityAt"
       FROM spaces s WHERE s.id = $1`,
      [spaceId],
    );
    return row ?? null;
  }

  /** Accounts whose name or address contains the text, by address. */
  accounts(text: string | null, after: string | null, limit: number): Promise<SupportAccountRow[]> {
    return this.dataSource.query(
      `/* cross-space: support staff look accounts up */
       SELECT a.id, a.email, a.name, a.email_verified_at IS NOT NULL AS verified, a.platform_role AS "platformRole",
              a.created_at AS "createdAt",
              (SELECT count(*)::int FROM memberships m WHERE m.account_id = a.id) AS "spaceCount"
       FROM accounts a
       WHERE ($1::text IS NULL OR a.email LIKE lower($1) ESCAPE '\\' OR search_normalize(a.name) LIKE search_normalize($1) ESCAPE '\\')
         AND ($2::text IS NULL OR a.email > $2)
       ORDER BY a.email LIMIT $3`,
      [text === null ? null : containsPattern(text), after, limit + 1],
    );
  }

  staff(): Promise<SupportAccountRow[]> {
    return this.dataSource.query(
      `SELECT a.id, a.email, a.name, true AS verified, a.platform_role AS "platformRole", a.created_at AS "createdAt", 0 AS "spaceCount"
       FROM accounts a WHERE a.platform_role IS NOT NULL ORDER BY a.platform_role DESC, a.email`,
    );
  }
}
