import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Forbidden, NotFound, SignInRequired } from '../errors';
import { ACCESS_METADATA, type AccessRule } from './access.decorators';
import { SpaceDirectory } from './directories';
import { can, moduleOf } from './permissions';

/**
 * Every route says who may call it (`@Public`, `@SignedIn`, `@Staff`, `@Can`); a route that
 * says nothing is refused, so forgetting is never an open door.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly spaces: SpaceDirectory,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    const req = context.switchToHttp().getRequest<Request>();
    if (!rule) throw new Forbidden('route-without-access-rule');
    if (rule.kind === 'public') return true;
    if (!req.user) throw new SignInRequired('sign-in-required');
    if (rule.kind === 'signedIn') return true;
    if (rule.kind === 'staff') {
      const role = req.user.platformRole;
      if (!role || (rule.ownerOnly && role !== 'owner')) throw new Forbidden('staff-only');
      return true;
    }
    const slug = req.params.space;
    const membership = typeof slug === 'string' ? await this.spaces.findMembership(slug, req.user.id) : null;
    // Not a member and no such space answer alike: a slug reveals nothing.
    if (!membership) throw new NotFound('space');
    const module = moduleOf(rule.permission);
    if (module && !membership.space.enabledModules.includes(module)) throw new NotFound('module-off');
    if (!can(membership.role, rule.permission)) throw new Forbidden('permission', 'common:errors.status403.body');
    req.space = membership.space;
    req.membership = membership;
    return true;
  }
}
