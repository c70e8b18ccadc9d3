// Issue 17: an imported plan proposes report-form fields from its KPI table. Plan 003 (a Sở's plan on the PII/PCI
// indices) is imported over HTTP; the proposal for one of its tasks has one field per KPI row, typed from its target,
// and the plan owner can save it as the task's form unchanged.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type ApiSystem, startApiSystem } from '../api/api-harness';

jest.setTimeout(300_000);

const SAMPLE = path.resolve(__dirname, '../fixtures/plans/003_9fdd19f4c2910d9e.txt');

describe('report-form fields proposed from an imported plan’s KPI table', () => {
  let sys: ApiSystem;
  beforeAll(async () => {
    sys = await startApiSystem();
  });
  afterAll(async () => sys?.close());

  it('proposes one field per KPI row and the plan owner saves them as the form', async () => {
    const owner = await sys.login('owner.hp-sgddt');
    const form = new FormData();
    form.append('file', new Blob([fs.readFileSync(SAMPLE)], { type: 'text/plain' }), path.basename(SAMPLE));
    const res = await fetch(`${sys.api.url}/plans/import`, { method: 'POST', headers: { authorization: `Bearer ${owner}`, 'idempotency-key': randomUUID() }, body: form });
    expect(res.status).toBe(201);
    const { planId, draft } = (await res.json()) as { planId: string; draft: { kpis: unknown[] } };
    expect(draft.kpis.length).toBeGreaterThan(0);
    const [task] = await sys.engine.ds.query('SELECT id FROM task WHERE plan_id = $1 ORDER BY position LIMIT 1', [planId]);
    const proposal = await sys.call('GET', `/tasks/${task.id}/report-form/proposal`, { token: owner });
    expect(proposal.status).toBe(200);
    expect(proposal.body.kpis).toBe(draft.kpis.length);
    expect(proposal.body.fields).toHaveLength(draft.kpis.length);
    const pct = proposal.body.fields.find((f: { label: string }) => f.label.startsWith('Giáo dục phổ thông tại tỉnh có chất lượng tốt'));
    expect(pct).toMatchObject({ type: 'percent', consolidate: 'min', help: expect.stringContaining('≥ 80%') });
    expect(new Set(proposal.body.fields.map((f: { key: string }) => f.key)).size).toBe(proposal.body.fields.length);
    // The proposal is a valid form as it stands.
    const saved = await sys.call('PUT', `/tasks/${task.id}/report-form`, { token: owner, body: { form: { fields: proposal.body.fields } } });
    expect(saved.status).toBe(200);
    // Another unit's officer does not read a draft's proposal.
    expect((await sys.call('GET', `/tasks/${task.id}/report-form/proposal`, { token: await sys.login('officer.hp-pgd-lechan') })).status).toBe(403);
  });
});
