// Ủy quyền: a delegator names a deputy for a period (validFrom..validTo, both inclusive, Vietnam's calendar dates);
// while it holds, the deputy may act on the delegator's work (X-On-Behalf-Of), audited on their behalf.

/** A delegation as the API answers it: who to whom (ids, usernames for X-On-Behalf-Of, names to show), when, why. */
export interface DelegationView {
  id: string;
  delegatorUserId: string;
  delegatorUsername: string;
  delegatorName: string;
  deputyUserId: string;
  deputyUsername: string;
  deputyName: string;
  /** YYYY-MM-DD, inclusive. */
  validFrom: string;
  /** YYYY-MM-DD, inclusive. */
  validTo: string;
  reason: string;
  createdBy: string;
  /** ISO instant; null while not revoked. */
  revokedAt: string | null;
}

export interface DelegationListResponse {
  items: DelegationView[];
}

/** A person one may name as deputy (GET /delegations/candidates): no roles, no e-mail. */
export interface DeputyCandidateView {
  id: string;
  username: string;
  displayName: string;
  unitId: string;
  unitName: string;
}

export type DelegationState = 'upcoming' | 'active' | 'ended' | 'revoked';

/** Where a delegation stands on a date (YYYY-MM-DD, Vietnam's calendar): a revocation ends it whatever the dates. */
export function delegationState(d: Pick<DelegationView, 'validFrom' | 'validTo' | 'revokedAt'>, today: string): DelegationState {
  if (d.revokedAt) return 'revoked';
  if (today < d.validFrom) return 'upcoming';
  if (today > d.validTo) return 'ended';
  return 'active';
}

/** The delegators a user may act for today: delegations to them that hold, one per delegator. */
export function delegatorsToActFor(items: readonly DelegationView[], userId: string, today: string): DelegationView[] {
  const seen = new Set<string>();
  return items.filter((d) => d.deputyUserId === userId && delegationState(d, today) === 'active' && !seen.has(d.delegatorUserId) && (seen.add(d.delegatorUserId), true));
}
