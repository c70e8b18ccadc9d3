import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor, Role } from '@khflow/contracts';
import { actorOf, type AuthUser } from './auth-user';

export const PUBLIC_ROUTE = 'khflow:public';
export const REQUIRED_ROLES = 'khflow:roles';

/** No token needed (health, login, the OpenAPI page). Every other route needs one: deny by default. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The caller needs one of these roles; the unit scope is then checked against the resource in the service. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => ctx.switchToHttp().getRequest().user);

/** The caller as an Actor for workflow updates and audit entries (with client address and request id). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest();
  return actorOf(req.user, req);
});
