// The assignment service without servers: repositories stubbed, the directory from the demo units, a Temporal client
// that records what it is asked. What is checked is the API's side of an action: who may send it, which update goes
// to which workflow with which update id, and which refusals stop it before anything is sent.
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { loadConfig } from '@khflow/config';
import { acknowledgeUpdate, type Actor, approveUpdate, requestCoordinationUpdate, returnUpdate, type Role, submitUpdate } from '@khflow/contracts';
import { DEMO_UNITS } from '@khflow/directory';
import { buildOrgIndex } from '@khflow/domain';
import { AssignmentReadRepository, type AssignmentRow, ExplanationReadRepository, TaskReadRepository } from '@khflow/persistence';
import { ProblemException } from '../common/problem-details.filter';
import type { DirectoryService } from '../directory/directory.service';
import { AssignmentsService } from './assignments.service';

const ID = '00000000-0000-4000-8000-000000000001';
const row = (over: Partial<AssignmentRow> = {}): AssignmentRow => ({
  id: ID,
  workflow_id: 'assignment:wf-1',
  plan_id: '00000000-0000-4000-8000-0000000000aa',
  plan_title: 'Kế hoạch',
  issuer_unit_id: 'hp-sgddt',
  task_id: '00000000-0000-4000-8000-0000000000bb',
  task_ref: '1',
  content: null,
  title: 'Báo cáo',
  period_key: 'once',
  unit_id: 'hp-thcs-lechan-1',
  unit_name: 'Trường THCS Hoa Sen - Lê Chân',
  kind: 'lead',
  parent_assignment_id: null,
  reviewer_unit_id: 'hp-pgd-lechan',
  state: 'acknowledged',
  version: 2,
  due: '2026-12-31',
  submitted_at: null,
  approved_at: null,
  escalation_level: 0,
  consolidation: null,
  pending_extension: false,
  created_at: new Date('2026-12-01T00:00:00Z'),
  updated_at: new Date('2026-12-01T00:00:00Z'),
  ...over,
});
const actor = (unitId: string, ...roles: Role[]): Actor => ({ userId: `${roles[0]}.${unitId}`, unitId, roles });

interface Sent {
  workflowId: string;
  name: string;
  args: unknown[];
  updateId: string;
}

function service(r: AssignmentRow) {
  const sent: Sent[] = [];
  jest.spyOn(AssignmentReadRepository.prototype, 'find').mockResolvedValue(r);
  jest.spyOn(AssignmentReadRepository.prototype, 'attachmentsOfUnit').mockResolvedValue([]);
  jest.spyOn(ExplanationReadRepository.prototype, 'ofAssignment').mockResolvedValue([]);
  jest.spyOn(TaskReadRepository.prototype, 'targets').mockResolvedValue({ issuerUnitId: 'hp-sgddt', lead: [{ text: 'Trường THCS', unitId: 'hp-thcs-lechan-1' }], coordinators: [{ text: 'Phòng GDĐT Lê Chân', unitId: 'hp-pgd-lechan' }], activeUnitIds: ['hp-thcs-lechan-1'] });
  const temporal = {
    connection: { withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn() },
    workflow: {
      getHandle: (workflowId: string) => ({
        executeUpdate: async (def: { name: string }, o: { args: unknown[]; updateId: string }) => {
          sent.push({ workflowId, name: def.name, args: o.args, updateId: o.updateId });
          return { assignmentId: r.id, state: r.state, version: r.version + 1, due: r.due };
        },
      }),
    },
  } as unknown as Client;
  const index = buildOrgIndex(DEMO_UNITS);
  const directory = { index: async () => index } as unknown as DirectoryService;
  return { svc: new AssignmentsService({} as DataSource, temporal, loadConfig({}), directory), sent };
}

async function refusal(p: Promise<unknown>): Promise<{ status: number; fields: string[] }> {
  try {
    await p;
  } catch (err) {
    if (!(err instanceof ProblemException)) throw err;
    const body = err.getResponse() as { status: number; errors?: { field: string }[] };
    return { status: err.getStatus(), fields: (body.errors ?? []).map((e) => e.field) };
  }
  throw new Error('expected a refusal');
}

afterEach(() => jest.restoreAllMocks());

describe('AssignmentsService (repositories stubbed, no servers)', () => {
  const officer = actor('hp-thcs-lechan-1', 'officer');
  const otherSchool = actor('hp-thcs-ngoquyen-1', 'officer');
  const reviewer = actor('hp-pgd-lechan', 'supervisor');

  it.each([
    ['the assignee unit acknowledges', () => officer, (s: AssignmentsService) => s.acknowledge(ID, officer, 'k1', 2), acknowledgeUpdate.name],
    ['the assignee unit submits', () => officer, (s: AssignmentsService) => s.submit(ID, officer, 'k1', { text: 'Đã xong' }), submitUpdate.name],
    ['the reviewer unit approves', () => reviewer, (s: AssignmentsService) => s.approve(ID, reviewer, 'k1', { comment: null }), approveUpdate.name],
    ['the reviewer unit returns', () => reviewer, (s: AssignmentsService) => s.return(ID, reviewer, 'k1', { comment: 'Bổ sung số liệu' }), returnUpdate.name],
  ])('%s: one update to the assignment workflow, keyed by the idempotency key, carrying the actor', async (_name, who, call, update) => {
    const { svc, sent } = service(row());
    const answer = await call(svc);
    expect(answer).toMatchObject({ assignmentId: ID, version: 3 });
    expect(sent).toEqual([{ workflowId: 'assignment:wf-1', name: update, args: [expect.objectContaining({ actor: who() })], updateId: 'k1' }]);
  });

  it.each([
    ['a school of another district reads nothing (404, existence not revealed)', (s: AssignmentsService) => s.acknowledge(ID, otherSchool, 'k'), 404, []],
    ['the assignee may not approve its own report', (s: AssignmentsService) => s.approve(ID, officer, 'k', {}), 403, []],
    ['a reviewer may not submit for the school', (s: AssignmentsService) => s.submit(ID, reviewer, 'k', { text: 'x' }), 403, []],
    ['an id that is not a uuid', (s: AssignmentsService) => s.acknowledge('----', officer, 'k'), 404, []],
    ['attachments never uploaded to this unit', (s: AssignmentsService) => s.submit(ID, officer, 'k', { text: 'x', attachmentIds: ['00000000-0000-4000-8000-00000000ffff'] }), 422, ['attachmentIds']],
    ['coordination to a unit that does not exist', (s: AssignmentsService) => s.requestCoordination(ID, officer, 'k', { unitIds: ['no-such-unit'], message: 'm' }), 422, ['unitIds']],
    ['coordination to a unit the task does not name', (s: AssignmentsService) => s.requestCoordination(ID, officer, 'k', { unitIds: ['hp-ubnd'], message: 'm' }), 422, ['unitIds']],
    ['coordination to the assignee itself', (s: AssignmentsService) => s.requestCoordination(ID, officer, 'k', { unitIds: ['hp-thcs-lechan-1'], message: 'm' }), 422, ['unitIds']],
  ])('%s: refused before anything is sent', async (_name, call, status, fields) => {
    const { svc, sent } = service(row());
    expect(await refusal(call(svc))).toEqual({ status, fields });
    expect(sent).toEqual([]);
  });

  it('coordination with a unit the task names goes to the workflow with a request id derived from the key', async () => {
    const { svc, sent } = service(row());
    const a = await svc.requestCoordination(ID, officer, 'key-7', { unitIds: ['hp-pgd-lechan'], message: 'Xin số liệu' });
    const again = await service(row()).svc.requestCoordination(ID, officer, 'key-7', { unitIds: ['hp-pgd-lechan'], message: 'Xin số liệu' });
    expect(a.requestId).toBe(again.requestId);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ name: requestCoordinationUpdate.name, updateId: 'key-7', args: [expect.objectContaining({ unitIds: ['hp-pgd-lechan'], requestId: a.requestId })] });
  });

  it('offers each caller only the actions the rule allows in the current state', async () => {
    jest.spyOn(AssignmentReadRepository.prototype, 'details').mockResolvedValue({ submissions: [], comments: [], extensions: [], coordinations: [], children: [], childSubmissions: [] } as never);
    const submitted = row({ state: 'submitted', submitted_at: new Date('2026-12-05T00:00:00Z') });
    const { svc } = service(submitted);
    expect((await svc.detail(ID, officer)).allowedActions).not.toContain('approve');
    expect((await svc.detail(ID, reviewer)).allowedActions).toEqual(expect.arrayContaining(['approve', 'return']));
    expect((await svc.detail(ID, reviewer)).allowedActions).not.toContain('submit');
  });
});
