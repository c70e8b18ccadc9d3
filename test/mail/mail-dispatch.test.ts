// The mail dispatcher against a real SMTP server on localhost (the mail catcher: smtp-server receiving and parsing
// every message) and the real PostgreSQL: who gets which notification by mail, what the message says, the daily
// digest, and a failing mail server retried with backoff and then marked failed with its error visible.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { type MailCatcher, type MailConfig, createMailSender, setCatcherRefusing, startMailCatcher } from '@khflow/mail';
import { createDataSource, insertUsers, listDeliveries, putMailSetting, upsertUnits } from '@khflow/persistence';
import { MailDispatcher } from '../../apps/worker/src/mail/mail-dispatcher';
import { ENGINE_UNITS, ENGINE_USERS } from '../engine/fixtures/engine-directory.fixture';
import { createTestDatabase } from '../support/test-env';

jest.setTimeout(120_000);

const DOMAIN = 'demo.khflow.vn';
const config = (smtpUrl: string, over: Partial<MailConfig> = {}): MailConfig => ({
  smtpUrl,
  from: 'khflow <khflow@demo.khflow.vn>',
  consoleUrl: 'http://127.0.0.1:3000/console/',
  defaultDomain: DOMAIN,
  pollMs: 1000,
  maxAttempts: 3,
  lookBackHours: 48,
  ...over,
});

describe('mail dispatch to a real SMTP server', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  let catcher: MailCatcher;
  const planId = randomUUID();
  const assignmentId = randomUUID();

  const notify = async (kind: string, unitId: string, role: string | null, message: string, at = new Date()) => {
    const [r] = await ds.query(
      `INSERT INTO notification (event_key, recipient_unit_id, recipient_role, kind, plan_id, assignment_id, message, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`,
      [`test#${randomUUID()}`, unitId, role, kind, planId, assignmentId, message, at],
    );
    return r.id as string;
  };
  const userId = async (username: string) => (await ds.query('SELECT id FROM app_user WHERE username = $1', [username]))[0].id as string;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.url, { poolSize: 3 }).initialize();
    await ds.transaction(async (m) => {
      await upsertUnits(m, ENGINE_UNITS);
      await insertUsers(m, ENGINE_USERS, 'test-password');
    });
    // A plan and an assignment for the mails to name (the read model as the engine writes it).
    await ds.query(`INSERT INTO plan (id, number, title, issuer_unit_id, status) VALUES ($1, '193/KH-UBND', 'Triển khai thực hiện Kết luận số 134-KL/TU', 't-ubnd', 'active')`, [planId]);
    const taskId = randomUUID();
    await ds.query(`INSERT INTO task (id, plan_id, position, ref, title, timeframe) VALUES ($1, $2, 1, 'III.14', 'Báo cáo kết quả thực hiện', '{"kind":"once"}')`, [taskId, planId]);
    await ds.query(
      `INSERT INTO assignment (id, workflow_id, plan_id, task_id, period_key, unit_id, kind, reviewer_unit_id, title, state, due)
       VALUES ($1, $2, $3, $4, 'once', 't-thcs-a1', 'lead', 't-pgd-a', 'Báo cáo kết quả thực hiện', 'assigned', '2026-12-20')`,
      [assignmentId, `wf-${assignmentId}`, planId, taskId],
    );
    catcher = await startMailCatcher({ httpPort: null });
  });
  afterAll(async () => {
    await catcher?.stop();
    await ds?.destroy();
    await db?.drop();
  });
  beforeEach(() => catcher.clear());

  it('mails each notification to the users of the recipient unit with the recipient role, with the link to the item', async () => {
    const sender = createMailSender(catcher.smtpUrl, config(catcher.smtpUrl).from);
    try {
      const dispatcher = new MailDispatcher(ds, config(catcher.smtpUrl), sender);
      await notify('reminder', 't-thcs-a1', 'officer', 'Nhắc việc: còn 3 ngày đến hạn 2026-12-20 — Báo cáo kết quả thực hiện');
      await notify('overdue', 't-pgd-a', null, 'Quá hạn 2026-12-20: Báo cáo kết quả thực hiện');
      const r = await dispatcher.runOnce();
      expect(r).toMatchObject({ expanded: 2, sent: 3, failed: 0 });
      const mails = catcher.messages();
      expect(mails.map((m) => m.to[0]).sort()).toEqual([`officer.t-pgd-a@${DOMAIN}`, `officer.t-thcs-a1@${DOMAIN}`, `supervisor.t-pgd-a@${DOMAIN}`]);
      const reminder = mails.find((m) => m.to[0] === `officer.t-thcs-a1@${DOMAIN}`)!;
      expect(reminder.subject).toBe('[Nhắc việc] Báo cáo kết quả thực hiện — hạn 20/12/2026');
      expect(reminder.text).toContain('Kính gửi Chuyên viên Trường THCS A1,');
      expect(reminder.text).toContain('Kế hoạch: 193/KH-UBND — Triển khai thực hiện Kết luận số 134-KL/TU');
      expect(reminder.text).toContain(`Xem và xử lý: http://127.0.0.1:3000/console/#/assignments/${assignmentId}`);
      expect(reminder.html).toContain(`href="http://127.0.0.1:3000/console/#/assignments/${assignmentId}"`);
      expect(reminder.from).toBe('khflow@demo.khflow.vn');
      expect(mails.find((m) => m.to[0] === `supervisor.t-pgd-a@${DOMAIN}`)!.subject).toBe('[Quá hạn] Báo cáo kết quả thực hiện — hạn 20/12/2026');
      // A second pass sends nothing again.
      expect(await dispatcher.runOnce()).toMatchObject({ expanded: 0, sent: 0 });
      expect(catcher.messages()).toHaveLength(3);
    } finally {
      sender.close();
    }
  });

  it('collects a digest user’s notifications into one message at their hour, skips users who turned mail off', async () => {
    const sender = createMailSender(catcher.smtpUrl, config(catcher.smtpUrl).from);
    try {
      const dispatcher = new MailDispatcher(ds, config(catcher.smtpUrl), sender);
      await putMailSetting(ds, { userId: await userId('supervisor.t-sgddt'), email: 'giamdoc.so@example.vn', mode: 'digest', digestHour: 7 });
      await putMailSetting(ds, { userId: await userId('officer.t-sgddt'), email: null, mode: 'off', digestHour: 7 });
      const now = new Date('2026-12-01T03:00:00Z'); // 10:00 in Hà Nội: the next digest is tomorrow 07:00
      await notify('escalation', 't-sgddt', 'supervisor', 'Chuyển cấp (mức 1): t-thcs-a1 chưa hoàn thành Báo cáo kết quả thực hiện, hạn 2026-12-20', now);
      await notify('returned', 't-sgddt', null, 'Báo cáo bị trả lại: Báo cáo kết quả thực hiện — Bổ sung số liệu', now);
      expect(await dispatcher.runOnce(now)).toMatchObject({ expanded: 2, sent: 0 });
      expect(catcher.messages()).toHaveLength(0);
      const digestTime = new Date('2026-12-02T00:00:00Z'); // 07:00 the next day in Hà Nội
      expect(await dispatcher.runOnce(digestTime)).toMatchObject({ sent: 2 });
      const [digest] = await catcher.waitFor(() => true);
      expect(catcher.messages()).toHaveLength(1);
      expect(digest.to).toEqual(['giamdoc.so@example.vn']);
      expect(digest.subject).toBe('[khflow] Tổng hợp thông báo ngày 02/12/2026 (2)');
      expect(digest.text).toContain('[Chuyển cấp] Trường THCS A1: Báo cáo kết quả thực hiện');
      expect(digest.text).toContain('[Trả lại] Báo cáo kết quả thực hiện');
    } finally {
      sender.close();
    }
  });

  it('retries a refusing mail server with backoff, then marks the delivery failed with the error kept', async () => {
    const sender = createMailSender(catcher.smtpUrl, config(catcher.smtpUrl).from);
    try {
      const dispatcher = new MailDispatcher(ds, config(catcher.smtpUrl, { maxAttempts: 2 }), sender);
      setCatcherRefusing(catcher, 451);
      const t0 = new Date();
      const id = await notify('reminder', 't-thcs-b1', 'officer', 'Nhắc việc: còn 1 ngày đến hạn 2026-12-20 — Báo cáo kết quả thực hiện', t0);
      expect(await dispatcher.runOnce(t0)).toMatchObject({ sent: 0, retried: 1 });
      const [pending] = (await listDeliveries(ds, { userId: await userId('officer.t-thcs-b1'), limit: 10 })).filter((d) => d.notificationId === id);
      expect(pending).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('451') });
      // Not due again before the backoff (1 minute) has passed.
      expect(await dispatcher.runOnce(new Date(t0.getTime() + 30_000))).toMatchObject({ sent: 0, retried: 0, failed: 0 });
      expect(await dispatcher.runOnce(new Date(t0.getTime() + 61_000))).toMatchObject({ failed: 1 });
      const failed = await listDeliveries(ds, { status: 'failed', limit: 10 });
      expect(failed).toEqual([expect.objectContaining({ notificationId: id, attempts: 2, lastError: expect.stringContaining('451') })]);
      expect(catcher.messages()).toHaveLength(0);
    } finally {
      setCatcherRefusing(catcher, null);
      sender.close();
    }
  });

  it('keeps what the catcher caught in its folder for the next start (npm start keeps the demo’s mail)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'khflow-mail-'));
    try {
      const first = await startMailCatcher({ httpPort: null, dir });
      const sender = createMailSender(first.smtpUrl, 'khflow <khflow@localhost>');
      await sender.send('officer.t-thcs-a1@demo.khflow.vn', { subject: '[Nhắc việc] Báo cáo', text: 'Còn 3 ngày', html: '<p>Còn 3 ngày</p>' });
      sender.close();
      await first.stop();
      const second = await startMailCatcher({ httpPort: 0, dir });
      try {
        expect(second.messages()).toEqual([expect.objectContaining({ to: ['officer.t-thcs-a1@demo.khflow.vn'], subject: '[Nhắc việc] Báo cáo', text: expect.stringContaining('Còn 3 ngày') })]);
        const listed = (await (await fetch(`${second.httpUrl}messages`)).json()) as { subject: string }[];
        expect(listed.map((m) => m.subject)).toEqual(['[Nhắc việc] Báo cáo']);
        expect(await (await fetch(second.httpUrl!)).text()).toContain('[Nhắc việc] Báo cáo');
      } finally {
        await second.stop();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('survives a mail server that is not there at all', async () => {
    const dead = await startMailCatcher({ httpPort: null });
    const url = dead.smtpUrl;
    await dead.stop();
    const sender = createMailSender(url, 'khflow <khflow@localhost>');
    try {
      const dispatcher = new MailDispatcher(ds, config(url), sender);
      await notify('overdue', 't-th-a2', 'officer', 'Quá hạn 2026-12-20: Báo cáo kết quả thực hiện');
      const r = await dispatcher.runOnce();
      expect(r).toMatchObject({ sent: 0, retried: 1 });
      const rows = await listDeliveries(ds, { userId: await userId('officer.t-th-a2'), limit: 10 });
      expect(rows[0]).toMatchObject({ status: 'pending', lastError: expect.stringMatching(/ECONNREFUSED|connect/i) });
    } finally {
      sender.close();
    }
  });
});
