// Login throttling, counted in PostgreSQL so that every API replica sees the same attempts. Three windows per
// attempt: the address and username together (guessing one account from one place), the username from anywhere
// (guessing one account from many places), and the address across usernames (spraying one password over many
// accounts). The address is the connection's, or X-Forwarded-For only through KHFLOW_TRUSTED_PROXIES.
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@khflow/config';
import { RateLimitRepository } from '@khflow/persistence';
import { APP_CONFIG, DATA_SOURCE } from '../api.tokens';

export const LOGIN_WINDOW_SECONDS = 60;

/** The windows one login attempt counts in, each with its limit per window. */
export function loginThrottleKeys(ip: string, username: string, perMinute: number): { key: string; limit: number }[] {
  const u = username.normalize('NFC').toLowerCase();
  return [
    { key: `login:addr+user:${ip} ${u}`, limit: perMinute },
    { key: `login:user:${u}`, limit: perMinute * 2 },
    { key: `login:addr:${ip}`, limit: perMinute * 5 },
  ];
}

/** Seconds to wait when any window is over its limit, else 0. */
export function loginWait(limits: { key: string; limit: number }[], counted: { key: string; count: number; remainingSeconds: number }[]): number {
  const limitOf = new Map(limits.map((l) => [l.key, l.limit]));
  return counted.reduce((wait, c) => (c.count > (limitOf.get(c.key) ?? Infinity) ? Math.max(wait, c.remainingSeconds) : wait), 0);
}

@Injectable()
export class LoginRateLimiter implements OnModuleDestroy {
  private readonly windows: RateLimitRepository;
  private readonly purger: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATA_SOURCE) db: DataSource,
  ) {
    this.windows = new RateLimitRepository(db);
    this.purger = setInterval(() => void this.windows.purgeOlderThan(3600).catch(() => undefined), 10 * 60_000).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.purger);
  }

  /** Counts an attempt; returns the seconds to wait when over a limit, else 0. */
  async hit(ip: string, username: string): Promise<number> {
    const limits = loginThrottleKeys(ip, username, this.config.loginRateLimitPerMinute);
    return loginWait(limits, await this.windows.hit(limits.map((l) => l.key), LOGIN_WINDOW_SECONDS));
  }
}
