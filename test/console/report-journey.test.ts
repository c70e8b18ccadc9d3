// The report-form screens in Debian's Chromium (playwright-core) against the running system (issue 17): a plan owner
// gives a task a report form of three numeric fields in the field editor; a school fills it (the server's refusal of
// a bad figure is shown on the field); the district office sees its schools' figures side by side with the totals of
// what came in and the missing units, and adds its own; the plan's page shows the figures beside its progress. On each
// page axe-core finds no serious or critical violation and no date is written YYYY-MM-DD. Screenshots go to
// .screenshots/ (and, with KHFLOW_UPDATE_SCREENSHOTS=1, to docs/screenshots/ for the README).
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { addDays, vnDateOf } from '@khflow/domain';
import { waitFor } from '../support/test-env';
import { PASSWORD, type ApiSystem, startApiSystem } from '../api/api-harness';
import { accessibilityProblems, launchConsoleBrowser, ROOT } from './browser-harness';

jest.setTimeout(600_000);

const SHOTS = path.join(ROOT, '.screenshots');
const DOCS = path.join(ROOT, 'docs/screenshots');
const today = vnDateOf(Date.now());

describe('web console: report forms, figures and their consolidation', () => {
  let sys: ApiSystem;
  let browser: Browser;
  let page: Page;
  let planId = '';
  let taskId = '';
  const tokens: Record<string, string> = {};
  const as = (u: string) => tokens[u];

  beforeAll(async () => {
    sys = await startApiSystem();
    for (const u of ['owner.hp-sgddt', 'officer.hp-thcs-lechan-1', 'officer.hp-th-lechan-1', 'supervisor.hp-pgd-lechan', 'officer.hp-pgd-lechan']) tokens[u] = await sys.login(u);
    const created = await sys.call('POST', '/plans', {
      token: as('owner.hp-sgddt'),
      body: {
        title: 'Kế hoạch thống kê số liệu đầu năm học',
        issuerUnitId: 'hp-sgddt',
        tasks: [{ ref: '1', title: 'Báo cáo số liệu học sinh, giáo viên đầu năm học', lead: [{ text: 'Các trường THCS, TH quận Lê Chân', group: { kinds: ['school_thcs', 'school_th'], underUnitId: 'hp-pgd-lechan' } }], coordinators: [], timeframe: { kind: 'once', due: addDays(today, 30) }, consolidate: true }],
      },
    });
    expect(created.status).toBe(201);
    planId = created.body.planId ?? created.body.id;
    taskId = (await sys.engine.ds.query('SELECT id FROM task WHERE plan_id = $1', [planId]))[0].id;
    ({ browser, page } = await launchConsoleBrowser());
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  async function shot(name: string, target?: ReturnType<Page['locator']>) {
    const file = path.join(SHOTS, `${name}.png`);
    if (target) await target.screenshot({ path: file });
    else await page.screenshot({ path: file, fullPage: true });
    if (process.env.KHFLOW_UPDATE_SCREENSHOTS === '1') fs.copyFileSync(file, path.join(DOCS, `${name}.png`));
  }

  async function checkPage(name: string) {
    expect({ page: name, ...(await accessibilityProblems(page)) }).toEqual({ page: name, violations: [], isoDate: null });
  }

  async function login(username: string) {
    await page.goto(`${sys.api.url}/console/#/login`);
    await page.evaluate('sessionStorage.clear()');
    await page.goto(`${sys.api.url}/console/#/login`);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Hộp việc' }).waitFor();
  }

  async function assignmentOf(unitId: string): Promise<string> {
    let id = '';
    await waitFor(async () => {
      id = (await sys.engine.ds.query('SELECT id FROM assignment WHERE plan_id = $1 AND unit_id = $2', [planId, unitId]))[0]?.id ?? '';
      return !!id;
    }, { timeoutMs: 90_000 });
    return id;
  }

  async function openAssignment(id: string) {
    await page.goto(`${sys.api.url}/console/#/assignments/${id}`);
    await page.getByTestId('state').waitFor();
  }

  it('a plan owner gives the task a report form of three numeric fields in the field editor', async () => {
    await login('owner.hp-sgddt');
    await page.goto(`${sys.api.url}/console/#/plans/${planId}`);
    await page.getByTestId('report-form-task').selectOption(taskId);
    const editor = page.getByRole('form', { name: 'Biểu mẫu báo cáo' });
    await editor.waitFor();
    const fields = [
      ['so_hoc_sinh', 'Số học sinh', 'học sinh'],
      ['so_giao_vien', 'Số giáo viên đạt chuẩn', 'giáo viên'],
      ['so_phong_hoc', 'Số phòng học kiên cố', 'phòng'],
    ];
    for (const [i, [key, label, unit]] of fields.entries()) {
      if (i > 0) await editor.getByRole('button', { name: 'Thêm chỉ tiêu' }).click();
      await editor.getByLabel(`Mã ${i + 1}`, { exact: true }).fill(key);
      await editor.getByLabel(`Tên chỉ tiêu ${i + 1}`, { exact: true }).fill(label);
      await editor.getByLabel(`Đơn vị tính ${i + 1}`, { exact: true }).fill(unit);
      await editor.getByLabel(`Tối thiểu ${i + 1}`, { exact: true }).fill('0');
    }
    await editor.getByRole('button', { name: 'Lưu biểu mẫu' }).click();
    await editor.getByRole('status').filter({ hasText: 'Đã lưu' }).waitFor();
    const stored = await sys.call('GET', `/tasks/${taskId}/report-form`, { token: as('owner.hp-sgddt') });
    expect(stored.body.form.fields.map((f: { key: string; type: string; consolidate: string }) => [f.key, f.type, f.consolidate])).toEqual(fields.map(([k]) => [k, 'number', 'sum']));
    await checkPage('report form editor');
    await shot('09a-report-form-editor', page.locator('section[aria-labelledby="report-forms-h"]'));
    expect((await sys.call('POST', `/plans/${planId}/launch`, { token: as('owner.hp-sgddt') })).status).toBe(202);
  });

  it('a school fills the form once; a bad figure is refused on its field', async () => {
    const id = await assignmentOf('hp-thcs-lechan-1');
    await login('officer.hp-thcs-lechan-1');
    await openAssignment(id);
    const fill = page.getByRole('form', { name: 'Nhập số liệu báo cáo' });
    await fill.waitFor();
    // The plain text submission is not offered: this task's report carries figures.
    expect(await page.getByRole('form', { name: 'Gửi báo cáo' }).count()).toBe(0);
    await fill.getByLabel(/Số học sinh/).fill('-5');
    await fill.getByLabel(/Số giáo viên đạt chuẩn/).fill('42');
    await fill.getByLabel(/Số phòng học kiên cố/).fill('24');
    await fill.getByRole('button', { name: 'Gửi báo cáo số liệu' }).click();
    await page.getByRole('alert').waitFor();
    expect(await fill.getByLabel(/Số học sinh/).getAttribute('aria-invalid')).toBe('true');
    // The server names the figure by its key; the reader sees the form's label and the reason in Vietnamese.
    expect(await page.locator('[data-field-error="figures.so_hoc_sinh"]').textContent()).toMatch(/^Số liệu báo cáo › Số học sinh[^:]*: không được nhỏ hơn 0$/);
    await checkPage('report form refused (school)');
    await shot('09b-report-fill');
    await fill.getByLabel(/Số học sinh/).fill('812');
    await fill.getByRole('button', { name: 'Gửi báo cáo số liệu' }).click();
    await page.getByTestId('state').filter({ hasText: 'Đã gửi, chờ duyệt' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('report-submissions').waitFor();
    await checkPage('report filled (school)');
    expect((await sys.call('POST', `/assignments/${id}/approve`, { token: as('supervisor.hp-pgd-lechan') })).status).toBe(200);
  });

  it('the district office sees its schools side by side with totals and missing units, and adds its own figures', async () => {
    const pgd = await assignmentOf('hp-pgd-lechan');
    await login('officer.hp-pgd-lechan');
    await openAssignment(pgd);
    const table = page.getByTestId('report-consolidated');
    await waitFor(async () => {
      await page.reload();
      await table.waitFor();
      return (await page.getByTestId('report-totals').innerText()).includes('812');
    }, { timeoutMs: 60_000, intervalMs: 1000 });
    expect(await page.getByTestId('report-totals').innerText()).toContain('24');
    expect(await page.getByTestId('report-missing').innerText()).toContain('Chưa báo cáo');
    const own = page.getByRole('form', { name: 'Số liệu của đơn vị' });
    await own.getByLabel(/Số học sinh/).fill('30');
    await own.getByLabel('Ý kiến').fill('Phòng bổ sung số liệu các lớp ghép');
    await own.getByRole('button', { name: 'Gửi báo cáo số liệu' }).click();
    await own.getByRole('status').filter({ hasText: 'Đã lưu' }).waitFor({ timeout: 30_000 });
    await checkPage('consolidated figures (district office)');
    await shot('09c-report-consolidated', page.locator('section[aria-labelledby="report-consolidated-h"]'));
  });

  it('the plan page shows the figures beside the progress', async () => {
    await login('owner.hp-sgddt');
    await page.goto(`${sys.api.url}/console/#/plans/${planId}`);
    await page.getByTestId('plan-figures').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('plan-figures').innerText()).toContain('Số học sinh');
    // Inside the progress tree, each consolidating node opens onto its own figures: the district office's totals.
    const tree = page.getByRole('region', { name: 'Tiến độ theo cây báo cáo' });
    for (const summary of await tree.locator('details.node-figures > summary').all()) await summary.click();
    const office = tree.locator('[data-testid^="node-figures-hp-pgd-lechan-"]');
    await office.waitFor({ timeout: 30_000 });
    // The school's 812 pupils, with or without the office's own 30 added (both are totals of what came in).
    expect(await office.innerText()).toMatch(/Số học sinh: (812|842) học sinh.* — Đã báo cáo \d+\/\d+/);
    await checkPage('plan figures');
    await shot('09d-plan-figures', page.getByTestId('plan-figures'));
  });
});
