import { type NotificationParams, notificationText, notificationUnitIds, renderNotification } from './notification.types';

const names: Record<string, string> = { 'hp-th-kienan-1': 'Trường TH Kiến An 1', 'hp-pgd-kienan': 'Phòng GDĐT quận Kiến An' };
const unit = (id: string) => names[id] ?? id;

describe('notifications: one renderer for the worker, the console and exports', () => {
  it('renders a kind in Vietnamese and in English, dates dd/mm/yyyy, units by the reader’s names', () => {
    const p = { title: 'Báo cáo PII', unitId: 'hp-th-kienan-1', level: 1, due: '2026-12-07' };
    expect(renderNotification('escalation', p, 'vi', { unit })).toBe('Chuyển cấp (mức 1): Trường TH Kiến An 1 chưa hoàn thành Báo cáo PII, hạn 07/12/2026');
    expect(renderNotification('escalation', p, 'en', { unit })).toBe('Escalated (level 1): Trường TH Kiến An 1 has not completed Báo cáo PII, due 07/12/2026');
    // Without names (the worker's stored text) the id stays, the date is still dd/mm/yyyy.
    expect(renderNotification('escalation', p, 'vi')).toBe('Chuyển cấp (mức 1): hp-th-kienan-1 chưa hoàn thành Báo cáo PII, hạn 07/12/2026');
  });

  it.each([
    ['assigned', { title: 'Nhiệm vụ A', due: '2027-01-03' }, 'Nhiệm vụ mới: Nhiệm vụ A, hạn 03/01/2027'],
    ['reminder', { title: 'Nhiệm vụ A', daysBefore: 3, due: '2027-01-03' }, 'Nhắc việc: còn 3 ngày đến hạn 03/01/2027 — Nhiệm vụ A'],
    ['missing_reports', { units: ['hp-th-kienan-1', 'hp-x-unknown'] }, 'Chưa nhận báo cáo của: Trường TH Kiến An 1, hp-x-unknown'],
    ['extension_decision', { title: 'Nhiệm vụ A', granted: true, due: '2027-02-01' }, 'Đã gia hạn đến 01/02/2027: Nhiệm vụ A'],
    ['extension_decision', { title: 'Nhiệm vụ A', granted: false }, 'Không chấp thuận gia hạn: Nhiệm vụ A'],
    ['overdue', { title: 'Báo cáo quý', periodKey: '2026-Q4', due: '2027-01-03' }, 'Quá hạn 03/01/2027: Báo cáo quý (kỳ 2026-Q4)'],
    ['submission', { title: 'Nhiệm vụ A', unitId: 'hp-pgd-kienan' }, 'Báo cáo chờ duyệt: Nhiệm vụ A — Phòng GDĐT quận Kiến An'],
    ['reassigned', { title: 'Nhiệm vụ A', fromUnitId: 'hp-pgd-kienan' }, 'Nhiệm vụ chuyển từ Phòng GDĐT quận Kiến An: Nhiệm vụ A'],
    ['cancelled', { title: 'T', reason: 'task_cancelled', notReported: true }, 'Nhiệm vụ đã bị hủy: T — chưa báo cáo'],
  ] as [string, NotificationParams, string][])("%s %j", (kind, params, text) => expect(renderNotification(kind, params, "vi", { unit })).toBe(text));

  it('shows a stored text (older rows, kinds of a newer worker) with dates and unit ids rewritten', () => {
    const old = { kind: 'escalation', message: 'Chuyển cấp (mức 1): hp-th-kienan-1 chưa hoàn thành Báo cáo PII, hạn 2026-12-07' };
    expect(notificationText(old, 'vi', { unit })).toBe('Chuyển cấp (mức 1): Trường TH Kiến An 1 chưa hoàn thành Báo cáo PII, hạn 07/12/2026');
    expect(notificationUnitIds(old)).toEqual(['hp-th-kienan-1']);
    expect(notificationText({ kind: 'something_new', params: { title: 'X' }, message: 'Tin mới ngày 2027-01-03' }, 'en', { unit })).toBe('Tin mới ngày 03/01/2027');
  });

  it('renders kind and parameters when both are there, and still says something for a new kind without a text', () => {
    expect(notificationText({ kind: 'approved', params: { title: 'A' }, message: 'ignored' }, 'en', { unit })).toBe('Report approved: A');
    expect(notificationText({ kind: 'report_form_due', params: { title: 'Biểu mẫu thống kê' } }, 'vi')).toBe('report form due: Biểu mẫu thống kê');
  });

  it('lists the units a notification names, and does not take ordinary hyphenated words for units', () => {
    expect(notificationUnitIds({ params: { unitId: 'a-b', units: ['c-d'] } })).toEqual(['a-b', 'c-d']);
    expect(notificationUnitIds({ message: 'Phòng GD-ĐT, COVID-19 và kế-hoạch' })).toEqual([]);
  });
});
