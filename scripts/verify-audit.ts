// `npm run audit:verify [-- --full]`: verifies the audit chain of DATABASE_URL — incrementally from the newest
// checkpoint (what GET /audit/verify does), or with --full from the first entry, comparing every checkpoint. Prints
// the result as JSON; exits 1 when the chain is broken, 2 on bad usage.
import { ConfigError, loadConfig } from '../libs/config/src';
import { AuditCheckpointRepository } from '../libs/persistence/src/audit/audit-checkpoint.repository';
import { createDataSource } from '../libs/persistence/src/data-source';

async function main(): Promise<number> {
  const unknown = process.argv.slice(2).filter((a) => a !== '--full');
  if (unknown.length) {
    console.error(`[khflow] unknown argument ${unknown.join(' ')}: use --full or nothing`);
    return 2;
  }
  const config = loadConfig();
  if (!config.databaseUrl) throw new ConfigError('DATABASE_URL', 'must be set to the PostgreSQL whose audit chain to verify');
  const ds = await createDataSource(config.databaseUrl, { poolSize: 1 }).initialize();
  try {
    const v = await new AuditCheckpointRepository(ds).verify(process.argv.includes('--full') ? 'full' : 'incremental');
    console.log(JSON.stringify(v, null, 2));
    return v.ok ? 0 : 1;
  } finally {
    await ds.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[khflow] ${err instanceof Error ? err.message : err}`);
    process.exit(2);
  },
);
