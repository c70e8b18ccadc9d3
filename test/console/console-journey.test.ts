// The web console in Debian's Chromium (playwright-core), against the running system: a plan owner imports a real
// plan document and reviews the draft beside its source lines; the UBND's owner launches a plan whose report climbs
// school → district office → Sở → UBND; each officer acknowledges and submits (with an attachment), each
// supervisor returns or approves, up to the UBND's approval of the consolidated report; the inspector reads the
// history and verifies the audit chain. On every main page of every role axe-core (injected through playwright-core)
// must find no serious or critical violation, and no date is written YYYY-MM-DD; the administration screens are checked the
// same way (the report-form screens in report-journey.test.ts). Screenshots go to .screenshots/,
// or to KHFLOW_SCREENSHOTS_DIR (`npm run screenshots` retakes the README's, in docs/screenshots).
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { addDays, vnDateOf } from '@khflow/domain';
import { waitFor } from '../support/test-env';
import { PASSWORD, type ApiSystem, startApiSystem } from '../api/api-harness';
import { accessibilityProblems, launchConsoleBrowser, ROOT } from './browser-harness';

jest.setTimeout(600_000);

const SHOTS = path.resolve(ROOT, process.env.KHFLOW_SCREENSHOTS_DIR || '.screenshots');
const SAMPLE = path.join(ROOT, 'test/fixtures/plans/000_a38933efd5dfb3e5.txt');
const viDate = (iso: string) => iso.split('-').reverse().join('/');
/** The focused element's tag and outline, as the browser draws it. */
const FOCUS_STYLE = '(() => { const el = document.activeElement; const s = getComputedStyle(el); return [el.tagName, s.outlineStyle, s.outlineWidth]; })()';

describe('web console: from import to the UBND’s consolidated report', () => {
  let sys: ApiSystem;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    sys = await startApiSystem();
    ({ browser, page } = await launchConsoleBrowser());
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  /** A screenshot: the whole page, or (long lists) what the screen shows. */
  const shot = (name: string, fullPage = true) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
  const checked: string[] = [];

  /**
   * The page as a keyboard and screen-reader user meets it: axe-core finds no serious or critical violation, and
   * every date on it is dd/mm/yyyy.
   */
  async function checkPage(name: string) {
    expect({ page: name, ...(await accessibilityProblems(page)) }).toEqual({ page: name, violations: [], isoDate: null });
    checked.push(name);
  }

  let current = '';
  async function login(username: string) {
    current = username;
    await page.goto(`${sys.api.url}/console/#/login`);
    await page.evaluate('sessionStorage.clear()');
    await page.goto(`${sys.api.url}/console/#/login`);
    if (!checked.includes('login')) {
      await checkPage('login');
      // Keyboard focus is visible: the first Tab lands on the username, outlined.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(FOCUS_STYLE)).toEqual(['INPUT', 'solid', '3px']);
    }
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
    ).catch(async (err) => {
      const inbox = (await sys.call('GET', '/inbox', { token: await sys.login(current) })).body;
      console.log('inbox (API) of', current, JSON.stringify(inbox.assignments?.items?.map((a: { title: string; kind: string }) => [a.kind, a.title])), 'looking for', title, 'page text:', (await page.innerText('body')).slice(0, 1500));
      throw err;
    });
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
    await checkPage('inbox (plan owner)');
    await page.getByRole('link', { name: 'Hộp việc' }).focus();
    await page.keyboard.press('Tab'); // to the next menu entry, by keyboard
    expect(await page.evaluate(FOCUS_STYLE)).toEqual(['A', 'solid', '3px']);
    await shot('01-inbox-plan-owner');
    await page.getByRole('link', { name: 'Kế hoạch' }).click();
    await checkPage('plans (plan owner)');
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
    await checkPage('plan draft (plan owner)');
    await shot('02-plan-import-review');
    // Search finds the plan by a word of one of its tasks, and units by name.
    await page.getByRole('link', { name: 'Kế hoạch' }).click();
    await page.getByLabel(/^Tìm kiếm/).fill('truyền thông');
    await page.getByRole('link', { name: /Chỉ số Đổi mới sáng tạo/ }).waitFor();
    await page.getByLabel(/^Tìm kiếm/).fill('Lê Chân');
    await page.getByRole('list', { name: 'Đơn vị' }).getByText(/^Phòng Giáo dục và Đào tạo quận Lê Chân/).waitFor();
    // A unit's name finds the plans it issued.
    await page.getByLabel(/^Tìm kiếm/).fill('Sở Giáo dục và Đào tạo Hải Phòng');
    await page.getByTestId('plans').getByRole('link', { name: /Chỉ số Đổi mới sáng tạo/ }).waitFor();
    // The list pages and sorts: the title header sorts, and says so.
    await page.getByLabel(/^Tìm kiếm/).fill('');
    await page.getByTestId('plans').getByRole('button', { name: /^Kế hoạch/ }).click();
    await expect(page.getByTestId('plans').getByRole('columnheader', { name: /^Kế hoạch/ }).getAttribute('aria-sort')).resolves.toBe('ascending');
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
    // The refusal is in Vietnamese and names the task's field.
    await page.getByRole('alert').filter({ hasText: /Nhiệm vụ \d+ › Đơn vị chủ trì: nhiệm vụ .* chưa có đơn vị chủ trì/ }).first().waitFor();
    const pickers = page.getByLabel(/^Chọn đơn vị chủ trì /);
    const missing = await pickers.count();
    expect(missing).toBeGreaterThan(0);
    for (let i = 0; i < missing; i++) await pickers.nth(i).fill('hp-sgddt');
    const firstTitle = page.getByRole('textbox', { name: /^Nhiệm vụ / }).first();
    await firstTitle.fill('Tăng cường sự lãnh đạo, chỉ đạo (đã rà soát)');
    await shot('02b-plan-draft-correction', false);
    await page.getByRole('button', { name: 'Lưu dự thảo' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu' }).waitFor();
    await page.getByLabel(/^Chọn đơn vị chủ trì /).first().waitFor({ state: 'detached' }); // the saved draft has every lead
    const owner = await sys.login('owner.hp-ubnd');
    expect((await sys.call('GET', `/plans/${planId}`, { token: owner })).body.tasks[0].title).toBe('Tăng cường sự lãnh đạo, chỉ đạo (đã rà soát)');
    await page.getByRole('button', { name: 'Ban hành (khởi chạy)' }).click();
    await waitFor(async () => (await sys.call('GET', `/plans/${planId}`, { token: owner })).body.status === 'active', { timeoutMs: 120_000 });

    // The owner amends the running plan from the console: a new due date for a task (typed dd/mm/yyyy), with the reason.
    await page.reload();
    const amend = page.getByRole('form', { name: 'Điều chỉnh kế hoạch' });
    await amend.waitFor();
    expect(await page.getByRole('region', { name: /Cần xem lại/ }).count()).toBe(0); // import warnings are for the draft only
    expect(await page.getByRole('link', { name: /Temporal/ }).count()).toBe(0); // the Temporal UI is for administrators
    await checkPage('plan active (plan owner)');
    await amend.getByLabel('Hạn mới đề nghị').fill(viDate(addDays(vnDateOf(Date.now()), 50)));
    await amend.getByLabel('Lý do').fill('Lùi hạn theo chỉ đạo của Chủ tịch UBND');
    await amend.getByRole('button', { name: 'Áp dụng' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu' }).waitFor();
    const amended = (await sys.call('GET', `/plans/${planId}/history?limit=10000`, { token: owner })).body.entries.filter((e: { action: string }) => e.action === 'plan.amended.due_changed');
    expect(amended).toHaveLength(1);
    // Adding a unit to a task by picking its name.
    await amend.getByLabel('Nội dung điều chỉnh').selectOption('add_units');
    await amend.getByLabel('Gõ tên đơn vị').fill('Sở Tài');
    await amend.getByRole('button', { name: 'Thêm: Sở Tài chính' }).click();
    await amend.getByLabel('Lý do').fill('Bổ sung đơn vị thực hiện');
    await amend.getByRole('button', { name: 'Áp dụng' }).click();
    await waitFor(async () => (await sys.call('GET', `/plans/${planId}/history?limit=10000`, { token: owner })).body.entries.some((e: { action: string }) => e.action === 'plan.amended.units_added'), { timeoutMs: 30_000 });

    // The Sở works one of its tasks and reports; the UBND's supervisor approves.
    // One of the Sở's tasks that names a coordinating unit: coordination goes only to units the task names.
    type T = { lead: { unitId?: string }[]; coordinators: { unitId?: string }[] };
    const named = (x: T) => x.coordinators.some((c) => c.unitId && c.unitId !== 'hp-sgddt');
    const task = (await sys.call('GET', `/plans/${planId}`, { token: owner })).body.tasks.find((x: T) => x.lead.some((l) => l.unitId === 'hp-sgddt') && named(x));
    const title = task.title.slice(0, 40).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await login('officer.hp-sgddt');
    await openFromInbox(title); // waits for the fan-out to reach the Sở's assignment of this task
    // The inbox searches the unit's work.
    await page.goto(`${sys.api.url}/console/#/inbox`);
    await page.getByLabel('Tìm kiếm').fill('không có việc nào tên thế này');
    await page.getByTestId('assignments').getByText('Không có').waitFor();
    await page.getByLabel('Tìm kiếm').fill(task.title.slice(0, 25));
    await page.getByTestId('assignments').getByRole('link', { name: new RegExp(title) }).first().waitFor();
    await openFromInbox(title);
    await page.getByRole('button', { name: 'Tiếp nhận' }).click();
    await stateIs('Đã tiếp nhận');
    // The lead unit asks a coordinating unit (picked by name) for input; that unit sees what it was asked.
    const coordUnitId: string = task.coordinators.find((c: { unitId?: string }) => c.unitId && c.unitId !== 'hp-sgddt').unitId;
    const coordUnit = (await sys.call('GET', `/units/${coordUnitId}`, { token: owner })).body;
    const ask = page.getByRole('form', { name: 'Đề nghị đơn vị phối hợp cho ý kiến' });
    await ask.getByLabel('Gõ tên đơn vị').fill(coordUnit.name.slice(0, 12));
    await ask.getByRole('button', { name: `Thêm: ${coordUnit.name}` }).click();
    await ask.getByLabel('Hạn (dd/mm/yyyy)').fill(viDate(addDays(vnDateOf(Date.now()), 10)));
    await ask.getByLabel('Nội dung đề nghị').fill('Đề nghị cho ý kiến về số liệu biên chế');
    await ask.getByRole('button', { name: 'Đề nghị đơn vị phối hợp cho ý kiến' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu' }).waitFor();
    // The request reached the workflow (the "saved" status may still be the acknowledgement's): the lead
    // assignment lists it before the coordinating unit's inbox is opened.
    const leadAssignmentId = decodeURIComponent(page.url().split('#/assignments/')[1] ?? '').split(/[/?]/)[0];
    const sgd = await sys.login('officer.hp-sgddt');
    await waitFor(async () => ((await sys.call('GET', `/assignments/${leadAssignmentId}`, { token: sgd })).body.coordinationRequests ?? []).length > 0, { timeoutMs: 60_000 });
    await checkPage('assignment (officer, lead unit)');
    await login(`officer.${coordUnitId}`);
    await openFromInbox(`Phối hợp: ${title}`);
    const asked = page.getByRole('region', { name: 'Đơn vị chủ trì đề nghị phối hợp' });
    await asked.getByText('Sở Giáo dục và Đào tạo Hải Phòng').waitFor();
    // What the lead unit asked for, and by when (dd/mm/yyyy), from the coordinating unit's own assignment.
    await asked.getByTestId('coordination-ask').filter({ hasText: 'Đề nghị cho ý kiến về số liệu biên chế' }).waitFor();
    await asked.getByTestId('coordination-due').filter({ hasText: viDate(addDays(vnDateOf(Date.now()), 10)) }).waitFor();
    await checkPage('assignment (officer, coordinating unit)');
    await shot('03b-coordination-ask');
    await page.getByRole('button', { name: 'Tiếp nhận' }).click();
    await stateIs('Đã tiếp nhận');
    await submit('Đơn vị phối hợp thống nhất số liệu biên chế');
    await login('officer.hp-sgddt');
    await openFromInbox(title);
    await page.getByTestId('coordination-answers').getByText(/thống nhất số liệu biên chế/).waitFor();
    await submit('Sở GDĐT báo cáo kết quả thực hiện nhiệm vụ được giao');
    await login('supervisor.hp-ubnd');
    const queue = page.getByRole('table', { name: 'Chờ quyết định' });
    const row = queue.getByRole('row').filter({ has: page.getByRole('link', { name: new RegExp(title) }) }).first();
    await row.getByText('Báo cáo', { exact: true }).waitFor(); // the queue says what each row is
    await checkPage('inbox (supervisor)');
    await row.getByRole('link', { name: new RegExp(title) }).click();
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
    // The school asks for more time (typed dd/mm/yyyy): its supervisors' queue will say so.
    const schoolAssignmentId = decodeURIComponent(page.url().split('#/assignments/')[1] ?? '').split(/[/?]/)[0];
    const schoolToken = await sys.login('officer.hp-thcs-lechan-1');
    const schoolDue: string = (await sys.call('GET', `/assignments/${schoolAssignmentId}`, { token: schoolToken })).body.due;
    const extension = page.getByRole('form', { name: 'Đề nghị gia hạn' });
    await extension.getByLabel('Hạn mới đề nghị').fill(viDate(addDays(schoolDue, 2)));
    await extension.getByLabel('Lý do').fill('Chờ số liệu của tổ chuyên môn');
    await extension.getByRole('button', { name: 'Đề nghị gia hạn' }).click();
    await waitFor(async () => ((await sys.call('GET', `/assignments/${schoolAssignmentId}`, { token: schoolToken })).body.extensionRequests ?? []).length > 0, { timeoutMs: 30_000 });
    await page.reload();
    await page.getByRole('region', { name: 'Đề nghị gia hạn' }).getByText('Chờ số liệu của tổ chuyên môn', { exact: false }).waitFor();
    await submit('Trường THCS đã triển khai 5/5 nội dung', true);
    await checkPage('assignment (officer)');
    await shot('03-assignment-officer');

    await login('supervisor.hp-pgd-lechan');
    // The queue says the row is both a report to review and an extension request.
    const schoolRow = page.getByRole('table', { name: 'Chờ quyết định' }).getByRole('row').filter({ has: page.getByRole('link', { name: new RegExp(title) }) }).first();
    await schoolRow.getByText('Báo cáo', { exact: true }).waitFor();
    await schoolRow.getByText('Đề nghị gia hạn', { exact: true }).waitFor();
    await page.getByRole('table', { name: 'Chờ quyết định' }).getByRole('link', { name: new RegExp(title) }).click();
    await page.getByRole('button', { name: 'Đồng ý gia hạn' }).click();
    await waitFor(async () => (await sys.call('GET', `/assignments/${schoolAssignmentId}`, { token: schoolToken })).body.due === addDays(schoolDue, 2), { timeoutMs: 30_000 });
    await page.reload();
    await page.getByRole('region', { name: 'Đề nghị gia hạn' }).getByText('Đã đồng ý', { exact: true }).waitFor();
    await page.getByRole('form', { name: 'Trả lại' }).getByLabel('Ý kiến').fill('Bổ sung minh chứng');
    // The attachment is a readable link (dark on light) that downloads the file.
    const file = page.getByRole('button', { name: 'Tải tệp bao-cao.txt' });
    const [colour, background] = await file.evaluate((el: any) => { const st = (globalThis as any).getComputedStyle(el); return [st.color, st.backgroundColor]; });
    expect(colour).toBe('rgb(11, 79, 156)');
    expect(background).toMatch(/rgba\(0, 0, 0, 0\)|transparent/);
    await checkPage('assignment (supervisor)');
    await shot('04-assignment-supervisor');
    await page.getByRole('form', { name: 'Trả lại' }).getByRole('button', { name: 'Trả lại' }).click();
    await stateIs('Bị trả lại');

    await login('officer.hp-thcs-lechan-1');
    // Notifications name units and dates as people write them.
    const notes = page.getByRole('region', { name: 'Thông báo' });
    await notes.getByText(/Báo cáo bị trả lại: .*Bổ sung minh chứng/).waitFor();
    expect(await notes.innerText()).not.toMatch(/hp-[a-z0-9-]+|\d{4}-\d{2}-\d{2}/);
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
      // The consolidating unit sees which subordinates reported and what they wrote.
      const subs = page.getByTestId('subordinates');
      await waitFor(async () => {
        await page.reload();
        await subs.waitFor({ timeout: 10_000 });
        return (await subs.getByText(/đã báo cáo 1\/1/).count()) > 0;
      }, { timeoutMs: 30_000, intervalMs: 1000 });
      await subs.getByText(officer === 'officer.hp-pgd-lechan' ? /Đã bổ sung minh chứng \(lần 2\)/ : /Tổng hợp báo cáo của hp-pgd-lechan/).waitFor();
      await checkPage(`assignment (consolidating, ${officer})`);
      if (officer === 'officer.hp-sgddt') await shot('05a-consolidation');
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
    await checkPage('dashboard (supervisor)');
    await shot('06-dashboard');

    // The inspector: the Sở's consolidated report's history, and the audit chain verified.
    const sgdAssignment = (await sys.call('GET', '/inbox', { token: await sys.login('officer.hp-sgddt') })).body.assignments.items.find((a: { title: string }) => a.title === title);
    await login('inspector.hp-sgddt-thanhtra');
    await page.goto(`${sys.api.url}/console/#/history/assignments/${sgdAssignment.id}`);
    const timeline = page.getByTestId('timeline');
    await timeline.getByText('Phê duyệt báo cáo').first().waitFor(); // action codes as people name them
    await timeline.getByText('Hệ thống').first().waitFor(); // automatic steps, not "system (system)"
    await timeline.getByText(/^Lãnh đạo UBND thành phố \(Ủy ban nhân dân thành phố Hải Phòng\)/).first().waitFor(); // who approved, by name and unit
    expect(await timeline.innerText()).not.toMatch(/assignment\.|system \(system\)|\bu-[0-9a-f]{8}|[0-9a-f]{8}-[0-9a-f]{4}-/);
    await page.getByRole('button', { name: 'Kiểm tra chuỗi nhật ký' }).click();
    await page.getByRole('status').filter({ hasText: 'Chuỗi nhật ký toàn vẹn' }).waitFor();
    await checkPage('history (inspector)');
    await shot('07-history-inspector');
    expect(await page.getByRole('button', { name: 'Phê duyệt' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Kế hoạch' }).click();
    await page.getByTestId('plans').getByRole('link', { name: 'Kế hoạch nâng cao Chỉ số PII năm 2024' }).waitFor().catch(async (err) => {
      const plans = (await sys.call('GET', '/plans?limit=100', { token: await sys.login('inspector.hp-sgddt-thanhtra') })).body;
      console.log('plans (API) of the inspector', JSON.stringify(plans), 'page text:', (await page.innerText('body')).slice(0, 1500));
      throw err;
    });
    // The plan list's "Hạn" is the plan's due date (its task's), not the issue date.
    const planRow = page.getByTestId('plans').getByRole('row').filter({ has: page.getByRole('link', { name: 'Kế hoạch nâng cao Chỉ số PII năm 2024' }) });
    await planRow.getByRole('cell').nth(5).filter({ hasText: viDate(addDays(vnDateOf(Date.now()), 40)) }).waitFor();
    await checkPage('plans (inspector)');
    await page.getByRole('link', { name: 'Tổng quan' }).click();
    await page.getByRole('img', { name: /Diễn biến 30 ngày/ }).waitFor();
    await checkPage('dashboard (inspector)');

    // The administrator alone is offered the Temporal UI.
    await login('admin');
    await checkPage('inbox (admin)');
    await page.goto(`${sys.api.url}/console/#/plans/${draft.body.id}`);
    await page.getByRole('link', { name: /Temporal UI/ }).waitFor();
    await checkPage('plan (admin)');
  });

  it('gives administrators the directory, users and delegation, and reorganisation screens, checked like every page', async () => {
    await login('admin');
    for (const [route, name] of [
      ['admin-directory', '09-admin-directory'],
      ['admin-users', '10-admin-users'],
      ['admin-reorganisation', '11-admin-reorganisation'],
    ]) {
      // Reached from the administrator's menu (other roles do not get these entries).
      await page.locator(`nav a[href="#/${route}"]`).click();
      await page.locator('main h1').first().waitFor();
      await checkPage(`${route} (admin)`);
      await shot(name, false);
    }
    await login('officer.hp-thcs-lechan-1');
    expect(await page.locator('nav a[href^="#/admin-"]').count()).toBe(0);
  });

  it('is usable on a phone-sized screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await login('officer.hp-thcs-lechan-1');
    await checkPage('inbox (officer, phone)');
    await shot('08-inbox-phone');
    expect(await page.getByRole('table').count()).toBeGreaterThan(0);
  });
});
