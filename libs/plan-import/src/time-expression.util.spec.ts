import { findTimeframeInProse, parseTimeframe } from './time-expression.util';

const ctx = { issuedAt: '2022-08-09' };

describe('parseTimeframe', () => {
  const cases: [string, Partial<ReturnType<typeof parseTimeframe>>][] = [
    ['Thường xuyên;', { kind: 'ongoing', due: null, recurrence: null }],
    ['trước ngày 20/5/2024', { kind: 'once', due: '2024-05-20' }],
    ['Trước ngày 05/12/2022', { kind: 'once', due: '2022-12-05' }],
    ['trước ngày 15/10', { kind: 'once', due: '2022-10-15' }],
    ['Tháng 9/2022', { kind: 'once', start: '2022-09-01', due: '2022-09-30' }],
    ['tháng 2 năm 2024', { kind: 'once', start: '2024-02-01', due: '2024-02-29' }],
    ['Quý III/2022', { kind: 'once', start: '2022-07-01', due: '2022-09-30' }],
    ['trước ngày 30/12 hằng năm', { kind: 'recurring', recurrence: { freq: 'yearly', due: { monthOffset: 0, day: 30 }, start: null, until: null } }],
    ['trước ngày 30/11 hằng năm', { kind: 'recurring', recurrence: { freq: 'yearly', due: { monthOffset: -1, day: 30 }, start: null, until: null } }],
    ['định kỳ tháng 11 hằng năm', { kind: 'recurring', recurrence: { freq: 'yearly', due: { monthOffset: -1, day: 30 }, start: null, until: null } }],
    [
      'định kỳ hàng quý báo cáo Giám đốc Sở trước ngày 03 của tháng đầu tiên quý tiếp theo',
      { kind: 'recurring', due: null, recurrence: { freq: 'quarterly', due: { monthOffset: 1, day: 3 }, start: null, until: null } },
    ],
    [
      'định kỳ hàng quý trước ngày 05 của tháng đầu tiên quý tiếp theo, báo cáo năm trước ngày 05/12/2022',
      { kind: 'recurring', due: '2022-12-05', recurrence: { freq: 'quarterly', due: { monthOffset: 1, day: 5 }, start: null, until: null } },
    ],
    ['hằng tháng, trước ngày 25', { kind: 'recurring', recurrence: { freq: 'monthly', due: { monthOffset: 0, day: 25 }, start: null, until: null } }],
    ['Trước ngày 05 của tháng liền kề; công bố chỉ số hằng tháng', { kind: 'recurring', recurrence: { freq: 'monthly', due: { monthOffset: 1, day: 5 }, start: null, until: null } }],
    ['Hàng tháng', { kind: 'recurring', recurrence: { freq: 'monthly', due: { monthOffset: 0, day: 31 }, start: null, until: null } }],
    ['năm 2024 và những năm tiếp theo', { kind: 'ongoing', start: '2024-01-01', horizon: null }],
    ['giai đoạn 2022-2025', { kind: 'ongoing', start: '2022-01-01', horizon: '2025-12-31' }],
    ['đến năm 2025, định hướng đến năm 2030', { kind: 'ongoing', horizon: '2025-12-31' }],
    ['Năm 2023', { kind: 'once', start: '2023-01-01', due: '2023-12-31' }],
    ['', { kind: 'unspecified', text: null }],
    ['khi có yêu cầu', { kind: 'unspecified', text: 'khi có yêu cầu' }],
    ['thuong xuyen', { kind: 'ongoing' }],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(parseTimeframe(text, ctx)).toMatchObject(expected);
  });

  it('keeps the source text', () => {
    expect(parseTimeframe('  **Thường xuyên** ', ctx).text).toBe('Thường xuyên');
  });
});

describe('findTimeframeInProse', () => {
  it('ignores dates of cited documents and programme horizons', () => {
    expect(findTimeframeInProse('Quán triệt Nghị quyết số 29-NQ/TW ngày 04/11/2013 của Ban Chấp hành Trung ương', ctx).kind).toBe('unspecified');
    expect(findTimeframeInProse('thực hiện Chương trình chuyển đổi số đến năm 2025, định hướng đến năm 2030', ctx).kind).toBe('unspecified');
  });
  it('finds a yearly report deadline inside a duty', () => {
    const tf = findTimeframeInProse('theo dõi, đôn đốc; báo cáo kết quả thực hiện định kỳ hằng năm về Ủy ban nhân dân thành phố trước ngày 30/12 hằng năm.', ctx);
    expect(tf).toMatchObject({ kind: 'recurring', recurrence: { freq: 'yearly', due: { monthOffset: 0, day: 30 } } });
  });
});
