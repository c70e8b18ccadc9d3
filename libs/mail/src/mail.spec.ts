import { ConfigError } from '@khflow/config';
import { loadMailConfig, retryDelayMs } from './mail-config';
import { consoleLink, type NotificationMail, renderDigestMail, renderNotificationMail } from './mail-render';

const base: NotificationMail = {
  kind: 'reminder',
  params: null,
  message: 'Nhắc việc: còn 3 ngày đến hạn 2026-12-20 — Báo cáo kết quả',
  createdAt: '2026-12-17T01:00:00.000Z',
  displayName: 'Chuyên viên Trường THCS A1',
  planId: 'p1',
  planTitle: 'Triển khai Kết luận 134-KL/TU',
  planNumber: '193/KH-UBND',
  assignmentId: 'a1',
  assignmentTitle: 'Báo cáo kết quả',
  due: '2026-12-20',
  assigneeUnitName: 'Trường THCS A1',
};
const URL = 'http://127.0.0.1:3000/console/';

describe('notification mails in Vietnamese', () => {
  it.each<[string, Partial<NotificationMail>, string]>([
    ['reminder', {}, '[Nhắc việc] Báo cáo kết quả — hạn 20/12/2026'],
    ['overdue', { kind: 'overdue' }, '[Quá hạn] Báo cáo kết quả — hạn 20/12/2026'],
    ['escalation', { kind: 'escalation', params: { level: 2 } }, '[Chuyển cấp mức 2] Trường THCS A1: Báo cáo kết quả'],
    ['return', { kind: 'returned' }, '[Trả lại] Báo cáo kết quả'],
    ['new assignment', { kind: 'assigned' }, '[Nhiệm vụ mới] Báo cáo kết quả — hạn 20/12/2026'],
    ['parameters over the stored context', { kind: 'reminder', params: { title: 'Rà soát', due: '2027-01-05', daysBefore: 1 } }, '[Nhắc việc] Rà soát — hạn 05/01/2027'],
    ['an explanation request', { kind: 'explanation_requested' }, '[Yêu cầu giải trình] Báo cáo kết quả'],
    ['an explanation given', { kind: 'explanation_answered', params: { newDue: '2026-12-28' } }, '[Giải trình] Trường THCS A1: Báo cáo kết quả'],
    ['an unknown kind', { kind: 'something_new' }, '[khflow] Báo cáo kết quả'],
  ])('%s', (_label, over, subject) => {
    const m = renderNotificationMail({ ...base, ...over }, URL);
    expect(m.subject).toBe(subject);
    expect(m.text).toContain('Kính gửi Chuyên viên Trường THCS A1,');
    expect(m.text).toContain('Xem và xử lý: http://127.0.0.1:3000/console/#/assignments/a1');
  });

  it('an explanation given says by when the unit will finish, and its reason (the stored message)', () => {
    const m = renderNotificationMail({ ...base, kind: 'explanation_answered', params: { newDue: '2026-12-28' }, message: 'Trường THCS A1 đã giải trình: Báo cáo kết quả; hoàn thành trước 2026-12-28 — Chờ số liệu' }, URL);
    expect(m.text).toContain('đề xuất hoàn thành trước 28/12/2026');
    expect(m.text).toContain('Chờ số liệu');
  });

  it('escapes HTML and links to the plan when there is no assignment', () => {
    const m = renderNotificationMail({ ...base, assignmentId: null, assignmentTitle: null, planTitle: '<b>Kế hoạch</b>' }, URL);
    expect(m.html).toContain('&lt;b&gt;Kế hoạch&lt;/b&gt;');
    expect(m.html).not.toContain('<b>Kế hoạch</b>');
    expect(consoleLink(URL, { assignmentId: null, planId: 'p1' })).toBe(`${URL}#/plans/p1`);
    expect(consoleLink(URL, { assignmentId: null, planId: null })).toBe(`${URL}#/inbox`);
  });

  it('puts a day’s notifications into one digest', () => {
    const d = renderDigestMail([base, { ...base, kind: 'overdue' }], URL, '2026-12-18');
    expect(d.subject).toBe('[khflow] Tổng hợp thông báo ngày 18/12/2026 (2)');
    expect(d.text).toContain('1. [Nhắc việc] Báo cáo kết quả');
    expect(d.text).toContain('2. [Quá hạn] Báo cáo kết quả');
  });
});

describe('mail configuration', () => {
  it('is off without KHFLOW_SMTP_URL and validates each variable by name', () => {
    expect(loadMailConfig({})).toMatchObject({ smtpUrl: null, pollMs: 5000, maxAttempts: 6, consoleUrl: URL });
    expect(loadMailConfig({ KHFLOW_SMTP_URL: 'smtp://127.0.0.1:2525', KHFLOW_CONSOLE_URL: 'http://x.vn/console' }).consoleUrl).toBe('http://x.vn/console/');
    for (const [env, variable] of [
      [{ KHFLOW_SMTP_URL: 'http://mail' }, 'KHFLOW_SMTP_URL'],
      [{ KHFLOW_MAIL_POLL_MS: 'soon' }, 'KHFLOW_MAIL_POLL_MS'],
      [{ KHFLOW_MAIL_MAX_ATTEMPTS: '0' }, 'KHFLOW_MAIL_MAX_ATTEMPTS'],
      [{ KHFLOW_CONSOLE_URL: 'ftp://x' }, 'KHFLOW_CONSOLE_URL'],
      [{ KHFLOW_MAIL_DEFAULT_DOMAIN: 'not a domain' }, 'KHFLOW_MAIL_DEFAULT_DOMAIN'],
    ] as const) {
      expect(() => loadMailConfig(env)).toThrow(ConfigError);
      expect(() => loadMailConfig(env)).toThrow(new RegExp(`^${variable}:`));
    }
  });

  it.each([[1, 1], [2, 2], [3, 4], [4, 8], [7, 60], [20, 60]])('retries after %i failed attempts in %i minutes', (n, minutes) => {
    expect(retryDelayMs(n)).toBe(minutes * 60_000);
  });
});
