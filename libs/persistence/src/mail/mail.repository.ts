// E-mail deliveries of notifications: each notification is expanded once into one delivery per user who should
// get it by mail (the users of the recipient unit having the recipient role, with an address and mail not turned
// off); deliveries are claimed with SKIP LOCKED, so several workers share the work and a crash only delays a mail.
import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

export type MailMode = 'immediate' | 'digest' | 'off';

export interface MailSettingRow {
  userId: string;
  email: string | null;
  mode: MailMode;
  digestHour: number;
  /** Whether the address is the user's own (false: derived from the demo domain). */
  explicit: boolean;
}

/** What a mail says: the notification (kind, params when the notification table has them, message) and its context. */
export interface DeliveryRow {
  id: string;
  notificationId: string;
  userId: string;
  username: string;
  displayName: string;
  email: string;
  mode: 'immediate' | 'digest';
  attempts: number;
  kind: string;
  params: Record<string, unknown> | null;
  message: string | null;
  createdAt: string;
  planId: string | null;
  planTitle: string | null;
  planNumber: string | null;
  assignmentId: string | null;
  assignmentTitle: string | null;
  due: string | null;
  assigneeUnitName: string | null;
}

export async function mailSettingOf(db: Db, userId: string, defaultDomain: string | null): Promise<MailSettingRow | null> {
  const [r] = await db.query(
    `SELECT u.id, u.username, s.email, s.mode, s.digest_hour FROM app_user u LEFT JOIN mail_setting s ON s.user_id = u.id WHERE u.id = $1`,
    [userId],
  );
  if (!r) return null;
  return {
    userId: r.id,
    email: r.email ?? (defaultDomain ? `${r.username}@${defaultDomain}` : null),
    mode: r.mode ?? 'immediate',
    digestHour: r.digest_hour ?? 7,
    explicit: !!r.email,
  };
}

export async function putMailSetting(db: Db, s: { userId: string; email: string | null; mode: MailMode; digestHour: number }): Promise<void> {
  await db.query(
    `INSERT INTO mail_setting (user_id, email, mode, digest_hour, updated_at) VALUES ($1, $2, $3, $4, now())
     ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, mode = EXCLUDED.mode, digest_hour = EXCLUDED.digest_hour, updated_at = now()`,
    [s.userId, s.email, s.mode, s.digestHour],
  );
}

/**
 * Turns notifications created within the look-back window and not yet expanded into deliveries. A digest delivery
 * waits until the user's next digest hour (Asia/Ho_Chi_Minh). Returns how many notifications were expanded.
 */
export async function expandNotifications(db: DataSource, opts: { defaultDomain: string | null; lookBackHours: number; limit: number; now: Date }): Promise<number> {
  return db.transaction(async (m) => {
    const picked: { id: string }[] = await m.query(
      `SELECT n.id FROM notification n
        WHERE n.created_at > $1::timestamptz - make_interval(hours => $2)
          AND NOT EXISTS (SELECT 1 FROM mail_expanded e WHERE e.notification_id = n.id)
        ORDER BY n.created_at LIMIT $3 FOR UPDATE OF n SKIP LOCKED`,
      [opts.now, opts.lookBackHours, opts.limit],
    );
    if (!picked.length) return 0;
    const ids = picked.map((p) => p.id);
    await m.query(
      `INSERT INTO mail_delivery (notification_id, user_id, email, mode, next_attempt_at)
       SELECT n.id, u.id, coalesce(s.email, u.username || '@' || $2::text), coalesce(s.mode, 'immediate'),
              CASE WHEN coalesce(s.mode, 'immediate') = 'digest'
                   THEN (date_trunc('day', $3::timestamptz AT TIME ZONE 'Asia/Ho_Chi_Minh') + make_interval(hours => coalesce(s.digest_hour, 7))
                         + CASE WHEN extract(hour FROM $3::timestamptz AT TIME ZONE 'Asia/Ho_Chi_Minh') >= coalesce(s.digest_hour, 7) THEN interval '1 day' ELSE interval '0' END)
                        AT TIME ZONE 'Asia/Ho_Chi_Minh'
                   ELSE $3::timestamptz END
         FROM notification n
         JOIN app_user u ON u.unit_id = n.recipient_unit_id AND u.active AND (n.recipient_role IS NULL OR n.recipient_role = ANY(u.roles))
         LEFT JOIN mail_setting s ON s.user_id = u.id
        WHERE n.id = ANY($1::uuid[]) AND coalesce(s.mode, 'immediate') <> 'off' AND coalesce(s.email, CASE WHEN $2::text IS NULL THEN NULL ELSE u.username || '@' || $2::text END) IS NOT NULL
       ON CONFLICT (notification_id, user_id) DO NOTHING`,
      [ids, opts.defaultDomain, opts.now],
    );
    await m.query(
      `INSERT INTO mail_expanded (notification_id, recipients)
       SELECT n.id, (SELECT count(*) FROM mail_delivery d WHERE d.notification_id = n.id) FROM notification n WHERE n.id = ANY($1::uuid[])
       ON CONFLICT DO NOTHING`,
      [ids],
    );
    return ids.length;
  });
}

const DELIVERY_SELECT = `
  SELECT d.id, d.notification_id, d.user_id, u.username, u.display_name, d.email, d.mode, d.attempts,
         to_jsonb(n) AS n, n.created_at, n.plan_id, p.title AS plan_title, p.number AS plan_number, n.assignment_id, a.title AS assignment_title,
         to_char(a.due, 'YYYY-MM-DD') AS due, o.name AS assignee_unit_name
    FROM mail_delivery d
    JOIN notification n ON n.id = d.notification_id
    JOIN app_user u ON u.id = d.user_id
    LEFT JOIN plan p ON p.id = n.plan_id
    LEFT JOIN assignment a ON a.id = n.assignment_id
    LEFT JOIN org_unit o ON o.id = a.unit_id`;

function deliveryRow(r: Record<string, unknown>): DeliveryRow {
  // to_jsonb(n): the notification as it is, with `params` when the table carries them and `message` when it does.
  const n = r.n as Record<string, unknown>;
  return {
    id: r.id as string,
    notificationId: r.notification_id as string,
    userId: r.user_id as string,
    username: r.username as string,
    displayName: r.display_name as string,
    email: r.email as string,
    mode: r.mode as DeliveryRow['mode'],
    attempts: r.attempts as number,
    kind: n.kind as string,
    params: (n.params as Record<string, unknown>) ?? null,
    message: (n.message as string) ?? null,
    createdAt: new Date(r.created_at as Date).toISOString(),
    planId: (r.plan_id as string) ?? null,
    planTitle: (r.plan_title as string) ?? null,
    planNumber: (r.plan_number as string) ?? null,
    assignmentId: (r.assignment_id as string) ?? null,
    assignmentTitle: (r.assignment_title as string) ?? null,
    due: (r.due as string) ?? null,
    assigneeUnitName: (r.assignee_unit_name as string) ?? null,
  };
}

/**
 * Claims due deliveries: each claimed row counts an attempt and is leased (not due again) for `leaseSeconds`, so a
 * worker that dies mid-send leaves it to be retried. Immediate rows one by one; digest rows all of a user at once.
 */
export async function claimDueDeliveries(db: DataSource, opts: { now: Date; limit: number; leaseSeconds: number }): Promise<DeliveryRow[]> {
  // TypeORM answers an UPDATE … RETURNING with [rows, affected].
  const [claimed] = (await db.query(
    `WITH due_users AS (
       SELECT DISTINCT user_id FROM mail_delivery WHERE status = 'pending' AND mode = 'digest' AND next_attempt_at <= $1
     ), picked AS (
       SELECT d.id FROM mail_delivery d
        WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND (d.mode = 'immediate' OR d.user_id IN (SELECT user_id FROM due_users))
        ORDER BY d.next_attempt_at, d.created_at LIMIT $2 FOR UPDATE SKIP LOCKED
     )
     UPDATE mail_delivery d SET attempts = d.attempts + 1, next_attempt_at = $1::timestamptz + make_interval(secs => $3)
      FROM picked WHERE d.id = picked.id RETURNING d.id`,
    [opts.now, opts.limit, opts.leaseSeconds],
  )) as [{ id: string }[], number];
  if (!claimed.length) return [];
  return (await db.query(`${DELIVERY_SELECT} WHERE d.id = ANY($1::uuid[]) ORDER BY d.user_id, n.created_at`, [claimed.map((c) => c.id)])).map(deliveryRow);
}

export async function markDeliveriesSent(db: Db, ids: string[], messageId: string | null, at: Date): Promise<void> {
  await db.query(`UPDATE mail_delivery SET status = 'sent', sent_at = $2, message_id = $3, last_error = NULL WHERE id = ANY($1::uuid[])`, [ids, at, messageId]);
}

/** Records a failed attempt: retried at `retryAt`, or failed for good (null) with the error kept visible. */
export async function markDeliveriesFailed(db: Db, ids: string[], error: string, retryAt: Date | null): Promise<void> {
  await db.query(
    `UPDATE mail_delivery SET last_error = $2, status = CASE WHEN $3::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
            next_attempt_at = coalesce($3::timestamptz, next_attempt_at) WHERE id = ANY($1::uuid[])`,
    [ids, error.slice(0, 2000), retryAt],
  );
}

export interface DeliveryStatusRow {
  id: string;
  notificationId: string;
  userId: string;
  email: string;
  mode: string;
  status: string;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  kind: string;
  createdAt: string;
}

/** Deliveries for the administrators' view (failed ones show their last error) or one user's own. */
export async function listDeliveries(db: Db, filter: { status?: string | null; userId?: string | null; limit: number }): Promise<DeliveryStatusRow[]> {
  const rows = await db.query(
    `SELECT d.id, d.notification_id, d.user_id, d.email, d.mode, d.status, d.attempts, d.last_error, d.sent_at, n.kind, d.created_at
       FROM mail_delivery d JOIN notification n ON n.id = d.notification_id
      WHERE ($1::text IS NULL OR d.status = $1) AND ($2::text IS NULL OR d.user_id = $2)
      ORDER BY d.created_at DESC LIMIT $3`,
    [filter.status ?? null, filter.userId ?? null, filter.limit],
  );
  return rows.map((r: Record<string, unknown>) => ({
    id: r.id as string,
    notificationId: r.notification_id as string,
    userId: r.user_id as string,
    email: r.email as string,
    mode: r.mode as string,
    status: r.status as string,
    attempts: r.attempts as number,
    lastError: (r.last_error as string) ?? null,
    sentAt: r.sent_at ? new Date(r.sent_at as Date).toISOString() : null,
    kind: r.kind as string,
    createdAt: new Date(r.created_at as Date).toISOString(),
  }));
}
