import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor } from './request-context';

/** The signed-in account (routes marked @SignedIn, @Staff or @Can). */
export const CurrentAccount = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const req = context.switchToHttp().getRequest<Request>();
  if (!req.user) throw new Error('CurrentAccount used on a route that does not require signing in');
  return req.user;
});

/** Who acts, where and as what (routes marked @Can). */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const req = context.switchToHttp().getRequest<Request>();
  if (!req.user || !req.membership) throw new Error('CurrentActor used on a route without @Can');
  return {
    accountId: req.user.id,
    name: req.user.name,
    email: req.user.email,
    spaceId: req.membership.space.id,
    role: req.membership.role,
  };
});
