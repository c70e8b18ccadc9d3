// E-mail settings, validated like the rest of the configuration (a bad value names its variable). Mail is off
// unless KHFLOW_SMTP_URL is set; `npm start` sets it to its local mail catcher.
import { ConfigError } from '@khflow/config';

export interface MailConfig {
  /** smtp://host:port (or smtps://user:pass@host:port); null = no e-mail. */
  smtpUrl: string | null;
  from: string;
  /** Base URL of the web console, for the link to the item in each mail. */
  consoleUrl: string;
  /** Demo installations: users without an address of their own get <username>@<domain>. */
  defaultDomain: string | null;
  pollMs: number;
  maxAttempts: number;
  /** Notifications older than this when mail is first switched on are not mailed. */
  lookBackHours: number;
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, dflt: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

export const MAIL_SETTINGS_DOC: [variable: string, dflt: string, meaning: string][] = [
  ['KHFLOW_SMTP_URL', '(unset)', 'SMTP server for e-mail notifications (smtp://host:port); unset = no e-mail. npm start points it at its local mail catcher'],
  ['KHFLOW_MAIL_FROM', 'khflow <khflow@localhost>', 'sender of the e-mails'],
  ['KHFLOW_CONSOLE_URL', 'http://127.0.0.1:3000/console/', 'console address used in the links of the e-mails'],
  ['KHFLOW_MAIL_DEFAULT_DOMAIN', '(unset)', 'demo: users without an address get <username>@<domain>'],
  ['KHFLOW_MAIL_POLL_MS', '5000', 'how often the worker looks for notifications to mail'],
  ['KHFLOW_MAIL_MAX_ATTEMPTS', '6', 'attempts before a mail is marked failed (backoff 1, 2, 4 … minutes)'],
];

export function loadMailConfig(env: Env = process.env): MailConfig {
  const smtpUrl = env.KHFLOW_SMTP_URL?.trim() || null;
  if (smtpUrl) {
    let ok = false;
    try {
      ok = ['smtp:', 'smtps:'].includes(new URL(smtpUrl).protocol);
    } catch {
      ok = false;
    }
    if (!ok) throw new ConfigError('KHFLOW_SMTP_URL', `expected an smtp:// or smtps:// URL, got "${smtpUrl}"`);
  }
  const consoleUrl = env.KHFLOW_CONSOLE_URL?.trim() || 'http://127.0.0.1:3000/console/';
  try {
    if (!['http:', 'https:'].includes(new URL(consoleUrl).protocol)) throw new Error();
  } catch {
    throw new ConfigError('KHFLOW_CONSOLE_URL', `expected an http(s) URL, got "${consoleUrl}"`);
  }
  const defaultDomain = env.KHFLOW_MAIL_DEFAULT_DOMAIN?.trim() || null;
  if (defaultDomain && !/^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$|^localhost$/.test(defaultDomain)) throw new ConfigError('KHFLOW_MAIL_DEFAULT_DOMAIN', `expected a domain name, got "${defaultDomain}"`);
  return {
    smtpUrl,
    from: env.KHFLOW_MAIL_FROM?.trim() || 'khflow <khflow@localhost>',
    consoleUrl: consoleUrl.endsWith('/') ? consoleUrl : `${consoleUrl}/`,
    defaultDomain,
    pollMs: int(env, 'KHFLOW_MAIL_POLL_MS', 5000, 100, 3_600_000),
    maxAttempts: int(env, 'KHFLOW_MAIL_MAX_ATTEMPTS', 6, 1, 100),
    lookBackHours: int(env, 'KHFLOW_MAIL_LOOK_BACK_HOURS', 48, 1, 24 * 365),
  };
}

/** Backoff before attempt n+1 after n failed attempts: 1, 2, 4, 8 … minutes, at most an hour. */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(60, 2 ** Math.max(0, failedAttempts - 1)) * 60_000;
}
