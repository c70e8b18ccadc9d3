// The official working calendar of Vietnamese public offices (cán bộ, công chức, viên chức), 2024–2027: the
// public holidays of the Labour Code 2019 (art. 112: Tết Dương lịch 1 day, Tết Âm lịch 5 days, Giỗ Tổ Hùng Vương
// 10/3 âm lịch, 30/4, 1/5, Quốc khánh 2/9 plus one adjacent day), the days given in compensation when a holiday
// falls on a weekend (art. 111/112), and the swaps (hoán đổi) with their make-up Saturdays announced each year.
// Weekends (Saturday, Sunday) are the calendar's weekly rule and are not listed. Lunar dates were converted with
// the standard astronomical algorithm for UTC+7 and checked against the announced 2024–2026 dates.
//
// Sources and confidence (the data is seeded into the database where administrators correct it):
// - 2024: Tết 08/02–14/02 (7 days, no make-up day); 30/4–1/5: 27/4–01/5 with Monday 29/4 swapped to Saturday
//   04/5; Quốc khánh 31/8–03/9. Confirmed by the announcements of the time.
// - 2025: Tết 25/01–02/02 (9 days: 5 official days and two weekends, no make-up day); Giỗ Tổ Monday 07/4;
//   30/4–04/5 with Friday 02/5 swapped to Saturday 26/4; Quốc khánh 30/8–02/9 (Monday 01/9 the adjacent day).
// - 2026: Tết Dương lịch 01/01–04/01 with Friday 02/01 swapped to Saturday 10/01 (VPCP 12729/VPCP-KGVX,
//   25/12/2025); Tết 14/02–22/02 (9 days, no make-up day); Giỗ Tổ falls on Sunday 26/4, compensated Monday 27/4;
//   30/4–01/5 Thursday–Friday. NOT confirmed: which day adjacent to 2/9/2026 (Wednesday) is the second Quốc
//   khánh day — seeded as Tuesday 01/9, marked tentative.
// - 2027: nothing announced that we could find. Seeded from the statutory rule and marked tentative: Tết Đinh Mùi
//   (mùng 1 = Saturday 06/02/2027) as the five weekdays 04/02–10/02; Giỗ Tổ Friday 16/4; 1/5 (Saturday)
//   compensated Monday 03/5; Quốc khánh Thursday 02/9 + Friday 03/9. No swaps are assumed.
// - Not included: Ngày Văn hóa Việt Nam (24/11), chosen as a paid holiday by the Politburo but not yet in the
//   Labour Code when this was written; an administrator adds it once it is law.
import { buildCalendar, type CalendarDay, type WorkingCalendar } from './working-calendar';

const h = (date: string, name: string, tentative = false): CalendarDay => ({ date, kind: 'holiday', name, ...(tentative ? { tentative } : {}) });
const off = (date: string, name: string): CalendarDay => ({ date, kind: 'day_off', name });
const work = (date: string, name: string): CalendarDay => ({ date, kind: 'working_day', name });

export const VN_OFFICIAL_CALENDAR_DAYS: readonly CalendarDay[] = [
  // 2024
  h('2024-01-01', 'Tết Dương lịch'),
  h('2024-02-08', 'Tết Nguyên đán Giáp Thìn (29 tháng Chạp)'),
  h('2024-02-09', 'Tết Nguyên đán Giáp Thìn (30 tháng Chạp)'),
  h('2024-02-12', 'Tết Nguyên đán Giáp Thìn (mùng 3)'),
  h('2024-02-13', 'Tết Nguyên đán Giáp Thìn (mùng 4)'),
  h('2024-02-14', 'Tết Nguyên đán Giáp Thìn (mùng 5)'),
  h('2024-04-18', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'),
  off('2024-04-29', 'Nghỉ hoán đổi dịp 30/4 – 1/5 (làm bù thứ Bảy 04/5/2024)'),
  h('2024-04-30', 'Ngày Chiến thắng'),
  h('2024-05-01', 'Ngày Quốc tế Lao động'),
  work('2024-05-04', 'Làm bù cho thứ Hai 29/4/2024'),
  h('2024-09-02', 'Quốc khánh'),
  h('2024-09-03', 'Quốc khánh (ngày liền kề)'),
  // 2025
  h('2025-01-01', 'Tết Dương lịch'),
  h('2025-01-27', 'Tết Nguyên đán Ất Tỵ (28 tháng Chạp)'),
  h('2025-01-28', 'Tết Nguyên đán Ất Tỵ (29 tháng Chạp)'),
  h('2025-01-29', 'Tết Nguyên đán Ất Tỵ (mùng 1)'),
  h('2025-01-30', 'Tết Nguyên đán Ất Tỵ (mùng 2)'),
  h('2025-01-31', 'Tết Nguyên đán Ất Tỵ (mùng 3)'),
  work('2025-04-26', 'Làm bù cho thứ Sáu 02/5/2025'),
  h('2025-04-07', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'),
  h('2025-04-30', 'Ngày Chiến thắng'),
  h('2025-05-01', 'Ngày Quốc tế Lao động'),
  off('2025-05-02', 'Nghỉ hoán đổi dịp 30/4 – 1/5 (làm bù thứ Bảy 26/4/2025)'),
  h('2025-09-01', 'Quốc khánh (ngày liền kề)'),
  h('2025-09-02', 'Quốc khánh'),
  // 2026
  h('2026-01-01', 'Tết Dương lịch'),
  off('2026-01-02', 'Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)'),
  work('2026-01-10', 'Làm bù cho thứ Sáu 02/01/2026'),
  h('2026-02-16', 'Tết Nguyên đán Bính Ngọ (29 tháng Chạp)'),
  h('2026-02-17', 'Tết Nguyên đán Bính Ngọ (mùng 1)'),
  h('2026-02-18', 'Tết Nguyên đán Bính Ngọ (mùng 2)'),
  h('2026-02-19', 'Tết Nguyên đán Bính Ngọ (mùng 3)'),
  h('2026-02-20', 'Tết Nguyên đán Bính Ngọ (mùng 4)'),
  h('2026-04-27', 'Giỗ Tổ Hùng Vương (nghỉ bù cho Chủ nhật 26/4)'),
  h('2026-04-30', 'Ngày Chiến thắng'),
  h('2026-05-01', 'Ngày Quốc tế Lao động'),
  h('2026-09-01', 'Quốc khánh (ngày liền kề)', true),
  h('2026-09-02', 'Quốc khánh'),
  // 2027 (statutory rule; not announced when seeded)
  h('2027-01-01', 'Tết Dương lịch'),
  h('2027-02-04', 'Tết Nguyên đán Đinh Mùi (trước giao thừa)', true),
  h('2027-02-05', 'Tết Nguyên đán Đinh Mùi (giao thừa)', true),
  h('2027-02-08', 'Tết Nguyên đán Đinh Mùi (mùng 3)', true),
  h('2027-02-09', 'Tết Nguyên đán Đinh Mùi (mùng 4)', true),
  h('2027-02-10', 'Tết Nguyên đán Đinh Mùi (mùng 5)', true),
  h('2027-04-16', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'),
  h('2027-04-30', 'Ngày Chiến thắng'),
  h('2027-05-03', 'Ngày Quốc tế Lao động (nghỉ bù cho thứ Bảy 01/5)'),
  h('2027-09-02', 'Quốc khánh'),
  h('2027-09-03', 'Quốc khánh (ngày liền kề)', true),
];

/** The seed calendar, for code that has no database at hand (workflow code, specs). */
export const VN_OFFICIAL_CALENDAR: WorkingCalendar = buildCalendar([...VN_OFFICIAL_CALENDAR_DAYS]);
