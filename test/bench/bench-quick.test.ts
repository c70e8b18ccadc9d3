// The benchmark scenarios in their smoke mode (`npm run bench -- all --quick`), so they cannot rot: each runs
// against its own Temporal server and PostgreSQL, prints its table with the ratios and writes its JSON. Nothing
// here is timed: the figures are for people to read (BENCHMARKS.md), not for the test to judge.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

jest.setTimeout(900_000);

const ROOT = path.resolve(__dirname, '../..');

describe('benchmarks, quick mode', () => {
  it('runs every scenario and writes its results', () => {
    const started = Date.now();
    const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'bench/bench.ts', 'all', '--quick'], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    });
    console.log(out);
    for (const title of ['fan-out:', 'actions:', 'dashboards:', 'audit:', 'shapes: fan-out', 'shapes: actions', 'shapes: history', 'shapes: one forced continue-as-new']) expect(out).toContain(title);
    const file = /results written to (\S+)/.exec(out)?.[1];
    expect(file).toBeTruthy();
    const results = JSON.parse(fs.readFileSync(path.join(ROOT, file!), 'utf8'));
    expect(fs.statSync(path.join(ROOT, file!)).mtimeMs).toBeGreaterThanOrEqual(started);
    expect(results.quick).toBe(true);
    const fanOut = results['fan-out'] as Record<string, unknown>[];
    expect(fanOut.filter((r) => typeof r.units === 'number').every((r) => (r.assignments as number) > (r.units as number) && typeof r['khflow/raw time'] === 'number')).toBe(true);
    expect(results.actions[0]['khflow req/s']).toBeGreaterThan(0);
    expect(results.actions[0]['bare update/s']).toBeGreaterThan(0);
    // The four questions, each with khflow and its raw baseline; then each statement of the two dashboards alone.
    const dashboards = results.dashboards as Record<string, unknown>[];
    expect(dashboards.filter((r) => typeof r.query === 'string' && typeof r['p95 ratio'] === 'number')).toHaveLength(4);
    expect(dashboards.filter((r) => typeof r['dashboard statement (raw)'] === 'string' && (r['p50 ms'] as number) > 0)).toHaveLength(12);
    expect(results.audit.at(-2).read).toMatch(/verify the whole chain/);
    expect(results.audit.at(-1).read).toMatch(/incremental, 1000 entries/);
    // Both shapes measured in the same run: each fan-out size, the throughput of each, a host's roll-over.
    const shapes = results.shapes as Record<string, unknown>[];
    expect(new Set(shapes.filter((r) => r.table === 'fan-out').map((r) => r.shape))).toEqual(new Set(['per-unit', 'hosted']));
    expect(shapes.filter((r) => r.table === 'actions').every((r) => (r['per-unit updates/s'] as number) > 0 && (r['hosted updates/s'] as number) > 0)).toBe(true);
    expect(shapes.find((r) => r.table === 'continue-as-new')?.assignments).toBe(100);
    expect(results.temporal).toBe('dev server');
  });

  // `npm test` passes the server binaries it built (bootstrap.mjs); the flag must keep working on the production topology.
  it('runs a scenario on the Temporal cluster with --cluster', () => {
    const started = Date.now();
    const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'bench/bench.ts', 'fan-out', '--quick', '--cluster'], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    });
    console.log(out);
    expect(out).toContain('on the Temporal cluster (PostgreSQL)');
    const file = /results written to (\S+)/.exec(out)?.[1];
    expect(file).toMatch(/-cluster-/);
    expect(fs.statSync(path.join(ROOT, file!)).mtimeMs).toBeGreaterThanOrEqual(started);
    const results = JSON.parse(fs.readFileSync(path.join(ROOT, file!), 'utf8'));
    expect(results.temporal).toBe('cluster');
    const fanOut = (results['fan-out'] as Record<string, unknown>[]).filter((r) => typeof r.units === 'number');
    expect(fanOut.length).toBeGreaterThan(0);
    expect(fanOut.every((r) => (r.assignments as number) > (r.units as number) && typeof r['khflow/raw time'] === 'number')).toBe(true);
  });

  it('refuses an unknown option before starting anything', () => {
    let err: { status?: number; stderr?: string } = {};
    try {
      execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'bench/bench.ts', 'fan-out', '--clustr'], { cwd: ROOT, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      err = e as typeof err;
    }
    expect(err.status).toBe(1);
    expect(err.stderr).toContain('unknown option --clustr');
  });
});
