// The administrator's console in Debian's Chromium, against the running system (real Temporal dev server and
// PostgreSQL): the directory of a province that is not Hải Phòng (Lâm Đồng) imported from a CSV through the page —
// a dry run that changes nothing, then the import; a unit and a user created on the pages (the user's temporary
// password is shown once and works); that user's plan gives work to a ward; a reorganisation merging the ward into
// another is previewed (the work that would move) and applied on the page, and the plan's owner sees the work at
// the ward that took it. Every admin page passes axe-core (no serious or critical violation) with dd/mm/yyyy dates.
import type { Browser, Page } from 'playwright-core';
import { addDays, vnDateOf } from '@khflow/domain';
import { waitFor } from '../support/test-env';
import { PASSWORD, type ApiSystem, startApiSystem } from '../api/api-harness';
import { accessibilityProblems, launchConsoleBrowser } from './browser-harness';

jest.setTimeout(600_000);

const HEADER = 'id,name,kind,parent_id,reports_to_id,short_name,aliases,code,valid_from,valid_to,successor_id';
const LAM_DONG = [
  HEADER,
  'ld-ubnd,Ủy ban nhân dân tỉnh Lâm Đồng,city_committee,,,UBND tỉnh Lâm Đồng,,,,,',
  'ld-sgddt,Sở Giáo dục và Đào tạo Lâm Đồng,department,ld-ubnd,,Sở GDĐT Lâm Đồng,Sở GD&ĐT Lâm Đồng,,,,',
  'ld-xa-xuanhuong,Ủy ban nhân dân phường Xuân Hương - Đà Lạt,commune,ld-ubnd,ld-sgddt,UBND phường Xuân Hương,,,,,',
  'ld-xa-lamvien,Ủy ban nhân dân phường Lâm Viên - Đà Lạt,commune,ld-ubnd,ld-sgddt,UBND phường Lâm Viên,,,,,',
  'ld-thcs-nguyendu,Trường THCS Nguyễn Du,school_thcs,ld-xa-xuanhuong,,,,,,,',
].join('\n');

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

  it('imports Lâm Đồng, creates a unit and a user, and merges two wards with the open work moving', async () => {
    const admin = await sys.login('admin');
    const unit = async (id: string) => sys.call('GET', `/units/${id}`, { token: admin });
    await login('admin');

    // 1. The directory page: a dry run shows the diff and changes nothing; the import applies it.
    await page.getByRole('link', { name: 'Danh mục' }).click();
    await page.getByRole('heading', { name: 'Danh mục đơn vị' }).waitFor();
    await checkPage('admin directory');
    const importer = page.getByRole('region', { name: 'Nhập danh mục' });
    await importer.getByLabel(/Tệp đơn vị hoặc người dùng/).setInputFiles({ name: 'lam-dong.csv', mimeType: 'text/csv', buffer: Buffer.from(LAM_DONG, 'utf8') });
    await importer.getByRole('button', { name: 'Xem trước' }).click();
    await importer.getByRole('status').filter({ hasText: 'Xem trước: chưa có gì thay đổi.' }).waitFor();
    await importer.getByText(/Đơn vị: \+5,/).waitFor();
    expect((await unit('ld-sgddt')).status).toBe(404);
    await importer.getByRole('button', { name: 'Nhập', exact: true }).click();
    await importer.getByRole('status').filter({ hasText: 'Đã nhập danh mục.' }).waitFor();
    expect((await unit('ld-sgddt')).body).toMatchObject({ name: 'Sở Giáo dục và Đào tạo Lâm Đồng', kind: 'department' });
    await page.getByLabel(/^Tìm/).fill('Lâm Viên');
    await page.getByRole('cell', { name: 'Ủy ban nhân dân phường Lâm Viên - Đà Lạt' }).waitFor();
    await checkPage('admin directory after import');

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

    // The new owner (with the temporary password) gives work to the ward of Xuân Hương.
    const ownerLogin = await sys.call('POST', '/auth/login', { body: { username: 'owner.ld-sgddt', password: secret } });
    expect(ownerLogin.status).toBe(200);
    const owner = ownerLogin.body.accessToken as string;
    const due = addDays(vnDateOf(Date.now()), 30);
    const created = await sys.call('POST', '/plans', {
      token: owner,
      body: {
        title: 'Kế hoạch tuyên truyền chuyển đổi số trong trường học năm 2026',
        issuerUnitId: 'ld-sgddt',
        tasks: [{ ref: '1', title: 'Tổ chức tuyên truyền chuyển đổi số tại địa bàn phường', lead: [{ unitId: 'ld-xa-xuanhuong' }], coordinators: [], timeframe: { kind: 'once', due } }],
      },
    });
    expect(created.status).toBe(201);
    const planId = (created.body.planId ?? created.body.id) as string;
    expect((await sys.call('POST', `/plans/${planId}/launch`, { token: owner })).status).toBe(202);
    const work = async () => (await sys.engine.ds.query(`SELECT id, unit_id FROM assignment WHERE plan_id = $1`, [planId])) as { id: string; unit_id: string }[];
    await waitFor(async () => (await work()).length === 1, { timeoutMs: 120_000 });
    expect((await work())[0].unit_id).toBe('ld-xa-xuanhuong');

    // 4. The reorganisation page: merge Xuân Hương into Lâm Viên from today; the preview names the work that moves.
    await page.getByRole('link', { name: 'Sắp xếp tổ chức' }).click();
    await page.getByRole('heading', { name: 'Sắp xếp tổ chức' }).waitFor();
    await checkPage('admin reorganisation');
    const request = { effectiveFrom: vnDateOf(Date.now()), reason: 'Sáp nhập phường Xuân Hương vào phường Lâm Viên', operations: [{ type: 'merge', unitIds: ['ld-xa-xuanhuong'], into: 'ld-xa-lamvien' }] };
    await page.getByLabel(/^Các thao tác \(JSON\)/).fill(JSON.stringify(request, null, 2));
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await page.getByRole('heading', { name: 'Công việc chuyển (1)' }).waitFor();
    await page.getByText('chuyển ld-xa-xuanhuong → ld-xa-lamvien').waitFor();
    await checkPage('admin reorganisation preview');
    expect((await work())[0].unit_id).toBe('ld-xa-xuanhuong'); // a preview moves nothing
    await page.getByRole('button', { name: 'Áp dụng' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lên lịch' }).waitFor();
    await waitFor(async () => (await work())[0].unit_id === 'ld-xa-lamvien', { timeoutMs: 120_000 });

    // The owner sees the work at the ward that took it, and its history says why it moved.
    await login('owner.ld-sgddt', secret);
    await page.goto(`${sys.api.url}/console/#/plans/${planId}`);
    await page.getByText('Ủy ban nhân dân phường Lâm Viên - Đà Lạt').first().waitFor();
    const history = await sys.call('GET', `/assignments/${(await work())[0].id}/history`, { token: admin });
    expect(history.body.entries.find((e: { action: string }) => e.action === 'assignment.reassigned')).toMatchObject({ details: { fromUnitId: 'ld-xa-xuanhuong', toUnitId: 'ld-xa-lamvien', reason: request.reason } });
  });
});
