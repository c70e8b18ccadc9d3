import { createDataSource } from './data-source';

/** Applies pending migrations; safe to call on every start (migrations run once, in a transaction each). */
export async function runMigrations(databaseUrl: string): Promise<void> {
  const ds = createDataSource(databaseUrl, { poolSize: 2, applicationName: 'khflow-migrate' });
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await ds.destroy();
  }
}
