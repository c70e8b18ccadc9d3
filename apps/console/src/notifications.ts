// A notification is a kind plus parameters, rendered here in the reader's language (dates dd/mm/yyyy, units by
// name). Notifications recorded before that change carry only a Vietnamese sentence: it is shown with its dates
// and unit ids rewritten, so old and new rows read the same way.
import { viDate, viDatesInText } from './dates';

type Lang = 'vi' | 'en';
export interface NotificationLike {
  kind: string;
  message?: string | null;
  /** Any object: its fields are read by name (title, unitId, due, …), so a typed params interface fits too. */
  params?: object | null;
}
type Params = Record<string, unknown>;
type Ctx = { unit: (id: string) => string; lang: Lang };

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : typeof v === 'number' ? String(v) : null);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The task's label: its title, with the period for recurring work. */
function what(p: Params, lang: Lang): string {
  const title = str(p.title) ?? str(p.taskTitle) ?? (lang === 'vi' ? 'Nhiệm vụ' : 'Task');
  const period = str(p.periodKey) ?? str(p.period);
  return period && period !== 'once' && period !== 'ongoing' ? `${title} (${lang === 'vi' ? 'kỳ' : 'period'} ${period})` : title;
}

const TEMPLATES: Record<string, (p: Params, c: Ctx) => string | null> = {
  // Issue 17: explanation requests (yêu cầu giải trình) and the unit's answer.
  explanation_requested: (p, { lang }) => {
    const due = str(p.due);
    const c = str(p.comment);
    return lang === 'vi' ? `Yêu cầu giải trình: ${what(p, lang)}${due ? ` quá hạn ${viDate(due)}` : ''}${c ? ` — ${c}` : ''}` : `Explanation requested: ${what(p, lang)}${due ? ` overdue since ${viDate(due)}` : ''}${c ? ` — ${c}` : ''}`;
  },
  explanation_answered: (p, { lang, unit }) => {
    const u = str(p.unitId);
    const d = str(p.newDue);
    const c = str(p.comment);
    return lang === 'vi'
      ? `${u ? unit(u) : 'Đơn vị'} đã giải trình: ${what(p, lang)}${d ? `; hoàn thành trước ${viDate(d)}` : ''}${c ? ` — ${c}` : ''}`
      : `${u ? unit(u) : 'The unit'} explained: ${what(p, lang)}${d ? `; to be finished by ${viDate(d)}` : ''}${c ? ` — ${c}` : ''}`;
  },
  assigned: (p, { lang }) => {
    const due = str(p.due);
    return lang === 'vi' ? `Nhiệm vụ mới: ${what(p, lang)}${due ? `, hạn ${viDate(due)}` : ''}` : `New task: ${what(p, lang)}${due ? `, due ${viDate(due)}` : ''}`;
  },
  submission: (p, { lang, unit }) => {
    const u = str(p.unitId);
    return lang === 'vi' ? `Báo cáo chờ duyệt: ${what(p, lang)}${u ? ` — ${unit(u)}` : ''}` : `Report awaiting review: ${what(p, lang)}${u ? ` — ${unit(u)}` : ''}`;
  },
  approved: (p, { lang }) => (lang === 'vi' ? `Báo cáo đã được duyệt: ${what(p, lang)}` : `Report approved: ${what(p, lang)}`),
  returned: (p, { lang }) => {
    const c = str(p.comment);
    return lang === 'vi' ? `Báo cáo bị trả lại: ${what(p, lang)}${c ? ` — ${c}` : ''}` : `Report returned: ${what(p, lang)}${c ? ` — ${c}` : ''}`;
  },
  extension_request: (p, { lang, unit }) => {
    const due = str(p.requestedDue) ?? str(p.due);
    const u = str(p.unitId);
    if (!due) return null;
    return lang === 'vi'
      ? `Đề nghị gia hạn đến ${viDate(due)}: ${what(p, lang)}${u ? ` — ${unit(u)}` : ''}`
      : `Extension requested to ${viDate(due)}: ${what(p, lang)}${u ? ` — ${unit(u)}` : ''}`;
  },
  extension_decision: (p, { lang }) => {
    const granted = p.granted ?? p.grant;
    if (typeof granted !== 'boolean') return null;
    const due = str(p.requestedDue) ?? str(p.due);
    if (granted) return lang === 'vi' ? `Đã gia hạn đến ${viDate(due)}: ${what(p, lang)}` : `Extended to ${viDate(due)}: ${what(p, lang)}`;
    return lang === 'vi' ? `Không chấp thuận gia hạn: ${what(p, lang)}` : `Extension refused: ${what(p, lang)}`;
  },
  reassigned: (p, { lang, unit }) => {
    const from = str(p.fromUnitId) ?? str(p.from);
    return lang === 'vi' ? `Nhiệm vụ chuyển từ ${from ? unit(from) : '—'}: ${what(p, lang)}` : `Task moved from ${from ? unit(from) : '—'}: ${what(p, lang)}`;
  },
  due_changed: (p, { lang }) => {
    const due = str(p.due);
    return lang === 'vi' ? `Thời hạn mới ${due ? viDate(due) : '(không thời hạn)'}: ${what(p, lang)}` : `New due date ${due ? viDate(due) : '(none)'}: ${what(p, lang)}`;
  },
  coordination_answered: (p, { lang, unit }) => {
    const u = str(p.unitId) ?? str(p.coordinatorUnitId);
    return lang === 'vi' ? `Đơn vị phối hợp ${u ? unit(u) : ''} đã gửi ý kiến: ${what(p, lang)}` : `Coordinating unit ${u ? unit(u) : ''} answered: ${what(p, lang)}`;
  },
  reminder: (p, { lang }) => {
    const days = str(p.daysBefore);
    const due = str(p.due);
    if (!days || !due) return null;
    return lang === 'vi' ? `Nhắc việc: còn ${days} ngày đến hạn ${viDate(due)} — ${what(p, lang)}` : `Reminder: ${days} days left until ${viDate(due)} — ${what(p, lang)}`;
  },
  overdue: (p, { lang }) => {
    const due = str(p.due);
    return lang === 'vi' ? `Quá hạn ${viDate(due)}: ${what(p, lang)}` : `Overdue since ${viDate(due)}: ${what(p, lang)}`;
  },
  missing_reports: (p, { lang, unit }) => {
    const ids = list(p.unitIds ?? p.missing);
    if (!ids.length) return null;
    return lang === 'vi' ? `Chưa nhận báo cáo của: ${ids.map(unit).join(', ')}` : `No report yet from: ${ids.map(unit).join(', ')}`;
  },
  escalation: (p, { lang, unit }) => {
    const u = str(p.unitId);
    const level = str(p.level);
    const due = str(p.due);
    if (!u) return null;
    return lang === 'vi'
      ? `Chuyển cấp${level ? ` (mức ${level})` : ''}: ${unit(u)} chưa hoàn thành ${what(p, lang)}${due ? `, hạn ${viDate(due)}` : ''}`
      : `Escalated${level ? ` (level ${level})` : ''}: ${unit(u)} has not completed ${what(p, lang)}${due ? `, due ${viDate(due)}` : ''}`;
  },
  cancelled: (p, { lang }) => (lang === 'vi' ? `Nhiệm vụ đã bị hủy: ${what(p, lang)}` : `Task cancelled: ${what(p, lang)}`),
  removed: (p, { lang }) => (lang === 'vi' ? `Đơn vị không còn thực hiện: ${what(p, lang)}` : `Your unit was removed from: ${what(p, lang)}`),
  plan_closed: (p, { lang }) => {
    const title = str(p.planTitle) ?? str(p.title) ?? '';
    return lang === 'vi' ? `Kế hoạch đã kết thúc: ${title}` : `Plan closed: ${title}`;
  },
};

/** Words that look like directory ids (lower-case, hyphenated: hp-th-kienan-1), in an older text message. */
const UNIT_ID = /(?<![\p{L}\d-])[a-z][a-z0-9]+(?:-[a-z0-9]+)+(?![\p{L}\d-])/gu;

export function renderNotification(n: NotificationLike, unit: (id: string) => string, lang: Lang): string {
  const template = TEMPLATES[n.kind];
  const params = n.params as Params | null | undefined;
  if (params && template) {
    const text = template(params, { unit, lang });
    if (text) return text;
  }
  // The earlier text form (Vietnamese only): rewrite its dates and unit ids.
  const message = n.message ?? (params ? str(params.text) : null);
  if (message) return viDatesInText(message).replace(UNIT_ID, (id) => unit(id));
  // A kind this console does not know yet, without a text: its name and the task it concerns.
  return `${n.kind.replace(/_/g, ' ')}: ${what(params ?? {}, lang)}`;
}

/** Unit ids mentioned by a notification (to look their names up before showing it). */
export function unitIdsOf(n: NotificationLike): string[] {
  if (n.params) {
    const p = n.params as Params;
    return [p.unitId, p.fromUnitId, p.from, p.coordinatorUnitId, ...list(p.unitIds ?? p.missing)].filter((x): x is string => typeof x === 'string');
  }
  return [...(n.message ?? '').matchAll(UNIT_ID)].map((m) => m[0]);
}
