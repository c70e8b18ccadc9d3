// The administrator's console in Debian's Chromium, against the running system (real Temporal dev server and
// PostgreSQL): the directory of a province that is not Hải Phòng (Lâm Đồng) imported from a CSV through the page —
// a dry run that changes nothing, then the import — and its users from another; a unit and a user created on the
// pages (the user's temporary password is shown once and works); that user imports one of the province's plans on
// the plans page, sees every task's units resolved to the imported directory, and launches it (beside a statistics
// task over the API that the city's education office consolidates from its schools); a reorganisation written on
// the form — a ward merged into another, the city's education office split between two wards with its schools — is
// refused beside the wrong field, previewed (the work and the users that would move, the shares of the split
// consolidation) and applied on the page; each open assignment of a unit that went then sits once at the unit that
// took it, the users of those units belong to it, and the owner sees the work there. Every admin page passes
// axe-core (no serious or critical violation) with dd/mm/yyyy dates.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { viDay } from '@khflow/contracts';
import { addDays, vnDateOf } from '@khflow/domain';
import { waitFor } from '../support/test-env';
import { PASSWORD, type ApiSystem, startApiSystem } from '../api/api-harness';
import { accessibilityProblems, launchConsoleBrowser, ROOT } from './browser-harness';

jest.setTimeout(600_000);

/** Lâm Đồng's directory (a part of it): the UBND, the Sở, three wards of Đà Lạt, the city's education office and schools. */
const LAM_DONG = fs.readFileSync(path.join(ROOT, 'test/fixtures/lam-dong/units.csv'));
/** A plan of the Sở (written for this test, in the shape of the province's documents) naming the units above. */
const PLAN = path.join(ROOT, 'test/fixtures/lam-dong/sgddt-kh-chuyen-doi-so.txt');
/** Each task of PLAN → its lead and coordinating units, as the directory names them. */
const RESOLVED: Record<string, [string, string]> = {
  'II.1': ['Ủy ban nhân dân phường Xuân Hương - Đà Lạt', ''],
  'II.2': ['Phòng Giáo dục và Đào tạo thành phố Đà Lạt', ''],
  'II.3': ['Ủy ban nhân dân phường Lâm Viên - Đà Lạt', ''],
  'II.4': ['Ủy ban nhân dân phường Xuân Hương - Đà Lạt', 'Ủy ban nhân dân phường Lâm Viên - Đà Lạt'],
  'III.p1': ['Sở Giáo dục và Đào tạo Lâm Đồng', ''],
};
/** The units that go in the reorganisation → the unit that takes their open work. */
const TAKEN_BY: Record<string, string> = { 'ld-xa-xuanhuong': 'ld-xa-lamvien', 'ld-pgd-dalat': 'ld-xa-lamvien' };

type Row = { id: string; task_ref: string; kind: string; unit_id: string; reviewer_unit_id: string; state: string; consolidation: { expected?: string[] } | null };

describe('web console: an administrator builds, imports and reorganises a directory', () => {
  let sys: ApiSystem;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    sys = await startApiSystem();
    ({ browser, page } = await launchConsoleBrowser());
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  async function checkPage(name: string) {
    expect({ page: name, ...(await accessibilityProblems(page)) }).toEqual({ page: name, violations: [], isoDate: null });
  }

  async function login(username: string, password = PASSWORD) {
    await page.goto(`${sys.api.url}/console/#/login`);
    await page.evaluate('sessionStorage.clear()');
    await page.goto(`${sys.api.url}/console/#/login`);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Hộp việc' }).waitFor();
  }

  it('imports Lâm Đồng and one of its plans, launches it, and merges and splits units with the open work moving once', async () => {
    const admin = await sys.login('admin');
    const unit = async (id: string) => sys.call('GET', `/units/${id}`, { token: admin });
    await login('admin');

    // 1. The directory page: a dry run shows the diff and changes nothing; the import applies it.
    await page.getByRole('link', { name: 'Danh mục' }).click();
    await page.getByRole('heading', { name: 'Danh mục đơn vị' }).waitFor();
    await checkPage('admin directory');
    const importer = page.getByRole('region', { name: 'Nhập danh mục' });
    await importer.getByLabel(/Tệp đơn vị hoặc người dùng/).setInputFiles({ name: 'lam-dong.csv', mimeType: 'text/csv', buffer: LAM_DONG });
    await importer.getByRole('button', { name: 'Xem trước' }).click();
    await importer.getByRole('status').filter({ hasText: 'Xem trước: chưa có gì thay đổi.' }).waitFor();
    await importer.getByText(/Đơn vị: \+9,/).waitFor();
    expect((await unit('ld-sgddt')).status).toBe(404);
    await importer.getByRole('button', { name: 'Nhập', exact: true }).click();
    await importer.getByRole('status').filter({ hasText: 'Đã nhập danh mục.' }).waitFor();
    expect((await unit('ld-sgddt')).body).toMatchObject({ name: 'Sở Giáo dục và Đào tạo Lâm Đồng', kind: 'department' });
    await page.getByLabel(/^Tìm/).fill('Lâm Viên');
    await page.getByRole('cell', { name: 'Ủy ban nhân dân phường Lâm Viên - Đà Lạt' }).waitFor();
    await checkPage('admin directory after import');
    // Then the province's users, from their own CSV.
    await importer.getByLabel(/Tệp đơn vị hoặc người dùng/).setInputFiles({ name: 'lam-dong-users.csv', mimeType: 'text/csv', buffer: fs.readFileSync(path.join(ROOT, 'test/fixtures/lam-dong/users.csv')) });
    await importer.getByRole('button', { name: 'Xem trước' }).click();
    await importer.getByText(/Người dùng: \+2,/).waitFor();
    await importer.getByRole('button', { name: 'Nhập', exact: true }).click();
    await importer.getByRole('status').filter({ hasText: 'Đã nhập danh mục.' }).waitFor();
    const userOf = async (username: string) => (await sys.call('GET', `/users?q=${username}`, { token: admin })).body.items.find((u: { username: string }) => u.username === username);
    expect(await userOf('officer.ld-xa-xuanhuong')).toMatchObject({ unitId: 'ld-xa-xuanhuong' });

    // 2. A new school under the ward of Lâm Viên, typed on the page.
    const create = page.getByRole('form', { name: 'Thêm đơn vị' });
    await create.getByLabel('Mã (id)').fill('ld-thcs-leloi');
    await create.getByLabel('Tên', { exact: true }).fill('Trường THCS Lê Lợi');
    await create.getByLabel('Loại').selectOption('school_thcs');
    await create.getByLabel('Đơn vị cấp trên (id)').fill('ld-xa-lamvien');
    await create.getByLabel('Lý do').fill('Thành lập trường mới');
    await create.getByRole('button', { name: 'Thêm đơn vị' }).click();
    await create.getByRole('status').filter({ hasText: 'Đã lưu' }).waitFor();
    expect((await unit('ld-thcs-leloi')).body).toMatchObject({ name: 'Trường THCS Lê Lợi', kind: 'school_thcs', parentId: 'ld-xa-lamvien' });

    // 3. The users page: a plan owner of the Sở, with a temporary password shown once.
    await page.getByRole('link', { name: 'Người dùng' }).click();
    await page.getByRole('heading', { name: 'Người dùng' }).waitFor();
    await checkPage('admin users');
    const newUser = page.getByRole('form', { name: 'Tạo người dùng' });
    await newUser.getByLabel('Tên đăng nhập').fill('owner.ld-sgddt');
    await newUser.getByLabel('Họ tên').fill('Chuyên viên Văn phòng Sở GDĐT Lâm Đồng');
    await newUser.getByRole('combobox', { name: 'Đơn vị' }).fill('ld-sgddt');
    await newUser.getByLabel('Chủ trì kế hoạch').check();
    await newUser.getByRole('button', { name: 'Tạo' }).click();
    const secret = (await page.getByRole('status').filter({ hasText: 'Mật khẩu tạm' }).locator('code').innerText()).trim();
    expect(secret.length).toBeGreaterThanOrEqual(8);
    await page.getByLabel(/^Tìm/).fill('ld-sgddt');
    await page.getByRole('cell', { name: 'owner.ld-sgddt' }).waitFor();
    // The list names the unit and the role, never their codes.
    const row = page.getByRole('row').filter({ hasText: 'owner.ld-sgddt' });
    await row.getByRole('cell', { name: 'Sở Giáo dục và Đào tạo Lâm Đồng' }).waitFor();
    await row.getByRole('cell', { name: 'Chủ trì kế hoạch' }).waitFor();
    await checkPage('admin users after create');

    // 4. The new owner (with the temporary password) imports the Sở's plan on the plans page: every task's units are
    //    the imported directory's (shown by their names there, none left to choose), and launches it.
    await login('owner.ld-sgddt', secret);
    const ownerLogin = await sys.call('POST', '/auth/login', { body: { username: 'owner.ld-sgddt', password: secret } });
    expect(ownerLogin.status).toBe(200);
    const owner = ownerLogin.body.accessToken as string;
    await page.getByRole('link', { name: 'Kế hoạch' }).click();
    await page.getByLabel(/\.txt, \.docx/).setInputFiles(PLAN);
    await page.getByRole('button', { name: 'Nhập văn bản kế hoạch', exact: true }).click();
    await page.getByTestId('plan-status').filter({ hasText: 'Dự thảo' }).waitFor();
    await page.getByRole('heading', { name: /Triển khai chuyển đổi số trong các trường học/ }).waitFor();
    const planId = page.url().split('/').pop()!;
    // Ref → [lead, coordinators] as the draft's table shows them (names arrive from the directory one by one).
    const shown = async () =>
      Object.fromEntries(
        (await page.getByTestId('tasks').locator('tbody tr').evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => (td as { textContent: string | null }).textContent?.trim() ?? '')))).map((c) => [c[0], [c[2], c[3]]]),
      );
    await waitFor(async () => JSON.stringify(await shown()) === JSON.stringify(RESOLVED), { timeoutMs: 30_000 }).catch(async () => expect(await shown()).toEqual(RESOLVED));
    expect(await page.getByTestId('tasks').locator('.unresolved').count()).toBe(0);
    expect(await page.getByRole('region', { name: /Cần xem lại/ }).count()).toBe(0); // nothing for the owner to correct
    const draft = (await sys.call('GET', `/plans/${planId}`, { token: owner })).body;
    expect(draft.issuerUnitId).toBe('ld-sgddt');
    expect(Object.fromEntries(draft.tasks.map((x: { ref: string; lead: { unitId: string }[] }) => [x.ref, x.lead.map((l) => l.unitId)]))).toEqual({ 'II.1': ['ld-xa-xuanhuong'], 'II.2': ['ld-pgd-dalat'], 'II.3': ['ld-xa-lamvien'], 'II.4': ['ld-xa-xuanhuong'], 'III.p1': ['ld-sgddt'] });
    await page.getByRole('button', { name: 'Ban hành (khởi chạy)' }).click();
    await waitFor(async () => (await sys.call('GET', `/plans/${planId}`, { token: owner })).body.status === 'active', { timeoutMs: 120_000 });
    // Beside it, a statistics task over the API: the city's schools report, their education office consolidates.
    const stats = await sys.call('POST', '/plans', {
      token: owner,
      body: {
        title: 'Báo cáo số liệu chuyển đổi số của các trường thuộc Phòng GDĐT thành phố Đà Lạt',
        issuerUnitId: 'ld-sgddt',
        tasks: [{ ref: 'TK.1', title: 'Báo cáo số liệu thiết bị số của trường', lead: [{ text: 'Các trường thuộc Phòng GDĐT thành phố Đà Lạt', group: { kinds: ['school_thcs', 'school_th'], underUnitId: 'ld-pgd-dalat' } }], coordinators: [], timeframe: { kind: 'once', due: addDays(vnDateOf(Date.now()), 30) }, consolidate: true }],
      },
    });
    expect(stats.status).toBe(201);
    const statsId = (stats.body.planId ?? stats.body.id) as string;
    expect((await sys.call('POST', `/plans/${statsId}/launch`, { token: owner })).status).toBe(202);
    const work = async () =>
      (await sys.engine.ds.query(
        `SELECT a.id, t.ref AS task_ref, a.kind, a.unit_id, a.reviewer_unit_id, a.state, a.consolidation FROM assignment a JOIN task t ON t.id = a.task_id WHERE a.plan_id = ANY($1) ORDER BY t.ref, a.kind, a.unit_id`,
        [[planId, statsId]],
      )) as Row[];
    const isOpen = (r: Row) => r.state !== 'approved' && r.state !== 'cancelled';
    const openWork = async () => (await work()).filter(isOpen);
    // The work of every unit the plans name (the Sở's own task, the follow-up, is the issuer's and makes none).
    const LAUNCHED = ['II.1 lead ld-xa-xuanhuong', 'II.2 lead ld-pgd-dalat', 'II.3 lead ld-xa-lamvien', 'II.4 lead ld-xa-xuanhuong', 'TK.1 consolidation ld-pgd-dalat', 'TK.1 lead ld-th-doanthidiem', 'TK.1 lead ld-thcs-quangtrung'];
    const keyOf = (r: Row) => `${r.task_ref} ${r.kind} ${r.unit_id}`;
    await waitFor(async () => (await openWork()).length === LAUNCHED.length, { timeoutMs: 120_000 }).catch(() => undefined);
    expect((await openWork()).map(keyOf)).toEqual(LAUNCHED);
    const before = await openWork();
    const going = before.filter((r) => TAKEN_BY[r.unit_id]);
    expect(going.map(keyOf)).toEqual(['II.1 lead ld-xa-xuanhuong', 'II.2 lead ld-pgd-dalat', 'II.4 lead ld-xa-xuanhuong', 'TK.1 consolidation ld-pgd-dalat']);

    // 5. The reorganisation form, as the administrator: from today, Xuân Hương merges into Lâm Viên and the city's
    //    education office is split between Lâm Viên and Cam Ly, each taking one of its schools.
    await login('admin');
    await page.getByRole('link', { name: 'Sắp xếp tổ chức' }).click();
    await page.getByRole('heading', { name: 'Sắp xếp tổ chức' }).waitFor();
    await checkPage('admin reorganisation');
    const reason = 'Sáp nhập phường Xuân Hương vào phường Lâm Viên; giải thể Phòng GDĐT thành phố Đà Lạt, giao các trường cho phường';
    await page.getByLabel(/^Ngày hiệu lực/).fill(viDay(vnDateOf(Date.now())));
    await page.getByLabel('Lý do', { exact: true }).fill(reason);
    const op = (n: number) => page.getByRole('group', { name: `Thao tác ${n}`, exact: true });
    const pick = async (scope: Locator, picker: string, typed: string, unitName: string) => {
      await scope.getByLabel(`Gõ tên đơn vị (${picker})`).fill(typed);
      await scope.getByRole('list', { name: `${picker}: Đơn vị tìm thấy` }).getByRole('button', { name: `Thêm: ${unitName}` }).click();
    };
    const into = op(1).getByLabel('Sáp nhập vào đơn vị (thao tác 1)');
    await pick(op(1), 'Các đơn vị sáp nhập (thao tác 1)', 'Xuân Hương', 'Ủy ban nhân dân phường Xuân Hương - Đà Lạt');
    await into.fill('ld-xa-lamvie'); // mistyped
    await page.getByRole('button', { name: 'Thêm thao tác' }).click();
    await op(2).getByLabel('Loại thao tác (thao tác 2)').selectOption('split');
    await op(2).getByLabel('Đơn vị chia tách (thao tác 2)').fill('ld-pgd-dalat');
    await op(2).getByLabel('Đơn vị nhận phần 1 (thao tác 2)').fill('ld-xa-lamvien');
    await pick(op(2), 'Các đơn vị trực thuộc chuyển sang phần 1 (thao tác 2)', 'Quang Trung', 'Trường THCS Quang Trung');
    await op(2).getByLabel('Đơn vị nhận phần 2 (thao tác 2)').fill('ld-xa-camly');
    await pick(op(2), 'Các đơn vị trực thuộc chuyển sang phần 2 (thao tác 2)', 'Đoàn Thị', 'Trường Tiểu học Đoàn Thị Điểm');
    const apply = page.getByRole('button', { name: 'Áp dụng' });
    // The API refuses the mistyped unit: the reason stands beside that field of that row, in Vietnamese.
    await page.getByRole('button', { name: 'Xem trước' }).click();
    const refused = op(1).locator('[data-field-error="operations[0].into"]');
    await refused.waitFor();
    expect(await refused.innerText()).toBe('đơn vị "ld-xa-lamvie" không có trong danh mục');
    expect(await into.getAttribute('aria-invalid')).toBe('true');
    expect(await op(2).locator('[data-field-error]').count()).toBe(0);
    expect(await apply.isDisabled()).toBe(true);
    await checkPage('admin reorganisation refused');
    await into.fill('ld-xa-lamvien');
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await page.getByRole('status').filter({ hasText: 'Xem trước: chưa có gì thay đổi.' }).waitFor();
    expect(await op(1).locator('[data-field-error]').count()).toBe(0);
    // The preview names every open assignment of the units that go, as assignee or as reviewer, and where it goes:
    // the wards' and the office's own work to Lâm Viên, each school's report to the ward that takes the school.
    const touched = before.filter((r) => TAKEN_BY[r.unit_id] || TAKEN_BY[r.reviewer_unit_id]);
    expect(touched.map(keyOf).sort()).toEqual([...going.map(keyOf), 'TK.1 lead ld-th-doanthidiem', 'TK.1 lead ld-thcs-quangtrung'].sort());
    await page.getByRole('heading', { name: `Công việc chuyển (${touched.length})` }).waitFor();
    const moveLines = (await page.locator('h2:has-text("Công việc chuyển") + ul > li').allInnerTexts()).map((t) => t.split('\n')[0].trim()).sort();
    expect(moveLines).toEqual([
      'chuyển ld-pgd-dalat → ld-xa-camly', // Đoàn Thị Điểm's report
      'chuyển ld-pgd-dalat → ld-xa-lamvien', // the office's task
      'chuyển ld-pgd-dalat → ld-xa-lamvien', // the office's consolidation (split: see the shares)
      'chuyển ld-pgd-dalat → ld-xa-lamvien', // Quang Trung's report
      'chuyển ld-xa-xuanhuong → ld-xa-lamvien',
      'chuyển ld-xa-xuanhuong → ld-xa-lamvien',
    ]);
    // The education office's consolidation is split: Cam Ly consolidates the school it takes.
    expect(await page.getByTestId('split-shares').allInnerTexts()).toEqual(['tách cho ld-xa-camly: tổng hợp 1 đơn vị (ld-th-doanthidiem)']);
    // The users of the units that go, and where they will belong.
    await page.getByRole('heading', { name: 'Người dùng chuyển đơn vị (2)' }).waitFor();
    await page.getByText('officer.ld-xa-xuanhuong: ld-xa-xuanhuong → ld-xa-lamvien', { exact: true }).waitFor();
    await page.getByText('officer.ld-pgd-dalat: ld-pgd-dalat → ld-xa-lamvien', { exact: true }).waitFor();
    await checkPage('admin reorganisation preview');
    expect(await openWork()).toEqual(before); // a preview moves nothing
    expect(await apply.isDisabled()).toBe(false);
    await apply.click();
    await page.getByRole('status').filter({ hasText: 'Đã lên lịch' }).waitFor();
    expect((await unit('ld-pgd-dalat')).body).toMatchObject({ validTo: vnDateOf(Date.now()) });
    expect((await unit('ld-thcs-quangtrung')).body).toMatchObject({ parentId: 'ld-xa-lamvien' });
    expect((await unit('ld-th-doanthidiem')).body).toMatchObject({ parentId: 'ld-xa-camly' });
    await waitFor(async () => (await openWork()).every((r) => !TAKEN_BY[r.unit_id]), { timeoutMs: 120_000 });
    await waitFor(async () => (await userOf('officer.ld-pgd-dalat'))?.unitId === 'ld-xa-lamvien', { timeoutMs: 60_000 });
    expect(await userOf('officer.ld-xa-xuanhuong')).toMatchObject({ unitId: 'ld-xa-lamvien' });

    // 6. Each open assignment of a unit that went is now, once, at the unit that took it: none is left behind,
    //    none is doubled, and the API tells the same (its history says why it moved).
    const after = await openWork();
    expect(new Set(after.map(keyOf)).size).toBe(after.length); // no task has two open rows of one kind at one unit
    for (const r of going) {
      const there = after.filter((x) => x.task_ref === r.task_ref && x.kind === r.kind && x.unit_id === TAKEN_BY[r.unit_id]);
      expect({ was: keyOf(r), now: there.map(keyOf) }).toEqual({ was: keyOf(r), now: [`${r.task_ref} ${r.kind} ${TAKEN_BY[r.unit_id]}`] });
      const seen = (await sys.call('GET', `/assignments/${there[0].id}`, { token: admin })).body;
      expect(seen).toMatchObject({ unitId: TAKEN_BY[r.unit_id], taskRef: r.task_ref });
      // No unit that took work had that task already: the assignment itself moved (once), it was not remade.
      expect(there[0].id).toBe(r.id);
      const history = (await sys.call('GET', `/assignments/${r.id}/history`, { token: admin })).body.entries.filter((e: { action: string }) => e.action === 'assignment.reassigned');
      expect(history.map((e: { details: unknown }) => e.details)).toEqual([expect.objectContaining({ fromUnitId: r.unit_id, toUnitId: TAKEN_BY[r.unit_id], reason })]);
    }
    // Nothing open is reviewed by a unit that went; the schools report to the ward that took them, and Cam Ly
    // consolidates the school it took (once).
    expect(after.filter((r) => TAKEN_BY[r.reviewer_unit_id]).map(keyOf)).toEqual([]);
    const school = (id: string) => after.find((r) => r.task_ref === 'TK.1' && r.kind === 'lead' && r.unit_id === id)?.reviewer_unit_id;
    expect({ quangtrung: school('ld-thcs-quangtrung'), doanthidiem: school('ld-th-doanthidiem') }).toEqual({ quangtrung: 'ld-xa-lamvien', doanthidiem: 'ld-xa-camly' });
    const camly = after.filter((r) => r.task_ref === 'TK.1' && r.kind === 'consolidation' && r.unit_id === 'ld-xa-camly');
    expect(camly.map((r) => r.consolidation?.expected)).toEqual([['ld-th-doanthidiem']]);
    const progress = (await sys.call('GET', `/plans/${planId}/progress`, { token: owner })).body as { byUnit: { unitId: string; counts: Record<string, number> }[] };
    for (const gone of Object.keys(TAKEN_BY)) {
      const counts = progress.byUnit.find((u) => u.unitId === gone)?.counts ?? {};
      expect({ gone, open: (counts.in_progress_on_time ?? 0) + (counts.overdue ?? 0) + (counts.returned ?? 0) }).toEqual({ gone, open: 0 });
    }

    // The owner sees the work at the ward that took it.
    await login('owner.ld-sgddt', secret);
    await page.goto(`${sys.api.url}/console/#/plans/${planId}`);
    await page.getByTestId('plan-status').waitFor();
    await page.getByText('Ủy ban nhân dân phường Lâm Viên - Đà Lạt').first().waitFor();
  });
});
