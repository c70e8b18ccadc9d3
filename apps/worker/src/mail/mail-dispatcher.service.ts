// Runs the mail dispatcher in the worker process on a timer when KHFLOW_SMTP_URL is set. One pass at a time; a
// failing pass is logged and the next one tries again.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { createMailSender, loadMailConfig, type MailConfig, type MailSender } from '@khflow/mail';
import { DATA_SOURCE } from '../worker.tokens';
import { countMailPass } from '../metrics/worker-metrics';
import { MailDispatcher } from './mail-dispatcher';

export const MAIL_CONFIG = Symbol('MAIL_CONFIG');

@Injectable()
export class MailDispatcherService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('khflow-mail');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private sender: MailSender | null = null;
  private stopped = false;

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(MAIL_CONFIG) private readonly config: MailConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.smtpUrl) return;
    this.sender = createMailSender(this.config.smtpUrl, this.config.from);
    const dispatcher = new MailDispatcher(this.ds, this.config, this.sender, (m) => this.logger.warn(m));
    const tick = () => {
      if (this.stopped) return;
      this.running = dispatcher
        .runOnce()
        .then(countMailPass)
        .catch((err) => this.logger.error(`mail pass failed: ${err instanceof Error ? err.message : err}`))
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.timer = setTimeout(tick, this.config.pollMs);
        });
    };
    this.timer = setTimeout(tick, 0);
    this.logger.log(`mailing notifications through ${this.config.smtpUrl.replace(/\/\/[^@/]*@/, '//***@')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    this.sender?.close();
  }
}

/** The worker module's mail providers (the config read from the environment, validated). */
export const MAIL_PROVIDERS = [{ provide: MAIL_CONFIG, useFactory: (): MailConfig => loadMailConfig(process.env) }, MailDispatcherService];
