// `npm run bench -- <fan-out|actions|dashboards|audit|directory|import|shapes|all> [--quick] [--sizes=1000,5000 (fan-out, shapes)] [--cluster]`: each scenario measures khflow and
// its baseline in the same run on the same Temporal server (the dev server, or with --cluster the Temporal services as separate processes on PostgreSQL) and PostgreSQL, prints a table with the ratios, and writes JSON
// under .bench/results/. --quick runs small sizes (npm test runs it so the scenarios cannot rot).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { ROOT } from '../scripts/dev-services';
import type { ClusterBinaries } from '../scripts/cluster';
import { startBenchEnv } from './bench-env';
import { actionsBench } from './scenarios/actions.bench';
import { auditBench } from './scenarios/audit.bench';
import { dashboardsBench } from './scenarios/dashboards.bench';
import { directoryBench } from './scenarios/directory.bench';
import { fanOutBench } from './scenarios/fan-out.bench';
import { importBench } from './scenarios/import.bench';
import { shapesBench } from './scenarios/shapes.bench';

const SCENARIOS = { 'fan-out': fanOutBench, actions: actionsBench, dashboards: dashboardsBench, audit: auditBench, directory: directoryBench, import: importBench, shapes: shapesBench } as const;

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') }); // the baseline worker's bundling chatter stays out of the tables
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const sizesArg = args.find((a) => a.startsWith('--sizes='));
  const sizes = sizesArg ? sizesArg.slice('--sizes='.length).split(',').map(Number) : undefined;
  if (sizes?.some((n) => !Number.isInteger(n) || n < 10)) throw new Error('--sizes=N,N…: whole numbers of units, at least 10 (fan-out and shapes)');
  const cluster = args.includes('--cluster');
  const unknownFlag = args.filter((a) => a.startsWith('--') && !['--quick', '--cluster'].includes(a) && !/^--(sizes|assignments|entries)=/.test(a));
  if (unknownFlag.length) throw new Error(`unknown option ${unknownFlag.join(', ')}: use --quick, --cluster, --sizes=N,N… (fan-out, shapes), --assignments=N (dashboards) or --entries=N (audit)`);
  const names = args.filter((a) => !a.startsWith('--'));
  const chosen = names.length === 0 || names.includes('all') ? (Object.keys(SCENARIOS) as (keyof typeof SCENARIOS)[]) : (names as (keyof typeof SCENARIOS)[]);
  const unknown = chosen.filter((n) => !(n in SCENARIOS));
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')}: use ${Object.keys(SCENARIOS).join(', ')} or all`);
  console.log(`[bench] ${chosen.join(', ')}${quick ? ' (quick)' : ''} on ${cluster ? 'the Temporal cluster (PostgreSQL)' : 'the Temporal dev server'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  const env = await startBenchEnv({ cluster: cluster ? clusterBinaries() : undefined });
  const results: Record<string, unknown> = { startedAt: new Date().toISOString(), quick, temporal: env.temporal, machine: { cores: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30), cpu: os.cpus()[0]?.model, node: process.version } };
  try {
    for (const name of chosen) {
      const t = Date.now();
      results[name] = await SCENARIOS[name](env, quick, sizes);
      console.log(`[bench] ${name} done in ${Math.round((Date.now() - t) / 1000)} s`);
    }
  } finally {
    await env.stop();
  }
  const dir = path.join(ROOT, '.bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${chosen.join('+')}${quick ? '-quick' : ''}${cluster ? '-cluster' : ''}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(results, null, 2));
  console.log(`[bench] results written to ${path.relative(ROOT, file)}`);
}

/** The server binaries `npm run bench` finds or builds (scripts/bootstrap.mjs passes them in the environment). */
function clusterBinaries(): ClusterBinaries {
  const e = process.env;
  const b = { server: e.KHFLOW_TEMPORAL_SERVER ?? '', sqlTool: e.KHFLOW_TEMPORAL_SQL_TOOL ?? '', schema: e.KHFLOW_TEMPORAL_SCHEMA ?? '', cli: e.KHFLOW_TEMPORAL_CLI ?? '' };
  const missing = Object.entries(b).filter(([, v]) => !v || !fs.existsSync(v)).map(([k]) => k);
  if (missing.length) throw new Error(`--cluster needs the Temporal server binaries (${missing.join(', ')} not found): run through \`npm run bench -- … --cluster\`, which builds them`);
  return b;
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
