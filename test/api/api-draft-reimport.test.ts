// The draft a person confirms, over HTTP: every field of an imported task is corrected through PUT /plans/{id}
// (title, content, lead and coordinating units, due date and recurrence, tasks deleted, split, merged and added);
// the draft remembers these corrections by the imported tasks' identity, and importing a corrected version of the
// document re-applies them where their task is still there and says which no longer apply.
import { randomUUID } from 'node:crypto';
import { type ApiSystem, startApiSystem } from './api-harness';

jest.setTimeout(300_000);

const HEADER = `ỦY BAN NHÂN DÂN
THÀNH PHỐ HẢI PHÒNG
Số: 12/KH-UBND
Hải Phòng, ngày 10 tháng 3 năm 2025
KẾ HOẠCH
Triển khai chuyển đổi số trong giáo dục năm 2025
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Nâng cao chất lượng dạy và học.
II. NHIỆM VỤ`;
const FOOTER = `III. TỔ CHỨC THỰC HIỆN
Các đơn vị triển khai thực hiện nghiêm túc kế hoạch này.
Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn An`;
const item = (n: number, title: string, lead: string, when: string) => `${n}. ${title}\n- Đơn vị chủ trì: ${lead}\n- Thời gian thực hiện: ${when}`;
const SGD = 'Sở Giáo dục và Đào tạo';

const V1 = [
  HEADER,
  item(1, 'Tuyên truyền, phổ biến kế hoạch chuyển đổi số', SGD, 'trước ngày 30/4/2025'),
  item(2, 'Rà soát hạ tầng công nghệ thông tin các trường học', 'Sở Thông tin và Truyền thông', 'Quý II/2025'),
  item(3, 'Tập huấn kỹ năng số cho giáo viên', SGD, 'tháng 8/2025'),
  item(4, 'Báo cáo kết quả thực hiện kế hoạch', SGD, 'trước ngày 15/12/2025'),
  FOOTER,
].join('\n');

// The document corrected at its source: task 1 retyped, task 2 with the title the person gave it, task 3 gone,
// task 4 renumbered with a new due date, and a new task.
const V2 = [
  HEADER,
  item(1, 'Tuyên truyền, phổ biến Kế hoạch chuyển đổi số.', SGD, 'trước ngày 30/4/2025'),
  item(2, 'Rà soát hạ tầng công nghệ thông tin và thiết bị số các trường học', 'Sở Thông tin và Truyền thông', 'Quý II/2025'),
  item(3, 'Báo cáo kết quả thực hiện kế hoạch', SGD, 'trước ngày 30/11/2025'),
  item(4, 'Xây dựng kho học liệu số dùng chung', SGD, 'tháng 10/2025'),
  FOOTER,
].join('\n');

const clean = (x: any): any => Object.fromEntries(Object.entries(x).filter(([, v]) => v !== null && v !== undefined));
const target = (x: any) => clean({ text: x.text, unitId: x.unitId, group: x.group ? clean(x.group) : null });
/** The PUT body of a plan view's tasks as the console sends them back. */
const taskBody = (t: any) =>
  clean({
    id: t.id,
    ref: t.ref,
    title: t.title,
    content: t.content,
    lead: t.lead.map(target),
    coordinators: t.coordinators.map(target),
    timeframe: clean({ ...t.timeframe, recurrence: t.timeframe.recurrence ? clean(t.timeframe.recurrence) : null }),
    lines: t.lines,
  });
const planBody = (plan: any, tasks: any[]) => clean({ number: plan.number, title: plan.title, issuerUnitId: plan.issuerUnitId, issuedAt: plan.issuedAt, place: plan.place, basis: plan.basis.map(clean), tasks });

describe('correcting an imported draft and importing it again', () => {
  let sys: ApiSystem;
  let owner: string;
  beforeAll(async () => {
    sys = await startApiSystem();
    owner = await sys.login('owner.hp-ubnd');
  });
  afterAll(async () => sys?.close());

  const upload = async (url: string, name: string, text: string, token = owner, key: string = randomUUID()) => {
    const form = new FormData();
    form.append('file', new Blob([Buffer.from(text)], { type: 'text/plain' }), name);
    const res = await fetch(`${sys.api.url}${url}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'idempotency-key': key }, body: form });
    return { status: res.status, body: (await res.json()) as any };
  };
  const getPlan = async (id: string) => (await sys.call('GET', `/plans/${id}`, { token: owner })).body;

  it('keeps every correction of the draft and re-applies it to the corrected document, naming what no longer applies', async () => {
    const imported = await upload('/plans/import', 'ke-hoach-v1.txt', V1);
    expect(imported.status).toBe(201);
    const planId = imported.body.planId;
    const plan = await getPlan(planId);
    expect(plan.tasks.map((t: any) => t.title)).toEqual([
      'Tuyên truyền, phổ biến kế hoạch chuyển đổi số',
      'Rà soát hạ tầng công nghệ thông tin các trường học',
      'Tập huấn kỹ năng số cho giáo viên',
      'Báo cáo kết quả thực hiện kế hoạch',
    ]);
    expect(plan.source.corrections).toEqual([]);
    const [t1, t2, , t4] = plan.tasks.map(taskBody); // the third is merged into the first

    // Task 3 is merged into task 1 (content, and a coordinating unit picked from the directory), task 2's title is
    // corrected, task 4 becomes a quarterly report and is split: a new task follows task 2.
    const corrected = await sys.call('PUT', `/plans/${planId}`, {
      token: owner,
      body: planBody(plan, [
        { ...t1, content: 'Gồm cả tập huấn kỹ năng số cho giáo viên', coordinators: [{ unitId: 'hp-stttt' }] },
        { ...t2, title: 'Rà soát hạ tầng công nghệ thông tin và thiết bị số các trường học' },
        { ref: '2b', title: 'Tổng hợp số liệu chuyển đổi số của các trường', lead: [{ unitId: 'hp-sgddt' }], coordinators: [], timeframe: { kind: 'once', due: '2025-07-15' } },
        { ...t4, timeframe: { text: 'hằng quý', kind: 'recurring', recurrence: { freq: 'quarterly', due: { monthOffset: 1, day: 5 } } } },
      ]),
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body.tasks.map((t: any) => t.ref)).toEqual(['II.1', 'II.2', '2b', 'II.4']);
    const remembered = (await getPlan(planId)).source.corrections;
    expect(remembered.map((c: any) => [c.kind, c.field ?? null, c.task?.title ?? null])).toEqual([
      ['field', 'content', 'Tuyên truyền, phổ biến kế hoạch chuyển đổi số'],
      ['field', 'coordinators', 'Tuyên truyền, phổ biến kế hoạch chuyển đổi số'],
      ['field', 'title', 'Rà soát hạ tầng công nghệ thông tin các trường học'],
      ['delete', null, 'Tập huấn kỹ năng số cho giáo viên'],
      ['field', 'timeframe', 'Báo cáo kết quả thực hiện kế hoạch'],
      ['add', null, 'Rà soát hạ tầng công nghệ thông tin các trường học'],
    ]);

    const again = await upload(`/plans/${planId}/reimport`, 'ke-hoach-v2.txt', V2);
    expect(again.status).toBe(200);
    const outcome = (kind: string, field: string | null) => again.body.corrections.find((o: any) => o.correction.kind === kind && (o.correction.field ?? null) === field);
    expect(outcome('field', 'content')).toMatchObject({ status: 'applied' });
    expect(outcome('field', 'coordinators')).toMatchObject({ status: 'applied' });
    expect(outcome('field', 'title')).toMatchObject({ status: 'in_document' });
    expect(outcome('delete', null)).toMatchObject({ status: 'task_gone' });
    expect(outcome('field', 'timeframe')).toMatchObject({ status: 'document_changed', lines: [expect.any(Number), expect.any(Number)] });
    expect(outcome('field', 'timeframe').message).toMatch(/^dòng \d+–\d+: .*văn bản mới đã thay đổi/);
    expect(outcome('add', null)).toMatchObject({ status: 'applied' });

    const after = await getPlan(planId);
    expect(after.tasks.map((t: any) => t.title)).toEqual([
      'Tuyên truyền, phổ biến Kế hoạch chuyển đổi số', // as the new document writes it (its final period dropped)
      'Rà soát hạ tầng công nghệ thông tin và thiết bị số các trường học',
      'Tổng hợp số liệu chuyển đổi số của các trường',
      'Báo cáo kết quả thực hiện kế hoạch',
      'Xây dựng kho học liệu số dùng chung',
    ]);
    expect(after.tasks[0]).toMatchObject({ content: 'Gồm cả tập huấn kỹ năng số cho giáo viên', coordinators: [{ unitId: 'hp-stttt' }] });
    expect(after.tasks[3].timeframe).toMatchObject({ kind: 'once', due: '2025-11-30' }); // the document's new date, as reported
    expect(after.source).toMatchObject({ fileName: 'ke-hoach-v2.txt', reimport: { fileName: 'ke-hoach-v2.txt' } });
    expect(after.source.text).toContain('Xây dựng kho học liệu số dùng chung');
    // What the draft still changes from the new document: the merged content and unit, and the added task.
    expect(after.source.corrections.map((c: any) => [c.kind, c.field ?? null])).toEqual([
      ['field', 'content'],
      ['field', 'coordinators'],
      ['add', null],
    ]);
    const history = (await sys.call('GET', `/plans/${planId}/history?limit=1000`, { token: owner })).body.entries.map((e: { action: string }) => e.action);
    expect(history).toEqual(expect.arrayContaining(['plan.draft_updated', 'plan.draft_reimported']));
  });

  it('refuses bad corrections and re-imports naming the field, and changes nothing', async () => {
    const imported = await upload('/plans/import', 'ke-hoach.txt', V1);
    const planId = imported.body.planId;
    const plan = await getPlan(planId);
    const tasks = plan.tasks.map(taskBody);
    const bad = await sys.call('PUT', `/plans/${planId}`, {
      token: owner,
      body: planBody(plan, [{ ...tasks[0], timeframe: { kind: 'recurring', recurrence: { freq: 'daily', due: { monthOffset: 0, day: 1 } } } }]),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('tasks[0].timeframe.recurrence.freq');
    const noRule = await sys.call('PUT', `/plans/${planId}`, { token: owner, body: planBody(plan, [{ ...tasks[0], timeframe: { kind: 'recurring' } }]) });
    expect(noRule.status).toBe(422);
    expect(noRule.body.errors[0].field).toBe('tasks[0].timeframe.recurrence');
    const unknownUnit = await sys.call('PUT', `/plans/${planId}`, { token: owner, body: planBody(plan, [{ ...tasks[0], coordinators: [{ unitId: 'hp-no-such-unit' }] }]) });
    expect(unknownUnit.status).toBe(422);
    expect(unknownUnit.body.errors[0].field).toBe('tasks[0].coordinators[0].unitId');

    const empty = await upload(`/plans/${planId}/reimport`, 'trong.txt', '');
    expect(empty.status).toBe(422);
    expect(empty.body.errors[0].field).toBe('file');
    const noFile = await sys.call('POST', `/plans/${planId}/reimport`, { token: owner, body: {} });
    expect(noFile.status).toBe(415);
    expect(noFile.body.errors[0].field).toBe('file');
    const officer = await sys.login('officer.hp-sgddt-gdtxdh');
    expect((await upload(`/plans/${planId}/reimport`, 'v2.txt', V2, officer)).status).toBe(403);
    expect((await upload(`/plans/${randomUUID()}/reimport`, 'v2.txt', V2)).status).toBe(404);
    expect((await getPlan(planId)).tasks.map((t: any) => t.id)).toEqual(plan.tasks.map((t: any) => t.id));

    // A draft written as JSON has no document to import again.
    const json = await sys.call('POST', '/plans', { token: owner, body: planBody(plan, [{ ...tasks[0], id: undefined }]) });
    expect(json.status).toBe(201);
    const refused = await upload(`/plans/${json.body.id}/reimport`, 'v2.txt', V2);
    expect(refused.status).toBe(409);
  });
});
