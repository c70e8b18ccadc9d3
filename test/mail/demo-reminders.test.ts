// The demo's reminders arrive at a local SMTP server: on the time-skipping test server a plan's assignment runs
// through its reminders (7, 3 and 1 days before) and its overdue notice; the worker's mail dispatcher (switched on
// by KHFLOW_SMTP_URL, as npm start does) mails each to the users of the unit, and the mail catcher receives them.
// A mail server refusing everything never holds the workflow: the report is still submitted and approved.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { type MailCatcher, setCatcherRefusing, startMailCatcher } from '@khflow/mail';
import { addDays, onOrAfterWorkingDay, VN_OFFICIAL_CALENDAR, vnDateOf } from '@khflow/domain';
import { listDeliveries } from '@khflow/persistence';
import { actor, assignmentsOf, launchPlan, startEngine, type Engine } from '../engine/engine-harness';
import { createTimeSkippingEnv, waitFor } from '../support/test-env';

async function patientTimeSkippingEnv(): Promise<{ env: TestWorkflowEnvironment; stop: () => Promise<void> }> {
  const runSh = process.env.KHFLOW_TEST_SERVER ?? path.resolve(__dirname, '../../.tools/temporal-test-server/run.sh');
  const port = await new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
  const child = spawn(runSh, [String(port)], { stdio: 'ignore' });
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  };
  await waitFor(() => new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.end();
      resolve(true);
    }).on('error', () => resolve(false));
  }), { timeoutMs: 120_000, intervalMs: 500 }).catch(async (err) => {
    await stop();
    throw err;
  });
  // The environment the SDK builds around its own test server, here around ours (same server, same time skipping).
  const env = await (TestWorkflowEnvironment as any).create({ server: { type: 'existing' }, supportsTimeSkipping: true, namespace: 'default', address: `127.0.0.1:${port}`, connectionOptions: {} });
  return { env, stop };
}

jest.setTimeout(600_000);

const DOMAIN = 'demo.khflow.vn';

describe('demo reminders by e-mail (time-skipping server, real SMTP)', () => {
  let env: TestWorkflowEnvironment;
  let engine: Engine;
  let catcher: MailCatcher;
  let stopTestServer: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    catcher = await startMailCatcher({ httpPort: 0 });
    // What npm start sets for the worker (this test file's environment only).
    Object.assign(process.env, { KHFLOW_SMTP_URL: catcher.smtpUrl, KHFLOW_MAIL_DEFAULT_DOMAIN: DOMAIN, KHFLOW_MAIL_POLL_MS: '200', KHFLOW_CONSOLE_URL: 'http://127.0.0.1:3000/console/' });
    // The SDK gives the Java test server 5 s to come up, which a loaded machine can miss: when that happens, start
    // the same server here with more patience and connect to it as a time-skipping environment.
    try {
      env = await createTimeSkippingEnv();
    } catch {
      ({ env, stop: stopTestServer } = await patientTimeSkippingEnv());
    }
    engine = await startEngine({ client: env.client, connection: env.nativeConnection, namespace: env.namespace ?? 'default', policy: { reminderOffsetsDays: [7, 3, 1], escalateSupervisorAfterHours: 48, escalateNextLevelAfterHours: 72 } });
  });
  afterAll(async () => {
    await engine?.close();
    await env?.teardown();
    await stopTestServer?.();
    await catcher?.stop();
  });

  it('mails the reminders and the overdue notice to the officers of the unit, with the link to the assignment', async () => {
    const launchDate = vnDateOf(await env.currentTimeMs());
    const due = addDays(launchDate, 10);
    const viDue = due.split('-').reverse().join('/');
    const { planId } = await launchPlan(
      engine,
      { number: '193/KH-UBND', title: 'Triển khai thực hiện Kết luận số 134-KL/TU', issuerUnitId: 't-sgddt', tasks: [{ ref: '2', title: 'Rà soát tiêu chuẩn chức danh nghề nghiệp', lead: [{ unitId: 't-sgddt-gdtxdh' }], coordinators: [], timeframe: { kind: 'once', due } }] },
      actor('t-sgddt', 'plan_owner'),
    );
    await waitFor(async () => (await assignmentsOf(engine.ds, planId)).length === 1, { timeoutMs: 60_000 });
    const [a] = await assignmentsOf(engine.ds, planId);
    const officer = `officer.t-sgddt-gdtxdh@${DOMAIN}`;
    const assigned = await catcher.waitFor((m) => m.to.includes(officer) && m.subject.startsWith('[Nhiệm vụ mới]'));
    expect(assigned[0].subject).toBe(`[Nhiệm vụ mới] Rà soát tiêu chuẩn chức danh nghề nghiệp — hạn ${viDue}`);

    // Eleven days (or more: the deadlines follow the stored working-day calendar, the official one here, so a due date
    // on a rest day moves to the next working day) pass in seconds: three reminders, then the due date.
    const effectiveDue = onOrAfterWorkingDay(VN_OFFICIAL_CALENDAR, due);
    await env.sleep(Date.parse(`${effectiveDue}T23:59:59.999+07:00`) + 3600_000 - (await env.currentTimeMs()));
    const reminders = await catcher.waitFor((m) => m.to.includes(officer) && m.subject.startsWith('[Nhắc việc]'), 3, 120_000);
    expect(reminders.map((m) => m.subject)).toEqual(Array(3).fill(`[Nhắc việc] Rà soát tiêu chuẩn chức danh nghề nghiệp — hạn ${viDue}`));
    expect(reminders.map((m) => m.text.match(/còn (\d+) ngày/)?.[1]).sort()).toEqual(['1', '3', '7']);
    for (const m of reminders) {
      expect(m.text).toContain('Kính gửi Chuyên viên Phòng GDTX&ĐH,');
      expect(m.text).toContain(`Xem và xử lý: http://127.0.0.1:3000/console/#/assignments/${a.id}`);
    }
    // The overdue notice goes to everyone in the unit (officer and supervisor).
    const overdue = await catcher.waitFor((m) => m.subject.startsWith('[Quá hạn]'), 2, 120_000);
    expect(overdue.flatMap((m) => m.to).sort()).toEqual([officer, `supervisor.t-sgddt-gdtxdh@${DOMAIN}`]);
    // Nobody outside the unit got its reminders.
    expect(catcher.messages().filter((m) => m.subject.startsWith('[Nhắc việc]')).every((m) => m.to[0] === officer)).toBe(true);
    const page = await fetch(catcher.httpUrl!.replace(/\/$/, '/messages'));
    expect(((await page.json()) as unknown[]).length).toBe(catcher.messages().length);

    // The mail server now refuses everything: the work goes on, the deliveries wait with their error.
    setCatcherRefusing(catcher, 451);
    const h = env.client.workflow.getHandle(a.workflow_id);
    await h.executeUpdate('submit', { args: [{ actor: actor('t-sgddt-gdtxdh', 'officer'), submission: { text: 'Báo cáo rà soát' } }] });
    const approved = await h.executeUpdate<{ state: string }, [unknown]>('approve', { args: [{ actor: actor('t-sgddt', 'supervisor') }] });
    expect(approved.state).toBe('approved');
    await waitFor(async () => (await listDeliveries(engine.ds, { limit: 50 })).some((d) => d.kind === 'approved' && d.lastError?.includes('451')), { timeoutMs: 60_000 });
  });
});
