// Vietnamese first, English second. Dates are shown dd/mm/yyyy.
type Lang = 'vi' | 'en';
const STRINGS = {
  appName: ['Điều hành kế hoạch', 'Plan execution'],
  login: ['Đăng nhập', 'Sign in'],
  logout: ['Đăng xuất', 'Sign out'],
  username: ['Tên đăng nhập', 'Username'],
  password: ['Mật khẩu', 'Password'],
  inbox: ['Hộp việc', 'Inbox'],
  plans: ['Kế hoạch', 'Plans'],
  dashboard: ['Tổng quan', 'Dashboard'],
  audit: ['Kiểm tra nhật ký', 'Audit'],
  assignments: ['Nhiệm vụ của đơn vị', "Unit's assignments"],
  awaiting: ['Chờ quyết định', 'Awaiting your decision'],
  notifications: ['Thông báo', 'Notifications'],
  task: ['Nhiệm vụ', 'Task'],
  plan: ['Kế hoạch', 'Plan'],
  unit: ['Đơn vị', 'Unit'],
  due: ['Hạn', 'Due'],
  state: ['Trạng thái', 'State'],
  status: ['Tình trạng', 'Status'],
  none: ['Không có', 'None'],
  acknowledge: ['Tiếp nhận', 'Acknowledge'],
  submit: ['Gửi báo cáo', 'Submit'],
  approve: ['Phê duyệt', 'Approve'],
  return: ['Trả lại', 'Return'],
  comment: ['Ý kiến', 'Comment'],
  text: ['Nội dung báo cáo', 'Report'],
  attachments: ['Tệp đính kèm', 'Attachments'],
  submissions: ['Các lần báo cáo', 'Submissions'],
  history: ['Lịch sử', 'History'],
  verify: ['Kiểm tra chuỗi nhật ký', 'Verify the audit chain'],
  chainOk: ['Chuỗi nhật ký toàn vẹn', 'The audit chain is intact'],
  chainBroken: ['Chuỗi nhật ký bị sửa tại mục', 'The audit chain is broken at entry'],
  import: ['Nhập văn bản kế hoạch', 'Import a plan document'],
  launch: ['Ban hành (khởi chạy)', 'Launch'],
  warnings: ['Cần xem lại', 'To review'],
  lines: ['dòng', 'lines'],
  progress: ['Tiến độ', 'Progress'],
  total: ['Tổng', 'Total'],
  onTime: ['Tỷ lệ đúng hạn', 'On-time rate'],
  overdueList: ['Quá hạn', 'Overdue'],
  done: ['Đã xong', 'Done'],
  language: ['English', 'Tiếng Việt'],
  saved: ['Đã lưu', 'Saved'],
  lead: ['Chủ trì', 'Lead'],
  coordinators: ['Phối hợp', 'Coordinating'],
  extension: ['Đề nghị gia hạn', 'Request an extension'],
  newDue: ['Hạn mới đề nghị', 'Requested due date'],
  reason: ['Lý do', 'Reason'],
  grant: ['Đồng ý gia hạn', 'Grant'],
  refuse: ['Không đồng ý', 'Refuse'],
  coordination: ['Đề nghị đơn vị phối hợp cho ý kiến', 'Ask coordinating units for input'],
  children: ['Đơn vị phối hợp / cấp dưới', 'Coordinating and subordinate units'],
  comments: ['Trao đổi', 'Comments'],
  send: ['Gửi', 'Send'],
  amend: ['Điều chỉnh kế hoạch', 'Amend the plan'],
  close: ['Kết thúc kế hoạch', 'Close the plan'],
  apply: ['Áp dụng', 'Apply'],
  exportHistory: ['Tải lịch sử (JSON)', 'Export history (JSON)'],
  filter: ['Lọc', 'Filter'],
  all: ['Tất cả', 'All'],
  onlyOverdue: ['Chỉ việc quá hạn', 'Overdue only'],
  search: ['Tìm kiếm', 'Search'],
  units: ['Đơn vị', 'Units'],
  save: ['Lưu dự thảo', 'Save the draft'],
  chooseLead: ['Chọn đơn vị chủ trì', 'Choose the lead unit'],
  sourceText: ['Văn bản gốc', 'Source text'],
  reported: ['đã báo cáo', 'reported'],
  waitingFor: ['còn chờ', 'waiting for'],
  change: ['Nội dung điều chỉnh', 'Change'],
  changeDue: ['Đổi thời hạn', 'Change the due date'],
  cancelTask: ['Hủy nhiệm vụ', 'Cancel the task'],
  addUnits: ['Thêm đơn vị thực hiện', 'Add units'],
  removeUnits: ['Bớt đơn vị thực hiện', 'Remove units'],
  progressTree: ['Tiến độ theo cây báo cáo', 'Progress along the reporting tree'],
  overdueByPlan: ['Quá hạn theo kế hoạch', 'Overdue by plan'],
  overTime: ['Diễn biến 30 ngày', 'The last 30 days'],
  approved: ['Đã duyệt', 'Approved'],
  submitted: ['Đã gửi', 'Submitted'],
} as const;

export const STATUS: Record<string, [string, string]> = {
  done_on_time: ['Hoàn thành đúng hạn', 'Done on time'],
  done_late: ['Hoàn thành quá hạn', 'Done late'],
  in_progress_on_time: ['Đang thực hiện trong hạn', 'In progress'],
  overdue: ['Quá hạn', 'Overdue'],
  returned: ['Bị trả lại', 'Returned'],
  not_reported_at_close: ['Không báo cáo khi kết thúc', 'Not reported at close'],
  cancelled: ['Đã hủy', 'Cancelled'],
};
export const STATE: Record<string, [string, string]> = {
  assigned: ['Mới giao', 'Assigned'],
  acknowledged: ['Đã tiếp nhận', 'Acknowledged'],
  in_progress: ['Đang thực hiện', 'In progress'],
  submitted: ['Đã gửi, chờ duyệt', 'Submitted'],
  returned: ['Bị trả lại', 'Returned'],
  approved: ['Đã phê duyệt', 'Approved'],
  cancelled: ['Đã hủy', 'Cancelled'],
  draft: ['Dự thảo', 'Draft'],
  active: ['Đang thực hiện', 'Active'],
  closed: ['Đã kết thúc', 'Closed'],
  pending: ['Chờ quyết định', 'Pending'],
  granted: ['Đã đồng ý', 'Granted'],
  refused: ['Không đồng ý', 'Refused'],
};

let lang: Lang = (localStorage.getItem('khflow.lang') as Lang) ?? 'vi';
export const currentLang = () => lang;
export function toggleLang() {
  lang = lang === 'vi' ? 'en' : 'vi';
  localStorage.setItem('khflow.lang', lang);
  document.documentElement.lang = lang;
}
export const t = (k: keyof typeof STRINGS) => STRINGS[k][lang === 'vi' ? 0 : 1];
export const label = (table: Record<string, [string, string]>, k: string) => table[k]?.[lang === 'vi' ? 0 : 1] ?? k;

/** YYYY-MM-DD (or an ISO instant) → dd/mm/yyyy, in Vietnam's calendar. */
export function viDate(d: string | null | undefined): string {
  if (!d) return '—';
  const day = d.length === 10 ? d : new Date(new Date(d).getTime() + 7 * 3600_000).toISOString().slice(0, 10);
  const [y, m, dd] = day.split('-');
  return `${dd}/${m}/${y}`;
}
