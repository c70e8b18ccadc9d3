import { describe, expect, it } from 'vitest';
import { renderNotification, unitIdsOf } from './notifications';

const names: Record<string, string> = { 'hp-th-kienan-1': 'Trường TH Kiến An 1', 'hp-pgd-kienan': 'Phòng GDĐT quận Kiến An' };
const unit = (id: string) => names[id] ?? id;

describe('notifications in the reader’s language', () => {
  it('renders a kind with parameters in Vietnamese and in English, dates dd/mm/yyyy and units by name', () => {
    const n = { kind: 'escalation', params: { title: 'Báo cáo PII', unitId: 'hp-th-kienan-1', level: 1, due: '2026-12-07' } };
    expect(renderNotification(n, unit, 'vi')).toBe('Chuyển cấp (mức 1): Trường TH Kiến An 1 chưa hoàn thành Báo cáo PII, hạn 07/12/2026');
    expect(renderNotification(n, unit, 'en')).toBe('Escalated (level 1): Trường TH Kiến An 1 has not completed Báo cáo PII, due 07/12/2026');
  });

  it.each([
    [{ kind: 'assigned', params: { title: 'Nhiệm vụ A', due: '2027-01-03' } }, 'Nhiệm vụ mới: Nhiệm vụ A, hạn 03/01/2027'],
    [{ kind: 'reminder', params: { title: 'Nhiệm vụ A', daysBefore: 3, due: '2027-01-03' } }, 'Nhắc việc: còn 3 ngày đến hạn 03/01/2027 — Nhiệm vụ A'],
    [{ kind: 'missing_reports', params: { unitIds: ['hp-th-kienan-1', 'hp-x-unknown'] } }, 'Chưa nhận báo cáo của: Trường TH Kiến An 1, hp-x-unknown'],
    [{ kind: 'extension_decision', params: { title: 'Nhiệm vụ A', granted: true, requestedDue: '2027-02-01' } }, 'Đã gia hạn đến 01/02/2027: Nhiệm vụ A'],
    [{ kind: 'extension_decision', params: { title: 'Nhiệm vụ A', granted: false } }, 'Không chấp thuận gia hạn: Nhiệm vụ A'],
    [{ kind: 'overdue', params: { title: 'Báo cáo quý', periodKey: '2026-Q4', due: '2027-01-03' } }, 'Quá hạn 03/01/2027: Báo cáo quý (kỳ 2026-Q4)'],
    [{ kind: 'submission', params: { title: 'Nhiệm vụ A', unitId: 'hp-pgd-kienan' } }, 'Báo cáo chờ duyệt: Nhiệm vụ A — Phòng GDĐT quận Kiến An'],
  ])('%j', (n, text) => expect(renderNotification(n, unit, 'vi')).toBe(text));

  it('keeps the earlier text form readable: dates and unit ids rewritten', () => {
    const old = { kind: 'escalation', message: 'Chuyển cấp (mức 1): hp-th-kienan-1 chưa hoàn thành Báo cáo PII, hạn 2026-12-07' };
    expect(renderNotification(old, unit, 'vi')).toBe('Chuyển cấp (mức 1): Trường TH Kiến An 1 chưa hoàn thành Báo cáo PII, hạn 07/12/2026');
    expect(unitIdsOf(old)).toEqual(['hp-th-kienan-1']);
  });

  it('falls back to the text when the parameters lack what the sentence needs, and to it for unknown kinds', () => {
    expect(renderNotification({ kind: 'reminder', params: { title: 'A' }, message: 'Nhắc việc: A, hạn 2027-01-03' }, unit, 'vi')).toBe('Nhắc việc: A, hạn 03/01/2027');
    expect(renderNotification({ kind: 'something_new', message: 'Tin mới ngày 2027-01-03' }, unit, 'en')).toBe('Tin mới ngày 03/01/2027');
  });

  it('still says something for a new kind that comes without a text', () => {
    expect(renderNotification({ kind: 'report_form_due', params: { title: 'Biểu mẫu thống kê' } }, unit, 'vi')).toBe('report form due: Biểu mẫu thống kê');
  });

  it('does not take ordinary hyphenated words for units', () => {
    expect(unitIdsOf({ kind: 'x', message: 'Phòng GD-ĐT, COVID-19 và kế-hoạch' })).toEqual([]);
  });
});
