import { checkReportForm } from './report-form.schema';
import { fieldOfKpi, keyOf, proposeFieldsFromKpis } from './kpi-fields';

describe('report-form fields proposed from a plan’s KPI table', () => {
  it.each([
    ['Chỉ số PCI', 'chi_so_pci'],
    ['Đào tạo, bồi dưỡng cán bộ (ĐT-BD)', 'dao_tao_boi_duong_can_bo_dt_bd'],
    ['2. Tỷ lệ trường đạt chuẩn quốc gia', 'chi_tieu_2_ty_le_truong_dat_chuan_quoc_g'],
    ['', 'chi_tieu'],
  ])('keyOf(%j) = %j', (text, key) => {
    expect(keyOf(text)).toBe(key);
    expect(key.length).toBeLessThanOrEqual(40);
  });

  it.each([
    ['a percentage target', { indicator: 'Tỷ lệ trường đạt chuẩn quốc gia', baseline: '72%', target: '≥ 80%' }, { type: 'percent', consolidate: 'min', help: 'Chỉ tiêu: ≥ 80%; Kết quả năm trước: 72%' }],
    ['a rank', { indicator: 'Chỉ số PAR INDEX', baseline: '28,5 (xếp hạng 12)', target: 'Xếp hạng trong nhóm 10 tỉnh đầu' }, { type: 'number', integer: true, min: 1, consolidate: 'min' }],
    ['a count with its unit', { indicator: 'Số trường được đầu tư phòng học bộ môn', baseline: null, target: '120 trường' }, { type: 'number', consolidate: 'sum', unit: 'trường', min: 0 }],
    ['a bare score', { indicator: 'Điểm thi trung bình kỳ thi tốt nghiệp THPT', baseline: null, target: '≥ 6,5' }, { type: 'number', consolidate: 'min', min: 0 }],
    ['prose', { indicator: 'Hoàn thiện thể chế', baseline: null, target: 'Ban hành đầy đủ văn bản hướng dẫn' }, { type: 'text', consolidate: 'list' }],
    ['no target', { indicator: 'Chỉ số PII', baseline: null, target: null }, { type: 'text', consolidate: 'list' }],
  ])('%s', (_label, kpi, expected) => {
    expect(fieldOfKpi(kpi, 'k')).toMatchObject({ key: 'k', label: kpi.indicator, required: false, ...expected });
  });

  it('proposes one valid field per indicator, with unique keys, that the form check accepts', () => {
    const fields = proposeFieldsFromKpis([
      { indicator: 'Chỉ số PCI', baseline: '65,5 (xếp hạng 15)', target: 'Top 10' },
      { indicator: 'Chỉ số PCI', baseline: null, target: '≥ 70%' },
      { indicator: '  ', baseline: null, target: '1' },
      { indicator: 'Số học sinh được phổ cập bơi', baseline: null, target: '5.000 học sinh' },
    ]);
    expect(fields.map((f) => [f.key, f.type])).toEqual([
      ['chi_so_pci', 'number'],
      ['chi_so_pci_2', 'percent'],
      ['so_hoc_sinh_duoc_pho_cap_boi', 'number'],
    ]);
    expect(checkReportForm({ fields }).errors).toEqual([]);
  });
});
