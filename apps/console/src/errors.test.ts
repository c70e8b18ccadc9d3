import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import { describeError, fieldLabel, translateReason } from './errors';

describe('API errors in the reader’s language, naming the field', () => {
  it('names each field by its label, with the reason translated', () => {
    const err = new ApiError(400, { title: 'Invalid request', detail: 'requestedDue: must be a date YYYY-MM-DD; reason: must not be empty', errors: [{ field: 'requestedDue', message: 'must be a date YYYY-MM-DD' }, { field: 'reason', message: 'must not be empty' }] });
    const vi = describeError(err, 'vi');
    expect(vi.summary).toBe('Dữ liệu chưa hợp lệ');
    expect(vi.fields).toEqual([
      { field: 'requestedDue', label: 'Hạn mới đề nghị', message: 'phải là một ngày hợp lệ (dd/mm/yyyy)' },
      { field: 'reason', label: 'Lý do', message: 'không được để trống' },
    ]);
    expect(vi.detail).toBeNull(); // the detail only repeated the fields
    const en = describeError(err, 'en');
    expect(en.summary).toBe('The data is not valid');
    expect(en.fields[0]).toEqual({ field: 'requestedDue', label: 'Requested due date', message: 'must be a date YYYY-MM-DD' });
  });

  it('labels nested fields of a plan draft', () => {
    expect(fieldLabel('tasks[2].lead', 'vi')).toBe('Nhiệm vụ 3 › Đơn vị chủ trì');
    expect(fieldLabel('op.due', 'vi')).toBe('Hạn');
    expect(translateReason('task 2.1 has no lead unit from the directory', 'vi')).toBe('nhiệm vụ 2.1 chưa có đơn vị chủ trì trong danh mục đơn vị');
  });

  it('labels and translates a refused reorganisation, whichever way the path is written', () => {
    expect(fieldLabel('operations.1.parts[0].into', 'vi', { operations: 'Thao tác', parts: 'Phần', into: 'Đơn vị nhận' })).toBe('Thao tác 2 › Phần 1 › Đơn vị nhận');
    expect(fieldLabel('operations[1].into', 'vi', { operations: 'Thao tác', into: 'Đơn vị nhận' })).toBe('Thao tác 2 › Đơn vị nhận');
    expect(translateReason('unit "ld-xa-a" is not in effect on 2025-07-01', 'vi')).toBe('đơn vị "ld-xa-a" không còn hiệu lực vào ngày 01/07/2025');
    expect(translateReason('is required for split', 'vi')).toBe('bắt buộc với thao tác chia tách');
    expect(translateReason('unit "x" does not exist', 'vi')).toBe('đơn vị "x" không có trong danh mục');
    expect(translateReason('the organisation tree would have a cycle a → b → a', 'vi')).toBe('cây tổ chức sẽ có vòng lặp a → b → a');
    expect(translateReason('unit "x" is not in effect on 2025-07-01', 'en')).toBe('unit "x" is not in effect on 01/07/2025');
  });

  it('labels a refused figure by the report form’s label the screen passes in', () => {
    const err = new ApiError(422, { title: 'Invalid figures', detail: 'figures.so_hoc_sinh: must be at least 0', errors: [{ field: 'figures.so_hoc_sinh', message: 'must be at least 0' }, { field: 'figures.diem', message: 'is not a field of the report form' }] });
    expect(describeError(err, 'vi', { so_hoc_sinh: 'Số học sinh' }).fields).toEqual([
      { field: 'figures.so_hoc_sinh', label: 'Số liệu báo cáo › Số học sinh', message: 'không được nhỏ hơn 0' },
      { field: 'figures.diem', label: 'Số liệu báo cáo › diem', message: 'không có trong mẫu báo cáo' },
    ]);
    expect(translateReason('must be at most 2.5', 'vi')).toBe('không được lớn hơn 2.5');
    expect(describeError(err, 'en', { so_hoc_sinh: 'Số học sinh' }).fields[0].label).toBe('Report figures › Số học sinh');
  });

  it('does not repeat a detail that names the figures by their labels (as the server writes it)', () => {
    const err = new ApiError(422, {
      title: 'Invalid figures',
      detail: 'Số học sinh: must be at least 0; figures.diem: is not a field of the report form',
      errors: [{ field: 'figures.so_hoc_sinh', label: 'Số học sinh', message: 'must be at least 0' }, { field: 'figures.diem', message: 'is not a field of the report form' }],
    });
    expect(describeError(err, 'vi', { so_hoc_sinh: 'Số học sinh' })).toMatchObject({ detail: null, fields: [{ field: 'figures.so_hoc_sinh', label: 'Số liệu báo cáo › Số học sinh' }, { field: 'figures.diem' }] });
  });

  it('explains a conflict, a refusal without fields and an unknown reason', () => {
    expect(describeError(new ApiError(409, { title: 'Conflict', detail: 'the assignment is approved' }), 'vi')).toEqual({
      summary: 'Dữ liệu vừa được người khác thay đổi hoặc không còn ở trạng thái cho phép; hãy tải lại trang',
      detail: 'the assignment is approved',
      fields: [],
    });
    expect(describeError(new ApiError(403, { detail: 'only supervisors of the reviewer unit decide' }), 'vi').summary).toBe('Bạn không có quyền thực hiện thao tác này');
    expect(describeError(new ApiError(503, { detail: 'internal' }), 'vi')).toEqual({ summary: 'Hệ thống đang gặp sự cố; vui lòng thử lại sau', detail: null, fields: [] });
    expect(describeError(new TypeError('Failed to fetch'), 'vi').summary).toBe('Không kết nối được tới máy chủ');
  });
});
