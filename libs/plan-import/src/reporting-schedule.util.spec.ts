import type { ImportedTask } from '@khflow/contracts';
import { splitReportingSchedule } from './reporting-schedule.util';

const task = (content: string): ImportedTask => ({ ref: 'V.1', title: content.slice(0, 40), content, lead: [], coordinators: [], timeframe: { text: null, kind: 'unspecified', due: null, start: null, recurrence: null }, lines: [10, 12] });
const ctx = { issuedAt: '2025-11-20' };

describe('reporting schedules', () => {
  it('makes one recurring task per dated report of a schedule sentence', () => {
    const r = splitReportingSchedule(task('Tổ chức triển khai hiệu quả. Định kỳ hàng tháng (trước ngày 16 hàng tháng), 6 tháng (trước ngày 16/6), tổng kết năm (trước ngày 20/11 hàng năm) hoặc khi có yêu cầu báo cáo tình hình thực hiện Kế hoạch, gửi Sở Công Thương.'), ctx);
    expect(r?.keepWhole).toBe(true);
    expect(r?.tasks.map((t) => [t.ref, t.timeframe.kind, t.timeframe.recurrence?.freq, t.timeframe.recurrence?.due])).toEqual([
      ['V.1.m', 'recurring', 'monthly', { monthOffset: 0, day: 16 }],
      ['V.1.h', 'recurring', 'yearly', { monthOffset: -6, day: 16 }],
      ['V.1.y', 'recurring', 'yearly', { monthOffset: -1, day: 20 }],
    ]);
    expect(r?.tasks[0].title).toMatch(/^Định kỳ hàng tháng \(trước ngày 16 hàng tháng\) báo cáo tình hình/);
  });

  it('a report sentence with its subject first keeps the subject in each title; one dated report is not a schedule', () => {
    const r = splitReportingSchedule(task('Sở Công Thương tổng hợp báo cáo UBND tỉnh định kỳ hàng quý trước ngày 05 của tháng đầu tiên quý tiếp theo, báo cáo năm trước ngày 05/12/2026.'), ctx);
    expect(r?.keepWhole).toBe(false);
    expect(r?.tasks.map((t) => [t.timeframe.kind, t.timeframe.due])).toEqual([
      ['recurring', null],
      ['once', '2026-12-05'],
    ]);
    expect(r?.tasks[1].title).toMatch(/^báo cáo năm trước ngày 05\/12\/2026: Sở Công Thương tổng hợp/);
    expect(splitReportingSchedule(task('Báo cáo kết quả trước ngày 15/12 hằng năm.'), ctx)).toBeNull();
  });
});
