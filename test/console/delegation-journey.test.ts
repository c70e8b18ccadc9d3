// Ủy quyền in Debian's Chromium (playwright-core) against the running system (issue 14): the district office's
// supervisor names a colleague deputy for two weeks on the Ủy quyền page; the deputy signs in, chooses in the header
// to act for the supervisor, sees the supervisor's decision waiting in the inbox and approves the school's report;
// the history shows the approval as the deputy's on behalf of the supervisor, and so does the API and the audit log.
// When the supervisor revokes the delegation, the deputy's console falls back to their own work. On each page axe-core
// finds no serious or critical violation and no date is written YYYY-MM-DD. Screenshots go to .screenshots/.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { addDays, vnDateOf } from '@khflow/domain';
import { waitFor } from '../support/test-env';
import { PASSWORD, type ApiSystem, startApiSystem } from '../api/api-harness';
import { accessibilityProblems, launchConsoleBrowser, ROOT } from './browser-harness';

jest.setTimeout(600_000);

const SHOTS = path.join(ROOT, '.screenshots');
const today = vnDateOf(Date.now());
const viDate = (iso: string) => iso.split('-').reverse().join('/');
const TITLE = 'Báo cáo tự kiểm tra công tác dạy thêm, học thêm';

describe('web console: delegation (ủy quyền) — a deputy acts on the supervisor’s work, audited on their behalf', () => {
  let sys: ApiSystem;
  let browser: Browser;
  let page: Page;
  let assignmentId = '';
  const names: Record<string, string> = {};
  const CHIEF = 'supervisor.hp-pgd-lechan';
  const DEPUTY = 'officer.hp-pgd-lechan';

  beforeAll(async () => {
    sys = await startApiSystem();
    for (const u of [CHIEF, DEPUTY]) names[u] = (await sys.call('GET', '/me', { token: await sys.login(u) })).body.displayName;
    const owner = await sys.login('owner.hp-sgddt');
    const created = await sys.call('POST', '/plans', {
      token: owner,
      body: { title: 'Kế hoạch kiểm tra nội bộ năm học', issuerUnitId: 'hp-sgddt', tasks: [{ ref: '1', title: TITLE, lead: [{ unitId: 'hp-thcs-lechan-1' }], coordinators: [], timeframe: { kind: 'once', due: addDays(today, 30) }, reviewerUnitId: 'hp-pgd-lechan' }] },
    });
    expect(created.status).toBe(201);
    const planId = created.body.planId ?? created.body.id;
    expect((await sys.call('POST', `/plans/${planId}/launch`, { token: owner })).status).toBe(202);
    await waitFor(async () => {
      assignmentId = (await sys.engine.ds.query('SELECT id FROM assignment WHERE plan_id = $1', [planId]))[0]?.id ?? '';
      return !!assignmentId;
    }, { timeoutMs: 90_000 });
    const school = await sys.login('officer.hp-thcs-lechan-1');
    expect((await sys.call('POST', `/assignments/${assignmentId}/submissions`, { token: school, body: { text: 'Trường đã tự kiểm tra, không có vi phạm' } })).status).toBeLessThan(300);
    ({ browser, page } = await launchConsoleBrowser());
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
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

  it('the supervisor names a colleague deputy for two weeks on the Ủy quyền page', async () => {
    await login(CHIEF);
    await page.locator('nav a[href="#/delegations"]').click();
    const form = page.getByRole('form', { name: 'Ủy quyền cho người khác' });
    await form.waitFor();
    // A refusal is named on the form: the period ends before it starts.
    await form.getByRole('button', { name: new RegExp(`^Chọn: ${names[DEPUTY]}`) }).click();
    await form.getByLabel(/Đến ngày/).fill(viDate(addDays(today, -1)));
    await form.getByLabel('Lý do').fill('Đi công tác Hà Nội');
    await form.getByRole('button', { name: 'Ủy quyền' }).click();
    expect(await form.locator('[data-field-error="validTo"]').textContent()).toBe('Đến ngày: không được trước “Từ ngày”');
    expect(await form.getByLabel(/Đến ngày/).getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel(/Đến ngày/).fill(viDate(addDays(today, 14)));
    await form.getByRole('button', { name: 'Ủy quyền' }).click();
    await form.getByRole('status').filter({ hasText: 'Đã lưu' }).waitFor();
    const given = page.getByTestId('delegations-given');
    await given.getByRole('row').filter({ hasText: names[DEPUTY] }).filter({ hasText: 'Đang hiệu lực' }).filter({ hasText: `${viDate(today)} – ${viDate(addDays(today, 14))}` }).waitFor();
    await checkPage('delegations (supervisor)');
    await shot('14a-delegations-given');
    const stored = (await sys.call('GET', '/delegations', { token: await sys.login(CHIEF) })).body.items;
    expect(stored).toEqual([expect.objectContaining({ delegatorUsername: CHIEF, deputyUsername: DEPUTY, validFrom: today, validTo: addDays(today, 14), reason: 'Đi công tác Hà Nội', revokedAt: null })]);
  });

  it('the deputy acts for the supervisor: sees the waiting decision and approves it, recorded on their behalf', async () => {
    await login(DEPUTY);
    // On their own, the deputy has no decision to make.
    expect(await page.getByTestId('awaiting').count()).toBe(0);
    await page.getByLabel('Làm việc với tư cách').selectOption({ label: `Thay mặt ${names[CHIEF]}` });
    const banner = page.getByTestId('acting-banner');
    await banner.filter({ hasText: `Bạn đang làm việc thay mặt ${names[CHIEF]} (đến hết ngày ${viDate(addDays(today, 14))})` }).waitFor();
    await page.locator('.who').filter({ hasText: `thay mặt ${names[CHIEF]}` }).waitFor();
    const awaiting = page.getByTestId('awaiting');
    await awaiting.getByRole('link', { name: new RegExp(TITLE) }).waitFor({ timeout: 60_000 });
    await checkPage('inbox (deputy acting for the supervisor)');
    await shot('14b-inbox-acting-for');
    await awaiting.getByRole('link', { name: new RegExp(TITLE) }).click();
    await page.getByTestId('state').waitFor();
    const approve = page.getByRole('form', { name: 'Phê duyệt' });
    await approve.getByLabel('Ý kiến').fill('Thay mặt trưởng phòng: đồng ý');
    await approve.getByRole('button', { name: 'Phê duyệt' }).click();
    await page.getByTestId('state').filter({ hasText: 'Đã phê duyệt' }).waitFor({ timeout: 30_000 });
    await banner.waitFor(); // still acting, on every page

    await page.getByRole('link', { name: 'Lịch sử' }).click();
    const timeline = page.getByTestId('timeline');
    const row = timeline.getByRole('row').filter({ hasText: 'Phê duyệt báo cáo' });
    await row.waitFor();
    // Who: the deputy by name, on behalf of the supervisor, for the supervisor's unit (named once the names are read).
    await row.getByRole('cell').nth(3).filter({ hasText: new RegExp(`^${names[DEPUTY]} \\(thay mặt ${names[CHIEF]}, Phòng Giáo dục và Đào tạo quận Lê Chân\\)`) }).waitFor();
    await checkPage('history (deputy acting for the supervisor)');
    await shot('14c-history-on-behalf');

    // The API says the same to the supervisor, and the audit log holds the deputy as actor on the supervisor's behalf.
    const history = (await sys.call('GET', `/assignments/${assignmentId}/history?limit=1000`, { token: await sys.login(CHIEF) })).body.entries;
    expect(history.find((e: { action: string }) => e.action === 'assignment.approved')).toMatchObject({ actorId: `u-${DEPUTY}`, actorName: names[DEPUTY], onBehalfOfName: names[CHIEF] });
    const [entry] = await sys.engine.ds.query(`SELECT actor_id, details FROM audit_log WHERE assignment_id = $1 AND action = 'assignment.approved'`, [assignmentId]);
    expect(entry).toMatchObject({ actor_id: `u-${DEPUTY}`, details: { onBehalfOf: `u-${CHIEF}` } });
  });

  it('once the supervisor revokes it, the deputy’s console falls back to their own work', async () => {
    const [d] = (await sys.call('GET', '/delegations', { token: await sys.login(CHIEF) })).body.items;
    // The deputy is still acting for the supervisor in the browser; the supervisor revokes meanwhile.
    expect((await sys.call('POST', `/delegations/${d.id}/revoke`, { token: await sys.login(CHIEF) })).status).toBe(200);
    await page.locator('nav a[href="#/inbox"]').click();
    await page.getByTestId('acting-ended').filter({ hasText: `Ủy quyền của ${names[CHIEF]} không còn hiệu lực` }).waitFor();
    await page.getByTestId('acting-banner').waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Hộp việc' }).waitFor();
    expect(await page.getByTestId('awaiting').count()).toBe(0); // their own inbox again
    await page.getByLabel('Làm việc với tư cách').waitFor({ state: 'detached' }); // nothing left to act for
    await page.locator('nav a[href="#/delegations"]').click();
    await page.getByTestId('delegations-received').getByRole('row').filter({ hasText: names[CHIEF] }).filter({ hasText: 'Đã thu hồi' }).waitFor();
    await checkPage('delegations (deputy, revoked)');
  });
});
