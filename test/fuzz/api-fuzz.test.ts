// schemathesis fuzzes every operation of /openapi.json on a running system (real Temporal, real PostgreSQL), once
// with the token of each kind of caller: an officer, a supervisor, a plan owner and an administrator. Any 5xx, any
// status code the document does not declare, any response that does not match its declared schema or content type
// fails the run. The example count is small for `npm test` (KHFLOW_FUZZ_EXAMPLES, default 6); `npm run fuzz` runs
// many more. The figures (requests, 5xx, undeclared codes, schema mismatches) are printed at the end.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { addDays, vnDateOf } from '@khflow/domain';
import { type ApiSystem, startApiSystem } from '../api/api-harness';

jest.setTimeout(1_800_000);

const EXAMPLES = Number(process.env.KHFLOW_FUZZ_EXAMPLES ?? 6);
// npm test: generated examples only (a few minutes for the four callers); npm run fuzz adds the coverage phase
// (boundary values and negative cases for every parameter: thousands of requests per caller).
const PHASES = process.env.KHFLOW_FUZZ_PHASES ?? 'examples,fuzzing';
const CALLERS = { officer: 'officer.hp-thcs-lechan-1', supervisor: 'supervisor.hp-pgd-lechan', planOwner: 'owner.hp-sgddt', admin: 'admin' } as const;
const CHECKS = ['not_a_server_error', 'status_code_conformance', 'response_schema_conformance', 'content_type_conformance'];

function schemathesis(): string {
  const st = process.env.KHFLOW_SCHEMATHESIS ?? path.resolve(__dirname, '../../.tools/venv/bin/st');
  if (!fs.existsSync(st)) throw new Error(`schemathesis not found at ${st}: run the tests with npm test (it installs schemathesis into .tools/venv)`);
  return st;
}

function run(cmd: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    // Run in the report folder: schemathesis and hypothesis keep their example databases in the working directory.
    const child = spawn(cmd, args, { cwd, env: { ...process.env, NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

interface Figures {
  requests: number;
  accepted: number;
  serverErrors: number;
  undeclared: number;
  schemaMismatches: number;
  otherFailures: number;
}

/** Counts from the HAR (every request and its status) and the JUnit report (failures by check). */
function figures(dir: string): Figures {
  const har = JSON.parse(fs.readFileSync(path.join(dir, 'run.har'), 'utf8')) as { log: { entries: { response: { status: number } }[] } };
  const junit = fs.readFileSync(path.join(dir, 'run.xml'), 'utf8');
  const count = (re: RegExp) => (junit.match(re) ?? []).length;
  return {
    requests: har.log.entries.length,
    accepted: har.log.entries.filter((e) => e.response.status >= 200 && e.response.status < 300).length,
    serverErrors: har.log.entries.filter((e) => e.response.status >= 500).length,
    undeclared: count(/Undocumented HTTP status code/g),
    schemaMismatches: count(/Response violates schema/g),
    otherFailures: count(/<failure/g) - count(/<failure[^>]*>[^<]*(Server error|Undocumented HTTP status code|Response violates schema)/g),
  };
}

describe('schemathesis over every operation of the OpenAPI document', () => {
  let sys: ApiSystem;
  const reportRoot = fs.mkdtempSync(path.join(process.env.KHFLOW_TEST_DIR ?? '/tmp', 'fuzz-'));
  beforeAll(async () => {
    sys = await startApiSystem();
    // Something to find: a launched plan with an assignment, and a draft.
    const owner = await sys.login(CALLERS.planOwner);
    const spec = (title: string) => ({
      title,
      issuerUnitId: 'hp-sgddt',
      tasks: [{ ref: '1', title: 'Báo cáo', lead: [{ unitId: 'hp-thcs-lechan-1' }], coordinators: [], timeframe: { kind: 'once', due: addDays(vnDateOf(Date.now()), 30) } }],
    });
    const plan = (await sys.call('POST', '/plans', { token: owner, body: spec('Kế hoạch thử nghiệm') })).body.id;
    await sys.call('POST', '/plans', { token: owner, body: spec('Kế hoạch nháp') });
    await sys.call('POST', `/plans/${plan}/launch`, { token: owner });
  });
  afterAll(async () => sys?.close());

  it.each(Object.entries(CALLERS))('as %s (%s): no 5xx, no undeclared status, no schema mismatch', async (who, username) => {
    const token = await sys.login(username);
    const dir = path.join(reportRoot, who);
    fs.mkdirSync(dir, { recursive: true });
    const { code, output } = await run(schemathesis(), [
      'run',
      `${sys.api.url}/openapi.json`,
      '--header',
      `Authorization: Bearer ${token}`,
      '--checks',
      CHECKS.join(','),
      '--max-examples',
      String(EXAMPLES),
      '--phases',
      PHASES,
      '--workers',
      '2',
      '--seed',
      '13',
      '--request-timeout',
      '30',
      // Routes that end or change the fuzzing caller's own session or identity (logout revokes the token every later
      // request carries; a password change or deactivation locks the caller out). The directory tests cover them.
      '--exclude-path-regex',
      '^/(auth/logout|me/password|users/\\{id\\}(/deactivate|/password-reset)?)$',
      '--suppress-health-check',
      'all',
      '--no-color',
      '--report',
      'junit,har',
      '--report-junit-path',
      path.join(dir, 'run.xml'),
      '--report-har-path',
      path.join(dir, 'run.har'),
    ], dir);
    const f = figures(dir);
    console.log(`schemathesis as ${who} (${PHASES}, ${EXAMPLES} examples): ${f.requests} requests (${f.accepted} answered 2xx), ${f.serverErrors} 5xx, ${f.undeclared} undeclared status codes, ${f.schemaMismatches} schema mismatches, ${f.otherFailures} other failures`);
    if (code !== 0) throw new Error(`schemathesis as ${who} found failures (exit ${code}):\n${output.slice(-15_000)}`);
    expect(f).toMatchObject({ serverErrors: 0, undeclared: 0, schemaMismatches: 0 });
    expect(f.requests).toBeGreaterThan(30);
    expect(f.accepted).toBeGreaterThan(0); // the token works: not everything was refused
  });
});
