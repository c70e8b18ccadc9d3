// Notifications are a kind plus parameters. Workflows never compose sentences: the console renders each kind in
// the reader's language, and the worker stores a Vietnamese rendering beside the parameters for other readers
// (e-mail, exports) of the same text.

export type NotificationKind =
  | 'assigned'
  | 'submission'
  | 'partial_report'
  | 'approved'
  | 'returned'
  | 'extension_request'
  | 'extension_decision'
  | 'reassigned'
  | 'due_changed'
  | 'coordination_answered'
  | 'reports_complete'
  | 'reminder'
  | 'overdue'
  | 'missing_reports'
  | 'escalation'
  | 'cancelled'
  | 'launch_warning'
  | 'explanation_requested'
  | 'explanation_answered';

/** Parameters of a notification; each kind uses some of them. */
export interface NotificationParams {
  /** The task's title, with the period when it recurs. */
  title?: string | null;
  periodKey?: string | null;
  unitId?: string | null;
  due?: string | null;
  daysBefore?: number | null;
  level?: number | null;
  granted?: boolean | null;
  comment?: string | null;
  fromUnitId?: string | null;
  units?: string[] | null;
  /** cancelled: why the assignment ended (filled in by the worker from the plan and task). */
  reason?: 'plan_closed' | 'task_cancelled' | 'unit_removed' | 'cancelled' | null;
  notReported?: boolean | null;
  /** explanation_answered: the date the unit commits to. */
  newDue?: string | null;
  /** launch_warning: which warning. */
  warning?: 'due_in_past' | 'units_without_actors' | null;
}

export type Lang = 'vi' | 'en';

/** How a reader's screen names things: units by name (the default writes the id, as the worker stores it). */
export interface RenderOptions {
  unit?: (unitId: string) => string;
}

/** A calendar date (YYYY-MM-DD, as stored) the way Vietnamese readers write it: dd/mm/yyyy. */
export const viDay = (d: string | null | undefined): string => (d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? d.split('-').reverse().join('/') : (d ?? ''));

type Render = (p: NotificationParams, l: string, u: (id: string | null | undefined) => string) => string;

const label = (p: NotificationParams, lang: Lang) => {
  const title = p.title || (lang === 'vi' ? 'Nhiệm vụ' : 'Task');
  const period = p.periodKey && p.periodKey !== 'once' && p.periodKey !== 'ongoing' ? (lang === 'vi' ? ` (kỳ ${p.periodKey})` : ` (period ${p.periodKey})`) : '';
  return `${title}${period}`;
};
const d = viDay;

const TEXT: Record<NotificationKind, Record<Lang, Render>> = {
  assigned: { vi: (p, l) => `Nhiệm vụ mới: ${l}${p.due ? `, hạn ${d(p.due)}` : ''}`, en: (p, l) => `New task: ${l}${p.due ? `, due ${d(p.due)}` : ''}` },
  submission: { vi: (p, l, u) => `Báo cáo chờ duyệt: ${l} — ${u(p.unitId)}`, en: (p, l, u) => `Report awaiting review: ${l} — ${u(p.unitId)}` },
  partial_report: {
    vi: (p, l, u) => `Báo cáo tổng hợp chưa đủ: ${l} — ${u(p.unitId)}; còn thiếu: ${(p.units ?? []).map(u).join(', ')}`,
    en: (p, l, u) => `Partial consolidated report: ${l} — ${u(p.unitId)}; missing: ${(p.units ?? []).map(u).join(', ')}`,
  },
  approved: { vi: (_p, l) => `Báo cáo đã được duyệt: ${l}`, en: (_p, l) => `Report approved: ${l}` },
  returned: { vi: (p, l) => `Báo cáo bị trả lại: ${l} — ${p.comment ?? ''}`, en: (p, l) => `Report returned: ${l} — ${p.comment ?? ''}` },
  extension_request: { vi: (p, l, u) => `Đề nghị gia hạn đến ${d(p.due)}: ${l} — ${u(p.unitId)}`, en: (p, l, u) => `Extension requested to ${d(p.due)}: ${l} — ${u(p.unitId)}` },
  extension_decision: {
    vi: (p, l) => (p.granted ? `Đã gia hạn đến ${d(p.due)}: ${l}` : `Không chấp thuận gia hạn: ${l}`),
    en: (p, l) => (p.granted ? `Extended to ${d(p.due)}: ${l}` : `Extension refused: ${l}`),
  },
  reassigned: { vi: (p, l, u) => `Nhiệm vụ chuyển từ ${u(p.fromUnitId)}: ${l}`, en: (p, l, u) => `Task moved from ${u(p.fromUnitId)}: ${l}` },
  due_changed: { vi: (p, l) => `Thời hạn mới ${p.due ? d(p.due) : '(không thời hạn)'}: ${l}`, en: (p, l) => `New due date ${p.due ? d(p.due) : '(none)'}: ${l}` },
  coordination_answered: { vi: (p, l, u) => `Đơn vị phối hợp ${u(p.unitId)} đã gửi ý kiến: ${l}`, en: (p, l, u) => `Coordinating unit ${u(p.unitId)} answered: ${l}` },
  reports_complete: { vi: (_p, l) => `Đã nhận đủ báo cáo của các đơn vị: ${l} — có thể gửi báo cáo tổng hợp đầy đủ`, en: (_p, l) => `All reports received: ${l} — the complete report can be sent` },
  reminder: { vi: (p, l) => `Nhắc việc: còn ${p.daysBefore} ngày đến hạn ${d(p.due)} — ${l}`, en: (p, l) => `Reminder: ${p.daysBefore} days to the due date ${d(p.due)} — ${l}` },
  overdue: { vi: (p, l) => `Quá hạn ${d(p.due)}: ${l}`, en: (p, l) => `Overdue since ${d(p.due)}: ${l}` },
  missing_reports: { vi: (p, _l, u) => `Chưa nhận báo cáo của: ${(p.units ?? []).map(u).join(', ')}`, en: (p, _l, u) => `No report yet from: ${(p.units ?? []).map(u).join(', ')}` },
  escalation: {
    vi: (p, l, u) => `Chuyển cấp (mức ${p.level}): ${u(p.unitId)} chưa hoàn thành ${l}, hạn ${d(p.due)}`,
    en: (p, l, u) => `Escalated (level ${p.level}): ${u(p.unitId)} has not completed ${l}, due ${d(p.due)}`,
  },
  launch_warning: {
    vi: (p, l, u) => (p.warning === 'due_in_past' ? `Cảnh báo: ${l} có hạn ${d(p.due)} đã qua khi ban hành` : `Cảnh báo: ${l} — các đơn vị chưa có người thực hiện: ${(p.units ?? []).map(u).join(', ')}`),
    en: (p, l, u) => (p.warning === 'due_in_past' ? `Warning: ${l} was launched with its due date ${d(p.due)} already past` : `Warning: ${l} — units with nobody who can act: ${(p.units ?? []).map(u).join(', ')}`),
  },
  explanation_requested: {
    vi: (p, l) => `Yêu cầu giải trình: ${l}${p.due ? ` quá hạn ${d(p.due)}` : ''}${p.comment ? ` — ${p.comment}` : ''}`,
    en: (p, l) => `Explanation requested: ${l}${p.due ? ` overdue since ${d(p.due)}` : ''}${p.comment ? ` — ${p.comment}` : ''}`,
  },
  explanation_answered: {
    vi: (p, l, u) => `${p.unitId ? u(p.unitId) : 'Đơn vị'} đã giải trình: ${l}${p.newDue ? `; hoàn thành trước ${d(p.newDue)}` : ''}${p.comment ? ` — ${p.comment}` : ''}`,
    en: (p, l, u) => `${p.unitId ? u(p.unitId) : 'The unit'} explained: ${l}${p.newDue ? `; to be finished by ${d(p.newDue)}` : ''}${p.comment ? ` — ${p.comment}` : ''}`,
  },
  cancelled: {
    vi: (p, l) =>
      `${p.reason === 'task_cancelled' ? 'Nhiệm vụ đã bị hủy' : p.reason === 'unit_removed' ? 'Đơn vị không còn được giao nhiệm vụ' : p.reason === 'plan_closed' ? 'Kế hoạch đã kết thúc' : 'Nhiệm vụ đã kết thúc'}: ${l}${p.notReported ? ' — chưa báo cáo' : ''}`,
    en: (p, l) =>
      `${p.reason === 'task_cancelled' ? 'Task cancelled' : p.reason === 'unit_removed' ? 'Your unit was removed from the task' : p.reason === 'plan_closed' ? 'Plan closed' : 'Task ended'}: ${l}${p.notReported ? ' — not reported' : ''}`,
  },
};

export const isNotificationKind = (kind: string): kind is NotificationKind => Object.prototype.hasOwnProperty.call(TEXT, kind);

/**
 * The text of a notification in a language, dates dd/mm/yyyy and units as `opts.unit` names them; unknown kinds (from
 * a newer worker) fall back to the kind itself.
 */
export function renderNotification(kind: string, params: NotificationParams | null | undefined, lang: Lang, opts: RenderOptions = {}): string {
  const t = isNotificationKind(kind) ? TEXT[kind] : null;
  const p = params ?? {};
  const unit = (id: string | null | undefined) => (id ? (opts.unit ? opts.unit(id) : id) : '—');
  return t ? t[lang](p, label(p, lang), unit) : kind;
}

/** Words that look like directory ids (lower-case, hyphenated: hp-th-kienan-1), in a stored text. */
const UNIT_ID = /(?<![\p{L}\d-])[a-z][a-z0-9]+(?:-[a-z0-9]+)+(?![\p{L}\d-])/gu;

/**
 * A stored notification as a reader sees it: its kind and parameters rendered in the reader's language; a row
 * without parameters (written before they existed) or of a kind this version does not know shows its stored
 * Vietnamese text with dates as dd/mm/yyyy and unit ids replaced by names.
 */
export function notificationText(n: { kind: string; params?: NotificationParams | null; message?: string | null }, lang: Lang, opts: RenderOptions = {}): string {
  if (n.params && isNotificationKind(n.kind)) return renderNotification(n.kind, n.params, lang, opts);
  if (n.message) {
    const dated = n.message.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (_, y, m, dd) => `${dd}/${m}/${y}`);
    return opts.unit ? dated.replace(UNIT_ID, (id) => opts.unit!(id)) : dated;
  }
  return `${n.kind.replace(/_/g, ' ')}${n.params?.title ? `: ${label(n.params, lang)}` : ''}`;
}

/** The unit ids a notification names (to look their names up before showing it). */
export function notificationUnitIds(n: { params?: NotificationParams | null; message?: string | null }): string[] {
  if (n.params) return [n.params.unitId, n.params.fromUnitId, ...(n.params.units ?? [])].filter((x): x is string => typeof x === 'string' && x.length > 0);
  return [...(n.message ?? '').matchAll(UNIT_ID)].map((m) => m[0]);
}
