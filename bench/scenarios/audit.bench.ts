// audit: the history of one assignment and of a whole plan, a full GET /audit/verify?full=true over a hash-chained log
// of 1,000,000 entries (--entries=N), then 1,000 more entries and the incremental GET /audit/verify (from the
// checkpoint the full one left). Baselines: the same reads in raw SQL with `pg`, and the same chain checks run
// in-process over a bare `pg` connection (no HTTP, Nest or TypeORM).
import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { generateProvince } from '@khflow/directory';
import { addDays, vnDateOf } from '@khflow/domain';
import { auditHash, createDataSource, GENESIS_HASH, insertDraftPlan, verifyAuditChain } from '@khflow/persistence';
import { type BenchEnv, startKhflow } from '../bench-env';
import { BenchHttp } from '../bench-http';
import { printTable, ratio, summary } from '../bench-stats.util';

const argNumber = (name: string): number | undefined => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.slice(name.length + 3)) : undefined;
};

export async function auditBench(env: BenchEnv, quick: boolean): Promise<Record<string, unknown>[]> {
  const total = argNumber('entries') ?? (quick ? 20_000 : 1_000_000);
  const more = 1_000;
  const planRows = quick ? 2_000 : 10_000; // entries of the plan whose history is read
  const perAssignment = 40;
  const prefix = 'aud';
  const directory = generateProvince({ districts: 2, schoolsPerDistrict: 10, thptSchools: 0, prefix });
  const url = await env.database('bench_audit', directory);
  const ds = await createDataSource(url, { poolSize: 2 }).initialize();
  const school = directory.units.find((u) => u.kind.startsWith('school_'))!;
  const owner = { userId: `u-owner.${prefix}-sgddt-khtc`, unitId: `${prefix}-sgddt-khtc`, roles: ['plan_owner' as const] };
  const { planId, taskIds } = await ds.transaction((m) =>
    insertDraftPlan(m, { title: 'Kế hoạch kiểm toán', issuerUnitId: `${prefix}-sgddt-khtc`, tasks: [{ ref: '1', title: 'Báo cáo', lead: [{ unitId: school.id }], coordinators: [], timeframe: { kind: 'once', due: addDays(vnDateOf(Date.now()), 30) } }] }, owner),
  );
  const assignmentId = randomUUID();
  await ds.query(
    `INSERT INTO assignment (id, workflow_id, plan_id, task_id, period_key, unit_id, kind, reviewer_unit_id, title, state) VALUES ($1, $2, $3, $4, 'once', $5, 'lead', $6, 'Báo cáo', 'submitted')`,
    [assignmentId, `asg:bench:${assignmentId}`, planId, taskIds[0], school.id, school.reportsToId],
  );
  // The chain continues from what insertDraftPlan appended.
  const [last] = await ds.query('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  let prev: string = last?.hash ?? GENESIS_HASH;
  let seq = BigInt(last?.seq ?? 0);
  const otherPlans = Array.from({ length: 50 }, () => randomUUID());
  // Appends `count` generated entries (with real hashes) continuing the chain; `from` numbers their event keys.
  const append = async (from: number, count: number) => {
    for (let done = from; done < from + count; ) {
      const batch = Math.min(5000, from + count - done);
      const cols: unknown[][] = Array.from({ length: 18 }, () => []);
      for (let i = 0; i < batch; i++) {
        const k = done + i;
        seq += 1n;
        const inPlan = k % Math.ceil(total / planRows) === 0;
        const f = {
          seq: seq.toString(),
          eventKey: `bench:${k}`,
          occurredAt: new Date(1_700_000_000_000 + k * 1000).toISOString(),
          actorId: 'u-officer.bench',
          actorUnitId: school.id,
          actorIp: '127.0.0.1',
          requestId: `r-${k}`,
          action: 'assignment.submitted',
          entityType: 'assignment',
          entityId: inPlan && k % perAssignment === 0 ? assignmentId : `a-${k % 997}`,
          planId: inPlan ? planId : otherPlans[k % otherPlans.length],
          assignmentId: inPlan && k % perAssignment === 0 ? assignmentId : null,
          workflowId: null,
          before: { state: 'in_progress' },
          after: { state: 'submitted', version: k },
          details: null,
        };
        const hash = auditHash(prev, f);
        const values = [f.seq, f.eventKey, f.occurredAt, f.actorId, f.actorUnitId, f.actorIp, f.requestId, f.action, f.entityType, f.entityId, f.planId, f.assignmentId, f.workflowId, JSON.stringify(f.before), JSON.stringify(f.after), null, prev, hash];
        values.forEach((v, j) => cols[j].push(v));
        prev = hash;
      }
      await ds.query(
        `INSERT INTO audit_log (seq, event_key, occurred_at, actor_id, actor_unit_id, actor_ip, request_id, action, entity_type, entity_id, plan_id, assignment_id, workflow_id, before, after, details, prev_hash, hash)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::uuid[], $12::uuid[], $13::text[], $14::jsonb[], $15::jsonb[], $16::jsonb[], $17::text[], $18::text[])`,
        cols,
      );
      done += batch;
    }
  };
  const t0 = Date.now();
  await append(0, total);
  const fillSeconds = Math.round((Date.now() - t0) / 1000);
  await ds.query('ANALYZE audit_log');

  const sys = await startKhflow(env, url, 'bench-audit');
  const http = new BenchHttp(sys.apiUrl);
  const inspector = await http.token(`inspector.${prefix}-sgddt-thanhtra`);
  const pg = new PgClient({ connectionString: url });
  await pg.connect();
  const rows: Record<string, unknown>[] = [];
  try {
    const reads = [
      { name: 'history of one assignment', path: `/assignments/${assignmentId}/history?limit=10000`, sql: 'SELECT * FROM audit_log WHERE assignment_id = $1 AND seq > 0 ORDER BY seq LIMIT 10001', params: [assignmentId] },
      { name: 'history of a whole plan', path: `/plans/${planId}/history?limit=10000`, sql: 'SELECT * FROM audit_log WHERE plan_id = $1 AND seq > 0 ORDER BY seq LIMIT 10001', params: [planId] },
    ];
    for (const r of reads) {
      const api: number[] = [];
      const raw: number[] = [];
      let entries = 0;
      for (let i = 0; i < (quick ? 5 : 20) + 2; i++) {
        let t = performance.now();
        const res = await http.call('GET', r.path, inspector);
        if (res.status !== 200) throw new Error(`${r.path}: ${res.status} ${JSON.stringify(res.body)}`);
        entries = (res.body as { entries: unknown[] }).entries.length;
        if (i >= 2) api.push(performance.now() - t);
        t = performance.now();
        await pg.query(r.sql, r.params);
        if (i >= 2) raw.push(performance.now() - t);
      }
      const a = summary(api);
      const b = summary(raw);
      rows.push({ read: `${r.name} (${entries} entries)`, 'khflow p50 ms': a.p50, 'khflow p95 ms': a.p95, 'raw p50 ms': b.p50, 'raw p95 ms': b.p95, 'p95 ratio': ratio(a.p95, b.p95) });
    }
    const bareDb = { query: (sql: string, params?: unknown[]) => pg.query(sql, params).then((x) => x.rows) } as never;
    const verify = async (path: string) => {
      const t = performance.now();
      const res = await http.call('GET', path, inspector);
      const ms = performance.now() - t;
      const body = res.body as { ok: boolean; checked: number; lastSeq: string; lastHash: string };
      if (res.status !== 200 || !body.ok) throw new Error(`the generated chain does not verify: ${res.status} ${JSON.stringify(body)}`);
      return { ms, body };
    };
    const full = await verify('/audit/verify?full=true');
    let t = performance.now();
    await verifyAuditChain(bareDb, 5000, undefined, new Map());
    const rawMs = performance.now() - t;
    rows.push({ read: `verify the whole chain (full, ${full.body.checked} entries)`, 'khflow p50 ms': Math.round(full.ms), 'raw p50 ms': Math.round(rawMs), 'p95 ratio': ratio(full.ms, rawMs), 'api peak MiB': sys.api.peakRssMiB() });
    // 1,000 more entries, then the default (incremental) verification from the checkpoint the previous one left;
    // three rounds (median), each against the same check in-process from the same checkpoint.
    let checkpoint = { afterSeq: full.body.lastSeq, prevHash: full.body.lastHash };
    const incMs: number[] = [];
    const bareIncMs: number[] = [];
    for (let round = 0; round < 3; round++) {
      await append(total + round * more, more);
      const inc = await verify('/audit/verify');
      t = performance.now();
      const bareInc = await verifyAuditChain(bareDb, 5000, checkpoint);
      bareIncMs.push(performance.now() - t);
      incMs.push(inc.ms);
      if (bareInc.checked !== more || inc.body.checked !== more) throw new Error(`incremental verification checked ${inc.body.checked} (bare ${bareInc.checked}), not ${more}`);
      checkpoint = { afterSeq: inc.body.lastSeq, prevHash: inc.body.lastHash };
    }
    const median = (x: number[]) => [...x].sort((p, q) => p - q)[1];
    rows.push({
      read: `verify after ${more} more (incremental, ${more} entries, median of 3)`,
      'khflow p50 ms': Math.round(median(incMs)),
      'raw p50 ms': Math.round(median(bareIncMs)),
      'p95 ratio': ratio(median(incMs), median(bareIncMs)),
      'incremental/full time': Math.round((median(incMs) / full.ms) * 10_000) / 10_000,
      'api peak MiB': sys.api.peakRssMiB(),
    });
  } finally {
    await pg.end();
    await ds.destroy();
    await sys.stop();
  }
  printTable(`audit: ${total} generated entries (written in ${fillSeconds} s) — reads and verification over HTTP vs raw SQL / in-process`, rows);
  return rows;
}
