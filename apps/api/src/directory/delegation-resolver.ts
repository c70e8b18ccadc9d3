// Ủy quyền: a request carrying `X-On-Behalf-Of: <delegator user id or username>` acts with the delegator's unit
// and roles when a delegation from that user to the caller holds today; the caller stays the actor (userId) and
// every audit entry the action writes says on whose behalf (actor.onBehalfOf).
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { vnDateOf } from '@khflow/domain';
import { activeDelegation, findUser } from '@khflow/persistence';
import { DATA_SOURCE } from '../api.tokens';
import type { AuthUser } from '../auth/auth-user';
import { ProblemException } from '../common/problem-details.filter';

@Injectable()
export class DelegationResolver {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async actingUser(user: AuthUser, header: unknown): Promise<AuthUser> {
    if (header === undefined || header === '') return user;
    const forbidden = (detail: string) => new ProblemException({ status: 403, title: 'Forbidden', detail, errors: [{ field: 'X-On-Behalf-Of', message: detail }] });
    if (typeof header !== 'string' || header.length > 200) throw forbidden('X-On-Behalf-Of must name one user');
    const delegator = await findUser(this.db.manager, header.trim());
    if (!delegator || !delegator.active) throw forbidden(`user ${header} does not exist or is inactive`);
    const d = await activeDelegation(this.db.manager, user.id, delegator.id, vnDateOf(Date.now()));
    if (!d) throw forbidden(`no delegation from ${delegator.username} to you holds today`);
    return { id: user.id, username: user.username, displayName: `${user.displayName} (thay mặt ${delegator.displayName})`, unitId: delegator.unitId, roles: delegator.roles, onBehalfOf: delegator.id };
  }
}
