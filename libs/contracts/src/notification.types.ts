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

const label = (p: NotificationParams, lang: Lang) => {
  const title = p.title || (lang === 'vi' ? 'Nhiệm vụ' : 'Task');
  const period = p.periodKey && p.periodKey !== 'once' && p.periodKey !== 'ongoing' ? (lang === 'vi' ? ` (kỳ ${p.periodKey})` : ` (period ${p.periodKey})`) : '';
  return `${title}${period}`;
};
const list = (u?: string[] | null) => (u ?? []).join(', ');

const TEXT: Record<NotificationKind, Record<Lang, (p: NotificationParams, l: string) => string>> = {
  assigned: { vi: (p, l) => `Nhiệm vụ mới: ${l}${p.due ? `, hạn ${p.due}` : ''}`, en: (p, l) => `New task: ${l}${p.due ? `, due ${p.due}` : ''}` },
  submission: { vi: (p, l) => `Báo cáo chờ duyệt: ${l} — ${p.unitId}`, en: (p, l) => `Report awaiting review: ${l} — ${p.unitId}` },
  partial_report: {
    vi: (p, l) => `Báo cáo tổng hợp chưa đủ: ${l} — ${p.unitId}; còn thiếu: ${list(p.units)}`,
    en: (p, l) => `Partial consolidated report: ${l} — ${p.unitId}; missing: ${list(p.units)}`,
  },
  approved: { vi: (_p, l) => `Báo cáo đã được duyệt: ${l}`, en: (_p, l) => `Report approved: ${l}` },
  returned: { vi: (p, l) => `Báo cáo bị trả lại: ${l} — ${p.comment ?? ''}`, en: (p, l) => `Report returned: ${l} — ${p.comment ?? ''}` },
  extension_request: { vi: (p, l) => `Đề nghị gia hạn đến ${p.due}: ${l} — ${p.unitId}`, en: (p, l) => `Extension requested to ${p.due}: ${l} — ${p.unitId}` },
  extension_decision: {
    vi: (p, l) => (p.granted ? `Đã gia hạn đến ${p.due}: ${l}` : `Không chấp thuận gia hạn: ${l}`),
    en: (p, l) => (p.granted ? `Extended to ${p.due}: ${l}` : `Extension refused: ${l}`),
  },
  reassigned: { vi: (p, l) => `Nhiệm vụ chuyển từ ${p.fromUnitId}: ${l}`, en: (p, l) => `Task moved from ${p.fromUnitId}: ${l}` },
  due_changed: { vi: (p, l) => `Thời hạn mới ${p.due ?? '(không thời hạn)'}: ${l}`, en: (p, l) => `New due date ${p.due ?? '(none)'}: ${l}` },
  coordination_answered: { vi: (p, l) => `Đơn vị phối hợp ${p.unitId} đã gửi ý kiến: ${l}`, en: (p, l) => `Coordinating unit ${p.unitId} answered: ${l}` },
  reports_complete: { vi: (_p, l) => `Đã nhận đủ báo cáo của các đơn vị: ${l} — có thể gửi báo cáo tổng hợp đầy đủ`, en: (_p, l) => `All reports received: ${l} — the complete report can be sent` },
  reminder: { vi: (p, l) => `Nhắc việc: còn ${p.daysBefore} ngày đến hạn ${p.due} — ${l}`, en: (p, l) => `Reminder: ${p.daysBefore} days to the due date ${p.due} — ${l}` },
  overdue: { vi: (p, l) => `Quá hạn ${p.due}: ${l}`, en: (p, l) => `Overdue since ${p.due}: ${l}` },
  missing_reports: { vi: (p) => `Chưa nhận báo cáo của: ${list(p.units)}`, en: (p) => `No report yet from: ${list(p.units)}` },
  escalation: {
    vi: (p, l) => `Chuyển cấp (mức ${p.level}): ${p.unitId} chưa hoàn thành ${l}, hạn ${p.due}`,
    en: (p, l) => `Escalated (level ${p.level}): ${p.unitId} has not completed ${l}, due ${p.due}`,
  },
  launch_warning: {
    vi: (p, l) => (p.warning === 'due_in_past' ? `Cảnh báo: ${l} có hạn ${p.due} đã qua khi ban hành` : `Cảnh báo: ${l} — các đơn vị chưa có người thực hiện: ${list(p.units)}`),
    en: (p, l) => (p.warning === 'due_in_past' ? `Warning: ${l} was launched with its due date ${p.due} already past` : `Warning: ${l} — units with nobody who can act: ${list(p.units)}`),
  },
  explanation_requested: {
    vi: (p, l) => `Yêu cầu giải trình: ${l} quá hạn ${p.due ?? ''}${p.comment ? ` — ${p.comment}` : ''}`,
    en: (p, l) => `Explanation requested: ${l} overdue since ${p.due ?? ''}${p.comment ? ` — ${p.comment}` : ''}`,
  },
  explanation_answered: {
    vi: (p, l) => `${p.unitId} đã giải trình: ${l}; hoàn thành trước ${p.newDue ?? ''}${p.comment ? ` — ${p.comment}` : ''}`,
    en: (p, l) => `${p.unitId} explained: ${l}; to be finished by ${p.newDue ?? ''}${p.comment ? ` — ${p.comment}` : ''}`,
  },
  cancelled: {
    vi: (p, l) =>
      `${p.reason === 'task_cancelled' ? 'Nhiệm vụ đã bị hủy' : p.reason === 'unit_removed' ? 'Đơn vị không còn được giao nhiệm vụ' : p.reason === 'plan_closed' ? 'Kế hoạch đã kết thúc' : 'Nhiệm vụ đã kết thúc'}: ${l}${p.notReported ? ' — chưa báo cáo' : ''}`,
    en: (p, l) =>
      `${p.reason === 'task_cancelled' ? 'Task cancelled' : p.reason === 'unit_removed' ? 'Your unit was removed from the task' : p.reason === 'plan_closed' ? 'Plan closed' : 'Task ended'}: ${l}${p.notReported ? ' — not reported' : ''}`,
  },
};

/** The text of a notification in a language; unknown kinds (from a newer worker) fall back to the kind itself. */
export function renderNotification(kind: string, params: NotificationParams | null | undefined, lang: Lang): string {
  const t = TEXT[kind as NotificationKind];
  const p = params ?? {};
  return t ? t[lang](p, label(p, lang)) : kind;
}
