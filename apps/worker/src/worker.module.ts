import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@khflow/config';
import { createDataSource } from '@khflow/persistence';
import { ACTIVITY_CLASSES } from './activities';
import { MAIL_PROVIDERS } from './mail/mail-dispatcher.service';
import { APP_CONFIG, DATA_SOURCE } from './worker.tokens';

/** The worker's application context: no HTTP, just the activities and what they need. */
@Module({})
export class WorkerModule {
  static forConfig(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: WorkerModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        {
          provide: DATA_SOURCE,
          useFactory: async () => createDataSource(databaseUrl, { poolSize: 10, applicationName: 'khflow-worker' }).initialize(),
        },
        ...ACTIVITY_CLASSES,
        ...MAIL_PROVIDERS,
      ],
      exports: [DATA_SOURCE],
    };
  }
}
