import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { Actor } from '../auth/request-context';
import { AuditEntry } from './audit-entry.entity';
import { decodeTimeCursor, toPage, type Page } from '../pagination/keyset';

export interface AuditEvent {
  spaceId: string | null;
  actor: { id: string; label: string } | null;
  bySupport?: boolean;
  action: string;
  target?: { type: string; id: string; label?: string };
  details?: Record<string, unknown>;
  ip?: string | null;
}

export interface AuditFilters {
  actorId?: string;
  action?: string;
  from?: Date;
  to?: Date;
}

/** Writes and reads the audit log; every module records its sensitive acts here. */
@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  /** Records an event; pass the transaction's manager when the act itself is in one. */
  async record(event: AuditEvent, manager?: EntityManager): Promise<void> {
    const repository = manager ? manager.getRepository(AuditEntry) : this.entries;
    await repository.insert({
      spaceId: event.spaceId,
      actorId: event.actor?.id ?? null,
      actorLabel: event.actor?.label ?? null,
      bySupport: event.bySupport ?? false,
      action: event.action,
      targetType: event.target?.type ?? null,
      targetId: event.target?.id ?? null,
      targetLabel: event.target?.label ?? null,
      details: (event.details ?? null) as AuditEntry['details'] & object,
      ip: event.ip ?? null,
    });
  }

  /** The common case: a member acting in their space. */
  recordAct(
    actor: Actor,
    action: string,
    target: AuditEvent['target'],
    ip: string,
    details?: Record<string, unknown>,
    manager?: EntityManager,
  ): Promise<void> {
    return this.record(
      { spaceId: actor.spaceId, actor: { id: actor.accountId, label: actor.email }, action, target, details, ip },
      manager,
    );
  }

  /** One page of a space's log, newest first, continuing after the `after` token (keyset). */
  list(spaceId: string, filters: AuditFilters, after: unknown, limit: number): Promise<Page<AuditEntry>> {
    return this.page(spaceId, filters, after, limit);
  }

  /** Events of no space (sign-ins, support actions on accounts), for the instance owner. */
  listPlatform(after: unknown, limit: number): Promise<Page<AuditEntry>> {
    return this.page(null, {}, after, limit);
  }

  private async page(
    spaceId: string | null,
    filters: AuditFilters,
    after: unknown,
    limit: number,
  ): Promise<Page<AuditEntry>> {
    const cursor = decodeTimeCursor(after, 'bigint');
    const query = this.entries
      .createQueryBuilder('entry')
      .where(spaceId ? 'entry.space_id = :spaceId' : 'entry.space_id IS NULL', { spaceId })
      .orderBy('entry.created_at', 'DESC')
      .addOrderBy('entry.id', 'DESC')
      .limit(limit + 1);
    if (filters.actorId) query.andWhere('entry.actor_id = :actorId', { actorId: filters.actorId });
    if (filters.action) query.andWhere('entry.action = :action', { action: filters.action });
    if (filters.from) query.andWhere('entry.created_at >= :from', { from: filters.from });
    if (filters.to) query.andWhere('entry.created_at < :to', { to: filters.to });
    if (cursor) {
      query.andWhere('(entry.created_at, entry.id) < (:cursorAt, :cursorId)', {
        cursorAt: cursor.at,
        cursorId: cursor.id,
      });
    }
    return toPage(await query.getMany(), limit, (entry) => [entry.createdAt.toISOString(), entry.id]);
  }

  /** The distinct actions recorded in a space, for the filter's list. */
  async actionsOf(spaceId: string): Promise<string[]> {
    const rows: { action: string }[] = await this.entries.query(
      'SELECT DISTINCT action FROM audit_log WHERE space_id = $1 ORDER BY action',
      [spaceId],
    );
    return rows.map((row) => row.action);
  }
}
