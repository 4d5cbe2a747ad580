import { Injectable } from '@nestjs/common';
import { AuditService } from '../../shared/audit/audit.service';
import { Events } from '../../shared/events/events';
import type { SessionAccount } from '../../shared/auth/directories';
import { DEFAULT_MODULES, type SpaceModule } from '../../shared/auth/modules';
import type { Actor } from '../../shared/auth/request-context';
import { Conflict, NotFound } from '../../shared/errors';
import type { Language } from '../../shared/i18n/languages';
import { newInviteCode, normaliseInviteCode, slugify } from './space-identifiers';
import type { Space } from './space.entity';
import { SpacesRepository } from './spaces.repository';

export interface SpaceSettings {
  name: string;
  slug: string;
  language: Language;
  contactEmail: string | null;
}

export type JoinResult =
  { kind: 'joined'; space: Space } | { kind: 'alreadyMember'; space: Space } | { kind: 'unknownCode' };

@Injectable()
export class SpacesService {
  constructor(
    private readonly spaces: SpacesRepository,
    private readonly audit: AuditService,
    private readonly events: Events,
  ) {}

  /** A free slug from the wanted one or the name: "colibris", then "colibris-2"… */
  async freeSlug(wanted: string): Promise<string> {
    const base = slugify(wanted);
    for (let suffix = 1; ; suffix++) {
      const candidate = suffix === 1 ? base : `${base.slice(0, 36)}-${suffix}`;
      if (!(await this.spaces.slugTaken(candidate))) return candidate;
    }
  }

  private async freeInviteCode(): Promise<string> {
    for (;;) {
      const code = newInviteCode();
      if (!(await this.spaces.inviteCodeTaken(code))) return code;
    }
  }

  async create(creator: SessionAccount, input: { name: string; slug?: string; language: Language }, ip: string) {
    if (input.slug && (await this.spaces.slugTaken(input.slug))) throw new Conflict('slug-taken');
    const space = await this.spaces.createWithAdmin(
      {
        name: input.name,
        slug: input.slug ?? (await this.freeSlug(input.name)),
        language: input.language,
        contactEmail: creator.email,
        inviteCode: await this.freeInviteCode(),
        enabledModules: [...DEFAULT_MODULES],
        createdBy: creator.id,
      },
      creator.id,
    );
    await this.events.emit('space.created', { spaceId: space.id, language: space.language });
    await this.audit.record({
      spaceId: space.id,
      actor: { id: creator.id, label: creator.email },
      action: 'space.created',
      target: { type: 'space', id: space.id, label: space.name },
      ip,
    });
    return space;
  }

  async get(spaceId: string): Promise<Space> {
    const space = await this.spaces.findById(spaceId);
    if (!space) throw new NotFound('space');
    return space;
  }

  slugTaken(slug: string, exceptSpaceId: string) {
    return this.spaces.slugTaken(slug, exceptSpaceId);
  }

  async updateSettings(actor: Actor, settings: SpaceSettings, ip: string): Promise<Space> {
    const before = await this.get(actor.spaceId);
    if (await this.spaces.slugTaken(settings.slug, actor.spaceId)) throw new Conflict('slug-taken');
    await this.spaces.update(actor.spaceId, settings);
    const changed = (Object.keys(settings) as (keyof SpaceSettings)[]).filter((key) => before[key] !== settings[key]);
    if (changed.length > 0) {
      await this.audit.recordAct(
        actor,
        'space.settings_changed',
        { type: 'space', id: actor.spaceId, label: settings.name },
        ip,
        { changed },
      );
    }
    return this.get(actor.spaceId);
  }

  /** Turns modules on and off; by support staff too (then marked as such in the log). */
  async setModules(
    spaceId: string,
    modules: SpaceModule[],
    by: { id: string; label: string; bySupport: boolean },
    ip: string,
  ): Promise<void> {
    const before = await this.get(spaceId);
    const enabled = modules.filter((module) => !before.enabledModules.includes(module));
    const disabled = before.enabledModules.filter((module) => !modules.includes(module));
    if (enabled.length === 0 && disabled.length === 0) return;
    await this.spaces.update(spaceId, { enabledModules: modules });
    await this.audit.record({
      spaceId,
      actor: { id: by.id, label: by.label },
      bySupport: by.bySupport,
      action: 'space.modules_changed',
      target: { type: 'space', id: spaceId, label: before.name },
      details: { enabled, disabled },
      ip,
    });
  }

  /** A new code; invitations already sent by mail keep working (they carry their own token). */
  async regenerateInviteCode(actor: Actor, ip: string): Promise<string> {
    const inviteCode = await this.freeInviteCode();
    await this.spaces.update(actor.spaceId, { inviteCode });
    await this.audit.recordAct(actor, 'space.invite_code_regenerated', { type: 'space', id: actor.spaceId }, ip);
    return inviteCode;
  }

  async inviteCodeExists(typedCode: string): Promise<boolean> {
    return !!(await this.spaces.findByInviteCode(normaliseInviteCode(typedCode)));
  }

  /** Joining with the space's code gives the member role. */
  async joinWithCode(
    account: SessionAccount | { id: string; email: string },
    typedCode: string,
    ip: string,
  ): Promise<JoinResult> {
    const space = await this.spaces.findByInviteCode(normaliseInviteCode(typedCode));
    if (!space) return { kind: 'unknownCode' };
    if (await this.spaces.findMembership(space.id, account.id)) return { kind: 'alreadyMember', space };
    await this.spaces.addMember(space.id, account.id, 'member', 'code');
    await this.audit.record({
      spaceId: space.id,
      actor: { id: account.id, label: account.email },
      action: 'member.joined',
      target: { type: 'account', id: account.id, label: account.email },
      details: { via: 'code', role: 'member' },
      ip,
    });
    return { kind: 'joined', space };
  }
}
