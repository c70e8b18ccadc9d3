import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@khflow/contracts';
import { ProblemException } from '../common/problem-details.filter';
import { DelegationResolver } from '../directory/delegation-resolver';
import { TokenRevocations } from '../directory/token-revocation';
import { PUBLIC_ROUTE, REQUIRED_ROLES } from './auth.decorators';
import { TOKEN_VERIFIER, type TokenVerifier } from './token-verifier';

/** Global guard: every route needs a valid bearer token unless marked @Public(); @Roles() narrows it further. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    private readonly revocations: TokenRevocations,
    private readonly delegations: DelegationResolver,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const req = ctx.switchToHttp().getRequest();
    const header = req.headers?.authorization;
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : null;
    const verified = token ? await this.verifier.verify(token) : null;
    const user = verified && !(await this.revocations.isRevoked(token!)) ? verified : null; // signed out: revoked
    if (!user) {
      throw new ProblemException({ status: 401, title: 'Unauthenticated', detail: token ? 'the access token is invalid or expired' : 'an Authorization: Bearer token is required' });
    }
    req.user = await this.delegations.actingUser(user, req.headers?.['x-on-behalf-of']); // ủy quyền
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles?.length && !roles.some((r) => user.roles.includes(r))) {
      throw new ProblemException({ status: 403, title: 'Forbidden', detail: `this action needs the role ${roles.join(' or ')}` });
    }
    return true;
  }
}
