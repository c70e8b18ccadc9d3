// The web console in Debian's Chromium (playwright-core), against the running system: a plan owner imports a real
// plan document and reviews the draft beside its source lines; the UBND's owner launches a plan whose report climbs
// school → district office → Sở → UBND; each officer acknowledges and submits (with an attachment), each
// supervisor returns or approves, up to the UBND's approval of the consolidated report; the inspector reads the
// history and verifies the audit chain. Screenshots of each main screen go to .screenshots/.
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { addDays, vnDateOf } from '@khflow/domain';
import { waitFor } from '../support/test-env';
import { PASSWORD, type ApiSystem, startApiSystem } from '../api/api-harness';

jest.setTimeout(600_000);

const ROOT = path.resolve(__dirname, '../..');
const SHOTS = path.join(ROOT, '.screenshots');
const SAMPLE = path.join(ROOT, 'test/fixtures/plans/000_a38933efd5dfb3e5.txt');

describe('web console: from import to the UBND’s consolidated report', () => {
  let sys: ApiSystem;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(ROOT, 'apps/console/dist/index.html'))) throw new Error('the console is not built: run the tests with npm test (it builds apps/console)');
    sys = await startApiSystem();
    browser = await chromium.launch({ executablePath: process.env.KHFLOW_CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

  async function login(username: string) {
    await page.goto(`${sys.api.url}/console/#/login`);
    await page.evaluate('sessionStorage.clear()');
    await page.goto(`${sys.api.url}/console/#/login`);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Hộp việc' }).waitFor();
  }

  /** Opens the caller's assignment of a task from the inbox (waiting for the fan-out to reach the unit). */
  async function openFromInbox(title: string) {
    const link = page.getByRole('link', { name: new RegExp(title) }).first();
    await waitFor(
      async () => {
        await page.goto(`${sys.api.url}/console/#/inbox`);
        await page.reload();
        return (await link.count()) > 0;
      },
      { timeoutMs: 60_000, intervalMs: 1000 },
    );
    await link.click();
    await page.getByTestId('state').waitFor();
  }

  const stateIs = (text: string) => page.getByTestId('state').filter({ hasText: text }).waitFor({ timeout: 30_000 });

  async function submit(text: string, withFile = false) {
    await page.getByLabel('Nội dung báo cáo').fill(text);
    if (withFile) await page.getByLabel('Tệp đính kèm').setInputFiles({ name: 'bao-cao.txt', mimeType: 'text/plain', buffer: Buffer.from(`${text}\n`, 'utf8') });
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await stateIs('Đã gửi, chờ duyệt');
  }

  async function approve() {
    await page.getByRole('form', { name: 'Phê duyệt' }).getByRole('button', { name: 'Phê duyệt' }).click();
    await stateIs('Đã phê duyệt');
  }

  it('imports a plan document and shows the draft with its warnings and source lines', async () => {
    await login('owner.hp-sgddt');
    await shot('01-inbox-plan-owner');
    await page.getByRole('link', { name: 'Kế hoạch' }).click();
    await page.getByLabel(/\.txt, \.docx/).setInputFiles(SAMPLE);
    await page.getByRole('button', { name: 'Nhập văn bản kế hoạch', exact: true }).click();
    await page.getByTestId('plan-status').filter({ hasText: 'Dự thảo' }).waitFor();
    await page.getByRole('heading', { name: /Chỉ số Đổi mới sáng tạo/ }).waitFor();
    const rows = page.locator('table').first().locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(10);
    await expect(page.getByRole('region', { name: 'Cần xem lại' }).count()).resolves.toBe(1);
    expect(await page.locator('td', { hasText: /^\d+–\d+$/ }).count()).toBeGreaterThan(10); // source lines of each task
    // A task's source lines are shown highlighted in the document beside the draft.
    await page.locator('td a', { hasText: /^\d+–\d+$/ }).first().click();
    expect(await page.getByRole('region', { name: 'Văn bản gốc' }).locator('li.hl').count()).toBeGreaterThan(0);
    await shot('02-plan-import-review');
    // Search finds the plan by a word of one of its tasks, and units by name.
    await page.getByRole('link', { name: 'Kế hoạch' }).click();
    await page.getByLabel(/^Tìm kiếm/).fill('truyền thông');
    await page.getByRole('link', { name: /Chỉ số Đổi mới sáng tạo/ }).waitFor();
    await page.getByLabel(/^Tìm kiếm/).fill('Lê Chân');
    await page.getByRole('list', { name: 'Đơn vị' }).getByText('hp-pgd-lechan').waitFor();
  });

  it('imports the UBND’s plan, completes the draft, launches it, and the Sở reports to the UBND', async () => {
    await login('owner.hp-ubnd');
    await page.getByRole('link', { name: 'Kế hoạch' }).click();
    await page.getByLabel(/\.txt, \.docx/).setInputFiles(path.join(ROOT, 'test/fixtures/plans/001_6c687b1be164f383.txt'));
    await page.getByRole('button', { name: 'Nhập văn bản kế hoạch', exact: true }).click();
    await page.getByTestId('plan-status').filter({ hasText: 'Dự thảo' }).waitFor();
    const planId = page.url().split('/').pop()!;
    // Launching with tasks that have no lead unit is refused with the reason; the owner chooses them, saves, launches.
    await page.getByRole('button', { name: 'Ban hành (khởi chạy)' }).click();
    await page.getByRole('status').filter({ hasText: /no lead unit/ }).waitFor();
    const pickers = page.getByLabel(/^Chọn đơn vị chủ trì /);
    const missing = await pickers.count();
    expect(missing).toBeGreaterThan(0);
    for (let i = 0; i < missing; i++) await pickers.nth(i).fill('hp-sgddt');
    const firstTitle = page.getByRole('textbox', { name: /^Nhiệm vụ / }).first();
    await firstTitle.fill('Tăng cường sự lãnh đạo, chỉ đạo (đã rà soát)');
    await shot('02b-plan-draft-correction');
    await page.getByRole('button', { name: 'Lưu dự thảo' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu' }).waitFor();
    await page.getByLabel(/^Chọn đơn vị chủ trì /).first().waitFor({ state: 'detached' }); // the saved draft has every lead
    const owner = await sys.login('owner.hp-ubnd');
    expect((await sys.call('GET', `/plans/${planId}`, { token: owner })).body.tasks[0].title).toBe('Tăng cường sự lãnh đạo, chỉ đạo (đã rà soát)');
    await page.getByRole('button', { name: 'Ban hành (khởi chạy)' }).click();
    await waitFor(async () => (await sys.call('GET', `/plans/${planId}`, { token: owner })).body.status === 'active', { timeoutMs: 120_000 });

    // The owner amends the running plan from the console: a new due date for a task, with the reason.
    await page.reload();
    const amend = page.getByRole('form', { name: 'Điều chỉnh kế hoạch' });
    await amend.getByLabel('Hạn mới đề nghị').fill(addDays(vnDateOf(Date.now()), 50));
    await amend.getByLabel('Lý do').fill('Lùi hạn theo chỉ đạo của Chủ tịch UBND');
    await amend.getByRole('button', { name: 'Áp dụng' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu' }).waitFor();
    const amended = (await sys.call('GET', `/plans/${planId}/history?limit=10000`, { token: owner })).body.entries.filter((e: { action: string }) => e.action === 'plan.amended.due_changed');
    expect(amended).toHaveLength(1);

    // The Sở works one of its tasks and reports; the UBND's supervisor approves.
    const task = (await sys.call('GET', `/plans/${planId}`, { token: owner })).body.tasks.find((x: { lead: { unitId?: string }[] }) => x.lead.some((l) => l.unitId === 'hp-sgddt'));
    const title = task.title.slice(0, 40).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await login('officer.hp-sgddt');
    await openFromInbox(title);
    await page.getByRole('button', { name: 'Tiếp nhận' }).click();
    await stateIs('Đã tiếp nhận');
    await submit('Sở GDĐT báo cáo kết quả thực hiện nhiệm vụ được giao');
    await login('supervisor.hp-ubnd');
    await page.getByRole('table', { name: 'Chờ quyết định' }).getByRole('link', { name: new RegExp(title) }).first().click();
    await approve();
  });

  it('walks a report from a school up to the UBND, every role in turn', async () => {
    const title = 'Báo cáo kết quả thực hiện Chỉ số PII năm 2024';
    // The UBND's owner drafts over the API (the import is shown above) and launches in the console.
    const owner = await sys.login('owner.hp-ubnd');
    const draft = await sys.call('POST', '/plans', {
      token: owner,
      body: {
        number: '177/KH-UBND',
        title: 'Kế hoạch nâng cao Chỉ số PII năm 2024',
        issuerUnitId: 'hp-ubnd',
        tasks: [{ ref: '1', title, lead: [{ unitId: 'hp-thcs-lechan-1' }], coordinators: [], timeframe: { kind: 'once', due: addDays(vnDateOf(Date.now()), 40) }, consolidate: true }],
      },
    });
    expect(draft.status).toBe(201);
    await login('owner.hp-ubnd');
    await page.goto(`${sys.api.url}/console/#/plans/${draft.body.id}`);
    await page.getByRole('button', { name: 'Ban hành (khởi chạy)' }).click();
    await waitFor(async () => (await sys.call('GET', `/plans/${draft.body.id}`, { token: owner })).body.status === 'active', { timeoutMs: 60_000 });

    // The school: acknowledge, submit with an attachment; the district office returns it; the school resubmits.
    await login('officer.hp-thcs-lechan-1');
    await openFromInbox(title);
    await page.getByRole('button', { name: 'Tiếp nhận' }).click();
    await stateIs('Đã tiếp nhận');
    await submit('Trường THCS đã triển khai 5/5 nội dung', true);
    await shot('03-assignment-officer');

    await login('supervisor.hp-pgd-lechan');
    await page.getByRole('table', { name: 'Chờ quyết định' }).getByRole('link', { name: new RegExp(title) }).click();
    await page.getByRole('form', { name: 'Trả lại' }).getByLabel('Ý kiến').fill('Bổ sung minh chứng');
    await shot('04-assignment-supervisor');
    await page.getByRole('form', { name: 'Trả lại' }).getByRole('button', { name: 'Trả lại' }).click();
    await stateIs('Bị trả lại');

    await login('officer.hp-thcs-lechan-1');
    await openFromInbox(title);
    await page.getByText('Bổ sung minh chứng').waitFor();
    await submit('Đã bổ sung minh chứng (lần 2)');

    await login('supervisor.hp-pgd-lechan');
    await page.getByRole('table', { name: 'Chờ quyết định' }).getByRole('link', { name: new RegExp(title) }).click();
    await approve();

    // Each level consolidates and reports up by its own deadline: district office → Sở → UBND.
    for (const [officer, supervisor] of [
      ['officer.hp-pgd-lechan', 'supervisor.hp-sgddt'],
      ['officer.hp-sgddt', 'supervisor.hp-ubnd'],
    ]) {
      await login(officer);
      await openFromInbox(title);
      await waitFor(async () => {
        await page.reload();
        return (await page.getByRole('button', { name: 'Gửi báo cáo' }).count()) > 0;
      }, { timeoutMs: 30_000, intervalMs: 1000 });
      await submit(`Tổng hợp báo cáo của ${officer.split('.')[1]}`);
      await login(supervisor);
      await page.getByRole('table', { name: 'Chờ quyết định' }).getByRole('link', { name: new RegExp(title) }).first().click();
      await approve();
    }
    await shot('05-ubnd-approved');
    // The plan's progress along the reporting tree: the UBND's plan reaches the school through its office and the Sở.
    await page.goto(`${sys.api.url}/console/#/plans/${draft.body.id}`);
    const tree = page.getByRole('region', { name: 'Tiến độ theo cây báo cáo' });
    await tree.getByText(/Trường THCS .* Hoàn thành đúng hạn: 1/).waitFor();
    expect(await tree.getByText(/đã báo cáo 1\/1/).count()).toBe(2); // the district office and the Sở consolidated
    await shot('05b-progress-tree');

    // The UBND's owner closes the finished plan from the console.
    await login('owner.hp-ubnd');
    await page.goto(`${sys.api.url}/console/#/plans/${draft.body.id}`);
    const close = page.getByRole('form', { name: 'Kết thúc kế hoạch' });
    await close.getByLabel('Lý do').fill('Đã hoàn thành');
    await close.getByRole('button', { name: 'Kết thúc kế hoạch' }).click();
    await waitFor(async () => (await sys.call('GET', `/plans/${draft.body.id}`, { token: owner })).body.status === 'closed', { timeoutMs: 60_000 });
    const history = (await sys.call('GET', `/plans/${draft.body.id}/history?limit=10000`, { token: owner })).body.entries.map((e: { action: string }) => e.action);
    expect(history).toEqual(expect.arrayContaining(['plan.closed']));
    await login('supervisor.hp-ubnd');
    const rows = (await sys.call('GET', `/plans/${draft.body.id}/progress`, { token: owner })).body.byUnit;
    expect(rows.map((r: { unitId: string }) => r.unitId).sort()).toEqual(['hp-pgd-lechan', 'hp-sgddt', 'hp-thcs-lechan-1']);
    expect(rows.every((r: { counts: Record<string, number> }) => r.counts.done_on_time === 1)).toBe(true);

    // The dashboard of the UBND's supervisor, and the plan's progress in the console.
    await page.getByRole('link', { name: 'Tổng quan' }).click();
    await page.getByRole('heading', { name: 'Tổng quan' }).waitFor();
    await page.getByRole('img', { name: /Diễn biến 30 ngày/ }).waitFor();
    await shot('06-dashboard');

    // The inspector: the Sở's consolidated report's history, and the audit chain verified.
    const sgdAssignment = (await sys.call('GET', '/inbox', { token: await sys.login('officer.hp-sgddt') })).body.assignments.items.find((a: { title: string }) => a.title === title);
    await login('inspector.hp-sgddt-thanhtra');
    await page.goto(`${sys.api.url}/console/#/history/assignments/${sgdAssignment.id}`);
    await page.getByText('assignment.approved').first().waitFor();
    await page.getByRole('button', { name: 'Kiểm tra chuỗi nhật ký' }).click();
    await page.getByRole('status').filter({ hasText: 'Chuỗi nhật ký toàn vẹn' }).waitFor();
    await shot('07-history-inspector');
    expect(await page.getByRole('button', { name: 'Phê duyệt' }).count()).toBe(0);
  });

  it('is usable on a phone-sized screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await login('officer.hp-thcs-lechan-1');
    await shot('08-inbox-phone');
    expect(await page.getByRole('table').count()).toBeGreaterThan(0);
  });
});
