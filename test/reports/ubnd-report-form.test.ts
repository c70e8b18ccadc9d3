// The sample UBND plan 193/KH-UBND (test/fixtures/plans/001) run with a report form of numeric fields over HTTP
// against the real Temporal dev server and PostgreSQL: schools fill the form once (bad figures get 422 naming the
// field), the district offices and the Sở see their subordinates side by side with the totals of what has come in
// and the units still missing, a returned report leaves the total, the form is amended on the running plan
// (audited, old submissions keep their form), each level submits its consolidated figures upward, and the UBND's
// report exports as an official .docx (read back part by part) and the Sở's as XLSX.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { addDays, vnDateOf } from '@khflow/domain';
import { type ApiSystem, startApiSystem } from '../api/api-harness';
import { libreOfficePath } from '../../apps/api/src/reports/reports.service';
import { assignmentsOf } from '../engine/engine-harness';
import { waitFor } from '../support/test-env';

jest.setTimeout(300_000);

const SAMPLE = path.resolve(__dirname, '../fixtures/plans/001_6c687b1be164f383.txt');
const today = vnDateOf(Date.now());

const FORM = {
  fields: [
    { key: 'so_hoc_sinh', label: 'Số học sinh', type: 'number', unit: 'học sinh', integer: true, min: 0, required: true, consolidate: 'sum' },
    { key: 'so_giao_vien_dat_chuan', label: 'Số giáo viên đạt chuẩn', type: 'number', unit: 'giáo viên', integer: true, min: 0, max: 500, required: true, consolidate: 'sum' },
    { key: 'ty_le_hoan_thanh', label: 'Tỷ lệ học sinh hoàn thành chương trình', type: 'percent', required: true, consolidate: 'weighted_average', weightField: 'so_hoc_sinh' },
    { key: 'co_phong_tin_hoc', label: 'Có phòng tin học đạt chuẩn', type: 'yes_no', consolidate: 'count_yes' },
  ],
};

// What each school enters once.
const FIGURES: Record<string, { so_hoc_sinh: number; so_giao_vien_dat_chuan: number; ty_le_hoan_thanh: number; co_phong_tin_hoc: boolean }> = {
  'hp-thcs-lechan-1': { so_hoc_sinh: 800, so_giao_vien_dat_chuan: 40, ty_le_hoan_thanh: 95, co_phong_tin_hoc: true },
  'hp-th-lechan-1': { so_hoc_sinh: 600, so_giao_vien_dat_chuan: 30, ty_le_hoan_thanh: 100, co_phong_tin_hoc: false },
  'hp-thcs-ngoquyen-1': { so_hoc_sinh: 700, so_giao_vien_dat_chuan: 35, ty_le_hoan_thanh: 90, co_phong_tin_hoc: true },
  'hp-th-ngoquyen-1': { so_hoc_sinh: 500, so_giao_vien_dat_chuan: 25, ty_le_hoan_thanh: 98, co_phong_tin_hoc: true },
  'hp-thpt-tranphu': { so_hoc_sinh: 1400, so_giao_vien_dat_chuan: 90, ty_le_hoan_thanh: 99, co_phong_tin_hoc: true },
};
const weighted = (units: string[]) => units.reduce((s, u) => s + FIGURES[u].ty_le_hoan_thanh * FIGURES[u].so_hoc_sinh, 0) / units.reduce((s, u) => s + FIGURES[u].so_hoc_sinh, 0);
const sum = (units: string[], k: 'so_hoc_sinh' | 'so_giao_vien_dat_chuan') => units.reduce((s, u) => s + FIGURES[u][k], 0);

describe('the UBND plan 193/KH-UBND with a report form that flows up', () => {
  let sys: ApiSystem;
  let planId: string;
  let taskId: string;
  const tokens: Record<string, string> = {};
  const as = (u: string) => tokens[u];
  const assignment = async (unitId: string) => {
    let id: string | undefined;
    await waitFor(async () => {
      id = (await assignmentsOf(sys.engine.ds, planId)).find((a) => a.unit_id === unitId)?.id;
      return !!id;
    }, { timeoutMs: 60_000 });
    return id!;
  };
  const view = async (unitId: string, user: string) => {
    const r = await sys.call('GET', `/reports/tasks/${taskId}/consolidated?unitId=${unitId}`, { token: as(user) });
    expect(r.status).toBe(200);
    return r.body;
  };
  const submitFigures = (unitId: string, figures: unknown, extra: Record<string, unknown> = {}) =>
    assignment(unitId).then((id) => sys.call('POST', `/assignments/${id}/report`, { token: as(`officer.${unitId}`), body: { figures, ...extra } }));
  const approve = async (unitId: string, reviewer: string) => {
    const r = await sys.call('POST', `/assignments/${await assignment(unitId)}/approve`, { token: as(reviewer) });
    expect(r.status).toBe(200);
  };

  beforeAll(async () => {
    sys = await startApiSystem();
    const users = ['owner.hp-ubnd', 'supervisor.hp-ubnd', 'officer.hp-sgddt', 'supervisor.hp-sgddt', 'officer.hp-pgd-lechan', 'supervisor.hp-pgd-lechan', 'officer.hp-pgd-ngoquyen', 'supervisor.hp-pgd-ngoquyen', 'officer.hp-thcs-haian-1', ...Object.keys(FIGURES).map((u) => `officer.${u}`)];
    for (const u of users) tokens[u] = await sys.login(u);
  });
  afterAll(async () => sys?.close());

  it('imports the sample plan, keeps its reporting duty as one consolidated task, and gives it a report form', async () => {
    const form = new FormData();
    form.append('file', new Blob([fs.readFileSync(SAMPLE)], { type: 'text/plain' }), path.basename(SAMPLE));
    const res = await fetch(`${sys.api.url}/plans/import`, { method: 'POST', headers: { authorization: `Bearer ${as('owner.hp-ubnd')}`, 'idempotency-key': randomUUID() }, body: form });
    expect(res.status).toBe(201);
    planId = ((await res.json()) as { planId: string }).planId;
    const plan = (await sys.call('GET', `/plans/${planId}`, { token: as('owner.hp-ubnd') })).body;
    expect(plan).toMatchObject({ number: '193/KH-UBND', issuedAt: '2021-08-19', issuerUnitId: 'hp-ubnd' });
    // "định kỳ hằng năm báo cáo về Ủy ban nhân dân thành phố (qua Sở Giáo dục và Đào tạo …)": the schools of two
    // districts and one THPT report; the district offices and the Sở consolidate.
    const corrected = await sys.call('PUT', `/plans/${planId}`, {
      token: as('owner.hp-ubnd'),
      body: {
        number: plan.number,
        title: plan.title,
        issuerUnitId: 'hp-ubnd',
        issuedAt: plan.issuedAt,
        place: 'Hải Phòng',
        tasks: [
          {
            ref: '14',
            title: 'Báo cáo kết quả thực hiện Kế hoạch',
            lead: [
              { text: 'Các trường quận Lê Chân', group: { kinds: ['school_thcs', 'school_th'], underUnitId: 'hp-pgd-lechan' } },
              { text: 'Các trường quận Ngô Quyền', group: { kinds: ['school_thcs', 'school_th'], underUnitId: 'hp-pgd-ngoquyen' } },
              { text: 'Trường THPT chuyên Trần Phú', unitId: 'hp-thpt-tranphu' },
            ],
            coordinators: [],
            timeframe: { kind: 'once', text: 'trước ngày 30/11 hằng năm', due: addDays(today, 30) },
            consolidate: true,
          },
        ],
      },
    });
    expect(corrected.status).toBe(200);
    taskId = corrected.body.tasks[0].id;

    const bad = await sys.call('PUT', `/tasks/${taskId}/report-form`, { token: as('owner.hp-ubnd'), body: { form: { fields: [{ key: 'ty_le', label: 'Tỷ lệ', type: 'percent', consolidate: 'sum' }] } } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'form.fields[0].consolidate', message: expect.stringContaining('percent field consolidates by') }]);
    expect((await sys.call('PUT', `/tasks/${taskId}/report-form`, { token: as('officer.hp-sgddt'), body: { form: FORM } })).status).toBe(403);
    const set = await sys.call('PUT', `/tasks/${taskId}/report-form`, { token: as('owner.hp-ubnd'), body: { form: FORM } });
    expect(set).toMatchObject({ status: 200, body: { version: 1, action: 'report_form.set' } });

    expect((await sys.call('POST', `/plans/${planId}/launch`, { token: as('owner.hp-ubnd') })).status).toBe(202);
    await waitFor(async () => (await assignmentsOf(sys.engine.ds, planId)).length === 8, { timeoutMs: 90_000 });
    const kinds = Object.fromEntries((await assignmentsOf(sys.engine.ds, planId)).map((a) => [a.unit_id, `${a.kind}→${a.reviewer_unit_id}`]));
    expect(kinds).toMatchObject({ 'hp-sgddt': 'consolidation→hp-ubnd', 'hp-pgd-lechan': 'consolidation→hp-sgddt', 'hp-thpt-tranphu': 'lead→hp-sgddt', 'hp-th-lechan-1': 'lead→hp-pgd-lechan' });
    // Schools read the form they answer.
    const mine = await sys.call('GET', `/assignments/${await assignment('hp-th-lechan-1')}/report`, { token: as('officer.hp-th-lechan-1') });
    expect(mine.body.form).toMatchObject({ version: 1, fields: [expect.objectContaining({ key: 'so_hoc_sinh' }), expect.anything(), expect.anything(), expect.anything()] });
  });

  it('refuses bad figures with 422 naming the field by its path and its label on the form, and nothing is submitted', async () => {
    const good = FIGURES['hp-thcs-lechan-1'];
    for (const [change, field, label, message] of [
      [{ ty_le_hoan_thanh: 120 }, 'figures.ty_le_hoan_thanh', 'Tỷ lệ học sinh hoàn thành chương trình', 'a percentage must not be above 100'],
      [{ so_giao_vien_dat_chuan: 501 }, 'figures.so_giao_vien_dat_chuan', 'Số giáo viên đạt chuẩn', 'must be at most 500'],
      [{ so_hoc_sinh: null }, 'figures.so_hoc_sinh', 'Số học sinh', 'is required'],
      [{ so_hoc_sinh: 'tám trăm' }, 'figures.so_hoc_sinh', 'Số học sinh', 'must be a number'],
    ] as const) {
      const r = await submitFigures('hp-thcs-lechan-1', { ...good, ...change });
      expect(r.status).toBe(422);
      expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(r.body.errors).toEqual([{ field, label, message }]);
      // A client that only shows `detail` reads the form's words, not the key.
      expect(r.body.detail).toBe(`${label}: ${message}`);
    }
    const unknown = await submitFigures('hp-thcs-lechan-1', { ...good, diem: 9 });
    expect(unknown.body).toMatchObject({ status: 422, detail: 'figures.diem: is not a field of the report form', errors: [{ field: 'figures.diem', message: 'is not a field of the report form' }] });
    const a = (await assignmentsOf(sys.engine.ds, planId)).find((x) => x.unit_id === 'hp-thcs-lechan-1')!;
    expect(a.state).toBe('assigned');
    expect((await sys.call('GET', `/assignments/${a.id}/report`, { token: as('officer.hp-thcs-lechan-1') })).body.submissions).toEqual([]);
  });

  it('shows each district office its schools side by side, the totals of what has come in and who is missing', async () => {
    for (const u of ['hp-thcs-lechan-1', 'hp-th-lechan-1', 'hp-thcs-ngoquyen-1', 'hp-thpt-tranphu']) {
      const r = await submitFigures(u, FIGURES[u]);
      expect(r).toMatchObject({ status: 200, body: { state: 'submitted', submissionVersion: 1, formVersion: 1 } });
    }
    const lechan = await view('hp-pgd-lechan', 'officer.hp-pgd-lechan');
    expect(lechan.rows.map((r: any) => [r.unitId, r.status, r.values.so_hoc_sinh.value])).toEqual(
      expect.arrayContaining([['hp-thcs-lechan-1', 'submitted', 800], ['hp-th-lechan-1', 'submitted', 600]]),
    );
    expect(lechan.totals).toMatchObject({
      so_hoc_sinh: { kind: 'number', value: 1400 },
      so_giao_vien_dat_chuan: { kind: 'number', value: 70 },
      co_phong_tin_hoc: { kind: 'count', yes: 1, of: 2 },
    });
    expect(lechan.totals.ty_le_hoan_thanh.value).toBeCloseTo(weighted(['hp-thcs-lechan-1', 'hp-th-lechan-1']), 10);
    expect(lechan.missing).toEqual([]);
    const ngoquyen = await view('hp-pgd-ngoquyen', 'supervisor.hp-pgd-ngoquyen');
    expect(ngoquyen.totals.so_hoc_sinh).toEqual({ kind: 'number', value: 700 });
    expect(ngoquyen.missing).toEqual([{ unitId: 'hp-th-ngoquyen-1', unitName: expect.stringContaining('Ngô Quyền'), status: 'in_progress' }]);
    // Another district's school does not see it.
    expect((await sys.call('GET', `/reports/tasks/${taskId}/consolidated?unitId=hp-pgd-lechan`, { token: as('officer.hp-thcs-haian-1') })).status).toBe(403);
    expect((await sys.call('GET', `/reports/tasks/${taskId}/consolidated`, { token: as('officer.hp-pgd-lechan') })).body.errors).toEqual([{ field: 'unitId', message: expect.stringContaining('required') }]);
  });

  it('reopens the total when a report is returned, and counts the corrected one', async () => {
    const id = await assignment('hp-th-lechan-1');
    expect((await sys.call('POST', `/assignments/${id}/return`, { token: as('supervisor.hp-pgd-lechan'), body: { comment: 'Kiểm tra lại số học sinh' } })).status).toBe(200);
    const reopened = await view('hp-pgd-lechan', 'officer.hp-pgd-lechan');
    expect(reopened.totals.so_hoc_sinh).toEqual({ kind: 'number', value: 800 });
    expect(reopened.missing).toEqual([{ unitId: 'hp-th-lechan-1', unitName: expect.any(String), status: 'returned' }]);
    FIGURES['hp-th-lechan-1'] = { ...FIGURES['hp-th-lechan-1'], so_hoc_sinh: 650 };
    const again = await submitFigures('hp-th-lechan-1', FIGURES['hp-th-lechan-1'], { comment: 'Đã cập nhật sĩ số' });
    expect(again).toMatchObject({ status: 200, body: { submissionVersion: 2 } });
    expect((await view('hp-pgd-lechan', 'officer.hp-pgd-lechan')).totals.so_hoc_sinh).toEqual({ kind: 'number', value: 1450 });
  });

  it('reads the figures of many units in one request for the dashboard rows: each unit’s totals and reported of expected', async () => {
    const units = ['hp-pgd-lechan', 'hp-pgd-ngoquyen', 'hp-thcs-lechan-1', 'hp-th-ngoquyen-1', 'hp-thcs-haian-1'];
    const r = await sys.call('GET', `/reports/units/figures?planIds=${planId}&unitIds=${units.join(',')}`, { token: as('owner.hp-ubnd') });
    expect(r.status).toBe(200);
    const of = (u: string) => r.body.units.find((x: { unitId: string }) => x.unitId === u).tasks;
    expect(r.body.units.map((x: { unitId: string }) => x.unitId)).toEqual(units);
    // The same numbers as each unit's consolidated view.
    expect(of('hp-pgd-lechan')).toEqual([expect.objectContaining({ planId, taskId, reported: 2, expected: 2, totals: expect.objectContaining({ so_hoc_sinh: { kind: 'number', value: 1450 } }) })]);
    expect(of('hp-pgd-ngoquyen')).toEqual([expect.objectContaining({ reported: 1, expected: 2, totals: expect.objectContaining({ so_hoc_sinh: { kind: 'number', value: 700 } }) })]);
    // A school: its own figures, nothing awaited; one that has not reported: nothing yet.
    expect(of('hp-thcs-lechan-1')).toEqual([expect.objectContaining({ reported: 0, expected: 0, state: 'submitted', totals: expect.objectContaining({ so_hoc_sinh: { kind: 'number', value: 800 } }) })]);
    expect(of('hp-th-ngoquyen-1')[0].totals.so_hoc_sinh).toEqual({ kind: 'number', value: null });
    // A unit with no share of the task has no figures.
    expect(of('hp-thcs-haian-1')).toEqual([]);
    // A district office reading its own row and another district's: only what it may see.
    const lechan = await sys.call('GET', `/reports/units/figures?planIds=${planId}&unitIds=hp-pgd-lechan,hp-pgd-ngoquyen`, { token: as('officer.hp-pgd-lechan') });
    expect(lechan.body.units.map((x: { unitId: string; tasks: unknown[] }) => [x.unitId, x.tasks.length])).toEqual([['hp-pgd-lechan', 1], ['hp-pgd-ngoquyen', 0]]);
    const bad = await sys.call('GET', '/reports/units/figures?planIds=x&unitIds=', { token: as('owner.hp-ubnd') });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['planIds', 'unitIds']);
  });

  it('amends the form of the running plan with a reason (audited); earlier submissions keep the form they answered', async () => {
    const amended = { fields: [...FORM.fields, { key: 'kho_khan', label: 'Khó khăn, vướng mắc', type: 'text', consolidate: 'list' }] };
    const noReason = await sys.call('PUT', `/tasks/${taskId}/report-form`, { token: as('owner.hp-ubnd'), body: { form: amended } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([{ field: 'reason', message: expect.stringContaining('amendment') }]);
    const ok = await sys.call('PUT', `/tasks/${taskId}/report-form`, { token: as('owner.hp-ubnd'), body: { form: amended, reason: 'Bổ sung nội dung khó khăn theo đề nghị của Sở' } });
    expect(ok).toMatchObject({ status: 200, body: { version: 2, action: 'report_form.amended' } });
    const history = (await sys.call('GET', `/plans/${planId}/history`, { token: as('owner.hp-ubnd') })).body;
    const entry = history.entries?.find((e: any) => e.action === 'report_form.amended') ?? (await sys.engine.ds.query(`SELECT action, details FROM audit_log WHERE action = 'report_form.amended' AND plan_id = $1`, [planId]))[0];
    expect(entry).toMatchObject({ action: 'report_form.amended', details: { reason: 'Bổ sung nội dung khó khăn theo đề nghị của Sở' } });
    const report = (await sys.call('GET', `/assignments/${await assignment('hp-th-lechan-1')}/report`, { token: as('officer.hp-th-lechan-1') })).body;
    expect(report.form.version).toBe(2);
    expect(report.submissions.map((s: any) => [s.submissionVersion, s.formVersion, s.figures.so_hoc_sinh, s.decision, s.form.fields.length])).toEqual([
      [1, 1, 600, 'returned', 4],
      [2, 1, 650, null, 4],
    ]);
    // The last school answers the amended form.
    const last = await submitFigures('hp-th-ngoquyen-1', { ...FIGURES['hp-th-ngoquyen-1'], kho_khan: 'Thiếu phòng tin học' });
    expect(last).toMatchObject({ status: 200, body: { formVersion: 2 } });
  });

  it('lets each level submit its consolidated figures upward: the Sở sees the district offices, then the UBND sees the Sở', async () => {
    // The district office approves its two schools at once; an item it does not review gets its own refusal.
    const bulk = await sys.call('POST', '/assignments/bulk-decisions', {
      token: as('supervisor.hp-pgd-lechan'),
      body: { action: 'approve', comment: 'Đồng ý', items: [{ assignmentId: await assignment('hp-thcs-lechan-1') }, { assignmentId: await assignment('hp-thcs-ngoquyen-1') }, { assignmentId: await assignment('hp-th-lechan-1') }] },
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body).toMatchObject({ succeeded: 2, failed: 1 });
    expect(bulk.body.results.map((r: any) => [r.ok, r.status, r.result?.state ?? null])).toEqual([
      [true, 200, 'approved'],
      [false, 404, null],
      [true, 200, 'approved'],
    ]);
    expect((await sys.call('POST', '/assignments/bulk-decisions', { token: as('supervisor.hp-pgd-lechan'), body: { action: 'return', items: [{ assignmentId: await assignment('hp-th-lechan-1') }] } })).body.errors).toEqual([{ field: 'comment', message: expect.stringContaining('required') }]);
    for (const u of ['hp-thcs-ngoquyen-1', 'hp-th-ngoquyen-1']) await approve(u, 'supervisor.hp-pgd-ngoquyen');
    await approve('hp-thpt-tranphu', 'supervisor.hp-sgddt');
    // The district office of Lê Chân reports (own figures are optional for a consolidating level).
    const pgd = await assignment('hp-pgd-lechan');
    await waitFor(async () => (await sys.call('GET', `/assignments/${pgd}`, { token: as('officer.hp-pgd-lechan') })).body.consolidation?.reported?.length === 2, { timeoutMs: 30_000 });
    expect(await submitFigures('hp-pgd-lechan', {}, { comment: 'Quận Lê Chân tổng hợp' })).toMatchObject({ status: 200, body: { state: 'submitted' } });

    const so = await view('hp-sgddt', 'officer.hp-sgddt');
    const lechanSchools = ['hp-thcs-lechan-1', 'hp-th-lechan-1'];
    expect(so.rows.find((r: any) => r.unitId === 'hp-pgd-lechan').values.so_hoc_sinh).toEqual({ kind: 'number', value: sum(lechanSchools, 'so_hoc_sinh') });
    expect(so.missing).toEqual([{ unitId: 'hp-pgd-ngoquyen', unitName: expect.stringContaining('Ngô Quyền'), status: 'in_progress' }]);
    expect(so.totals.so_hoc_sinh).toEqual({ kind: 'number', value: sum([...lechanSchools, 'hp-thpt-tranphu'], 'so_hoc_sinh') });

    const ngoquyen = await assignment('hp-pgd-ngoquyen');
    await waitFor(async () => (await sys.call('GET', `/assignments/${ngoquyen}`, { token: as('officer.hp-pgd-ngoquyen') })).body.consolidation?.reported?.length === 2, { timeoutMs: 30_000 });
    expect((await submitFigures('hp-pgd-ngoquyen', {})).status).toBe(200);
    await approve('hp-pgd-lechan', 'supervisor.hp-sgddt');
    await approve('hp-pgd-ngoquyen', 'supervisor.hp-sgddt');
    const soId = await assignment('hp-sgddt');
    await waitFor(async () => (await sys.call('GET', `/assignments/${soId}`, { token: as('officer.hp-sgddt') })).body.consolidation?.reported?.length === 3, { timeoutMs: 30_000 });
    expect((await submitFigures('hp-sgddt', {}, { comment: 'Sở GDĐT tổng hợp toàn ngành' })).status).toBe(200);

    const all = Object.keys(FIGURES);
    const ubnd = await view('hp-ubnd', 'owner.hp-ubnd');
    expect(ubnd.rows.map((r: any) => [r.unitId, r.status])).toEqual([['hp-sgddt', 'submitted']]);
    expect(ubnd.missing).toEqual([]);
    expect(ubnd.totals).toMatchObject({
      so_hoc_sinh: { kind: 'number', value: sum(all, 'so_hoc_sinh') },
      so_giao_vien_dat_chuan: { kind: 'number', value: sum(all, 'so_giao_vien_dat_chuan') },
      co_phong_tin_hoc: { kind: 'count', yes: 4, of: 5 },
      kho_khan: { kind: 'list', items: [{ unitId: 'hp-th-ngoquyen-1', value: 'Thiếu phòng tin học' }] },
    });
    expect(ubnd.totals.ty_le_hoan_thanh.value).toBeCloseTo(weighted(all), 10);
    // The same totals for the plan's progress page and dashboard.
    const figures = (await sys.call('GET', `/reports/plans/${planId}/figures`, { token: as('owner.hp-ubnd') })).body;
    expect(figures.tasks).toEqual([expect.objectContaining({ taskId, ref: '14', unitId: 'hp-ubnd', reported: 1, expected: 1, totals: expect.objectContaining({ so_hoc_sinh: { kind: 'number', value: sum(all, 'so_hoc_sinh') } }) })]);
  });

  it('exports the UBND’s report as an official .docx with every part of Decree 30/2020/NĐ-CP', async () => {
    const q = new URLSearchParams({ unitId: 'hp-ubnd', number: '245', date: '2026-12-01', signerName: 'Nguyễn Văn Tùng' });
    q.append('recipient', ['Thường trực Thành ủy (để báo cáo)', 'Sở Giáo dục và Đào tạo', 'Lưu: VT'].join(';'));
    const res = await fetch(`${sys.api.url}/reports/tasks/${taskId}/consolidated.docx?${q}`, { headers: { authorization: `Bearer ${as('owner.hp-ubnd')}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
    const xml = await zip.file('word/document.xml')!.async('string');
    // Paragraph by paragraph, as a reader sees them.
    const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('').replace(/&amp;/g, '&')).filter(Boolean);
    const index = (text: string) => paragraphs.findIndex((p) => p === text);
    const parts = {
      issuingBody: index('ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG'),
      numberAndSymbol: index('Số: 245/BC-UBND'),
      motto1: index('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'),
      motto2: index('Độc lập - Tự do - Hạnh phúc'),
      placeAndDate: index('Hải Phòng, ngày 01 tháng 12 năm 2026'),
      kind: index('BÁO CÁO'),
      title: paragraphs.findIndex((p) => p.startsWith('Kết quả thực hiện nhiệm vụ 14. Báo cáo kết quả thực hiện Kế hoạch') && p.includes('Kế hoạch số 193/KH-UBND ngày 19/08/2021')),
      recipients: index('Nơi nhận:'),
      capacity: index('TM. ỦY BAN NHÂN DÂN'),
      deputy: index('KT. CHỦ TỊCH'),
      signerTitle: index('PHÓ CHỦ TỊCH'),
      signerName: index('Nguyễn Văn Tùng'),
    };
    for (const [part, i] of Object.entries(parts)) expect([part, i >= 0]).toEqual([part, true]);
    // In the order of the decree's layout.
    expect(parts.issuingBody).toBeLessThan(parts.numberAndSymbol);
    expect(parts.kind).toBeGreaterThan(parts.placeAndDate);
    expect(parts.title).toBe(parts.kind + 1);
    expect(parts.recipients).toBeGreaterThan(parts.title);
    expect(paragraphs.slice(parts.recipients + 1, parts.recipients + 4)).toEqual(['- Thường trực Thành ủy (để báo cáo);', '- Sở Giáo dục và Đào tạo;', '- Lưu: VT.']);
    expect(parts.capacity).toBeLessThan(parts.signerTitle);
    expect(parts.signerTitle).toBeLessThan(parts.signerName);
    // The body with the figures table: the Sở's row and the totals, in Vietnamese number format.
    expect(paragraphs).toContain('Số đơn vị đã báo cáo: 1/1.');
    const table = xml.slice(xml.indexOf('BẢNG TỔNG HỢP SỐ LIỆU'));
    const cells = [...table.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((m) => [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));
    const total = sum(Object.keys(FIGURES), 'so_hoc_sinh');
    expect(cells).toEqual(expect.arrayContaining(['STT', 'Đơn vị', 'Số học sinh (học sinh)', 'Tỷ lệ học sinh hoàn thành chương trình (%)', 'Sở Giáo dục và Đào tạo Hải Phòng', 'Tổng cộng', new Intl.NumberFormat('vi-VN').format(total), '4/5']));
    expect(cells).toContain(new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(weighted(Object.keys(FIGURES))));
  });

  it('exports the Sở’s consolidated view as XLSX and the plan’s progress summary as .docx', async () => {
    const res = await fetch(`${sys.api.url}/reports/tasks/${taskId}/consolidated.xlsx?unitId=hp-sgddt`, { headers: { authorization: `Bearer ${as('supervisor.hp-sgddt')}` } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as never);
    const ws = wb.getWorksheet('Tổng hợp')!;
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const totalRow = rows.find((r) => r[2] === 'Tổng cộng (các đơn vị đã báo cáo)')!;
    expect(totalRow[4]).toBe(sum(Object.keys(FIGURES), 'so_hoc_sinh'));
    expect(rows.filter((r) => typeof r[1] === 'string' && ['hp-pgd-lechan', 'hp-pgd-ngoquyen', 'hp-thpt-tranphu'].includes(r[1] as string))).toHaveLength(3);

    const summary = await fetch(`${sys.api.url}/reports/plans/${planId}/summary.docx?number=246`, { headers: { authorization: `Bearer ${as('owner.hp-ubnd')}` } });
    expect(summary.status).toBe(200);
    const xml = await (await JSZip.loadAsync(Buffer.from(await summary.arrayBuffer()))).file('word/document.xml')!.async('string');
    expect(xml).toContain('Số: 246/BC-UBND');
    expect(xml).toContain('Tiến độ thực hiện Kế hoạch số 193/KH-UBND ngày 19/08/2021');
    expect(xml).toContain('TIẾN ĐỘ THỰC HIỆN CÁC NHIỆM VỤ');
    expect(xml).toContain('14. Báo cáo kết quả thực hiện Kế hoạch');
    // PDF through LibreOffice where it is installed; a clear 501 where it is not.
    const pdf = await fetch(`${sys.api.url}/reports/tasks/${taskId}/consolidated.pdf?unitId=hp-ubnd`, { headers: { authorization: `Bearer ${as('owner.hp-ubnd')}` } });
    if (await libreOfficePath()) expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    else expect([pdf.status, ((await pdf.json()) as { detail: string }).detail]).toEqual([501, expect.stringContaining('LibreOffice')]);
    expect((await fetch(`${sys.api.url}/reports/tasks/${taskId}/consolidated.docx?unitId=hp-ubnd&date=2026-13-01`, { headers: { authorization: `Bearer ${as('owner.hp-ubnd')}` } })).status).toBe(400);
  });
});
