import { DEMO_PASSWORD, DEMO_UNITS, DEMO_USERS } from '@khflow/directory';
import { createDataSource } from './data-source';
import { insertUsers, upsertUnits } from './directory-store';

/** Seeds the Hải Phòng demo directory and one demo user per role per relevant unit. Idempotent. */
export async function seedDemoDirectory(databaseUrl: string): Promise<{ units: number; users: number }> {
  const ds = createDataSource(databaseUrl, { poolSize: 2, applicationName: 'khflow-seed' });
  await ds.initialize();
  try {
    return await ds.transaction(async (m) => {
      await upsertUnits(m, DEMO_UNITS);
      await insertUsers(m, DEMO_USERS, DEMO_PASSWORD);
      return { units: DEMO_UNITS.length, users: DEMO_USERS.length };
    });
  } finally {
    await ds.destroy();
  }
}
