// Import over HTTP: a real plan document becomes a draft with its warnings and source lines; a task without a
// lead from the directory keeps the plan from launching until the owner corrects the draft; then it launches and
// fans out. A PDF without a text layer gets a clear error naming the file.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { blankPdf } from '../support/blank-pdf';
import { waitFor } from '../support/test-env';
import { type ApiSystem, startApiSystem } from './api-harness';

jest.setTimeout(300_000);

const PLANS = path.resolve(__dirname, '../fixtures/plans');
const SAMPLE = '001_6c687b1be164f383.txt'; // 193/KH-UBND of the Hải Phòng UBND

describe('plan import', () => {
  let sys: ApiSystem;
  let owner: string;
  beforeAll(async () => {
    sys = await startApiSystem();
    owner = await sys.login('owner.hp-ubnd');
  });
  afterAll(async () => sys?.close());

  const upload = async (name: string, content: Buffer, type: string, token = owner, key: string = randomUUID()) => {
    const form = new FormData();
    form.append('file', new Blob([content], { type }), name);
    const res = await fetch(`${sys.api.url}/plans/import`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'idempotency-key': key }, body: form });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('drafts a sample plan, refuses to launch it while a task has no lead, and launches it once corrected', async () => {
    const imported = await upload(SAMPLE, fs.readFileSync(path.join(PLANS, SAMPLE)), 'text/plain');
    expect(imported.status).toBe(201);
    expect(imported.body.draft).toMatchObject({ number: '193/KH-UBND', issuedAt: '2021-08-19', issuer: { unitId: 'hp-ubnd' } });
    const plan = (await sys.call('GET', `/plans/${imported.body.planId}`, { token: owner })).body;
    expect(plan).toMatchObject({ status: 'draft', issuerUnitId: 'hp-ubnd', number: '193/KH-UBND' });
    expect(plan.tasks.length).toBe(imported.body.draft.tasks.length);
    expect(plan.tasks.every((t: { lines: number[] }) => t.lines?.length === 2 && t.lines[0] <= t.lines[1])).toBe(true);
    expect(plan.source.fileName).toBe(SAMPLE);

    // Every task a person must still complete is named; the ones with a lead from the directory are kept as they are.
    const tasks = plan.tasks.map((t: any) => ({ ...t, lead: t.lead.some((x: any) => x.unitId || x.group) ? t.lead : [{ text: 'Sở Giáo dục và Đào tạo', unitId: 'hp-sgddt' }] }));
    const missing = plan.tasks.filter((t: any) => !t.lead.some((x: any) => x.unitId || x.group)).length;
    if (missing > 0) {
      const refused = await sys.call('POST', `/plans/${plan.id}/launch`, { token: owner });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toHaveLength(missing);
      expect(refused.body.errors[0].field).toMatch(/^tasks\[\d+\]\.lead$/);
    }
    const clean = (x: any) => Object.fromEntries(Object.entries(x).filter(([, v]) => v !== null && v !== undefined));
    const corrected = await sys.call('PUT', `/plans/${plan.id}`, {
      token: owner,
      body: {
        number: plan.number,
        title: plan.title,
        issuerUnitId: plan.issuerUnitId,
        issuedAt: plan.issuedAt,
        basis: plan.basis.map(clean),
        tasks: tasks.map((t: any) =>
          clean({
            id: t.id,
            ref: t.ref,
            title: t.title,
            content: t.content,
            lead: t.lead.map((x: any) => clean({ text: x.text, unitId: x.unitId, group: x.group ? clean(x.group) : null })),
            coordinators: t.coordinators.map((x: any) => clean({ text: x.text, unitId: x.unitId, group: x.group ? clean(x.group) : null })),
            timeframe: clean({ ...t.timeframe, recurrence: t.timeframe.recurrence ? clean(t.timeframe.recurrence) : null }),
            lines: t.lines,
          }),
        ),
      },
    });
    expect(corrected.status).toBe(200);
    expect((await sys.call('POST', `/plans/${plan.id}/launch`, { token: owner })).status).toBe(202);
    await waitFor(async () => (await sys.call('GET', `/plans/${plan.id}`, { token: owner })).body.status === 'active', { timeoutMs: 60_000 });
    await waitFor(async () => (await sys.call('GET', `/plans/${plan.id}/progress`, { token: owner })).body.byUnit.length > 5, { timeoutMs: 120_000 });
  });

  it('says clearly when a PDF has no text layer, and when the file type is not a plan document', async () => {
    // PDF.js loads itself with a dynamic import, which Jest's module sandbox cannot run: the PDF goes through the
    // command line here (a real Node process), and over HTTP in test/foundation/npm-start.test.ts.
    const pdf = path.join(process.env.KHFLOW_TEST_DIR ?? '/tmp', 'ke-hoach-scan.pdf');
    fs.writeFileSync(pdf, blankPdf());
    let stderr = '';
    try {
      execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'scripts/import-cli.ts', pdf], { cwd: path.resolve(__dirname, '../..'), env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' }, stdio: 'pipe' });
    } catch (err) {
      stderr = String((err as { stderr: Buffer }).stderr);
    }
    expect(stderr).toMatch(/no text layer/);
    const image = await upload('ke-hoach.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'image/png');
    expect(image.status).toBe(422);
    expect(image.body.detail).toMatch(/file: /);
  });

  it('imports a document sent twice with one key once, and refuses the key for another file', async () => {
    const content = fs.readFileSync(path.join(PLANS, SAMPLE));
    const first = await upload(SAMPLE, content, 'text/plain', owner, 'import-once');
    const again = await upload(SAMPLE, content, 'text/plain', owner, 'import-once');
    expect(again).toMatchObject({ status: 201, body: { planId: first.body.planId } });
    expect((await upload('khac.txt', Buffer.from('KẾ HOẠCH khác'), 'text/plain', owner, 'import-once')).status).toBe(422);
  });

  it('is for plan owners only', async () => {
    const officer = await sys.login('officer.hp-sgddt-gdtxdh');
    expect((await upload(SAMPLE, Buffer.from('KẾ HOẠCH'), 'text/plain', officer)).status).toBe(403);
  });

  it('prints the draft as JSON from the command line', () => {
    const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'scripts/import-cli.ts', path.join(PLANS, SAMPLE)], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
      encoding: 'utf8',
    });
    const draft = JSON.parse(out);
    expect(draft).toMatchObject({ number: '193/KH-UBND', place: 'Hải Phòng' });
    expect(draft.tasks.length).toBeGreaterThan(10);
  });
});
