import type { TaskSpec } from '@khflow/contracts';
import { applyCorrections, diffCorrections, taskKey, titleOverlap } from './draft-corrections.util';

const task = (ref: string, title: string, over: Partial<TaskSpec> = {}): TaskSpec => ({
  ref,
  title,
  content: null,
  lead: [{ text: 'Sở Giáo dục và Đào tạo', unitId: null }],
  coordinators: [],
  timeframe: { text: null, kind: 'unspecified', due: null, start: null, recurrence: null },
  lines: [10, 12],
  ...over,
});

const imported = [
  task('1', 'Tuyên truyền, phổ biến kế hoạch', { lines: [20, 22] }),
  task('2', 'Rà soát cơ sở vật chất các trường', { lines: [23, 25] }),
  task('3', 'Tổ chức tập huấn cho giáo viên', { lines: [26, 28] }),
  task('4', 'Báo cáo kết quả thực hiện', { lines: [29, 30] }),
];
const ids = ['a', 'b', 'c', 'd'];
const origins = Object.fromEntries(ids.map((id, i) => [id, i]));

describe('taskKey and titleOverlap', () => {
  it.each([
    ['Tuyên truyền, phổ biến  kế hoạch', 'tuyen truyen pho bien ke hoach'],
    ['Đánh giá (Quý III/2025)', 'danh gia quy iii 2025'],
    ['', ''],
  ])('%s → %s', (title, key) => expect(taskKey(title)).toBe(key));

  it('is high for a retyped title and low for another task', () => {
    expect(titleOverlap('Tuyên truyền, phô biến kế hoạch', 'Tuyên truyền, phổ biến kế hoạch')).toBeGreaterThan(0.6);
    expect(titleOverlap('Tổ chức tập huấn cho giáo viên', 'Báo cáo kết quả thực hiện')).toBe(0);
  });
});

describe('diffCorrections', () => {
  it('finds nothing when the draft is as imported', () => {
    expect(diffCorrections(imported, imported.map((t, i) => ({ ...t, id: ids[i] })), origins)).toEqual([]);
  });

  it('records corrected fields, deletions (a merge) and added tasks (a split) by the imported task identity', () => {
    const current = [
      { ...imported[0], id: 'a', title: 'Tuyên truyền kế hoạch', lead: [{ unitId: 'hp-sgddt' }] },
      { ...imported[1], id: 'b', content: 'Rà soát và tập huấn (gộp)' },
      { ...task('2b', 'Tổng hợp nhu cầu sửa chữa'), id: 'new1' },
      { ...imported[3], id: 'd', timeframe: { kind: 'once' as const, due: '2025-12-15' } },
    ];
    const c = diffCorrections(imported, current, origins);
    expect(c.map((x) => [x.kind, x.field ?? null, x.task?.ref ?? null])).toEqual([
      ['field', 'title', '1'],
      ['field', 'lead', '1'],
      ['field', 'content', '2'],
      ['delete', null, '3'],
      ['field', 'timeframe', '4'],
      ['add', null, '2'],
    ]);
    expect(c.find((x) => x.kind === 'add')?.added).toMatchObject({ title: 'Tổng hợp nhu cầu sửa chữa', lines: null });
    expect(c.find((x) => x.field === 'lead')).toMatchObject({ from: imported[0].lead, to: [{ unitId: 'hp-sgddt' }] });
  });

  it('treats a lead with the same unit written differently as unchanged', () => {
    const current = [{ ...imported[0], id: 'a', lead: [{ text: 'Sở Giáo dục  và Đào tạo' }] }];
    expect(diffCorrections([imported[0]], current, { a: 0 })).toEqual([]);
  });
});

describe('applyCorrections on a new import', () => {
  const current = [
    { ...imported[0], id: 'a', lead: [{ unitId: 'hp-sgddt' }] },
    { ...imported[1], id: 'b', title: 'Rà soát cơ sở vật chất, thiết bị các trường' },
    { ...task('x', 'Tổng hợp nhu cầu sửa chữa'), id: 'new1' },
    { ...imported[3], id: 'd', timeframe: { kind: 'once' as const, due: '2025-12-15' } },
  ];
  const corrections = diffCorrections(imported, current, origins);

  it('re-applies every correction to the same document, renumbered', () => {
    const again = imported.map((t, i) => ({ ...t, ref: String(i + 11) }));
    const r = applyCorrections(again, corrections);
    expect(r.outcomes.every((o) => o.status === 'applied')).toBe(true);
    expect(r.tasks.map((t) => [t.task.title, t.origin])).toEqual([
      ['Tuyên truyền, phổ biến kế hoạch', 0],
      ['Rà soát cơ sở vật chất, thiết bị các trường', 1],
      ['Tổng hợp nhu cầu sửa chữa', null],
      ['Báo cáo kết quả thực hiện', 3],
    ]);
    expect(r.tasks[0].task.lead).toEqual([{ unitId: 'hp-sgddt' }]);
    expect(r.tasks[3].task.timeframe).toEqual({ kind: 'once', due: '2025-12-15' });
  });

  it('reports what no longer applies: a task gone, a field the document now has, a field it changed', () => {
    const corrected = [
      task('1', 'Tuyên truyền, phô biến kế hoạch', { lines: [40, 41] }), // retyped: still the same task
      task('2', 'Rà soát cơ sở vật chất, thiết bị các trường', { lines: [42, 43] }), // the document now has the corrected title
      task('3', 'Tổng hợp nhu cầu sửa chữa', { lines: [44, 45] }), // the added task is now in the document
      // task 3 of the old document (tập huấn) was deleted by the person and is gone from the new one; 4 changed its due date:
      task('5', 'Báo cáo kết quả thực hiện', { timeframe: { kind: 'once', due: '2025-11-30' }, lines: [46, 47] }),
    ];
    const r = applyCorrections(corrected, corrections);
    const by = (kind: string, ref: string | null) => r.outcomes.find((o) => o.correction.kind === kind && (o.correction.task?.ref ?? null) === ref);
    expect(by('field', '1')).toMatchObject({ status: 'applied', lines: [40, 41] });
    expect(by('field', '2')).toMatchObject({ status: 'in_document', lines: [42, 43] });
    expect(by('delete', '3')).toMatchObject({ status: 'task_gone' });
    expect(by('add', '2')).toMatchObject({ status: 'in_document', lines: [44, 45] });
    expect(by('field', '4')).toMatchObject({ status: 'document_changed', lines: [46, 47] });
    expect(by('field', '4')!.message).toMatch(/^dòng 46–47: .*văn bản mới đã thay đổi/);
    expect(by('field', '4')!.messageEn).toMatch(/^lines 46–47: .*changed this field/);
    expect(r.tasks.map((t) => t.task.title)).toEqual(corrected.map((t) => t.title));
    expect(r.tasks[0].task.lead).toEqual([{ unitId: 'hp-sgddt' }]);
    expect(r.tasks[3].task.timeframe.due).toBe('2025-11-30');
  });

  it('does not guess between two tasks that match equally', () => {
    const twins = [task('5', 'Báo cáo kết quả thực hiện quý'), task('6', 'Báo cáo kết quả thực hiện năm')];
    const c = diffCorrections([task('1', 'Báo cáo kết quả thực hiện')], [{ ...task('1', 'Báo cáo kết quả thực hiện'), id: 'a', content: 'x' }], { a: 0 });
    expect(applyCorrections(twins, c).outcomes[0].status).toBe('task_gone');
  });
});
