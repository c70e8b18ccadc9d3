// The demo of `npm start`: on the four-level Hải Phòng (what npm start seeds), the demo seeding launches the Sở's
// PII plan of 2024 and applies the reorganisation of 1 July 2025 through the API, on the real Temporal dev server
// and PostgreSQL. Afterwards a user sees the two-level directory, the plan's open work sits with the communes, and
// a school's assignment history shows both chains. A second run makes nothing new.
import { DEMO_UNITS, DEMO_USERS, demoReorganisation2025 } from '@khflow/directory';
import { vnDateOf } from '@khflow/domain';
import { DEMO_PLAN_NUMBER, DEMO_PLAN_SCHOOLS, demoReformId, seedDemoPlan } from '../../scripts/demo-plan';
import { recordHistories } from '../replay/history-recorder';
import { PASSWORD, type DirectorySystem, startDirectorySystem } from './directory-harness';

jest.setTimeout(600_000);

describe('the demo plan that lived through the 2025 reform (npm start seeding)', () => {
  let sys: DirectorySystem;

  beforeAll(async () => {
    sys = await startDirectorySystem({ units: DEMO_UNITS, users: DEMO_USERS });
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('launches the 2024 plan on the old tree, moves its open work by the reorganisation, and is idempotent', async () => {
    const first = await seedDemoPlan(sys.api.url, { password: PASSWORD });
    expect(first).toMatchObject({ status: 'made', reorganisationId: demoReformId() });
    expect(first.moved).toBeGreaterThanOrEqual(DEMO_PLAN_SCHOOLS.length);
    const planId = first.planId!;
    const admin = await sys.login('admin');

    // The directory in effect today is the two-level one; the old tree is still there as of 30 June 2025.
    const today = vnDateOf(Date.now());
    expect((await sys.call('GET', `/units?kind=district_office&asOf=${today}`, { token: admin })).body.total).toBe(0);
    expect((await sys.call('GET', `/units?kind=commune&asOf=${today}&limit=1`, { token: admin })).body.total).toBeGreaterThan(20);
    expect((await sys.call('GET', `/units?kind=district_office&asOf=2025-06-30`, { token: admin })).body.total).toBe(15);

    const plan = await sys.call('GET', `/plans/${planId}`, { token: admin });
    expect(plan.body).toMatchObject({ number: DEMO_PLAN_NUMBER, issuedAt: expect.stringMatching(/^2024-/), status: 'active' });

    // The plan's open work: no district office is left; each school reports to its commune.
    const request = demoReorganisation2025();
    const communeOf = new Map(request.operations.filter((o) => o.type === 'move').map((o) => [o.unitId, (o as { parentId: string }).parentId]));
    const rows = (await sys.engine.ds.query(`SELECT id, unit_id, reviewer_unit_id, kind FROM assignment WHERE plan_id = $1 AND state NOT IN ('approved', 'cancelled', 'merged')`, [planId])) as {
      id: string;
      unit_id: string;
      reviewer_unit_id: string;
      kind: string;
    }[];
    expect(rows.some((r) => r.unit_id.startsWith('hp-pgd-') || r.reviewer_unit_id.startsWith('hp-pgd-'))).toBe(false);
    const school = rows.find((r) => r.unit_id === 'hp-thcs-lechan-1')!;
    // The office's consolidation was split: each of its communes with schools consolidates them.
    for (const c of ['hp-xa-lechan-1', 'hp-xa-lechan-2', 'hp-xa-ngoquyen-1', 'hp-xa-ngoquyen-2']) expect(rows.filter((r) => r.unit_id === c && r.kind === 'consolidation')).toHaveLength(1);
    expect(school.reviewer_unit_id).toBe(communeOf.get('hp-thcs-lechan-1'));

    // Its history shows both chains, and why it moved.
    const history = await sys.call('GET', `/assignments/${school.id}/history`, { token: admin });
    const entries = history.body.entries as { action: string; after?: { reviewerUnitId?: string } | null; details?: { reason?: string } | null }[];
    expect(entries.find((e) => e.action === 'assignment.created')?.after?.reviewerUnitId).toBe('hp-pgd-lechan');
    const moved = entries.find((e) => e.action === 'assignment.reassigned')!;
    expect(moved.after?.reviewerUnitId).toBe(communeOf.get('hp-thcs-lechan-1'));
    expect(moved.details?.reason).toBe(request.reason);
    // A user of the school logs in and sees the plan's work in the inbox, reporting to the commune.
    const officer = await sys.login('officer.hp-thcs-lechan-1');
    const inbox = await sys.call('GET', '/inbox', { token: officer });
    expect(inbox.status).toBe(200);
    expect((inbox.body.assignments.items as { id: string; reviewerUnitId: string }[]).find((i) => i.id === school.id)).toMatchObject({ reviewerUnitId: communeOf.get('hp-thcs-lechan-1') });

    // Histories for the replay test (KHFLOW_RECORD_HISTORIES=1): the reorganisation, a district office's
    // consolidation it moved, and a school's assignment it moved.
    const wf = async (unitId: string) => (await sys.engine.ds.query(`SELECT workflow_id FROM assignment WHERE plan_id = $1 AND unit_id = $2 AND kind <> 'coordination' ORDER BY created_at LIMIT 1`, [planId, unitId]))[0].workflow_id as string;
    // (test/histories/reorganisation-2025.* were recorded before consolidations were split; *-split.* after.)
    await recordHistories('reorganisation-2025-split', [
      { name: 'reorganisation', workflowId: `reorganisation:${first.reorganisationId}` },
      { name: 'assignment-district-consolidation', workflowId: await wf('hp-xa-lechan-1') },
      { name: 'assignment-consolidation-share', workflowId: await wf('hp-xa-lechan-2') },
      { name: 'assignment-school-of-share', workflowId: await wf('hp-th-lechan-1') },
    ]);

    // A second start finds it made and makes nothing new.
    const plansBefore = (await sys.engine.ds.query(`SELECT count(*)::int AS n FROM plan`))[0].n;
    const second = await seedDemoPlan(sys.api.url, { password: PASSWORD });
    expect(second).toMatchObject({ status: 'present', planId, reorganisationId: first.reorganisationId, moved: first.moved });
    expect((await sys.engine.ds.query(`SELECT count(*)::int AS n FROM plan`))[0].n).toBe(plansBefore);
  });
});
