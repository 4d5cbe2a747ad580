import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ContactFilter } from '../list/contact-filter';
import { contactConditions, type ContactVisibility, SqlParams } from '../list/contact-query';

/**
 * Changes to a whole filtered set, done by Postgres in one statement each (a million
 * contacts never travel through Node), with one timeline entry per contact changed.
 */
@Injectable()
export class BulkChangesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private async run(sql: string, params: SqlParams): Promise<number> {
    const [row] = await this.dataSource.query(sql, params.values);
    return row.count;
  }

  addTag(spaceId: string, filter: ContactFilter, visibility: ContactVisibility, tag: string, actorId: string) {
    const params = new SqlParams();
    const where = contactConditions(spaceId, filter, visibility, params).join(' AND ');
    const [space, tagParam, actor] = [params.bind(spaceId), params.bind(tag), params.bind(actorId)];
    return this.run(
      `WITH changed AS (
         UPDATE contacts SET tags = array_append(tags, ${tagParam}::text), updated_at = now(), updated_by = ${actor}::uuid
         WHERE space_id = ${space}::uuid AND id IN (SELECT c.id FROM contacts c WHERE ${where} AND NOT (${tagParam}::text = ANY(c.tags)))
         RETURNING id),
       logged AS (
         INSERT INTO contact_events (space_id, contact_id, kind, actor_id, details)
         SELECT ${space}::uuid, id, 'tag_added', ${actor}::uuid, jsonb_build_object('tags', jsonb_build_array(${tagParam}::text)) FROM changed
         RETURNING 1)
       SELECT count(*)::int AS count FROM logged`,
      params,
    );
  }

  removeTag(spaceId: string, filter: ContactFilter, visibility: ContactVisibility, tag: string, actorId: string) {
    const params = new SqlParams();
    const where = contactConditions(spaceId, filter, visibility, params).join(' AND ');
    const [space, tagParam, actor] = [params.bind(spaceId), params.bind(tag), params.bind(actorId)];
    return this.run(
      `WITH changed AS (
         UPDATE contacts SET tags = array_remove(tags, ${tagParam}::text), updated_at = now(), updated_by = ${actor}::uuid
         WHERE space_id = ${space}::uuid AND id IN (SELECT c.id FROM contacts c WHERE ${where} AND ${tagParam}::text = ANY(c.tags))
         RETURNING id),
       logged AS (
         INSERT INTO contact_events (space_id, contact_id, kind, actor_id, details)
         SELECT ${space}::uuid, id, 'tag_removed', ${actor}::uuid, jsonb_build_object('tags', jsonb_build_array(${tagParam}::text)) FROM changed
         RETURNING 1)
       SELECT count(*)::int AS count FROM logged`,
      params,
    );
  }

  setLevel(
    spaceId: string,
    filter: ContactFilter,
    visibility: ContactVisibility,
    level: { id: string | null; label: string | null },
    actorId: string,
  ) {
    const params = new SqlParams();
    const where = contactConditions(spaceId, filter, visibility, params).join(' AND ');
    const [space, levelId, levelLabel, actor] = [
      params.bind(spaceId),
      params.bind(level.id),
      params.bind(level.label),
      params.bind(actorId),
    ];
    return this.run(
      `WITH target AS (
         SELECT c.id, c.support_level_id AS previous FROM contacts c
         WHERE ${where} AND c.support_level_id IS DISTINCT FROM ${levelId}::uuid),
       changed AS (
         UPDATE contacts SET support_level_id = ${levelId}::uuid, updated_at = now(), updated_by = ${actor}::uuid
         FROM target WHERE contacts.space_id = ${space}::uuid AND contacts.id = target.id
         RETURNING contacts.id, target.previous),
       logged AS (
         INSERT INTO contact_events (space_id, contact_id, kind, actor_id, details)
         SELECT ${space}::uuid, changed.id, 'level_changed', ${actor}::uuid,
                jsonb_build_object('from', jsonb_build_object('id', changed.previous, 'label', previous.label),
                                   'to', jsonb_build_object('id', ${levelId}::uuid, 'label', ${levelLabel}::text))
         FROM changed LEFT JOIN support_levels previous ON previous.space_id = ${space}::uuid AND previous.id = changed.previous
         RETURNING 1)
       SELECT count(*)::int AS count FROM logged`,
      params,
    );
  }
}
