// Structured logs: one JSON object per line on stdout (what log shippers read), for Nest and for request logs.
// Never pass secrets, tokens or request bodies here: callers log identifiers, not content.
import type { LoggerService, LogLevel } from '@nestjs/common';

const ORDER: Record<string, number> = { debug: 10, verbose: 10, log: 20, info: 20, warn: 30, error: 40, fatal: 50 };

export class JsonLogger implements LoggerService {
  constructor(
    private readonly service: string,
    private readonly minLevel: 'debug' | 'info' | 'warn' | 'error' = 'info',
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {}

  /** Writes one entry; `fields` are merged in (request id, user id, status …). */
  entry(level: LogLevel | 'info', msg: string, fields: Record<string, unknown> = {}): void {
    if ((ORDER[level] ?? 20) < ORDER[this.minLevel]) return;
    this.write(JSON.stringify({ time: new Date().toISOString(), level: level === 'log' ? 'info' : level, service: this.service, msg, ...fields }));
  }

  private nest(level: LogLevel, message: unknown, rest: unknown[]): void {
    // Nest passes (message, context) or (message, stack, context).
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const stack = typeof rest[0] === 'string' ? rest[0] : undefined;
    const msg = message instanceof Error ? message.message : typeof message === 'string' ? message : JSON.stringify(message);
    this.entry(level, msg, { ...(context ? { context } : {}), ...(stack ? { stack } : {}) });
  }

  log(message: unknown, ...rest: unknown[]) {
    this.nest('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.nest('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.nest('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.nest('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.nest('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.nest('fatal', message, rest);
  }
}
