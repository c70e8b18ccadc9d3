import type { Actor } from '@khflow/contracts';
import { bodyOfDivision, type OrgIndex, reportingChain } from './org-tree.util';

export type UnitRelation = 'same' | 'ancestor' | 'descendant' | 'none';

/** How the caller's unit stands to a resource's unit in the reporting tree ('ancestor': the caller is above). */
export function unitRelation(index: OrgIndex, callerUnitId: string, resourceUnitId: string): UnitRelation {
  if (callerUnitId === resourceUnitId) return 'same';
  if (reportingChain(index, resourceUnitId).includes(callerUnitId)) return 'ancestor';
  if (reportingChain(index, callerUnitId).includes(resourceUnitId)) return 'descendant';
  return 'none';
}

/** An inspectorate sits inside the body it inspects (Thanh tra Sở inspects the Sở and all below it). */
export function inspectorScopeRoot(index: OrgIndex, unitId: string): string {
  return bodyOfDivision(index, unitId) ?? unitId;
}

export type PermissionAction = 'assignment.read' | 'assignment.act' | 'assignment.decide' | 'plan.read' | 'plan.manage' | 'audit.read' | 'directory.manage';

export interface PermissionResource {
  unitId?: string;
  reviewerUnitId?: string;
  issuerUnitId?: string;
  targetUnitIds?: string[];
  /** The plan is an unlaunched draft: only its owner unit (and inspectors of its scope) may see it. */
  draft?: boolean;
}

export interface Decision {
  allow: boolean;
  reason: string;
}

const allow = (reason: string): Decision => ({ allow: true, reason });
const deny = (reason: string): Decision => ({ allow: false, reason });

function inScope(index: OrgIndex, actor: Actor, unitId: string | undefined): boolean {
  if (!unitId) return false;
  const root = inspectorScopeRoot(index, actor.unitId);
  const rel = unitRelation(index, root, unitId);
  return rel === 'same' || rel === 'ancestor';
}

/**
 * Who acts on and who decides on an assignment: the one rule used by the API's pre-check (authorize) and by the
 * assignment decider (which decides again on the workflow's own state, so a stale read model cannot let anyone in).
 */
export function assignmentActorRule(actor: Pick<Actor, 'unitId' | 'roles'>, who: 'act' | 'decide', r: { unitId?: string; reviewerUnitId?: string }): Decision {
  const has = (role: string) => actor.roles.includes(role as Actor['roles'][number]);
  if (who === 'act') {
    if (!has('officer') && !has('supervisor')) return deny('an officer or supervisor role is required');
    return r.unitId && actor.unitId === r.unitId ? allow('officer of the assignee unit') : deny(`only officers of unit ${r.unitId ?? '?'} act on this assignment`);
  }
  if (!has('supervisor')) return deny('the supervisor role is required');
  return r.reviewerUnitId && actor.unitId === r.reviewerUnitId ? allow('supervisor of the reviewer unit') : deny(`only supervisors of unit ${r.reviewerUnitId ?? '?'} decide on this assignment`);
}

/** Deny by default: each action states who may do it, relative to the resource's units. */
export function authorize(index: OrgIndex, actor: Actor, action: PermissionAction, r: PermissionResource): Decision {
  const has = (role: string) => actor.roles.includes(role as Actor['roles'][number]);
  switch (action) {
    case 'assignment.read': {
      if (has('admin')) return allow('admin');
      if (r.unitId && actor.unitId === r.unitId) return allow('own unit');
      if (r.reviewerUnitId && actor.unitId === r.reviewerUnitId) return allow('reviewer unit');
      if (r.unitId && unitRelation(index, actor.unitId, r.unitId) === 'ancestor') return allow('a unit above in the reporting chain');
      if (has('inspector') && (inScope(index, actor, r.unitId) || inScope(index, actor, r.issuerUnitId))) return allow('inspector in scope');
      if (has('plan_owner') && r.issuerUnitId && actor.unitId === r.issuerUnitId) return allow('plan owner of the issuer');
      return deny('the assignment belongs to another unit');
    }
    case 'assignment.act':
      return assignmentActorRule(actor, 'act', r);
    case 'assignment.decide':
      return assignmentActorRule(actor, 'decide', r);
    case 'plan.read': {
      // A plan and its progress: the issuer, the units in it, those above them in the reporting chain, inspectors
      // of the scope, administrators. A draft is still the owner unit's working paper.
      if (has('admin')) return allow('admin');
      if (r.issuerUnitId && actor.unitId === r.issuerUnitId) return allow('the issuer');
      if (has('inspector') && inScope(index, actor, r.issuerUnitId)) return allow('inspector in scope');
      if (r.draft) return deny('the plan is a draft of another unit');
      if (r.issuerUnitId && unitRelation(index, actor.unitId, r.issuerUnitId) === 'ancestor') return allow('above the issuer');
      if (r.targetUnitIds?.includes(actor.unitId)) return allow('named by the plan');
      if (r.targetUnitIds?.some((t) => unitRelation(index, actor.unitId, t) === 'ancestor')) return allow('above a unit the plan names');
      // Inspectors of the scope: also a launched plan of a higher body that gives work to units they inspect.
      if (has('inspector') && r.targetUnitIds?.some((t) => inScope(index, actor, t))) return allow('inspector of a unit the plan names');
      return deny('the plan is outside the caller’s scope');
    }
    case 'plan.manage':
      // Administrators administer the system and read plans, but do not draft, launch, amend or close them.
      return has('plan_owner') && r.issuerUnitId === actor.unitId ? allow('plan owner of the issuer') : deny('only plan owners of the issuing unit manage the plan');
    case 'audit.read':
      if (has('admin')) return allow('admin');
      return has('inspector') && (inScope(index, actor, r.unitId) || inScope(index, actor, r.issuerUnitId)) ? allow('inspector in scope') : deny('an inspector role in scope is required');
    case 'directory.manage':
      return has('admin') ? allow('admin') : deny('the admin role is required');
  }
  return deny('unknown action');
}
