import type { Actor, Role } from '@khflow/contracts';

/** The authenticated caller, as the guard puts it on the request. */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  unitId: string;
  roles: Role[];
  /** Set when a deputy acts for a delegator (X-On-Behalf-Of): unit and roles are then the delegator's. */
  onBehalfOf?: string;
}

export function actorOf(user: AuthUser, req: { ip?: string; id?: string }): Actor {
  return { userId: user.id, unitId: user.unitId, roles: user.roles, displayName: user.displayName, ip: req.ip ?? null, requestId: req.id ?? null, ...(user.onBehalfOf ? { onBehalfOf: user.onBehalfOf } : {}) };
}
