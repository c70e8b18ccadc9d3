import fs from 'node:fs';
import path from 'node:path';
import { DEMO_UNITS } from '@khflow/directory';
import { parsePlanText } from './plan-text.parser';

const PLANS = path.resolve(__dirname, '../../../test/fixtures/plans');

function plan(name: string): string {
  const file = path.join(PLANS, name);
  if (!fs.existsSync(file)) throw new Error(`sample plan not found: ${file} (copies of the sample plans live in test/fixtures/plans)`);
  return fs.readFileSync(file, 'utf8');
}

describe('parsePlanText on the sample plans', () => {
  it('finds the sample plans folder', () => {
    expect(fs.existsSync(PLANS)).toBe(true);
    expect(fs.readdirSync(PLANS).filter((f) => f.endsWith('.txt')).length).toBeGreaterThanOrEqual(3);
  });

  it('000: a Sở draft with labelled tasks and a PHÂN CÔNG section', () => {
    const d = parsePlanText(plan('000_a38933efd5dfb3e5.txt'), DEMO_UNITS);
    expect(d.number).toBeNull();
    expect(d.issuedAt).toBeNull();
    expect(d.place).toBe('Hải Phòng');
    expect(d.issuer?.unitId).toBe('hp-sgddt');
    expect(d.title).toMatch(/^Duy trì và nâng cao Chỉ số Đổi mới sáng tạo/);
    expect(d.basis[0]).toMatchObject({ number: '177/KH-UBND', date: '2024-08-05' });
    expect(d.warnings.some((w) => /155\/KH-UBND/.test(w))).toBe(true);
    expect(d.warningDetails?.some((w) => w.code === 'number_blank' && /số văn bản để trống/.test(w.message))).toBe(true);
    const t2 = d.tasks.find((t) => t.ref === 'II.2');
    expect(t2?.lead.map((r) => r.unitId)).toEqual(['hp-sgddt-vp', 'hp-sgddt-gdtxdh', 'hp-congdoan-gddt']);
    expect(t2?.coordinators.map((r) => r.unitId ?? r.group?.kinds?.[0])).toEqual(['hp-baochi', 'department_division', 'district_office', 'school_thpt']);
    expect(t2?.timeframe.kind).toBe('ongoing');
    expect(t2?.lines).toEqual([39, 45]);
    expect(d.tasks.filter((t) => t.ref.startsWith('III.'))).toHaveLength(12);
    expect(d.tasks.find((t) => t.ref === 'III.7')?.lead[0].unitId).toBe('hp-sgddt-thanhtra');
    expect(d.signer).toEqual({ name: 'Đỗ Thị Hòa', title: 'KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC' });
    expect(d.recipients[0]).toEqual({ text: 'Sở KHCN', purpose: 'coordinate' });
    expect(d.recipients.some((r) => /^Lưu/.test(r.text))).toBe(false);
  });

  it('001: a UBND plan with prose tasks and per-unit duties', () => {
    const d = parsePlanText(plan('001_6c687b1be164f383.txt'), DEMO_UNITS);
    expect(d).toMatchObject({ number: '193/KH-UBND', issuedAt: '2021-08-19', place: 'Hải Phòng' });
    expect(d.issuer?.unitId).toBe('hp-ubnd');
    expect(d.basis[0]).toMatchObject({ number: '134-KL/TU', date: '2021-05-04' });
    // Section II: each bullet under a numbered heading is a task (shared/plans/GOLD.md), led by its subject if any.
    expect(d.tasks.filter((t) => t.ref.startsWith('II.')).length).toBeGreaterThan(30);
    expect(d.tasks.find((t) => t.ref === 'II.1.2')?.lead.map((r) => r.unitId)).toEqual(['hp-stttt']);
    expect(d.tasks.filter((t) => t.ref.startsWith('III.'))).toHaveLength(28);
    const first = d.tasks.find((t) => t.ref === 'III.1.1');
    expect(first?.lead[0].unitId).toBe('hp-sgddt');
    expect(first?.timeframe).toMatchObject({ kind: 'recurring', recurrence: { freq: 'yearly', due: { monthOffset: 0, day: 30 } } });
    expect(d.tasks.find((t) => t.ref === 'III.1.3')?.coordinators.map((r) => r.unitId)).toEqual(['hp-stc', 'hp-skhdt']);
    // A duty broken across a page ("Đào" … "tao") stays one duty.
    const dist = d.tasks.find((t) => t.ref === 'III.11.1');
    expect(dist?.lines).toEqual([203, 205]);
    expect(dist?.timeframe.recurrence).toMatchObject({ freq: 'yearly', due: { monthOffset: -1, day: 30 } });
    // Noise lines ("u", "(Chữ ký)", "✓") do not end up in the content.
    expect(d.tasks.some((t) => /\(Chữ ký\)|✓/.test(t.content ?? ''))).toBe(false);
    expect(d.signer?.name).toBe('Lê Khắc Nam');
    expect(d.signer?.title).toContain('TM. ỦY BAN NHÂN DÂN');
  });

  it('003: a Sở plan with a KPI table, quarterly reporting and an appendix of tasks', () => {
    const d = parsePlanText(plan('003_9fdd19f4c2910d9e.txt'), DEMO_UNITS);
    expect(d).toMatchObject({ number: '71/KH-SGDĐT', issuedAt: '2022-08-09', place: 'Bắc Giang' });
    expect(d.kpis).toHaveLength(4);
    expect(d.kpis[2]).toMatchObject({ baseline: '77,54% (xếp hạng 11)', target: '≥ 80%' });
    const quarterly = d.tasks.find((t) => t.ref === 'IV.4');
    expect(quarterly?.timeframe).toMatchObject({ kind: 'recurring', due: '2022-12-03', recurrence: { freq: 'quarterly', due: { monthOffset: 1, day: 3 } } });
    const annex = d.tasks.filter((t) => t.ref.startsWith('PLII.'));
    expect(annex).toHaveLength(9);
    expect(annex[0].timeframe).toMatchObject({ kind: 'once', start: '2022-09-01', due: null });
    // A Bắc Giang plan where the directory is Hải Phòng's: units stay as text, with a warning.
    expect(d.warningDetails?.some((w) => w.code === 'foreign_plan')).toBe(true);
    expect(annex[5].lead[0]).toEqual({ text: 'Phòng KHTC', unitId: null });
    expect(d.tasks.every((t) => [...t.lead, ...t.coordinators].every((r) => !r.unitId && !r.unitIds?.length))).toBe(true);
    expect(d.warningDetails).toContainEqual(expect.objectContaining({ code: 'unit_unknown', lines: [111, 111], message: expect.stringContaining('Trường THPT Chuyên BG') }));
    expect(d.recipients.find((r) => r.text === 'Sở KH&ĐT')?.purpose).toBe('report');
    expect(d.signer).toEqual({ name: 'Tạ Việt Hùng', title: 'GIÁM ĐỐC' });
  });
});

describe('parsePlanText on the plans of other provinces', () => {
  it('07: a garbled PDF text layer is refused with a clear warning, never turned into tasks', () => {
    const d = parsePlanText(plan('07_laocai-doan-kiem-tra-sct-kh-1105-vlncn-2026.txt'), DEMO_UNITS);
    expect(d.tasks).toEqual([]);
    expect(d.warningDetails?.map((w) => w.code)).toEqual(['broken_text_layer']);
    // Its clean transcript reads normally.
    const clean = parsePlanText(plan('extras/07_laocai-doan-kiem-tra-sct-kh-1105-vlncn-2026.clean-transcript-from-repo.txt'), DEMO_UNITS);
    expect(clean.number).toBe('1105/KH-ĐKT');
    expect(clean.tasks.length).toBeGreaterThan(3);
  });

  it('22: a Quyết định issuing a plan "kèm theo": the plan is the attachment, the QĐ signs it', () => {
    const d = parsePlanText(plan('22_sonla-ubnd-qd-2954-kh-xuat-khau-2026-2030.txt'), DEMO_UNITS);
    expect(d).toMatchObject({ number: '2954/QĐ-UBND', issuedAt: '2025-11-20', place: 'Sơn La' });
    expect(d.title).toMatch(/^XUẤT KHẨU SẢN PHẨM HÀNG HÓA TỈNH SƠN LA/);
    expect(d.signer?.name).toBe('Nguyễn Thành Công');
    expect(d.tasks.every((t) => t.lines[0] > 41)).toBe(true); // nothing from the Quyết định's articles
    // Units of Sơn La stay as text where the directory is Hải Phòng's; groups keep their kind.
    expect(d.tasks.flatMap((t) => [...t.lead, ...t.coordinators]).some((r) => r.unitId)).toBe(false);
    expect(d.tasks.some((t) => t.lead.some((r) => r.group?.kinds?.includes('commune')))).toBe(true);
    // "hàng tháng (trước ngày 16 hàng tháng), 6 tháng (trước ngày 16/6), tổng kết năm (…)": one task per report.
    const reports = d.tasks.filter((t) => /^Vb\.1\.[mhy]$/.test(t.ref));
    expect(reports.map((t) => t.timeframe.recurrence?.freq)).toEqual(['monthly', 'yearly', 'yearly']);
  });

  it('a web copy wrapped at a fixed width reads its headings, numbered items and unit headings across lines', () => {
    const d = parsePlanText(plan('14_cantho-ubnd-kh-153-ctmtqg-phong-chong-ma-tuy.txt'), DEMO_UNITS);
    expect(d.title).toMatch(/^TRIỂN KHAI, THỰC HIỆN CÁC DỰ ÁN, TIỂU DỰ ÁN THUỘC CHƯƠNG TRÌNH/);
    const police = d.tasks.filter((t) => t.ref.startsWith('IV.1.'));
    expect(police.length).toBeGreaterThan(5);
    expect(police.every((t) => t.lead[0]?.text === 'Công an thành phố')).toBe(true);
  });
});

describe('parsePlanText on small inputs', () => {
  it('reads a plan with sub-numbering, letters and a tab table, and warns about what it cannot resolve', () => {
    const text = [
      'UBND HUYỆN AN LÃO',
      'PHÒNG GIÁO DỤC VÀ ĐÀO TẠO',
      'Số: 12/KH-PGDĐT',
      'An Lão, ngày 3 tháng 10 năm 2023',
      'KẾ HOẠCH',
      'Tổ chức hội thi giáo viên dạy giỏi',
      '',
      'Căn cứ Kế hoạch số 40/KH-SGDĐT ngày 01/9/2023 của Sở GDĐT;',
      'I. MỤC ĐÍCH, YÊU CẦU',
      'Nâng cao chất lượng.',
      'II. NỘI DUNG',
      '1. Chuẩn bị',
      '1.1. Ban hành thể lệ',
      'Thời gian: trước ngày 20/10/2023',
      'Chủ trì: Phòng GDĐT An Lão',
      'Phối hợp: các trường THCS; Sở Tài nguyên và Môi trường',
      'a) Tổ chức thi',
      'TT\tNội dung\tThời gian\tĐơn vị chủ trì\tĐơn vị phối hợp',
      '1\tChấm thi\tTháng 11/2023\tPhòng GDĐT An Lão\tCác trường TH',
      'III. TỔ CHỨC THỰC HIỆN',
      '1. Các trường THCS',
      '- Cử giáo viên dự thi, báo cáo hằng tháng trước ngày 25.',
      'Nơi nhận:',
      '- Sở GDĐT (để báo cáo);',
      '- Các trường (để thực hiện);',
      'TRƯỞNG PHÒNG',
      'Nguyễn Văn A',
    ].join('\n');
    const d = parsePlanText(text, DEMO_UNITS);
    expect(d.number).toBe('12/KH-PGDĐT');
    expect(d.issuedAt).toBe('2023-10-03');
    expect(d.issuer).toEqual({ text: 'PHÒNG GIÁO DỤC VÀ ĐÀO TẠO', unitId: 'hp-pgd-anlao' });
    expect(d.title).toBe('Tổ chức hội thi giáo viên dạy giỏi');
    expect(d.basis[0]).toMatchObject({ number: '40/KH-SGDĐT', date: '2023-09-01' });
    const t11 = d.tasks.find((t) => t.ref === 'II.1.1');
    expect(t11).toMatchObject({ title: 'Ban hành thể lệ', timeframe: { kind: 'once', due: '2023-10-20' }, lines: [13, 16] });
    expect(t11?.lead[0].unitId).toBe('hp-pgd-anlao');
    expect(t11?.coordinators.map((r) => r.unitId ?? r.group?.kinds?.[0] ?? r.text)).toEqual(['school_thcs', 'Sở Tài nguyên và Môi trường']);
    expect(d.tasks.find((t) => t.ref === 'II.1.1.a')?.title).toBe('Tổ chức thi');
    const row = d.tasks.find((t) => t.ref === 'II.1' && t.title === 'Chấm thi');
    expect(row).toMatchObject({ timeframe: { kind: 'once', due: '2023-11-30' }, lines: [19, 19] });
    const duty = d.tasks.find((t) => t.ref === 'III.1');
    expect(duty?.lead[0].group?.kinds).toEqual(['school_thcs']);
    expect(duty?.timeframe.recurrence).toMatchObject({ freq: 'monthly', due: { monthOffset: 0, day: 25 } });
    expect(d.recipients).toEqual([
      { text: 'Sở GDĐT', purpose: 'report' },
      { text: 'Các trường', purpose: 'execute' },
    ]);
    expect(d.signer).toEqual({ name: 'Nguyễn Văn A', title: 'TRƯỞNG PHÒNG' });
    expect(d.warnings.some((w) => w.includes('Sở Tài nguyên và Môi trường'))).toBe(true);
  });

  it('reads a roman section heading whose period was lost (OCR), but not a capitalised line that is not the next one', () => {
    const text = ['KẾ HOẠCH', 'Thử nghiệm', 'I MỤC ĐÍCH, YÊU CẦU', 'Nâng cao chất lượng.', 'II NHIỆM VỤ', '1. Tuyên truyền kế hoạch', '- Đơn vị chủ trì: Sở Giáo dục và Đào tạo', 'V VIỆC KHÁC', '2. Rà soát cơ sở vật chất', '- Đơn vị chủ trì: Sở Giáo dục và Đào tạo'].join('\n');
    const d = parsePlanText(text, DEMO_UNITS);
    expect(d.tasks.map((t) => [t.ref, t.title])).toEqual([
      ['II.1', 'Tuyên truyền kế hoạch'],
      ['II.2', 'Rà soát cơ sở vật chất'],
    ]);
  });

  it('gives the items after "N. Giao X thực hiện các công việc sau:" to X, and does not make the intro a task', () => {
    const text = ['KẾ HOẠCH', 'Thử nghiệm', 'I. NHIỆM VỤ', '1. Giao Sở Giáo dục và Đào tạo triển khai, thực hiện các công việc sau:', '2. Rà soát cơ sở vật chất các trường.', '3. Sở Nội vụ hướng dẫn tuyển dụng giáo viên.'].join('\n');
    const d = parsePlanText(text, DEMO_UNITS);
    expect(d.tasks.map((t) => [t.title, t.lead.map((l) => l.unitId)])).toEqual([
      ['Rà soát cơ sở vật chất các trường', ['hp-sgddt']],
      ['Sở Nội vụ hướng dẫn tuyển dụng giáo viên', ['hp-snv']],
    ]);
  });

  it('reads a table row whose time cell has no date but whose task says how often as a recurrence', () => {
    const text = [
      'KẾ HOẠCH',
      'Thử nghiệm',
      'I. NHIỆM VỤ',
      'TT | Nhiệm vụ | Thời gian | Chủ trì',
      '1 | Công bố chỉ số cải cách hành chính hằng tháng | Trước ngày 05 của tháng liền kề | Sở Nội vụ',
      '2 | Tổ chức hội nghị tổng kết | Thường xuyên | Sở Nội vụ',
    ].join('\n');
    const d = parsePlanText(text, DEMO_UNITS);
    expect(d.tasks.map((t) => [t.timeframe.kind, t.timeframe.recurrence?.freq ?? null, t.timeframe.text])).toEqual([
      ['recurring', 'monthly', 'Trước ngày 05 của tháng liền kề'],
      ['ongoing', null, 'Thường xuyên'],
    ]);
  });

  it('returns warnings, not an exception, for text that is not a plan', () => {
    const d = parsePlanText('hello world', []);
    expect(d.tasks).toEqual([]);
    expect(d.warnings.length).toBeGreaterThan(0);
  });
});
