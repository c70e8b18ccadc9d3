import type { ImportedPlanDraft, ImportedTask } from '@khflow/contracts';
import { evaluate, formatEvaluationTable, microAverage, refMatches, titleSimilarity } from './import-evaluation';

const task = (ref: string, title: string, lines: [number, number], lead: ImportedTask['lead'] = [], due: string | null = null): ImportedTask => ({
  ref,
  title,
  content: null,
  lead,
  coordinators: [],
  timeframe: { text: null, kind: due ? 'once' : 'unspecified', due, start: null, recurrence: null },
  lines,
});
const draft = (tasks: ImportedTask[]): ImportedPlanDraft => ({ number: null, issuer: null, issuedAt: null, place: null, title: null, basis: [], tasks, duties: [], kpis: [], recipients: [], signer: null, warnings: [] });

describe('import evaluation', () => {
  it('matches a gold title prefix', () => {
    expect(titleSimilarity('Công tác truyền thông', 'Công tác truyền thông nội bộ')).toBe(1);
    expect(titleSimilarity('Cong tac truyen thong', 'Công tác truyền thông')).toBe(1);
    expect(titleSimilarity('Phát triển nguồn nhân lực', 'Công tác truyền thông')).toBeLessThan(0.3);
  });

  it('matches refs by unit id, group kind or text, and ignores catch-alls', () => {
    expect(refMatches('hp-snv', { text: 'Sở Nội vụ', unitId: 'hp-snv' })).toBe(true);
    expect(refMatches('group:district_office', { text: 'Phòng GDĐT', unitId: null, group: { kinds: ['district_office'] } })).toBe(true);
    expect(refMatches('Phòng GDTrH-GDTeX', { text: 'Phòng GDTrH - GDTeX', unitId: null })).toBe(true);
    const e = evaluate(draft([task('1', 'Việc một', [3, 4], [{ text: 'Sở Nội vụ', unitId: 'hp-snv' }, { text: 'các đơn vị liên quan', unitId: null }])]), {
      tasks: [{ ref: '1', title: 'Việc một', lead: ['hp-snv'], coordinators: [], due: null, lines: [3, 4] }],
    });
    expect(e.lead).toMatchObject({ tp: 1, fp: 0, fn: 0 });
  });

  it('scores tasks, due dates and sums them', () => {
    const d = draft([task('1', 'Việc một', [3, 4], [], '2024-05-20'), task('2', 'Việc thừa', [9, 9])]);
    const e = evaluate(d, {
      tasks: [
        { ref: '1', title: 'Việc một', lead: [], coordinators: [], due: '2024-05-20', lines: [3, 3] },
        { ref: '3', title: 'Việc bị bỏ sót', lead: [], coordinators: [], due: null, lines: [20, 21] },
      ],
    });
    expect(e.tasks).toMatchObject({ tp: 1, fp: 1, fn: 1, precision: 0.5, recall: 0.5 });
    expect(e.due).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    const total = microAverage([e, e]);
    expect(total.tasks).toMatchObject({ tp: 2, fp: 2, fn: 2 });
    expect(formatEvaluationTable([{ name: 'x', evaluation: total }])).toContain('0.50');
  });
});
