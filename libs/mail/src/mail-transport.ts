// Sending through SMTP with nodemailer: one pooled transport per process, short timeouts so a dead server fails
// fast (the dispatcher retries later) instead of holding a delivery.
import nodemailer, { type Transporter } from 'nodemailer';
import type { RenderedMail } from './mail-render';

export interface MailSender {
  send(to: string, mail: RenderedMail): Promise<{ messageId: string | null }>;
  close(): void;
}

export function createMailSender(smtpUrl: string, from: string): MailSender {
  const transport: Transporter = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 2,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
    // The local catcher and most office relays on a private network speak plain SMTP.
    ignoreTLS: smtpUrl.startsWith('smtp://'),
  } as never);
  return {
    async send(to, mail) {
      const info = await transport.sendMail({ from, to, subject: mail.subject, text: mail.text, html: mail.html });
      return { messageId: (info as { messageId?: string }).messageId ?? null };
    },
    close: () => transport.close(),
  };
}
