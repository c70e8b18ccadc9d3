import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@khflow/config';
import { APP_CONFIG } from '../api.tokens';

/** Fixed one-minute windows of login attempts per client address and username (in memory, per API process). */
@Injectable()
export class LoginRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Counts an attempt; returns the seconds to wait when over the limit, else 0. */
  hit(ip: string, username: string, now = Date.now()): number {
    if (this.windows.size > 10_000) for (const [k, w] of this.windows) if (now - w.start >= 60_000) this.windows.delete(k);
    const key = `${ip}\u0000${username.toLowerCase()}`;
    const w = this.windows.get(key);
    if (!w || now - w.start >= 60_000) {
      this.windows.set(key, { start: now, count: 1 });
      return 0;
    }
    w.count++;
    return w.count > this.config.loginRateLimitPerMinute ? Math.ceil((w.start + 60_000 - now) / 1000) : 0;
  }
}
