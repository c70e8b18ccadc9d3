// A local mail catcher for the demo and the tests: a real SMTP server (smtp-server) on a loopback port that accepts
// every message, parses it (mailparser) and keeps it, and an HTTP page on another loopback port that lists what
// arrived (GET / for people, GET /messages for JSON, DELETE /messages to empty it). Messages can also be written to
// a folder, one .eml file each.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMessage {
  id: number;
  receivedAt: string;
  /** SMTP envelope. */
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string>;
}

export interface MailCatcher {
  smtpPort: number;
  httpPort: number | null;
  smtpUrl: string;
  httpUrl: string | null;
  messages(): CaughtMessage[];
  /** Resolves when at least `count` messages satisfy `match` (or rejects after timeoutMs). */
  waitFor(match: (m: CaughtMessage) => boolean, count?: number, timeoutMs?: number): Promise<CaughtMessage[]>;
  clear(): void;
  stop(): Promise<void>;
}

export interface MailCatcherOptions {
  host?: string;
  smtpPort?: number;
  /** null = no HTTP page. */
  httpPort?: number | null;
  /** Folder to write each message to as <id>.eml. */
  dir?: string | null;
  /** Refuse messages (for tests of a failing mail server): the SMTP reply code to answer DATA with. */
  rejectWith?: number | null;
  maxMessages?: number;
}

const MAX_SIZE = 10 * 1024 * 1024;

export async function startMailCatcher(opts: MailCatcherOptions = {}): Promise<MailCatcher> {
  const host = opts.host ?? '127.0.0.1';
  const max = opts.maxMessages ?? 1000;
  const stored: CaughtMessage[] = [];
  let seq = 0;
  let rejectWith = opts.rejectWith ?? null;
  const waiters = new Set<() => void>();
  if (opts.dir) fs.mkdirSync(opts.dir, { recursive: true });

  async function keep(raw: Buffer, envelope: { from: string; to: string[] }, receivedAt: Date, write: boolean): Promise<void> {
    const parsed = await simpleParser(raw);
    const id = ++seq;
    const headers: Record<string, string> = {};
    for (const [k, v] of parsed.headers) headers[k] = typeof v === 'string' ? v : JSON.stringify(v);
    stored.push({
      id,
      receivedAt: receivedAt.toISOString(),
      from: envelope.from,
      to: envelope.to,
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : null,
      headers,
    });
    if (stored.length > max) stored.shift();
    if (write && opts.dir) fs.writeFileSync(path.join(opts.dir, `${String(id).padStart(6, '0')}.eml`), raw);
  }
  // A second start shows what the first one caught (the folder keeps every message; the envelope is its headers).
  if (opts.dir) {
    for (const f of fs.readdirSync(opts.dir).filter((n) => n.endsWith('.eml')).sort()) {
      const raw = fs.readFileSync(path.join(opts.dir, f));
      const parsed = await simpleParser(raw);
      const to = [parsed.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address ?? '')).filter(Boolean);
      await keep(raw, { from: parsed.from?.value[0]?.address ?? '', to }, fs.statSync(path.join(opts.dir, f)).mtime, false);
    }
  }

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    size: MAX_SIZE,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', callback);
      stream.on('end', () => {
        if (rejectWith) {
          const err = Object.assign(new Error('mail catcher refuses messages (test mode)'), { responseCode: rejectWith });
          return callback(err);
        }
        const raw = Buffer.concat(chunks);
        keep(raw, { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) }, new Date(), true)
          .then(() => {
            for (const w of waiters) w();
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(opts.smtpPort ?? 0, host, () => resolve());
  });
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  let httpServer: http.Server | null = null;
  if (opts.httpPort !== null) {
    httpServer = http.createServer((req, res) => {
      if (req.method === 'DELETE' && req.url === '/messages') {
        stored.length = 0;
        res.writeHead(204).end();
      } else if (req.method === 'GET' && req.url === '/messages') {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(stored));
      } else if (req.method === 'GET' && (req.url === '/' || req.url === '/index.html')) {
        const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
        const rows = [...stored].reverse().map((m) => `<tr><td>${esc(m.receivedAt)}</td><td>${esc(m.to.join(', '))}</td><td><details><summary>${esc(m.subject)}</summary><pre>${esc(m.text)}</pre></details></td></tr>`);
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(`<!doctype html><meta charset="utf-8"><title>khflow mail</title><h1>Thư của bản demo (${stored.length})</h1><table border="1" cellpadding="4"><tr><th>Lúc</th><th>Người nhận</th><th>Tiêu đề</th></tr>${rows.join('')}</table>`);
      } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve, reject) => {
      httpServer!.once('error', reject);
      httpServer!.listen(opts.httpPort ?? 0, host, () => resolve());
    });
  }
  const httpPort = httpServer ? (httpServer.address() as AddressInfo).port : null;

  return {
    smtpPort,
    httpPort,
    smtpUrl: `smtp://${host}:${smtpPort}`,
    httpUrl: httpPort ? `http://${host}:${httpPort}/` : null,
    messages: () => [...stored],
    clear: () => void (stored.length = 0),
    waitFor(match, count = 1, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = stored.filter(match);
          if (found.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`mail catcher: ${stored.filter(match).length} of ${count} expected messages within ${timeoutMs} ms (${stored.length} caught)`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async stop() {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      if (httpServer) await new Promise<void>((resolve) => httpServer!.close(() => resolve()));
    },
    // Test hook: switch refusing on and off at run time.
    ...({ setRejectWith: (code: number | null) => void (rejectWith = code) } as object),
  } as MailCatcher;
}

/** Switches a catcher to refuse (a reply code such as 451) or accept (null) messages. */
export function setCatcherRefusing(catcher: MailCatcher, code: number | null): void {
  (catcher as unknown as { setRejectWith: (c: number | null) => void }).setRejectWith(code);
}

// `node -r ts-node/register libs/mail/src/mail-catcher.ts` runs one on fixed ports (KHFLOW_MAIL_SMTP_PORT, KHFLOW_MAIL_HTTP_PORT).
if (require.main === module) {
  const smtpPort = Number(process.env.KHFLOW_MAIL_SMTP_PORT ?? 2525);
  const httpPort = Number(process.env.KHFLOW_MAIL_HTTP_PORT ?? 8025);
  startMailCatcher({ smtpPort, httpPort, dir: process.env.KHFLOW_MAIL_DIR || null })
    .then((c) => {
      console.log(`mail catcher: SMTP ${c.smtpUrl}, messages at ${c.httpUrl}`);
      process.send?.({ ready: true });
      const stop = () => void c.stop().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((err) => {
      console.error(`mail catcher: ${err instanceof Error ? err.message : err}`);
      process.exit(1);
    });
}
