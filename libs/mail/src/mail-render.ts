// The e-mail a notification becomes, in Vietnamese: a subject that says what is asked and by when, a body with the
// plan, the task, the due date and a link to the item in the console. Rendered from the notification's kind and
// parameters (falling back to its stored message), never from sentences composed in workflow code.

export interface NotificationMail {
  kind: string;
  params: Record<string, unknown> | null;
  message: string | null;
  createdAt: string;
  displayName: string;
  planId: string | null;
  planTitle: string | null;
  planNumber: string | null;
  assignmentId: string | null;
  assignmentTitle: string | null;
  due: string | null;
  assigneeUnitName: string | null;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const viDate = (d: string | null | undefined) => (d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? d.split('-').reverse().join('/') : d ?? '');
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The console page of the item: the assignment, else the plan, else the inbox. */
export function consoleLink(consoleUrl: string, n: Pick<NotificationMail, 'assignmentId' | 'planId'>): string {
  if (n.assignmentId) return `${consoleUrl}#/assignments/${n.assignmentId}`;
  if (n.planId) return `${consoleUrl}#/plans/${n.planId}`;
  return `${consoleUrl}#/inbox`;
}

const p = (n: NotificationMail, key: string): string | null => {
  const v = n.params?.[key];
  return v === undefined || v === null ? null : String(v);
};

/** Subject line and the one-sentence statement of each kind. */
function headline(n: NotificationMail): { subject: string; lead: string } {
  const title = p(n, 'title') ?? n.assignmentTitle ?? n.planTitle ?? 'Nhiệm vụ';
  const due = viDate(p(n, 'due') ?? n.due);
  const unit = p(n, 'unitName') ?? n.assigneeUnitName ?? '';
  switch (n.kind) {
    case 'reminder': {
      const days = p(n, 'daysBefore');
      return { subject: `[Nhắc việc] ${title} — hạn ${due}`, lead: `Đôn đốc: ${days ? `còn ${days} ngày` : 'sắp'} đến hạn ${due} của nhiệm vụ "${title}".` };
    }
    case 'overdue':
      return { subject: `[Quá hạn] ${title} — hạn ${due}`, lead: `Nhiệm vụ "${title}" đã quá hạn ${due} mà chưa hoàn thành.` };
    case 'escalation': {
      const level = p(n, 'level');
      return { subject: `[Chuyển cấp${level ? ` mức ${level}` : ''}] ${unit ? `${unit}: ` : ''}${title}`, lead: `${unit || 'Đơn vị'} chưa hoàn thành nhiệm vụ "${title}" (hạn ${due}); việc được chuyển lên để chỉ đạo, đôn đốc.` };
    }
    case 'returned':
      return { subject: `[Trả lại] ${title}`, lead: `Báo cáo của đơn vị cho nhiệm vụ "${title}" bị trả lại để hoàn thiện.${p(n, 'comment') ? ` Ý kiến: ${p(n, 'comment')}` : ''}` };
    case 'assigned':
      return { subject: `[Nhiệm vụ mới] ${title}${due ? ` — hạn ${due}` : ''}`, lead: `Đơn vị được giao nhiệm vụ "${title}"${due ? `, thời hạn ${due}` : ''}.` };
    case 'submission':
      return { subject: `[Chờ duyệt] ${title}${unit ? ` — ${unit}` : ''}`, lead: `${unit || 'Đơn vị'} đã gửi báo cáo nhiệm vụ "${title}", chờ duyệt.` };
    case 'approved':
      return { subject: `[Đã duyệt] ${title}`, lead: `Báo cáo nhiệm vụ "${title}" đã được duyệt.` };
    case 'extension_request':
      return { subject: `[Đề nghị gia hạn] ${title}`, lead: `${unit || 'Đơn vị'} đề nghị gia hạn nhiệm vụ "${title}".` };
    case 'extension_decision':
      return { subject: `[Gia hạn] ${title}`, lead: `Đề nghị gia hạn nhiệm vụ "${title}" đã được xem xét.` };
    case 'due_changed':
      return { subject: `[Thay đổi thời hạn] ${title}`, lead: `Thời hạn của nhiệm vụ "${title}" đã thay đổi${due ? `: hạn mới ${due}` : ''}.` };
    // Explanation requests (yêu cầu giải trình) — kinds ready for when the workflow emits them (issue 17).
    case 'explanation_requested':
      return { subject: `[Yêu cầu giải trình] ${title}`, lead: `Đề nghị đơn vị giải trình việc chưa hoàn thành nhiệm vụ "${title}" (hạn ${due}), nêu lý do và thời hạn hoàn thành mới.` };
    case 'explanation_answered':
      return { subject: `[Giải trình] ${unit ? `${unit}: ` : ''}${title}`, lead: `${unit || 'Đơn vị'} đã giải trình về nhiệm vụ "${title}"${p(n, 'newDue') ? `, đề xuất hoàn thành trước ${viDate(p(n, 'newDue'))}` : ''}.` };
    case 'missing_reports':
      return { subject: `[Thiếu báo cáo] ${title}`, lead: `Còn đơn vị cấp dưới chưa báo cáo nhiệm vụ "${title}".` };
    default:
      return { subject: `[khflow] ${title}`, lead: `Thông báo về nhiệm vụ "${title}".` };
  }
}

function details(n: NotificationMail): [string, string][] {
  const rows: [string, string][] = [];
  if (n.planTitle) rows.push(['Kế hoạch', `${n.planNumber ? `${n.planNumber} — ` : ''}${n.planTitle}`]);
  if (n.assignmentTitle) rows.push(['Nhiệm vụ', n.assignmentTitle]);
  if (n.assigneeUnitName) rows.push(['Đơn vị thực hiện', n.assigneeUnitName]);
  if (n.due) rows.push(['Thời hạn', viDate(n.due)]);
  if (n.message) rows.push(['Nội dung', n.message]);
  return rows;
}

export function renderNotificationMail(n: NotificationMail, consoleUrl: string): RenderedMail {
  const { subject, lead } = headline(n);
  const link = consoleLink(consoleUrl, n);
  const rows = details(n);
  const text = [`Kính gửi ${n.displayName},`, '', lead, '', ...rows.map(([k, v]) => `${k}: ${v}`), '', `Xem và xử lý: ${link}`, '', '—', 'khflow: thư tự động, vui lòng không trả lời.'].join('\n');
  const html = `<p>Kính gửi ${esc(n.displayName)},</p><p>${esc(lead)}</p><table>${rows.map(([k, v]) => `<tr><th align="left">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table><p><a href="${esc(link)}">Xem và xử lý trên khflow</a></p><p style="color:#666">khflow: thư tự động, vui lòng không trả lời.</p>`;
  return { subject, text, html };
}

/** One message with everything a user chose to receive once a day. */
export function renderDigestMail(items: NotificationMail[], consoleUrl: string, date: string): RenderedMail {
  const name = items[0]?.displayName ?? '';
  const lines = items.map((n) => ({ ...headline(n), link: consoleLink(consoleUrl, n) }));
  const subject = `[khflow] Tổng hợp thông báo ngày ${viDate(date)} (${items.length})`;
  const text = [`Kính gửi ${name},`, '', `Có ${items.length} thông báo mới:`, '', ...lines.map((l, i) => `${i + 1}. ${l.subject}\n   ${l.lead}\n   ${l.link}`), '', '—', 'khflow: thư tự động, vui lòng không trả lời.'].join('\n');
  const html = `<p>Kính gửi ${esc(name)},</p><p>Có ${items.length} thông báo mới:</p><ol>${lines.map((l) => `<li><a href="${esc(l.link)}">${esc(l.subject)}</a><br>${esc(l.lead)}</li>`).join('')}</ol>`;
  return { subject, text, html };
}
