import { planWorkMoves, type OpenWork, type WorkMove } from './reorganisation-moves.util';

// A successor consolidates a task and period once: merging consolidating units, merging into a unit that already
// consolidates, or splitting into one, never leaves it two consolidations of the same work.
const w = (id: string, unitId: string, reviewerUnitId: string, kind: OpenWork['kind'] = 'lead', expected: string[] = []): OpenWork => ({ id, workflowId: `wf-${id}`, planId: 'pl', taskId: 't', periodKey: 'p', unitId, reviewerUnitId, kind, expected });
const up = (map: Record<string, string>) => (id: string) => map[id] ?? null;
/** A move as `<assignment>:<action>:<from>><to>` with what it carries besides. */
const show = (m: WorkMove) =>
  [
    `${m.assignmentId}:${m.action}:${m.fromUnitId}>${m.toUnitId}`,
    m.intoWorkflowId && `into=${m.intoWorkflowId}`,
    m.reportToWorkflowId && `reportTo=${m.reportToWorkflowId}`,
    m.toUnitIds && `awaits=${m.toUnitIds.join('+')}`,
    ...(m.shares ?? []).map((sh) => `share=${sh.unitId}@${sh.workflowId}${sh.existing ? '(existing)' : ''}:${sh.expected.join('+')}`),
  ]
    .filter(Boolean)
    .join(' ');

type Case = [string, OpenWork[], Map<string, string[]>, Record<string, string>, string[]];

const CASES: Case[] = [
  [
    'merge of two consolidating units into a new one: the first (in unit order) moves, the second is absorbed into it, last',
    [w('sa', 'sa1', 'a'), w('sb', 'sb1', 'b'), w('A', 'a', 'sgd', 'consolidation', ['sa1']), w('B', 'b', 'sgd', 'consolidation', ['sb1']), w('S', 'sgd', 'ubnd', 'consolidation', ['a', 'b', 'thpt'])],
    new Map([['a', ['c']], ['b', ['c']]]),
    { sa1: 'c', sb1: 'c' },
    ['A:reassign:a>c', 'sa:reassign:a>c', 'sb:reassign:b>c reportTo=wf-A', 'S:reassign:a>c', 'S:reassign:b>c', 'B:absorb:b>c into=wf-A'],
  ],
  [
    'merge into a unit that already consolidates: absorbed into its consolidation, and its reporters report there',
    [w('sa', 'sa1', 'a'), w('sc', 'sc1', 'c'), w('A', 'a', 'sgd', 'consolidation', ['sa1']), w('C', 'c', 'sgd', 'consolidation', ['sc1']), w('S', 'sgd', 'ubnd', 'consolidation', ['a', 'c'])],
    new Map([['a', ['c']]]),
    { sa1: 'c', sc1: 'c' },
    ['sa:reassign:a>c reportTo=wf-C', 'S:reassign:a>c', 'A:absorb:a>c into=wf-C'],
  ],
  [
    'split into a unit that already consolidates: the share goes into its consolidation, no second workflow',
    [w('s1', 's1', 'pgd'), w('s2', 's2', 'pgd'), w('P', 'pgd', 'sgd', 'consolidation', ['s1', 's2']), w('X2', 'x2', 'sgd', 'consolidation', ['s3']), w('S', 'sgd', 'ubnd', 'consolidation', ['pgd', 'x2'])],
    new Map([['pgd', ['x1', 'x2']]]),
    { s1: 'x1', s2: 'x2', s3: 'x2' },
    ['P:reassign:pgd>x1 share=x2@wf-X2(existing):s2', 's1:reassign:pgd>x1', 's2:reassign:pgd>x2 reportTo=wf-X2', 'S:reassign:pgd>x1 awaits=x1+x2'],
  ],
  [
    'split whose first successor already consolidates: absorbed there, with a new share for the other',
    [w('s1', 's1', 'pgd'), w('s2', 's2', 'pgd'), w('P', 'pgd', 'sgd', 'consolidation', ['s1', 's2']), w('X1', 'x1', 'sgd', 'consolidation', ['s0'])],
    new Map([['pgd', ['x1', 'x2']]]),
    { s1: 'x1', s2: 'x2', s0: 'x1' },
    ['s1:reassign:pgd>x1 reportTo=wf-X1', 's2:reassign:pgd>x2 reportTo=asg:pl:t:p:x2', 'P:absorb:pgd>x1 into=wf-X1 share=x2@asg:pl:t:p:x2:s2'],
  ],
  [
    'two offices split into the same new commune: the second share goes into the first one’s',
    [w('P', 'pgd', 'sgd', 'consolidation', ['s1', 's2']), w('Q', 'pgq', 'sgd', 'consolidation', ['s3', 's4'])],
    new Map([['pgd', ['x1', 'x2']], ['pgq', ['x3', 'x2']]]),
    { s1: 'x1', s2: 'x2', s3: 'x3', s4: 'x2' },
    ['P:reassign:pgd>x1 share=x2@asg:pl:t:p:x2:s2', 'Q:reassign:pgq>x3 share=x2@asg:pl:t:p:x2(existing):s4'],
  ],
  [
    'lead work of a merged unit still closes as merged into the successor’s, as before',
    [w('L1', 'b', 'sgd'), w('L2', 'c', 'sgd')],
    new Map([['b', ['c']]]),
    {},
    ['L1:merge_into:b>c'],
  ],
];

describe('planWorkMoves: one consolidation per successor, task and period', () => {
  it.each(CASES)('%s', (_what, open, goners, after, want) => {
    expect(planWorkMoves(open, goners, up(after)).moves.map(show)).toEqual(want);
  });

  it('names the surviving assignment of an absorption, and absorptions come after every other move', () => {
    const [, open, goners, after] = CASES[0];
    const { moves, stranded } = planWorkMoves(open, goners, up(after));
    expect(stranded).toEqual([]);
    expect(moves.at(-1)).toEqual({ assignmentId: 'B', workflowId: 'wf-B', action: 'absorb', fromUnitId: 'b', toUnitId: 'c', intoAssignmentId: 'A', intoWorkflowId: 'wf-A' });
    expect(moves.findIndex((m) => m.action === 'absorb')).toBe(moves.length - 1);
  });
});
