import type { DirectoryUnit, NodeChild, TargetSpec } from '@khflow/contracts';
import { buildFanOutTree, buildOrgIndex, consolidationPath, currentSuccessor, expandTarget, fanOutChildren, isActiveOn, reportingChain, reportingSubtree, upOf } from './org-tree.util';

const unit = (id: string, kind: string, parentId: string | null, extra: Partial<DirectoryUnit> = {}): DirectoryUnit => ({
  id,
  name: id,
  kind,
  parentId,
  reportsToId: null,
  aliases: [],
  ...extra,
});

// A small city directory. District education offices (Phòng GDĐT) sit under their district committee but report
// professionally to the Sở GDĐT — so the reporting tree differs from the organisational one.
const UNITS: DirectoryUnit[] = [
  unit('city', 'city_committee', null),
  unit('so_gd', 'department', 'city'),
  unit('so_gd_vp', 'department_division', 'so_gd'),
  unit('so_gd_tt', 'department_division', 'so_gd'),
  unit('so_nv', 'department', 'city'),
  unit('q1', 'district_committee', 'city'),
  unit('q1_gd', 'district_office', 'q1', { reportsToId: 'so_gd' }),
  unit('q1_thcs_a', 'school_thcs', 'q1_gd'),
  unit('q1_th_b', 'school_th', 'q1_gd'),
  unit('q2', 'district_committee', 'city'),
  unit('q2_gd', 'district_office', 'q2', { reportsToId: 'so_gd' }),
  unit('q2_thcs_c', 'school_thcs', 'q2_gd'),
  unit('q2_thcs_new', 'school_thcs', 'q2_gd', { validFrom: '2025-09-01' }), // opens next school year
  unit('thpt_x', 'school_thpt', 'so_gd'),
  // Quận 9 merged into Thủ Đức on 2021-01-01 (validTo is exclusive).
  unit('q9_gd', 'district_office', null, { reportsToId: 'so_gd', validTo: '2021-01-01', successorId: 'td_gd' }),
  unit('td_gd', 'district_office', null, { reportsToId: 'so_gd', validFrom: '2021-01-01' }),
  // A two-step merger: old_gd → mid_gd → td_gd.
  unit('old_gd', 'district_office', null, { reportsToId: 'so_gd', validTo: '2019-01-01', successorId: 'mid_gd' }),
  unit('mid_gd', 'district_office', null, { reportsToId: 'so_gd', validFrom: '2019-01-01', validTo: '2021-01-01', successorId: 'td_gd' }),
  // Broken data: a reporting cycle, a successor cycle, and a unit whose parent is missing.
  unit('cyc_a', 'agency', null, { reportsToId: 'cyc_b' }),
  unit('cyc_b', 'agency', null, { reportsToId: 'cyc_a' }),
  unit('m1', 'agency', null, { validTo: '2020-01-01', successorId: 'm2' }),
  unit('m2', 'agency', null, { validTo: '2020-01-01', successorId: 'm1' }),
  unit('orphan', 'agency', 'ghost'),
];
const index = buildOrgIndex(UNITS);
const byId = (id: string) => UNITS.find((u) => u.id === id)!;

describe('upOf', () => {
  it.each<[string, DirectoryUnit | undefined, string | null]>([
    ['undefined unit', undefined, null],
    ['reportsToId wins over parentId', unit('x', 'district_office', 'q1', { reportsToId: 'so_gd' }), 'so_gd'],
    ['falls back to parentId', unit('x', 'school_thcs', 'q1_gd'), 'q1_gd'],
    ['top of the tree', unit('x', 'city_committee', null), null],
    ['reportsToId without a parent', unit('x', 'agency', null, { reportsToId: 'city' }), 'city'],
  ])('%s → %s', (_label, u, expected) => {
    expect(upOf(u)).toBe(expected);
  });
});

describe('buildOrgIndex', () => {
  it('indexes every unit by id', () => {
    expect(index.byId.size).toBe(UNITS.length);
    expect(index.byId.get('q1_gd')).toBe(byId('q1_gd'));
  });

  it.each<[string, string[] | undefined]>([
    ['city', ['so_gd', 'so_nv', 'q1', 'q2']],
    ['so_gd', ['so_gd_vp', 'so_gd_tt', 'q1_gd', 'q2_gd', 'thpt_x', 'q9_gd', 'td_gd', 'old_gd', 'mid_gd']],
    ['q1_gd', ['q1_thcs_a', 'q1_th_b']],
    ['q1', undefined], // the district committee is the organisational parent only
    ['thpt_x', undefined],
    ['cyc_a', ['cyc_b']],
    ['ghost', ['orphan']], // kept even though the target is not in the directory
  ])('units reporting to %s: %j', (id, expected) => {
    expect(index.reports.get(id)).toEqual(expected);
  });
});

describe('reportingChain', () => {
  it.each<[string, string[]]>([
    ['q1_thcs_a', ['q1_thcs_a', 'q1_gd', 'so_gd', 'city']], // via reportsToId, not via q1
    ['q1_gd', ['q1_gd', 'so_gd', 'city']],
    ['so_gd_tt', ['so_gd_tt', 'so_gd', 'city']],
    ['city', ['city']],
    ['nope', []],
    ['cyc_a', ['cyc_a', 'cyc_b']], // the cycle is cut
    ['cyc_b', ['cyc_b', 'cyc_a']],
    ['orphan', ['orphan']], // stops at a parent that is not in the directory
  ])('%s → %j', (id, expected) => {
    expect(reportingChain(index, id)).toEqual(expected);
  });
});

describe('isActiveOn', () => {
  it.each<[string, Partial<DirectoryUnit>, string, boolean]>([
    ['no bounds', {}, '1990-01-01', true],
    ['null bounds', { validFrom: null, validTo: null }, '2024-01-01', true],
    ['day before validFrom', { validFrom: '2021-01-01' }, '2020-12-31', false],
    ['on validFrom (inclusive)', { validFrom: '2021-01-01' }, '2021-01-01', true],
    ['day before validTo', { validTo: '2021-01-01' }, '2020-12-31', true],
    ['on validTo (exclusive)', { validTo: '2021-01-01' }, '2021-01-01', false],
    ['inside a window', { validFrom: '2019-01-01', validTo: '2021-01-01' }, '2020-02-29', true],
    ['after a window', { validFrom: '2019-01-01', validTo: '2021-01-01' }, '2024-01-01', false],
  ])('%s on %s', (_label, extra, date, expected) => {
    expect(isActiveOn(unit('x', 'agency', null, extra), date)).toBe(expected);
  });
});

describe('currentSuccessor', () => {
  it.each<[string, string, string]>([
    ['q9_gd', '2020-12-31', 'q9_gd'], // still active on its last day
    ['q9_gd', '2021-01-01', 'td_gd'], // merged
    ['old_gd', '2018-06-01', 'old_gd'],
    ['old_gd', '2020-06-01', 'mid_gd'], // one step
    ['old_gd', '2024-06-01', 'td_gd'], // two steps
    ['q1_gd', '2024-06-01', 'q1_gd'], // active units are their own successor
    ['q2_thcs_new', '2024-06-01', 'q2_thcs_new'], // inactive without a successor
    ['nope', '2024-06-01', 'nope'],
    ['m1', '2024-06-01', 'm1'], // successor cycle terminates
    ['m2', '2024-06-01', 'm2'],
  ])('%s on %s → %s', (id, date, expected) => {
    expect(currentSuccessor(index, id, date)).toBe(expected);
  });
});

describe('reportingSubtree', () => {
  it.each<[string, 'children' | 'descendants' | undefined, string[]]>([
    ['q1_gd', undefined, ['q1_thcs_a', 'q1_th_b']],
    ['q2_gd', 'descendants', ['q2_thcs_c', 'q2_thcs_new']],
    ['so_gd', 'children', ['so_gd_vp', 'so_gd_tt', 'q1_gd', 'q2_gd', 'thpt_x', 'q9_gd', 'td_gd', 'old_gd', 'mid_gd']],
    // breadth-first: all children before any grandchild
    ['so_gd', 'descendants', ['so_gd_vp', 'so_gd_tt', 'q1_gd', 'q2_gd', 'thpt_x', 'q9_gd', 'td_gd', 'old_gd', 'mid_gd', 'q1_thcs_a', 'q1_th_b', 'q2_thcs_c', 'q2_thcs_new']],
    ['city', 'children', ['so_gd', 'so_nv', 'q1', 'q2']],
    ['q1', 'descendants', []], // the district committee has nothing in its reporting subtree
    ['thpt_x', 'descendants', []],
    ['nope', 'descendants', []],
    ['cyc_a', 'descendants', ['cyc_b']], // root excluded, cycle cut
  ])('below %s (%s) → %j', (root, depth, expected) => {
    expect(reportingSubtree(index, root, depth)).toEqual(expected);
  });

  it('covers the whole city below the top', () => {
    const all = reportingSubtree(index, 'city');
    expect(all).toHaveLength(17);
    expect(all).not.toContain('city');
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('expandTarget', () => {
  it.each<[string, TargetSpec, string, string, string[]]>([
    ['a named unit', { unitId: 'q1_gd' }, 'so_gd', '2024-06-01', ['q1_gd']],
    ['a named unit outside the issuer’s tree', { unitId: 'so_nv' }, 'so_gd', '2024-06-01', ['so_nv']],
    ['a merged unit resolves to its successor', { unitId: 'q9_gd' }, 'so_gd', '2024-06-01', ['td_gd']],
    ['a merged unit before the merger', { unitId: 'q9_gd' }, 'so_gd', '2020-06-01', ['q9_gd']],
    ['an unknown unit', { unitId: 'nope' }, 'so_gd', '2024-06-01', []],
    ['unitId wins over a group', { unitId: 'q1_gd', group: { kinds: ['school_thcs'] } }, 'so_gd', '2024-06-01', ['q1_gd']],
    ['neither unit nor group', { text: 'các đơn vị liên quan' }, 'so_gd', '2024-06-01', []],
    ['null unit and group', { unitId: null, group: null }, 'so_gd', '2024-06-01', []],
    // groups
    ['district offices of the Sở, today', { group: { kinds: ['district_office'] } }, 'so_gd', '2024-06-01', ['q1_gd', 'q2_gd', 'td_gd']],
    ['district offices of the Sở, 2020', { group: { kinds: ['district_office'] } }, 'so_gd', '2020-06-01', ['mid_gd', 'q1_gd', 'q2_gd', 'q9_gd']],
    ['district offices of the Sở, 2018', { group: { kinds: ['district_office'] } }, 'so_gd', '2018-06-01', ['old_gd', 'q1_gd', 'q2_gd', 'q9_gd']],
    ['lower-secondary schools, before the new school opens', { group: { kinds: ['school_thcs'] } }, 'so_gd', '2025-08-31', ['q1_thcs_a', 'q2_thcs_c']],
    ['lower-secondary schools, on the opening day', { group: { kinds: ['school_thcs'] } }, 'so_gd', '2025-09-01', ['q1_thcs_a', 'q2_thcs_c', 'q2_thcs_new']],
    ['two kinds under a named unit, sorted', { group: { kinds: ['school_thcs', 'school_th'], underUnitId: 'q1_gd' } }, 'so_gd', '2024-06-01', ['q1_th_b', 'q1_thcs_a']],
    ['null underUnitId falls back to the issuer', { group: { kinds: ['school_thcs'], underUnitId: null } }, 'q2_gd', '2024-06-01', ['q2_thcs_c']],
    ['children only: schools are grandchildren of the Sở', { group: { kinds: ['school_thcs'], depth: 'children' } }, 'so_gd', '2024-06-01', []],
    ['children only: high schools report to the Sở directly', { group: { kinds: ['school_thpt'], depth: 'children' } }, 'so_gd', '2024-06-01', ['thpt_x']],
    ['empty kinds = any kind, direct reports', { group: { kinds: [], depth: 'children' } }, 'q1_gd', '2024-06-01', ['q1_th_b', 'q1_thcs_a']],
    ['absent kinds = any kind, direct active reports of the city', { group: { depth: 'children' } }, 'city', '2024-06-01', ['q1', 'q2', 'so_gd', 'so_nv']],
    ['departments under the city', { group: { kinds: ['department'], underUnitId: 'city' } }, 'so_gd', '2024-06-01', ['so_gd', 'so_nv']],
    ['the district committee has no schools in its reporting subtree', { group: { kinds: ['school_thcs'] } }, 'q1', '2024-06-01', []],
    ['a kind nobody has', { group: { kinds: ['university'] } }, 'city', '2024-06-01', []],
  ])('%s', (_label, target, issuer, date, expected) => {
    expect(expandTarget(index, target, issuer, date)).toEqual(expected);
  });
});

describe('buildFanOutTree', () => {
  const child = (unitId: string, isTarget: boolean, hasTargetsBelow: boolean): NodeChild => ({ unitId, isTarget, hasTargetsBelow });

  it.each<[string, string, string[], [string, NodeChild[]][]]>([
    ['no targets', 'so_gd', [], []],
    ['only the root itself is ignored', 'so_gd', ['so_gd'], []],
    [
      'a school, an office and a high school under the Sở',
      'so_gd',
      ['q1_thcs_a', 'q2_gd', 'thpt_x'],
      [
        ['q1_gd', [child('q1_thcs_a', true, false)]],
        ['so_gd', [child('q1_gd', false, true), child('q2_gd', true, false), child('thpt_x', true, false)]],
      ],
    ],
    [
      'two schools share the path through their office',
      'so_gd',
      ['q1_thcs_a', 'q1_th_b'],
      [
        ['q1_gd', [child('q1_th_b', true, false), child('q1_thcs_a', true, false)]],
        ['so_gd', [child('q1_gd', false, true)]],
      ],
    ],
    [
      'a unit that is both a target and on the path to one',
      'so_gd',
      ['q1_thcs_a', 'q1_gd'],
      [
        ['q1_gd', [child('q1_thcs_a', true, false)]],
        ['so_gd', [child('q1_gd', true, true)]],
      ],
    ],
    [
      'a target outside the issuer’s tree hangs directly under the root',
      'so_gd',
      ['so_nv', 'q2_gd'],
      [['so_gd', [child('q2_gd', true, false), child('so_nv', true, false)]]],
    ],
    [
      'rooted at the city, a school gets the whole chain',
      'city',
      ['q2_thcs_c'],
      [
        ['q2_gd', [child('q2_thcs_c', true, false)]],
        ['so_gd', [child('q2_gd', false, true)]],
        ['city', [child('so_gd', false, true)]],
      ],
    ],
    [
      'a division issuing for its Sở: schools report through their office and the Sở, which reports to the division',
      'so_gd_vp',
      ['q1_thcs_a', 'thpt_x'],
      [
        ['q1_gd', [child('q1_thcs_a', true, false)]],
        ['so_gd', [child('q1_gd', false, true), child('thpt_x', true, false)]],
        ['so_gd_vp', [child('so_gd', false, true)]],
      ],
    ],
    ['a division issuing for its Sở: a sibling division reports to it directly', 'so_gd_vp', ['so_gd_tt'], [['so_gd_vp', [child('so_gd_tt', true, false)]]]],
    ['a division issuing for its Sở: another Sở still hangs under the issuer', 'so_gd_vp', ['so_nv'], [['so_gd_vp', [child('so_nv', true, false)]]]],
    ['an unknown target hangs under the root', 'so_gd', ['nope'], [['so_gd', [child('nope', true, false)]]]],
    ['duplicated targets appear once', 'so_gd', ['thpt_x', 'thpt_x'], [['so_gd', [child('thpt_x', true, false)]]]],
  ])('%s', (_label, root, targets, expected) => {
    const tree = buildFanOutTree(index, root, targets);
    expect(Object.fromEntries(tree)).toEqual(Object.fromEntries(expected));
  });

  it('is independent of the order of the targets', () => {
    const a = buildFanOutTree(index, 'city', ['q1_thcs_a', 'q1_gd', 'so_nv', 'q2_thcs_c']);
    const b = buildFanOutTree(index, 'city', ['q2_thcs_c', 'so_nv', 'q1_gd', 'q1_thcs_a']);
    expect(Object.fromEntries(a)).toEqual(Object.fromEntries(b));
  });
});

describe('fanOutChildren', () => {
  const targets = ['q1_thcs_a', 'q1_th_b', 'q2_gd'];
  it.each<[string, string[]]>([
    ['so_gd', ['q1_gd', 'q2_gd']],
    ['q1_gd', ['q1_th_b', 'q1_thcs_a']],
    ['q2_gd', []], // a leaf target
    ['so_nv', []], // not in the tree
  ])('children of %s → %j', (node, expected) => {
    expect(fanOutChildren(index, node, 'so_gd', targets).map((c) => c.unitId)).toEqual(expected);
  });
});

describe('consolidationPath', () => {
  it.each<[string, string, string[]]>([
    ['q1_thcs_a', 'so_gd', ['q1_thcs_a', 'q1_gd']],
    ['q1_thcs_a', 'city', ['q1_thcs_a', 'q1_gd', 'so_gd']],
    ['q1_gd', 'so_gd', ['q1_gd']],
    ['so_gd', 'so_gd', []], // the root consolidates nothing for itself
    ['so_nv', 'so_gd', ['so_nv']], // outside the root's tree: only itself
    ['q1_thcs_a', 'q1', ['q1_thcs_a']], // q1 is not on the reporting chain
    ['nope', 'so_gd', ['nope']],
    ['q1_thcs_a', 'so_gd_vp', ['q1_thcs_a', 'q1_gd', 'so_gd']], // issued by a division of the Sở: through the Sở
    ['so_gd_tt', 'so_gd_vp', ['so_gd_tt']], // a sibling division
  ])('%s up to %s → %j', (id, root, expected) => {
    expect(consolidationPath(index, id, root)).toEqual(expected);
  });
});
