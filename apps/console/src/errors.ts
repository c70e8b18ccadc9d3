// Every refusal of the API (RFC 9457 problem details) is shown in the reader's language: a sentence for the status,
// then each field it concerns by its label on the screen, with the API's reason translated where it is a known
// phrase (the API speaks English; the reason stays readable when it is not).
import { ApiError } from './api';
import { viDatesInText } from './dates';

type Lang = 'vi' | 'en';
const pick = (pair: readonly [string, string], lang: Lang) => pair[lang === 'vi' ? 0 : 1];

const STATUS_TEXT: Record<number, [string, string]> = {
  400: ['Dữ liệu chưa hợp lệ', 'The data is not valid'],
  401: ['Sai tên đăng nhập hoặc mật khẩu, hoặc phiên làm việc đã hết hạn', 'Wrong username or password, or the session expired'],
  403: ['Bạn không có quyền thực hiện thao tác này', 'You may not do this'],
  404: ['Không tìm thấy (hoặc bạn không có quyền xem)', 'Not found (or not visible to you)'],
  409: ['Dữ liệu vừa được người khác thay đổi hoặc không còn ở trạng thái cho phép; hãy tải lại trang', 'Someone changed this meanwhile, or it is no longer in a state that allows it; reload the page'],
  413: ['Tệp hoặc nội dung quá lớn', 'The file or content is too large'],
  415: ['Loại tệp không được chấp nhận', 'This type of file is not accepted'],
  422: ['Không thể thực hiện với dữ liệu này', 'This cannot be done with these data'],
  429: ['Quá nhiều yêu cầu; vui lòng thử lại sau ít phút', 'Too many requests; try again in a few minutes'],
};
const SERVER: [string, string] = ['Hệ thống đang gặp sự cố; vui lòng thử lại sau', 'The system has a problem; try again later'];
const NETWORK: [string, string] = ['Không kết nối được tới máy chủ', 'The server cannot be reached'];

/** Field names of the API → the label of the control that holds them. */
const FIELDS: Record<string, [string, string]> = {
  username: ['Tên đăng nhập', 'Username'],
  password: ['Mật khẩu', 'Password'],
  text: ['Nội dung', 'Text'],
  comment: ['Ý kiến', 'Comment'],
  reason: ['Lý do', 'Reason'],
  requestedDue: ['Hạn mới đề nghị', 'Requested due date'],
  due: ['Hạn', 'Due date'],
  unitIds: ['Đơn vị', 'Units'],
  file: ['Tệp', 'File'],
  attachmentIds: ['Tệp đính kèm', 'Attachments'],
  message: ['Nội dung đề nghị', 'Message'],
  taskId: ['Nhiệm vụ', 'Task'],
  outcome: ['Kết quả', 'Outcome'],
  title: ['Tên', 'Title'],
  tasks: ['Nhiệm vụ', 'Tasks'],
  lead: ['Đơn vị chủ trì', 'Lead unit'],
  coordinators: ['Đơn vị phối hợp', 'Coordinating units'],
  timeframe: ['Thời gian thực hiện', 'Time frame'],
  status: ['Trạng thái', 'State'],
  q: ['Tìm kiếm', 'Search'],
  expectedVersion: ['Phiên bản', 'Version'],
  issuerUnitId: ['Đơn vị ban hành', 'Issuing unit'],
  'Idempotency-Key': ['Khóa chống gửi trùng', 'Idempotency key'],
  figures: ['Số liệu báo cáo', 'Report figures'],
  deputyUserId: ['Người được ủy quyền', 'Deputy'],
  delegatorUserId: ['Người ủy quyền', 'Delegator'],
  validFrom: ['Từ ngày', 'From'],
  validTo: ['Đến ngày', 'To'],
  'X-On-Behalf-Of': ['Thay mặt', 'On behalf of'],
};

/** Labels a screen knows and the API does not (a report form's fields by key), tried before the table above. */
export type ScreenLabels = Readonly<Record<string, string>>;

/** `tasks[3].lead` → "Nhiệm vụ 4 › Đơn vị chủ trì"; `op.due` → "Hạn"; `figures.so_hs` → "Số liệu báo cáo › Số học sinh". */
export function fieldLabel(field: string, lang: Lang, labels: ScreenLabels = {}): string {
  const parts = field.split('.').filter((p) => p !== 'op' && p !== '(body)');
  const out: string[] = [];
  for (const part of parts) {
    // `operations.1.into` (an index written as a segment) reads like `operations[1].into`.
    if (/^\d+$/.test(part) && out.length) {
      out[out.length - 1] += ` ${Number(part) + 1}`;
      continue;
    }
    const m = /^([\w-]+)(?:\[(\d+)\])?$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    const name = labels[m[1]] ?? (FIELDS[m[1]] ? pick(FIELDS[m[1]], lang) : m[1]);
    out.push(m[2] !== undefined ? `${name} ${Number(m[2]) + 1}` : name);
  }
  return out.join(' › ') || field;
}

const OPERATION_VI: Record<string, string> = { merge: 'sáp nhập', split: 'chia tách', abolish: 'giải thể', move: 'chuyển cấp trên', rename: 'đổi tên', create: 'thành lập' };

/** Reasons the API writes, in Vietnamese; anything else is kept as written. */
const REASONS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^is required$/, () => 'bắt buộc phải nhập'],
  [/^must not be empty$/, () => 'không được để trống'],
  [/^must be a date YYYY-MM-DD$/, () => 'phải là một ngày hợp lệ (dd/mm/yyyy)'],
  [/^must have at most (\d+) characters$/, (m) => `tối đa ${m[1]} ký tự`],
  [/^must have at least (\d+) characters$/, (m) => `ít nhất ${m[1]} ký tự`],
  [/^must have at most (\d+) items$/, (m) => `tối đa ${m[1]} mục`],
  [/^must have at least (\d+) items?$/, (m) => `ít nhất ${m[1]} mục`],
  [/^must be a whole number$/, () => 'phải là số nguyên'],
  [/^is not an accepted field$/, () => 'không phải trường được chấp nhận'],
  [/^must be one of (.+)$/, (m) => `phải là một trong: ${m[1]}`],
  [/^unknown units?: (.+)$/, (m) => `không có trong danh mục đơn vị: ${m[1]}`],
  [/^task (\S+) has no lead unit from the directory$/, (m) => `nhiệm vụ ${m[1]} chưa có đơn vị chủ trì trong danh mục đơn vị`],
  [/^the plan has no tasks$/, () => 'kế hoạch chưa có nhiệm vụ nào'],
  [/^does not exist$/, () => 'không tồn tại'],
  [/^type (\S+) is not accepted$/, (m) => `loại tệp ${m[1]} không được chấp nhận`],
  [/^must be in the future$/, () => 'phải là một ngày trong tương lai'],
  [/^must be a number$/, () => 'phải là một số'],
  [/^must be a percentage \(a number from 0 to 100\)$/, () => 'phải là tỷ lệ phần trăm (một số từ 0 đến 100)'],
  [/^a percentage must not be above 100$/, () => 'tỷ lệ phần trăm không được lớn hơn 100'],
  [/^a percentage must not be below 0$/, () => 'tỷ lệ phần trăm không được nhỏ hơn 0'],
  [/^must be at least (-?[\d.]+)$/, (m) => `không được nhỏ hơn ${m[1]}`],
  [/^must be at most (-?[\d.]+)$/, (m) => `không được lớn hơn ${m[1]}`],
  [/^must be true \(có\) or false \(không\)$/, () => 'phải chọn có hoặc không'],
  [/^is not a field of the report form$/, () => 'không có trong mẫu báo cáo'],
  [/^must be after the current due date$/, () => 'phải sau hạn hiện tại'],
  // A reorganisation's refusals (libs/directory's planner and the API's check of each operation).
  [/^is required for (\w+)$/, (m) => `bắt buộc với thao tác ${OPERATION_VI[m[1]] ?? m[1]}`],
  [/^unit "([^"]+)" does not exist$/, (m) => `đơn vị "${m[1]}" không có trong danh mục`],
  [/^unit "([^"]+)" already goes in this reorganisation$/, (m) => `đơn vị "${m[1]}" đã thôi tồn tại ở một thao tác khác của lần sắp xếp này`],
  [/^unit "([^"]+)" is not in effect on (\S+)$/, (m) => `đơn vị "${m[1]}" không còn hiệu lực vào ngày ${viDatesInText(m[2])}`],
  [/^unit "([^"]+)" does not exist on or after (\S+)$/, (m) => `đơn vị "${m[1]}" không tồn tại từ ngày ${viDatesInText(m[2])}`],
  [/^unit "([^"]+)" already exists on or after (\S+)$/, (m) => `đơn vị "${m[1]}" đã tồn tại từ ngày ${viDatesInText(m[2])}`],
  [/^a unit cannot merge into itself$/, () => 'không thể sáp nhập một đơn vị vào chính nó'],
  [/^unknown kind "([^"]+)"$/, (m) => `loại đơn vị "${m[1]}" không có`],
  [/^unit "([^"]+)" would sit under "([^"]+)", which is not in effect on (\S+)$/, (m) => `đơn vị "${m[1]}" sẽ trực thuộc "${m[2]}", đơn vị không còn hiệu lực vào ngày ${viDatesInText(m[3])}`],
  [/^the (organisation|reporting) tree would have a cycle (.+)$/, (m) => `${m[1] === 'organisation' ? 'cây tổ chức' : 'tuyến báo cáo'} sẽ có vòng lặp ${m[2]}`],
  [/^must not be before validFrom$/, () => 'không được trước “Từ ngày”'],
  [/^a user cannot be their own deputy$/, () => 'không thể tự ủy quyền cho chính mình'],
  [/^user (\S+) does not exist or is inactive$/, (m) => `người dùng ${m[1]} không tồn tại hoặc đã bị khóa`],
  [/^no delegation from (\S+) to you holds today$/, (m) => `không còn ủy quyền nào của ${m[1]} cho bạn hôm nay (đã hết hạn hoặc bị thu hồi)`],
  [/^only an administrator names a deputy for someone else$/, () => 'chỉ quản trị viên được ủy quyền thay cho người khác'],
  [/^delegation \S+ is already revoked$/, () => 'ủy quyền này đã được thu hồi'],
  [/^only the delegator or an administrator ends a delegation$/, () => 'chỉ người ủy quyền hoặc quản trị viên được thu hồi ủy quyền'],
];

export function translateReason(message: string, lang: Lang): string {
  if (lang !== 'vi') return viDatesInText(message);
  for (const [re, f] of REASONS) {
    const m = re.exec(message.trim());
    if (m) return f(m);
  }
  return viDatesInText(message);
}

export interface ShownError {
  /** One sentence for the whole refusal. */
  summary: string;
  /** The API's own explanation when no field names it (translated when known). */
  detail: string | null;
  fields: { field: string; label: string; message: string }[];
}

export function describeError(err: unknown, lang: Lang, labels: ScreenLabels = {}): ShownError {
  if (!(err instanceof ApiError)) {
    const text = err instanceof Error ? err.message : String(err);
    return { summary: pick(/fetch|network/i.test(text) ? NETWORK : SERVER, lang), detail: text || null, fields: [] };
  }
  const summary = pick(STATUS_TEXT[err.status] ?? (err.status >= 500 ? SERVER : STATUS_TEXT[400]), lang);
  const fields = (err.problem.errors ?? []).map((e) => ({ field: e.field, label: fieldLabel(e.field, lang, labels), message: translateReason(e.message, lang) }));
  // The detail repeats the field errors ("field: message; …", or the form's label for a figure); it is shown only
  // when it says something else.
  const raw = err.problem.detail ?? null;
  const repeats = raw !== null && fields.length > 0 && (err.problem.errors ?? []).every((e) => raw.includes(e.field) || (!!e.label && raw.includes(`${e.label}: `)));
  const detail = raw && !repeats && err.status < 500 ? translateDetail(raw, lang, labels) : null;
  return { summary, detail, fields };
}

/** "field: reason" details (as the API writes them) become "Label: lý do". */
function translateDetail(detail: string, lang: Lang, labels: ScreenLabels = {}): string {
  return detail
    .split('; ')
    .map((part) => {
      const m = /^([\w.[\]-]+): (.+)$/.exec(part);
      return m ? `${fieldLabel(m[1], lang, labels)}: ${translateReason(m[2], lang)}` : translateReason(part, lang);
    })
    .join('; ');
}

/** Marks the controls a refusal names (aria-invalid, described by the message) and focuses the first. */
export function markInvalidFields(form: HTMLFormElement | null | undefined, shown: ShownError, messageId: string): void {
  if (!form) return;
  for (const el of Array.from(form.querySelectorAll('[aria-invalid="true"]'))) el.removeAttribute('aria-invalid');
  let first: HTMLElement | null = null;
  for (const f of shown.fields) {
    // A control that carries the exact path (a report table's cell) first, then one named by the path's last part.
    const exact = /^[\w.[\]-]+$/.test(f.field) ? form.querySelector<HTMLElement>(`[data-field-path="${f.field}"]`) : null;
    const name = f.field.split('.').pop()!.replace(/\[\d+\]$/, '').replace(/[^\w-]/g, '');
    if (!name && !exact) continue;
    const el = exact ?? form.querySelector<HTMLElement>(`[data-field="${name}"], [name="${name}"]:not([type="hidden"])`);
    if (!el) continue;
    el.setAttribute('aria-invalid', 'true');
    el.setAttribute('aria-describedby', messageId);
    first ??= el;
  }
  first?.focus();
}
