// `npm start`'s local mail catcher (issue 17): unless KHFLOW_SMTP_URL points at a real server, a mail catcher on
// loopback receives the demo's e-mail (reminders, overdue notices, returns, escalations, explanation requests), keeps
// each message as a .eml file in <data>/mail and lists them on a small HTTP page. The worker mails through it.
import path from 'node:path';
import { type MailCatcher, startMailCatcher } from '../libs/mail/src';
import { isPortFree } from './dev-services';

export interface DemoMail {
  /** Environment for the worker and the API. */
  env: Record<string, string>;
  /** Banner lines: where to read the demo's mail. */
  banner: string[];
  catcher: MailCatcher | null;
}

export const DEMO_MAIL_DOMAIN = 'demo.khflow.vn';
const DEFAULT_SMTP_PORT = 2525;
const DEFAULT_PAGE_PORT = 8025;

/** The port named by the variable (refused when taken, as every port of npm start), else the default when free, else any free port. */
async function portOf(env: NodeJS.ProcessEnv, variable: string, dflt: number, fail: (msg: string) => Error): Promise<number> {
  const raw = env[variable]?.trim();
  if (raw) {
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < 1 || n > 65535) throw fail(`bad configuration: ${variable}: expected a port number, got "${raw}"`);
    if (!(await isPortFree(n))) throw fail(`port ${n} (the demo mail catcher) is already in use. Stop whatever uses it, or set ${variable} to another port.`);
    return n;
  }
  return (await isPortFree(dflt)) ? dflt : 0;
}

export async function startDemoMail(opts: { dataDir: string; consoleUrl: string; env?: NodeJS.ProcessEnv; fail: (msg: string) => Error }): Promise<DemoMail> {
  const env = opts.env ?? process.env;
  const consoleUrl = env.KHFLOW_CONSOLE_URL?.trim() || opts.consoleUrl;
  const domain = env.KHFLOW_MAIL_DEFAULT_DOMAIN?.trim() || DEMO_MAIL_DOMAIN;
  if (env.KHFLOW_SMTP_URL?.trim()) {
    const shown = env.KHFLOW_SMTP_URL.trim().replace(/\/\/[^@/]*@/, '//***@');
    return { env: { KHFLOW_CONSOLE_URL: consoleUrl, KHFLOW_MAIL_DEFAULT_DOMAIN: domain }, banner: [`  Mail           sent through ${shown} (KHFLOW_SMTP_URL)`], catcher: null };
  }
  const smtpPort = await portOf(env, 'KHFLOW_MAIL_CATCHER_PORT', DEFAULT_SMTP_PORT, opts.fail);
  const httpPort = await portOf(env, 'KHFLOW_MAIL_PAGE_PORT', DEFAULT_PAGE_PORT, opts.fail);
  const dir = path.join(opts.dataDir, 'mail');
  const catcher = await startMailCatcher({ smtpPort, httpPort, dir });
  return {
    env: { KHFLOW_SMTP_URL: catcher.smtpUrl, KHFLOW_CONSOLE_URL: consoleUrl, KHFLOW_MAIL_DEFAULT_DOMAIN: domain },
    banner: [`  Demo mail      ${catcher.httpUrl}   (SMTP ${catcher.smtpUrl}; each message also in ${dir}/*.eml)`],
    catcher,
  };
}
