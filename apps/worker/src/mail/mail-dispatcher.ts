// Mails the notifications: expands new ones into deliveries, claims the due deliveries, sends each immediate one
// and each user's due digest as one message, and on failure retries with backoff, then marks the delivery failed
// with the error kept (GET /mail/deliveries?status=failed shows it). It runs beside the workflows, never inside
// them: a mail server that is down delays mail and nothing else.
import type { DataSource } from 'typeorm';
import { type MailConfig, type MailSender, renderDigestMail, renderNotificationMail, retryDelayMs } from '@khflow/mail';
import { claimDueDeliveries, type DeliveryRow, expandNotifications, markDeliveriesFailed, markDeliveriesSent } from '@khflow/persistence';
import { vnDateOf } from '@khflow/domain';

export interface DispatchResult {
  expanded: number;
  sent: number;
  failed: number;
  retried: number;
}

const LEASE_SECONDS = 120;
const BATCH = 100;

export class MailDispatcher {
  constructor(
    private readonly ds: DataSource,
    private readonly config: MailConfig,
    private readonly sender: MailSender,
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  /** One pass; `now` is passed in so tests can stand at a digest hour. */
  async runOnce(now = new Date()): Promise<DispatchResult> {
    const result: DispatchResult = { expanded: 0, sent: 0, failed: 0, retried: 0 };
    for (let n = -1; n !== 0; ) {
      n = await expandNotifications(this.ds, { defaultDomain: this.config.defaultDomain, lookBackHours: this.config.lookBackHours, limit: 500, now });
      result.expanded += n;
    }
    for (;;) {
      const rows = await claimDueDeliveries(this.ds, { now, limit: BATCH, leaseSeconds: LEASE_SECONDS });
      if (!rows.length) break;
      const digests = new Map<string, DeliveryRow[]>();
      for (const r of rows) {
        if (r.mode === 'digest') digests.set(r.userId, [...(digests.get(r.userId) ?? []), r]);
        else await this.deliver([r], renderNotificationMail(r, this.config.consoleUrl), now, result);
      }
      for (const items of digests.values()) await this.deliver(items, renderDigestMail(items, this.config.consoleUrl, vnDateOf(now.getTime())), now, result);
      if (rows.length < BATCH) break;
    }
    return result;
  }

  private async deliver(rows: DeliveryRow[], mail: ReturnType<typeof renderNotificationMail>, now: Date, result: DispatchResult) {
    const ids = rows.map((r) => r.id);
    try {
      const { messageId } = await this.sender.send(rows[0].email, mail);
      await markDeliveriesSent(this.ds, ids, messageId, new Date());
      result.sent += rows.length;
    } catch (err) {
      const attempts = Math.max(...rows.map((r) => r.attempts));
      const message = err instanceof Error ? err.message : String(err);
      const last = attempts >= this.config.maxAttempts;
      await markDeliveriesFailed(this.ds, ids, message, last ? null : new Date(now.getTime() + retryDelayMs(attempts)));
      if (last) result.failed += rows.length;
      else result.retried += rows.length;
      this.warn(`mail to ${rows[0].email} ${last ? 'failed for good' : `failed (attempt ${attempts}), retried later`}: ${message}`);
    }
  }
}
