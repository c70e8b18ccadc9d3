import type { DirectoryUnit } from '@khflow/contracts';
import { readDirectoryCsv } from './directory-file.codec';
import { parseDirectorySheets, parseDateCell } from './directory-import.validator';
import { demoDirectoryVersions, demoReorganisation2025 } from './demo-reorganisation-2025';
import { DEMO_UNITS } from './demo-directory';
import { planReorganisation } from './reorganisation.planner';
import { planWorkMoves, type OpenWork } from './reorganisation-moves.util';
import { changeFrom, endFrom, unitsAsOf, versionOn } from './unit-versions.util';

const u = (id: string, up: string | null, extra: Partial<DirectoryUnit> = {}): DirectoryUnit => ({ id, name: id, kind: 'school_thcs', parentId: up, reportsToId: up, aliases: [], ...extra });

describe('unit versions', () => {
  const v = [u('s', 'pgd')];
  it.each([
    ['2025-06-30', 'pgd'],
    ['2025-07-01', 'xa'],
    ['2030-01-01', 'xa'],
  ])('a move effective 2025-07-01 leaves earlier dates alone (%s → %s)', (date, parent) => {
    const next = changeFrom(v, '2025-07-01', { parentId: 'xa', reportsToId: 'xa' })!;
    expect(next).toHaveLength(2);
    expect(versionOn(next, date)!.parentId).toBe(parent);
  });
  it('ends a unit on a date with its successor, and says when it does not exist', () => {
    const next = endFrom(v, '2025-07-01', 'x1')!;
    expect(next).toEqual([{ ...v[0], validTo: '2025-07-01', successorId: 'x1' }]);
    expect(versionOn(next, '2025-07-01')).toBeNull();
    expect(endFrom(next, '2026-01-01', null)).toBeNull();
    expect(unitsAsOf(next, '2026-01-01', 'active')).toEqual([]);
    expect(unitsAsOf(next, '2026-01-01', 'all')[0].successorId).toBe('x1');
  });
});

describe('directory import validation', () => {
  const csv = (text: string) => parseDirectorySheets(readDirectoryCsv(Buffer.from(text)), { units: [] }).problems.map((p) => `${p.row}:${p.column}:${p.message.split(' ').slice(0, 2).join(' ')}`);
  it.each([
    ['id,name,kind\na,A,city_committee\nb,B,school_thcs\n', []],
    ['id,name,kind\na,A,nonsense\n', ['2:kind:unknown kind']],
    ['id,name,kind,parent_id\na,A,city_committee,b\nb,B,department,a\n', ['2:parent_id:cycle a']],
    ['id,name,kind\na,A,city_committee\na,A2,city_committee\n', ['3:id:duplicate id']],
    ['id,name,kind,parent_id\na,A,city_committee,zz\n', ['2:parent_id:unit "zz"']],
    ['id,name,kind,valid_from\na,A,city_committee,31/02/2025\n', ['2:valid_from:"31/02/2025" is']],
    ['id,name,kind,valid_from,valid_to\na,A,commune,,2025-07-01\na,A2,commune,2025-07-01,\n', []],
  ])('%j → %j', (text, expected) => expect(csv(text)).toEqual(expected));
  it('reads Vietnamese dates', () => {
    expect(parseDateCell('1/7/2025')).toBe('2025-07-01');
    expect(parseDateCell('2025-13-01')).toBeUndefined();
  });
});

describe('reorganisation', () => {
  it('builds the two-level Hải Phòng from the four-level one: schools under communes, district offices gone', () => {
    const rows = demoDirectoryVersions();
    const after = new Map(unitsAsOf(rows, '2025-07-01', 'active').map((x) => [x.id, x]));
    const before = new Map(unitsAsOf(rows, '2025-06-30', 'active').map((x) => [x.id, x]));
    expect(before.get('hp-thcs-lechan-1')!.reportsToId).toBe('hp-pgd-lechan');
    expect(after.get('hp-thcs-lechan-1')!.reportsToId).toMatch(/^hp-xa-lechan-/);
    expect(after.has('hp-pgd-lechan')).toBe(false);
    expect(after.get('hp-thpt-tranphu')!.reportsToId).toBe('hp-sgddt');
    expect(new Set(DEMO_UNITS.filter((x) => x.parentId === 'hp-pgd-lechan' && x.kind.startsWith('school_')).map((x) => after.get(x.id)!.parentId)).size).toBeGreaterThan(1);
    expect(demoReorganisation2025().operations.length).toBeGreaterThan(50);
  });
  it.each([
    [{ type: 'merge', unitIds: ['nowhere'], into: 'a' }, 'operations[0].unitIds[0]'],
    [{ type: 'move', unitId: 'a', parentId: 's' }, 'operations'],
  ] as const)('refuses %j naming %s', (op, field) => {
    const rows = [u('a', null, { kind: 'department' }), u('s', 'a')];
    expect(planReorganisation(rows, { effectiveFrom: '2025-07-01', reason: 'x', operations: [op as never] }).problems[0].field).toBe(field);
  });
  it('moves each open assignment once: to the successor, the commune now responsible, or merged into the same work', () => {
    const goners = new Map([['pgd', ['x1', 'x2']], ['b', ['c']]]);
    const up = (id: string) => ({ s1: 'x1', s2: 'x2' })[id] ?? null;
    const w = (id: string, unitId: string, reviewerUnitId: string, kind: OpenWork['kind'] = 'lead', expected: string[] = []): OpenWork => ({ id, workflowId: `wf-${id}`, planId: 'pl', taskId: 't', periodKey: 'p', unitId, reviewerUnitId, kind, expected });
    const { moves } = planWorkMoves([w('1', 's1', 'pgd'), w('2', 's2', 'pgd'), w('3', 'pgd', 'sgd', 'consolidation', ['s1', 's2']), w('4', 'sgd', 'ubnd', 'consolidation', ['pgd']), w('5', 'b', 'sgd'), w('6', 'c', 'sgd')], goners, up);
    expect(moves.map((m) => `${m.assignmentId}:${m.action}:${m.fromUnitId}>${m.toUnitId}`).sort()).toEqual(['1:reassign:pgd>x1', '2:reassign:pgd>x2', '3:reassign:pgd>x1', '4:reassign:pgd>x1', '5:merge_into:b>c']);
    // The district office's consolidation is split: x1 keeps s1's report, x2 gets a share for s2, s2 reports to
    // that share, and the level above awaits both communes.
    const by = (id: string) => moves.find((m) => m.assignmentId === id)!;
    expect(by('3').shares).toEqual([{ unitId: 'x2', workflowId: 'asg:pl:t:p:x2', expected: ['s2'] }]);
    expect(by('2').reportToWorkflowId).toBe('asg:pl:t:p:x2');
    expect(by('1').reportToWorkflowId).toBeUndefined();
    expect(by('4').toUnitIds).toEqual(['x1', 'x2']);
  });
  it.each([
    ['one successor: nothing to split', new Map([['pgd', ['x1']]]), (id: string) => ({ s1: 'x1', s2: 'x1' })[id] ?? null, undefined],
    ['every reporter under the first successor', new Map([['pgd', ['x1', 'x2']]]), (id: string) => ({ s1: 'x1', s2: 'x1' })[id] ?? null, undefined],
    ['a reporter under no successor stays with the first', new Map([['pgd', ['x1', 'x2']]]), (id: string) => ({ s1: 'x2', s2: 'elsewhere' })[id] ?? null, [{ unitId: 'x2', workflowId: 'asg:pl:t:p:x2', expected: ['s1'] }]],
  ])('splits a consolidation only where reporters answer to other successors: %s', (_what, goners, up, shares) => {
    const c: OpenWork = { id: 'c', workflowId: 'wf-c', planId: 'pl', taskId: 't', periodKey: 'p', unitId: 'pgd', reviewerUnitId: 'sgd', kind: 'consolidation', expected: ['s1', 's2'] };
    const { moves } = planWorkMoves([c], goners, up);
    expect(moves).toEqual([{ assignmentId: 'c', workflowId: 'wf-c', action: 'reassign', fromUnitId: 'pgd', toUnitId: 'x1', intoAssignmentId: null, ...(shares ? { shares } : {}) }]);
  });
});
