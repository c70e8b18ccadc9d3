// Backup and restore of a khflow installation: khflow's database and Temporal's two (main and visibility), each
// with pg_dump's custom format, and a manifest. `npm run backup` and `npm run restore -- <folder>`; the tests call
// the same functions (test/operations/backup-restore.test.ts restores into new databases and checks them).
//
// The rule for the client tools: pg_dump's major version must be at least the server's (an older pg_dump refuses a
// newer server), and pg_restore's at least pg_dump's. npm's scripts find one (KHFLOW_PG_BIN, PATH,
// /usr/lib/postgresql/<major>/bin) or fetch one of the server's major version (see ensurePgClient in bootstrap.mjs).
//
// Order: Temporal's databases first, khflow's last. The read model is written by activities that Temporal has
// recorded as scheduled, so a khflow dump taken after Temporal's holds at least what Temporal's knows; activities
// whose completion the Temporal dump misses run again after a restore, and they are idempotent (business keys, ON
// CONFLICT). For a backup with nothing in flight, stop the khflow workers while it runs (the APIs keep reading).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { loadConfig } from '../libs/config/src';
import { type ClusterDatabases, clusterDatabases, databaseName, redact, withDatabase } from './cluster-databases';

export interface BackupManifest {
  format: 'khflow-backup/1';
  createdAt: string;
  serverVersion: string;
  pgDumpVersion: string;
  databases: { role: keyof ClusterDatabases; name: string; file: string; bytes: number; sha256: string }[];
}

const ROLES: (keyof ClusterDatabases)[] = ['temporal', 'visibility', 'khflow']; // the order of the dumps (see above)

/** The folder of the PostgreSQL client tools: KHFLOW_PG_BIN (set by npm's scripts), else PATH. */
export function pgTool(name: 'pg_dump' | 'pg_restore', bin = process.env.KHFLOW_PG_BIN): string {
  return bin ? path.join(bin, name) : name;
}

/** The major version of a client tool (`pg_dump (PostgreSQL) 18.6` → 18). */
export function toolMajor(tool: string): { major: number; version: string } {
  const r = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  const m = /\(PostgreSQL\)\s+(\d+)(\.\d+)?/.exec(r.stdout ?? '');
  if (r.error || !m) throw new Error(`${tool} --version failed${r.error ? `: ${r.error.message}` : ''}: install the PostgreSQL client tools of the server's major version, or set KHFLOW_PG_BIN`);
  return { major: Number(m[1]), version: `${m[1]}${m[2] ?? ''}` };
}

async function serverVersion(url: string): Promise<{ major: number; version: string }> {
  const c = new PgClient({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ server_version_num: string; server_version: string }>('SELECT current_setting($1) AS server_version_num, current_setting($2) AS server_version', ['server_version_num', 'server_version']);
    return { major: Math.floor(Number(rows[0].server_version_num) / 10000), version: rows[0].server_version.split(' ')[0] };
  } finally {
    await c.end();
  }
}

/** pg_dump must be of the server's major version or newer; otherwise it refuses (or, older than 9.x rules, breaks). */
export function checkDumpVersion(dumpMajor: number, serverMajor: number): string | null {
  return dumpMajor >= serverMajor ? null : `pg_dump ${dumpMajor} cannot dump a PostgreSQL ${serverMajor} server: use the client tools of version ${serverMajor} or newer (KHFLOW_PG_BIN names their folder)`;
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function run(tool: string, args: string[], url: string): void {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = ''; // through the environment, not the command line (ps shows arguments)
  const r = spawnSync(tool, [...args, '--dbname', u.toString()], { encoding: 'utf8', env: { ...process.env, PGPASSWORD: password } });
  if (r.error || r.status !== 0) throw new Error(`${path.basename(tool)} on ${redact(url)} failed: ${(r.stderr || String(r.error)).trim().slice(-2000)}`);
}

/** Dumps the three databases into `outDir` (created; must be empty) and writes manifest.json. */
export async function backup(databases: ClusterDatabases, outDir: string, opts: { pgBin?: string } = {}): Promise<BackupManifest> {
  const dump = pgTool('pg_dump', opts.pgBin);
  const client = toolMajor(dump);
  const server = await serverVersion(databases.khflow);
  for (const role of ROLES) {
    const s = role === 'khflow' ? server : await serverVersion(databases[role]);
    const refused = checkDumpVersion(client.major, s.major);
    if (refused) throw new Error(refused);
  }
  fs.mkdirSync(outDir, { recursive: true });
  if (fs.readdirSync(outDir).length) throw new Error(`${outDir} is not empty: give a new folder for the backup`);
  const entries: BackupManifest['databases'] = [];
  for (const role of ROLES) {
    const file = `${role}.dump`;
    run(dump, ['--format=custom', '--no-owner', '--no-privileges', '--file', path.join(outDir, file)], databases[role]);
    entries.push({ role, name: databaseName(databases[role]), file, bytes: fs.statSync(path.join(outDir, file)).size, sha256: sha256(path.join(outDir, file)) });
  }
  const manifest: BackupManifest = { format: 'khflow-backup/1', createdAt: new Date().toISOString(), serverVersion: server.version, pgDumpVersion: client.version, databases: entries };
  fs.writeFileSync(path.join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Whether the database exists and holds tables of its own. */
async function databaseState(url: string): Promise<'missing' | 'empty' | 'used'> {
  const c = new PgClient({ connectionString: withDatabase(url, 'postgres') });
  await c.connect();
  try {
    if (!(await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseName(url)])).rowCount) return 'missing';
  } finally {
    await c.end();
  }
  const d = new PgClient({ connectionString: url });
  await d.connect();
  try {
    const { rows } = await d.query<{ n: string }>(`SELECT count(*) AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`);
    return Number(rows[0].n) ? 'used' : 'empty';
  } finally {
    await d.end();
  }
}

/**
 * Restores a backup into `targets` (new or empty databases, created when missing): every file's checksum is checked
 * first, then each dump is restored with pg_restore (stopping at the first error).
 */
export async function restore(backupDir: string, targets: ClusterDatabases, opts: { pgBin?: string } = {}): Promise<BackupManifest> {
  const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, 'manifest.json'), 'utf8')) as BackupManifest;
  if (manifest.format !== 'khflow-backup/1') throw new Error(`${backupDir}/manifest.json is not a khflow backup (format ${manifest.format})`);
  for (const e of manifest.databases) {
    if (sha256(path.join(backupDir, e.file)) !== e.sha256) throw new Error(`${e.file} does not match its checksum in the manifest: the backup is damaged`);
  }
  const tool = pgTool('pg_restore', opts.pgBin);
  const client = toolMajor(tool);
  if (client.major < Number(manifest.pgDumpVersion.split('.')[0])) throw new Error(`pg_restore ${client.version} is older than the pg_dump ${manifest.pgDumpVersion} that made the backup`);
  for (const role of ROLES) {
    const state = await databaseState(targets[role]);
    if (state === 'used') throw new Error(`${redact(targets[role])} already holds tables: restore into a new or empty database`);
  }
  for (const e of manifest.databases) {
    const target = targets[e.role];
    if ((await databaseState(target)) === 'missing') {
      const c = new PgClient({ connectionString: withDatabase(target, 'postgres') });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE "${databaseName(target).replace(/"/g, '""')}"`);
      } finally {
        await c.end();
      }
    }
    run(tool, ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', path.join(backupDir, e.file)], target);
    if (e.role !== 'khflow' && databaseName(target) !== e.name) await renameTemporalSchemaVersion(target, e.name);
    if (e.role === 'temporal') await forgetTemporalMembership(target);
  }
  return manifest;
}

/**
 * Temporal records its schema version per database name (schema_version.db_name), and both the server and
 * temporal-sql-tool look it up by the configured name: a Temporal database restored under a new name gets its row
 * renamed, or the server would find no schema there.
 */
async function renameTemporalSchemaVersion(url: string, fromName: string): Promise<void> {
  const c = new PgClient({ connectionString: url });
  await c.connect();
  try {
    await c.query('UPDATE schema_version SET db_name = $1 WHERE db_name = $2', [databaseName(url), fromName]);
  } finally {
    await c.end();
  }
}

/**
 * cluster_membership lists the Temporal processes that were running when the dump was taken (addresses, ports,
 * heartbeats): run-time state, not data. Restored, it would make the new processes look for hosts that no longer
 * exist; they register themselves again on start.
 */
async function forgetTemporalMembership(url: string): Promise<void> {
  const c = new PgClient({ connectionString: url });
  await c.connect();
  try {
    await c.query('DELETE FROM cluster_membership');
  } finally {
    await c.end();
  }
}

/** The databases of this installation: DATABASE_URL (or the embedded PostgreSQL of npm run start:cluster) and TEMPORAL_DB_URL. */
export function installationDatabases(env: NodeJS.ProcessEnv = process.env): ClusterDatabases {
  const config = loadConfig(env);
  const url = config.databaseUrl ?? `postgresql://khflow:khflow@127.0.0.1:${config.embeddedPgPort}/khflow`;
  return clusterDatabases(url, env.TEMPORAL_DB_URL || null);
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  const databases = installationDatabases();
  if (command === 'backup') {
    const i = args.indexOf('--out');
    const out = path.resolve(i >= 0 && args[i + 1] ? args[i + 1] : path.join('backups', new Date().toISOString().replace(/[:.]/g, '-')));
    const m = await backup(databases, out);
    console.log(`[khflow] backup written to ${out} (pg_dump ${m.pgDumpVersion}, server ${m.serverVersion}):`);
    for (const e of m.databases) console.log(`  ${e.name.padEnd(28)} ${e.file.padEnd(20)} ${(e.bytes / 1024).toFixed(0).padStart(8)} KiB`);
  } else if (command === 'restore') {
    const dir = args.find((a) => !a.startsWith('--'));
    if (!dir) throw new Error('usage: npm run restore -- <backup folder> (into DATABASE_URL and TEMPORAL_DB_URL, new or empty databases)');
    const m = await restore(path.resolve(dir), databases);
    console.log(`[khflow] restored the backup of ${m.createdAt} into ${redact(databases.khflow)}, ${databaseName(databases.temporal)}, ${databaseName(databases.visibility)}`);
    console.log('[khflow] start the cluster on them (npm run start:cluster with the same DATABASE_URL and TEMPORAL_DB_URL); its workers resume every workflow');
  } else {
    throw new Error(`unknown command "${command}": backup or restore`);
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`[khflow] ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  });
}
