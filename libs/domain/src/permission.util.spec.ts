import type { Actor, DirectoryUnit, Role } from '@khflow/contracts';
import { buildOrgIndex } from './org-tree.util';
import { authorize, type Decision, inspectorScopeRoot, type PermissionAction, type PermissionResource, unitRelation, type UnitRelation } from './permission.util';

const unit = (id: string, kind: string, parentId: string | null, reportsToId: string | null = null): DirectoryUnit => ({ id, name: id, kind, parentId, reportsToId, aliases: [] });

// Reporting tree: city ← so_gd ← {so_gd_tt, so_gd_bgd, q1_gd ← q1_thcs_a, q2_gd ← q2_thcs_c}; city ← so_nv ← so_nv_tt;
// city ← q1 (district committee: organisational parent of q1_gd, which reports to so_gd).
const index = buildOrgIndex([
  unit('city', 'city_committee', null),
  unit('so_gd', 'department', 'city'),
  unit('so_gd_tt', 'department_division', 'so_gd'), // Thanh tra Sở GDĐT
  unit('so_gd_bgd', 'department_leadership', 'so_gd'),
  unit('so_nv', 'department', 'city'),
  unit('so_nv_tt', 'department_division', 'so_nv'),
  unit('q1', 'district_committee', 'city'),
  unit('q1_gd', 'district_office', 'q1', 'so_gd'),
  unit('q1_thcs_a', 'school_thcs', 'q1_gd'),
  unit('q2', 'district_committee', 'city'),
  unit('q2_gd', 'district_office', 'q2', 'so_gd'),
  unit('q2_thcs_c', 'school_thcs', 'q2_gd'),
  unit('loose_division', 'department_division', null), // a division without a parent
]);

const actor = (unitId: string, ...roles: Role[]): Actor => ({ userId: `u-${unitId}`, unitId, roles });
const allow = (reason: string): Decision => ({ allow: true, reason });
const deny = (reason: string): Decision => ({ allow: false, reason });

describe('unitRelation', () => {
  it.each<[string, string, UnitRelation]>([
    ['so_gd', 'so_gd', 'same'],
    ['so_gd', 'q1_thcs_a', 'ancestor'],
    ['city', 'q1_thcs_a', 'ancestor'],
    ['q1_gd', 'q1_thcs_a', 'ancestor'],
    ['q1_thcs_a', 'so_gd', 'descendant'],
    ['so_gd_tt', 'city', 'descendant'],
    ['q1', 'q1_gd', 'none'], // the district committee is not on its office's reporting chain
    ['q1', 'q1_thcs_a', 'none'],
    ['q1_gd', 'q2_gd', 'none'], // siblings
    ['so_gd_tt', 'q1_thcs_a', 'none'], // a division is not above the Sở's other units
    ['so_nv', 'so_gd', 'none'],
    ['nope', 'so_gd', 'none'],
    ['nope', 'nope', 'same'],
  ])('%s to %s → %s', (caller, resource, expected) => {
    expect(unitRelation(index, caller, resource)).toBe(expected);
  });
});

describe('inspectorScopeRoot', () => {
  it.each<[string, string]>([
    ['so_gd_tt', 'so_gd'], // a division inspects its Sở
    ['so_gd_bgd', 'so_gd'], // so does the leadership
    ['so_nv_tt', 'so_nv'],
    ['so_gd', 'so_gd'],
    ['q1_gd', 'q1_gd'], // district_office: not a division
    ['q1_thcs_a', 'q1_thcs_a'],
    ['loose_division', 'loose_division'], // no parent to climb to
    ['nope', 'nope'],
  ])('%s → %s', (unitId, expected) => {
    expect(inspectorScopeRoot(index, unitId)).toBe(expected);
  });
});

describe('authorize', () => {
  describe('assignment.read', () => {
    // A school's assignment from a Sở plan, reviewed by its district office.
    const school: PermissionResource = { unitId: 'q1_thcs_a', reviewerUnitId: 'q1_gd', issuerUnitId: 'so_gd' };
    // A coordinating Sở's assignment in a Sở GDĐT plan (outside the issuer's tree).
    const otherSo: PermissionResource = { unitId: 'so_nv', reviewerUnitId: 'so_nv', issuerUnitId: 'so_gd' };

    it.each<[string, Actor, PermissionResource, Decision]>([
      ['admin anywhere', actor('q2_thcs_c', 'admin'), school, allow('admin')],
      ['officer of the assignee', actor('q1_thcs_a', 'officer'), school, allow('own unit')],
      ['a role-less user of the assignee unit', actor('q1_thcs_a'), school, allow('own unit')],
      ['officer of the reviewer unit', actor('q1_gd', 'officer'), school, allow('reviewer unit')],
      ['officer of the Sở above', actor('so_gd', 'officer'), school, allow('a unit above in the reporting chain')],
      ['officer of the city, two levels up', actor('city', 'officer'), school, allow('a unit above in the reporting chain')],
      ['inspector of the Sở', actor('so_gd_tt', 'inspector'), school, allow('inspector in scope')],
      ['inspector of the Sở, coordinating unit of its plan (issuer in scope)', actor('so_gd_tt', 'inspector'), otherSo, allow('inspector in scope')],
      ['plan owner of the issuer, assignee outside its tree', actor('so_gd', 'plan_owner'), otherSo, allow('plan owner of the issuer')],
      // denials
      ['the district committee (not on the reporting chain)', actor('q1', 'supervisor'), school, deny('the assignment belongs to another unit')],
      ['a school of another district', actor('q2_thcs_c', 'officer', 'supervisor'), school, deny('the assignment belongs to another unit')],
      ['a sibling district office', actor('q2_gd', 'supervisor'), school, deny('the assignment belongs to another unit')],
      ['the inspectorate’s unit without the inspector role', actor('so_gd_tt', 'officer'), school, deny('the assignment belongs to another unit')],
      ['an inspector of another Sở', actor('so_nv_tt', 'inspector'), school, deny('the assignment belongs to another unit')],
      ['an officer of the issuer, assignee outside its tree', actor('so_gd', 'officer'), otherSo, deny('the assignment belongs to another unit')],
      ['a plan owner of another unit', actor('q2_gd', 'plan_owner'), otherSo, deny('the assignment belongs to another unit')],
      ['a unit below the assignee', actor('q1_thcs_a', 'officer'), { unitId: 'q1_gd', issuerUnitId: 'so_gd' }, deny('the assignment belongs to another unit')],
      ['an empty resource', actor('so_gd', 'officer', 'inspector', 'plan_owner'), {}, deny('the assignment belongs to another unit')],
    ])('%s', (_label, a, r, expected) => {
      expect(authorize(index, a, 'assignment.read', r)).toEqual(expected);
    });
  });

  describe('assignment.act', () => {
    const r: PermissionResource = { unitId: 'q1_thcs_a', reviewerUnitId: 'q1_gd', issuerUnitId: 'so_gd' };
    it.each<[string, Actor, PermissionResource, Decision]>([
      ['officer of the assignee', actor('q1_thcs_a', 'officer'), r, allow('officer of the assignee unit')],
      ['supervisor of the assignee', actor('q1_thcs_a', 'supervisor'), r, allow('officer of the assignee unit')],
      ['inspector of the assignee unit', actor('q1_thcs_a', 'inspector'), r, deny('an officer or supervisor role is required')],
      ['admin without an officer role', actor('q1_thcs_a', 'admin'), r, deny('an officer or supervisor role is required')],
      ['plan owner of the assignee unit', actor('q1_thcs_a', 'plan_owner'), r, deny('an officer or supervisor role is required')],
      ['no roles', actor('q1_thcs_a'), r, deny('an officer or supervisor role is required')],
      ['officer of the reviewer unit', actor('q1_gd', 'officer'), r, deny('only officers of unit q1_thcs_a act on this assignment')],
      ['supervisor of the Sở above', actor('so_gd', 'supervisor'), r, deny('only officers of unit q1_thcs_a act on this assignment')],
      ['officer, resource without a unit', actor('q1_thcs_a', 'officer'), {}, deny('only officers of unit ? act on this assignment')],
    ])('%s', (_label, a, res, expected) => {
      expect(authorize(index, a, 'assignment.act', res)).toEqual(expected);
    });
  });

  describe('assignment.decide', () => {
    const r: PermissionResource = { unitId: 'q1_thcs_a', reviewerUnitId: 'q1_gd', issuerUnitId: 'so_gd' };
    it.each<[string, Actor, PermissionResource, Decision]>([
      ['supervisor of the reviewer', actor('q1_gd', 'supervisor'), r, allow('supervisor of the reviewer unit')],
      ['officer of the reviewer', actor('q1_gd', 'officer'), r, deny('the supervisor role is required')],
      ['admin of the reviewer', actor('q1_gd', 'admin'), r, deny('the supervisor role is required')],
      ['supervisor of the Sở above the reviewer', actor('so_gd', 'supervisor'), r, deny('only supervisors of unit q1_gd decide on this assignment')],
      ['supervisor of the assignee (no self-approval)', actor('q1_thcs_a', 'supervisor'), r, deny('only supervisors of unit q1_gd decide on this assignment')],
      ['supervisor, resource without a reviewer', actor('q1_gd', 'supervisor'), { unitId: 'q1_thcs_a' }, deny('only supervisors of unit ? decide on this assignment')],
    ])('%s', (_label, a, res, expected) => {
      expect(authorize(index, a, 'assignment.decide', res)).toEqual(expected);
    });
  });

  describe('plan.read', () => {
    const soPlan: PermissionResource = { issuerUnitId: 'so_gd', targetUnitIds: ['q1_gd', 'so_nv'] };
    const districtPlan: PermissionResource = { issuerUnitId: 'q1_gd', targetUnitIds: ['q1_thcs_a'] };
    const districtPlanOfSo: PermissionResource = { issuerUnitId: 'so_gd', targetUnitIds: ['q1_thcs_a'] };
    const soDraft: PermissionResource = { ...soPlan, draft: true };
    it.each<[string, Actor, PermissionResource, Decision]>([
      ['admin', actor('q2_thcs_c', 'admin'), soPlan, allow('admin')],
      ['the issuer', actor('so_gd', 'officer'), soPlan, allow('the issuer')],
      ['a school below a named district office', actor('q1_thcs_a', 'officer'), soPlan, deny('the plan is outside the caller’s scope')],
      ['a district office above a named school', actor('q1_gd', 'officer'), districtPlanOfSo, allow('above a unit the plan names')],
      ['a school below the issuer, not named', actor('q2_thcs_c', 'officer'), soPlan, deny('the plan is outside the caller’s scope')],
      ['the issuer, a draft', actor('so_gd', 'plan_owner'), soDraft, allow('the issuer')],
      ['the inspectorate of the scope, a draft', actor('so_gd_tt', 'inspector'), soDraft, allow('inspector in scope')],
      ['a named unit, a draft', actor('so_nv', 'officer'), soDraft, deny('the plan is a draft of another unit')],
      ['the city above the issuer, a draft', actor('city', 'officer'), soDraft, deny('the plan is a draft of another unit')],
      ['admin, a draft', actor('q2_thcs_c', 'admin'), soDraft, allow('admin')],
      ['the city above the issuer', actor('city', 'officer'), soPlan, allow('above the issuer')],
      ['the Sở above a district plan', actor('so_gd', 'officer'), districtPlan, allow('above the issuer')],
      ['a coordinating Sở named by the plan', actor('so_nv', 'officer'), soPlan, allow('named by the plan')],
      ['named by a plan without an issuer', actor('so_nv'), { targetUnitIds: ['so_nv'] }, allow('named by the plan')],
      ['the Sở inspectorate, district plan', actor('so_gd_tt', 'inspector'), districtPlan, allow('inspector in scope')],
      ['the Sở inspectorate, a city plan giving work to its schools', actor('so_gd_tt', 'inspector'), { issuerUnitId: 'city', targetUnitIds: ['q1_thcs_a'] }, allow('inspector of a unit the plan names')],
      ['the Sở inspectorate, a city draft naming its schools', actor('so_gd_tt', 'inspector'), { issuerUnitId: 'city', targetUnitIds: ['q1_thcs_a'], draft: true }, deny('the plan is a draft of another unit')],
      // denials
      ['the district committee', actor('q1', 'officer'), soPlan, deny('the plan is outside the caller’s scope')],
      ['a sibling district office, district plan', actor('q2_gd', 'officer'), districtPlan, deny('the plan is outside the caller’s scope')],
      ['the Sở inspectorate without the inspector role', actor('so_gd_tt', 'officer'), districtPlan, deny('the plan is outside the caller’s scope')],
      ['another Sở’s inspector, district plan', actor('so_nv_tt', 'inspector'), districtPlan, deny('the plan is outside the caller’s scope')],
      ['an empty resource', actor('so_gd', 'officer', 'inspector'), {}, deny('the plan is outside the caller’s scope')],
    ])('%s', (_label, a, res, expected) => {
      expect(authorize(index, a, 'plan.read', res)).toEqual(expected);
    });
  });

  describe('plan.manage', () => {
    const r: PermissionResource = { issuerUnitId: 'so_gd' };
    it.each<[string, Actor, PermissionResource, Decision]>([
      ['admin (administers, does not act on plans)', actor('q2_thcs_c', 'admin'), r, deny('only plan owners of the issuing unit manage the plan')],
      ['plan owner of the issuer', actor('so_gd', 'plan_owner'), r, allow('plan owner of the issuer')],
      ['plan owner of the city above', actor('city', 'plan_owner'), r, deny('only plan owners of the issuing unit manage the plan')],
      ['plan owner of a unit below', actor('q1_gd', 'plan_owner'), r, deny('only plan owners of the issuing unit manage the plan')],
      ['supervisor of the issuer', actor('so_gd', 'supervisor', 'officer'), r, deny('only plan owners of the issuing unit manage the plan')],
      ['plan owner, plan without an issuer', actor('so_gd', 'plan_owner'), {}, deny('only plan owners of the issuing unit manage the plan')],
    ])('%s', (_label, a, res, expected) => {
      expect(authorize(index, a, 'plan.manage', res)).toEqual(expected);
    });
  });

  describe('audit.read', () => {
    it.each<[string, Actor, PermissionResource, Decision]>([
      ['admin', actor('q2_thcs_c', 'admin'), { unitId: 'so_nv' }, allow('admin')],
      ['Sở inspector, a school below the Sở', actor('so_gd_tt', 'inspector'), { unitId: 'q1_thcs_a' }, allow('inspector in scope')],
      ['Sở inspector, the Sở itself', actor('so_gd_tt', 'inspector'), { unitId: 'so_gd' }, allow('inspector in scope')],
      ['Sở inspector, issued by the Sở', actor('so_gd_tt', 'inspector'), { unitId: 'so_nv', issuerUnitId: 'so_gd' }, allow('inspector in scope')],
      ['district office inspector, its own school', actor('q1_gd', 'inspector'), { unitId: 'q1_thcs_a' }, allow('inspector in scope')],
      // denials
      ['Sở inspector, another Sở', actor('so_gd_tt', 'inspector'), { unitId: 'so_nv' }, deny('an inspector role in scope is required')],
      ['Sở inspector, the city above', actor('so_gd_tt', 'inspector'), { unitId: 'city' }, deny('an inspector role in scope is required')],
      ['district office inspector, another district', actor('q1_gd', 'inspector'), { unitId: 'q2_thcs_c' }, deny('an inspector role in scope is required')],
      ['supervisor of the Sở', actor('so_gd', 'supervisor', 'plan_owner'), { unitId: 'q1_thcs_a' }, deny('an inspector role in scope is required')],
      ['inspector, empty resource', actor('so_gd_tt', 'inspector'), {}, deny('an inspector role in scope is required')],
    ])('%s', (_label, a, res, expected) => {
      expect(authorize(index, a, 'audit.read', res)).toEqual(expected);
    });
  });

  describe('directory.manage', () => {
    it.each<[string, Actor, Decision]>([
      ['admin', actor('city', 'admin'), allow('admin')],
      ['every other role at the top', actor('city', 'officer', 'supervisor', 'inspector', 'plan_owner'), deny('the admin role is required')],
      ['no roles', actor('city'), deny('the admin role is required')],
    ])('%s', (_label, a, expected) => {
      expect(authorize(index, a, 'directory.manage', {})).toEqual(expected);
    });
  });

  it('denies an unknown action by default, even for an admin', () => {
    expect(authorize(index, actor('city', 'admin'), 'plan.delete' as PermissionAction, { issuerUnitId: 'city' })).toEqual(deny('unknown action'));
  });
});
