// A report form modelled on the reporting duty of the UBND plan 193/KH-UBND: figures every school enters once.
import type { ReportForm } from './report-form.types';

export const SAMPLE_FORM_INPUT = {
  fields: [
    { key: 'so_hoc_sinh', label: 'Số học sinh', type: 'number', unit: 'học sinh', integer: true, min: 0, required: true, consolidate: 'sum' },
    { key: 'so_giao_vien', label: 'Số giáo viên đạt chuẩn', type: 'number', unit: 'giáo viên', integer: true, min: 0, required: true, consolidate: 'sum' },
    { key: 'ty_le_hoan_thanh', label: 'Tỷ lệ học sinh hoàn thành chương trình', type: 'percent', required: true, consolidate: 'weighted_average', weightField: 'so_hoc_sinh' },
    { key: 'co_phong_tin_hoc', label: 'Có phòng tin học đạt chuẩn', type: 'yes_no', consolidate: 'count_yes' },
    { key: 'ngay_hoan_thanh', label: 'Ngày hoàn thành', type: 'date', consolidate: 'max' },
    { key: 'ghi_chu', label: 'Khó khăn, vướng mắc', type: 'text', consolidate: 'list' },
  ],
};

export const SAMPLE_FORM = SAMPLE_FORM_INPUT as unknown as ReportForm;
