// The demo setup — the public default JWT secret, the demo users and their shared password — lets anyone sign in
// as an administrator or forge one's token. It is refused whenever the API is exposed (listening beyond loopback)
// or runs with NODE_ENV=production, unless KHFLOW_DEMO=true says a demo is meant.
import type { DataSource } from 'typeorm';
import { type AppConfig, DEFAULT_JWT_SECRET, exposedDemoReason } from '@khflow/config';
import { DEMO_PASSWORD, DEMO_USERS } from '@khflow/directory';
import { UserRepository, verifyPassword } from '@khflow/persistence';

export class ExposedDemoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExposedDemoError';
  }
}

/** Throws when the configuration is exposed and still uses demo credentials. */
export async function assertNoExposedDemo(config: AppConfig, db: DataSource): Promise<void> {
  const exposed = exposedDemoReason(config);
  if (!exposed || config.authMode !== 'local') return;
  const fix = 'or set KHFLOW_DEMO=true for a demo';
  if (config.jwtSecret === DEFAULT_JWT_SECRET) throw new ExposedDemoError(`JWT_SECRET: the public default secret is refused because ${exposed}; set a secret of your own (${fix})`);
  const users = new UserRepository(db);
  const demo = await users.activeWithHashes(DEMO_USERS.map((u) => u.username).filter((u) => u === 'admin' || u.startsWith('owner.')));
  if (demo.length) throw new ExposedDemoError(`the demo users (${demo.map((u) => u.username).join(', ')}) are active although ${exposed}; deactivate them (${fix})`);
  for (const u of await users.sampleWithHashes(20)) {
    if (await verifyPassword(DEMO_PASSWORD, u.passwordHash)) throw new ExposedDemoError(`user ${u.username} has the demo password although ${exposed}; change it (${fix})`);
  }
}
