// `npm run migrate` (and the `migrate` service of docker-compose.yml): applies pending migrations to DATABASE_URL,
// and with --seed-demo also loads the Hải Phòng demo directory.
import { ConfigError, loadConfig } from '../libs/config/src';
import { runMigrations } from '../libs/persistence/src/migrate';
import { seedDemoDirectory } from '../libs/persistence/src/seed-demo';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new ConfigError('DATABASE_URL', 'must be set to the PostgreSQL to migrate (npm start migrates its embedded one itself)');
  await runMigrations(config.databaseUrl);
  console.log('[khflow] migrations applied');
  if (process.argv.includes('--seed-demo')) {
    const seeded = await seedDemoDirectory(config.databaseUrl);
    console.log(`[khflow] demo directory: ${seeded.units} units, ${seeded.users} users`);
  }
}

main().catch((err) => {
  console.error(`[khflow] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
