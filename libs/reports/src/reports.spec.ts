import JSZip from 'jszip';
import { combineAggregates, leafAggregate, valuesOf } from './consolidation';
import { consolidatedView, type SubordinateInput } from './consolidated-view';
import { buildOfficialDocument } from './docx/official-document';
import { bodySymbol, consolidatedReportDocument } from './docx/report-document';
import { checkFigures, figureLabel, labelledFigureErrors } from './figures.validation';
import { SAMPLE_FORM_INPUT } from './report-form.fixture';
import { checkReportForm } from './report-form.schema';
import type { Figures } from './report-form.types';
import { consolidatedWorkbook } from './xlsx/consolidated-workbook';

const { form, errors: formErrors } = checkReportForm(SAMPLE_FORM_INPUT);

describe('report form definitions', () => {
  it('accepts the sample form and fills the defaults of a percentage', () => {
    expect(formErrors).toEqual([]);
    expect(form.fields.find((f) => f.key === 'ty_le_hoan_thanh')).toMatchObject({ unit: '%', min: 0, max: 100 });
  });

  const field = (over: Record<string, unknown>) => ({ fields: [{ key: 'a', label: 'A', type: 'number', consolidate: 'sum', ...over }] });
  it.each<[string, unknown, string, RegExp]>([
    ['not an object', 'x', 'form', /must be an object/],
    ['no fields', { fields: [] }, 'form.fields', /1-100 fields/],
    ['a bad key', field({ key: 'Số HS' }), 'form.fields[0].key', /lower-case/],
    ['an unknown type', field({ type: 'money' }), 'form.fields[0].type', /must be one of/],
    ['a rule that does not fit the type', field({ type: 'text', consolidate: 'sum' }), 'form.fields[0].consolidate', /text field consolidates by list, none/],
    ['a percentage summed', field({ type: 'percent', consolidate: 'sum' }), 'form.fields[0].consolidate', /percent field/],
    ['a percentage bound above 100', field({ type: 'percent', consolidate: 'max', max: 120 }), 'form.fields[0].max', /at most 100/],
    ['min above max', field({ min: 5, max: 1 }), 'form.fields[0].max', /below min/],
    ['a weighted average without weight', field({ consolidate: 'weighted_average' }), 'form.fields[0].weightField', /numeric field/],
    ['a choice without choices', field({ type: 'choice', consolidate: 'list' }), 'form.fields[0].choices', /2-100 choices/],
    ['a table summed without key column', field({ type: 'table', columns: [{ key: 'n', label: 'N', type: 'number' }] }), 'form.fields[0].keyColumn', /key of a text or choice column/],
    ['an unknown property', field({ colour: 'red' }), 'form.fields[0].colour', /not an accepted field/],
  ])('refuses %s naming the field', (_label, input, fieldPath, message) => {
    const { errors } = checkReportForm(input);
    expect(errors).toEqual(expect.arrayContaining([{ field: fieldPath, message: expect.stringMatching(message) }]));
  });

  it('refuses repeated keys and a weight that is not a required number', () => {
    const { errors } = checkReportForm({
      fields: [
        { key: 'a', label: 'A', type: 'number', consolidate: 'sum' },
        { key: 'a', label: 'A again', type: 'number', consolidate: 'sum' },
        { key: 'r', label: 'R', type: 'percent', consolidate: 'weighted_average', weightField: 'a' },
      ],
    });
    expect(errors.map((e) => e.field)).toEqual(['form.fields[1].key', 'form.fields[2].weightField']);
  });
});

describe('figures entered by a unit', () => {
  const good = { so_hoc_sinh: 500, so_giao_vien: 30, ty_le_hoan_thanh: 98.5, co_phong_tin_hoc: true, ngay_hoan_thanh: '2026-11-20', ghi_chu: 'Thiếu phòng học' };
  it('accepts complete figures and keeps every field (blanks as null)', () => {
    const { figures, errors } = checkFigures(form, { so_hoc_sinh: 500, so_giao_vien: 30, ty_le_hoan_thanh: 98.5 });
    expect(errors).toEqual([]);
    expect(figures).toEqual({ so_hoc_sinh: 500, so_giao_vien: 30, ty_le_hoan_thanh: 98.5, co_phong_tin_hoc: null, ngay_hoan_thanh: null, ghi_chu: null });
  });
  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['a percentage above 100', { ty_le_hoan_thanh: 101 }, 'figures.ty_le_hoan_thanh', /above 100/],
    ['a negative count', { so_hoc_sinh: -1 }, 'figures.so_hoc_sinh', /at least 0/],
    ['a fractional count', { so_giao_vien: 2.5 }, 'figures.so_giao_vien', /whole number/],
    ['a number as text', { so_hoc_sinh: '500' }, 'figures.so_hoc_sinh', /must be a number/],
    ['a missing required field', { so_hoc_sinh: null }, 'figures.so_hoc_sinh', /is required/],
    ['yes/no as text', { co_phong_tin_hoc: 'có' }, 'figures.co_phong_tin_hoc', /true \(có\)/],
    ['an impossible date', { ngay_hoan_thanh: '2026-02-30' }, 'figures.ngay_hoan_thanh', /date/],
    ['a field not on the form', { diem: 9 }, 'figures.diem', /not a field/],
  ])('refuses %s naming the field', (_label, change, fieldPath, message) => {
    const { errors } = checkFigures(form, { ...good, ...change });
    expect(errors).toEqual([{ field: fieldPath, message: expect.stringMatching(message) }]);
  });
  it('does not require a consolidating unit’s own figures, but still checks what it gives', () => {
    expect(checkFigures(form, {}, { requiredEnforced: false }).errors).toEqual([]);
    expect(checkFigures(form, { ty_le_hoan_thanh: 150 }, { requiredEnforced: false }).errors.map((e) => e.field)).toEqual(['figures.ty_le_hoan_thanh']);
    expect(checkFigures(form, { ty_le_hoan_thanh: 90 }, { requiredEnforced: false }).errors).toEqual([{ field: 'figures.so_hoc_sinh', message: 'is needed to weight ty_le_hoan_thanh' }]);
  });
  it('checks table rows column by column', () => {
    const { form: tf } = checkReportForm({
      fields: [{ key: 'phong', label: 'Phòng học', type: 'table', consolidate: 'sum', keyColumn: 'loai', columns: [{ key: 'loai', label: 'Loại', type: 'text', required: true }, { key: 'so', label: 'Số phòng', type: 'number', integer: true, min: 0 }] }],
    });
    const { errors } = checkFigures(tf, { phong: [{ loai: 'Kiên cố', so: 3 }, { loai: 'Kiên cố', so: -2 }, { so: 1 }] });
    expect(errors).toEqual([
      { field: 'figures.phong[1].so', message: 'must be at least 0' },
      { field: 'figures.phong[2].loai', message: 'is required' },
      { field: 'figures.phong', message: 'repeats the row "Kiên cố" of column loai' },
    ]);
    // For readers that are not the console: each figure's label beside its path (the path stays what clients match).
    expect(labelledFigureErrors(tf, [...errors, { field: 'figures.diem', message: 'is not a field of the report form' }, { field: 'figures.phong[0].mau', message: 'is not a column of this table' }])).toEqual([
      { field: 'figures.phong[1].so', message: 'must be at least 0', label: 'Phòng học › dòng 2 › Số phòng' },
      { field: 'figures.phong[2].loai', message: 'is required', label: 'Phòng học › dòng 3 › Loại' },
      { field: 'figures.phong', message: 'repeats the row "Kiên cố" of column loai', label: 'Phòng học' },
      { field: 'figures.diem', message: 'is not a field of the report form' },
      { field: 'figures.phong[0].mau', message: 'is not a column of this table' },
    ]);
  });
  it.each([
    ['figures.so_hoc_sinh', 'Số học sinh'],
    ['figures.ty_le_hoan_thanh', 'Tỷ lệ học sinh hoàn thành chương trình'],
    ['figures', null],
    ['text', null],
    ['figures.so_hoc_sinh.x', null],
  ])('names %s by the form: %s', (path, label) => {
    expect(figureLabel(form, path)).toBe(label);
  });
});

describe('consolidation up the reporting chain', () => {
  const school = (id: string, f: Figures) => leafAggregate(form, checkFigures(form, f).figures, id);
  const a1 = school('a1', { so_hoc_sinh: 400, so_giao_vien: 20, ty_le_hoan_thanh: 90, co_phong_tin_hoc: true, ngay_hoan_thanh: '2026-11-10', ghi_chu: 'Thiếu máy tính' });
  const a2 = school('a2', { so_hoc_sinh: 100, so_giao_vien: 8, ty_le_hoan_thanh: 100, co_phong_tin_hoc: false, ngay_hoan_thanh: '2026-11-15' });
  const b1 = school('b1', { so_hoc_sinh: 500, so_giao_vien: 25, ty_le_hoan_thanh: 80, ngay_hoan_thanh: '2026-11-12' });

  it.each<[string, string, unknown]>([
    ['sum', 'so_hoc_sinh', { kind: 'number', value: 1000 }],
    ['sum', 'so_giao_vien', { kind: 'number', value: 53 }],
    // (90·400 + 100·100 + 80·500) / 1000 = 86, not the unweighted mean of the district averages.
    ['weighted average', 'ty_le_hoan_thanh', { kind: 'number', value: 86 }],
    ['count of yes (of those who answered)', 'co_phong_tin_hoc', { kind: 'count', yes: 1, of: 2 }],
    ['max', 'ngay_hoan_thanh', { kind: 'extreme', value: '2026-11-15' }],
    ['list', 'ghi_chu', { kind: 'list', items: [{ unitId: 'a1', value: 'Thiếu máy tính' }] }],
  ])('%s of %s over two levels equals the same rule over all schools', (_rule, key, expected) => {
    const districtA = combineAggregates(form, [a1, a2]);
    const districtB = combineAggregates(form, [b1]);
    const so = combineAggregates(form, [districtA, districtB]);
    expect(valuesOf(form, so)[key]).toEqual(expected);
    expect(valuesOf(form, combineAggregates(form, [a1, a2, b1]))[key]).toEqual(expected);
  });

  it('min/max and sums of tables by their key column', () => {
    const { form: tf } = checkReportForm({
      fields: [
        { key: 'phong', label: 'Phòng học', type: 'table', consolidate: 'sum', keyColumn: 'loai', columns: [{ key: 'loai', label: 'Loại', type: 'text' }, { key: 'so', label: 'Số phòng', type: 'number' }] },
        { key: 'diem', label: 'Điểm', type: 'number', consolidate: 'min' },
      ],
    });
    const x = leafAggregate(tf, { phong: [{ loai: 'Kiên cố', so: 3 }, { loai: 'Tạm', so: 1 }], diem: 7 }, 'x');
    const y = leafAggregate(tf, { phong: [{ loai: 'Kiên cố', so: 4 }], diem: 5.5 }, 'y');
    expect(valuesOf(tf, combineAggregates(tf, [x, y]))).toEqual({
      phong: { kind: 'table', rows: [{ loai: 'Kiên cố', so: 7 }, { loai: 'Tạm', so: 1 }] },
      diem: { kind: 'extreme', value: 5.5 },
    });
  });

  const sub = (unitId: string, state: string | null, agg: ReturnType<typeof school> | null, decision: 'approved' | 'returned' | null = null): SubordinateInput => ({
    unitId,
    unitName: `Trường ${unitId}`,
    assignmentId: state ? `as-${unitId}` : null,
    state,
    report: agg ? { submissionVersion: 1, formVersion: 1, submittedAt: '2026-11-20T01:00:00.000Z', decision, figures: {}, aggregate: agg } : null,
  });

  it('totals what has come in, names the missing units, and a returned report leaves the total', () => {
    const v = consolidatedView(form, [sub('a1', 'approved', a1, 'approved'), sub('a2', 'submitted', a2), sub('a3', 'acknowledged', null), sub('a4', null, null)]);
    expect(v.totals.so_hoc_sinh).toEqual({ kind: 'number', value: 500 });
    expect(v.reported).toEqual(['a1', 'a2']);
    expect(v.missing).toEqual([
      { unitId: 'a3', unitName: 'Trường a3', status: 'in_progress' },
      { unitId: 'a4', unitName: 'Trường a4', status: 'missing' },
    ]);
    const returned = consolidatedView(form, [sub('a1', 'approved', a1, 'approved'), sub('a2', 'returned', a2, 'returned')]);
    expect(returned.totals.so_hoc_sinh).toEqual({ kind: 'number', value: 400 });
    expect(returned.missing).toEqual([{ unitId: 'a2', unitName: 'Trường a2', status: 'returned' }]);
  });

  it('adds the level’s own figures to its subordinates’', () => {
    const v = consolidatedView(form, [sub('a1', 'approved', a1, 'approved')], { unitId: 'pgd', figures: { so_hoc_sinh: 10, so_giao_vien: null, ty_le_hoan_thanh: null, co_phong_tin_hoc: null, ngay_hoan_thanh: null, ghi_chu: 'Ý kiến của phòng' } });
    expect(v.ownIncluded).toBe(true);
    expect(v.totals.so_hoc_sinh).toEqual({ kind: 'number', value: 410 });
    expect(v.totals.ghi_chu).toEqual({ kind: 'list', items: [{ unitId: 'pgd', value: 'Ý kiến của phòng' }, { unitId: 'a1', value: 'Thiếu máy tính' }] });
  });
});

describe('exports', () => {
  const view = consolidatedView(form, [
    { unitId: 'hp-sgddt', unitName: 'Sở Giáo dục và Đào tạo Hải Phòng', assignmentId: 'x', state: 'approved', report: { submissionVersion: 1, formVersion: 1, submittedAt: '2026-11-25T01:00:00.000Z', decision: 'approved', figures: {}, aggregate: combineAggregates(form, [leafAggregate(form, { so_hoc_sinh: 1234, so_giao_vien: 56, ty_le_hoan_thanh: 87.5, co_phong_tin_hoc: true, ngay_hoan_thanh: null, ghi_chu: null }, 's')]) } },
  ]);

  it('writes the official document with every part of Decree 30/2020/NĐ-CP in word/document.xml', async () => {
    const spec = consolidatedReportDocument({
      issuer: { id: 'hp-ubnd', name: 'Ủy ban nhân dân thành phố Hải Phòng', shortName: 'UBND thành phố', kind: 'city_committee', parent: null },
      plan: { number: '193/KH-UBND', title: 'Triển khai thực hiện Kết luận số 134-KL/TU', issuedAt: '2021-08-19' },
      task: { ref: 'III.14', title: 'Báo cáo kết quả thực hiện Kế hoạch' },
      periodKey: 'once',
      form,
      view,
      number: '245',
      place: 'Hải Phòng',
      date: '2026-12-01',
      recipients: ['Thành ủy Hải Phòng (để báo cáo)', 'Sở GDĐT', 'Lưu: VT'],
      signer: { name: 'Nguyễn Văn Tùng' },
    });
    const xml = await (await JSZip.loadAsync(await buildOfficialDocument(spec))).file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, (tag) => (tag.startsWith('</w:p>') ? '\n' : '')).replace(/&amp;/g, '&');
    for (const part of ['ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Số: 245/BC-UBND', 'Hải Phòng, ngày 01 tháng 12 năm 2026', 'BÁO CÁO', 'Kế hoạch số 193/KH-UBND ngày 19/08/2021', 'Nơi nhận:', '- Thành ủy Hải Phòng (để báo cáo);', '- Lưu: VT.', 'TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', 'Nguyễn Văn Tùng', 'Tổng cộng', '1.234', '87,5'])
      expect(text).toContain(part);
  });

  it('derives document symbols from the unit', () => {
    expect(bodySymbol({ kind: 'department', shortName: 'Sở GDĐT', name: 'Sở Giáo dục và Đào tạo Hải Phòng' })).toBe('SGDĐT');
    expect(bodySymbol({ kind: 'district_office', shortName: null, name: 'Phòng Giáo dục và Đào tạo quận Lê Chân' })).toBe('PGDĐT');
    expect(bodySymbol({ kind: 'city_committee', shortName: null, name: 'Ủy ban nhân dân thành phố Hải Phòng' })).toBe('UBND');
  });

  it('writes the spreadsheet with numbers as numbers', async () => {
    const buf = await consolidatedWorkbook({ title: 'Báo cáo', unitName: 'UBND thành phố', periodKey: 'once', form, view });
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as never);
    const ws = wb.getWorksheet('Tổng hợp')!;
    expect(ws.getRow(5).values).toEqual([undefined, 'STT', 'Mã đơn vị', 'Đơn vị', 'Trạng thái', 'Số học sinh (học sinh)', 'Số giáo viên đạt chuẩn (giáo viên)', 'Tỷ lệ học sinh hoàn thành chương trình (%)', 'Có phòng tin học đạt chuẩn', 'Ngày hoàn thành', 'Khó khăn, vướng mắc']);
    expect(ws.getRow(6).getCell(5).value).toBe(1234);
    expect(ws.getRow(7).getCell(7).value).toBe(87.5);
  });
});
