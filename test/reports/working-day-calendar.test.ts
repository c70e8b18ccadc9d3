// The working-day calendar over HTTP against the real PostgreSQL and Temporal: the migration seeds the official
// calendar 2024–2027 (the same data as @khflow/domain), "trong 05 ngày làm việc" over Tết lands on the right day,
// administrators edit the calendar (audited, others are refused) and the computed due date follows; a plan
// drafted with that due date is scheduled by the engine for the end of that day, and the deadline schedule built on
// the calendar read from the database moves a due date that falls on Tết to the first working day after it.
import { buildCalendar, deadlineAt, deadlineSchedule, VN_OFFICIAL_CALENDAR_DAYS } from '@khflow/domain';
import { loadCalendarDays } from '@khflow/persistence';
import { type ApiSystem, startApiSystem } from '../api/api-harness';
import { assignmentsOf } from '../engine/engine-harness';
import { waitFor } from '../support/test-env';

jest.setTimeout(300_000);

describe('the working-day calendar', () => {
  let sys: ApiSystem;
  let admin: string;
  let owner: string;

  beforeAll(async () => {
    sys = await startApiSystem();
    admin = await sys.login('admin');
    owner = await sys.login('owner.hp-sgddt');
  });
  afterAll(async () => sys?.close());

  it('is seeded with the official calendar 2024–2027, the same data the pure rules carry', async () => {
    const rows = await loadCalendarDays(sys.engine.ds);
    expect(rows.map((r) => ({ date: r.date, kind: r.kind, name: r.name, tentative: r.tentative }))).toEqual(
      [...VN_OFFICIAL_CALENDAR_DAYS].sort((a, b) => a.date.localeCompare(b.date)).map((d) => ({ date: d.date, kind: d.kind, name: d.name, tentative: !!d.tentative })),
    );
    const y2025 = (await sys.call('GET', '/calendar?year=2025', { token: owner })).body;
    expect(y2025.weekendDays).toEqual([0, 6]);
    expect(y2025.days.filter((d: { name: string }) => d.name.startsWith('Tết Nguyên đán')).map((d: { date: string }) => d.date)).toEqual(['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31']);
    expect((await sys.call('GET', '/calendar?year=99', { token: owner })).body.errors).toEqual([{ field: 'year', message: expect.any(String) }]);
  });

  it('counts working days over Tết and moves a due date off a holiday', async () => {
    const five = (await sys.call('GET', '/calendar/due?from=2025-01-23&workingDays=5', { token: owner })).body;
    expect(five.due).toBe('2025-02-06');
    expect(five.skipped.map((s: { date: string }) => s.date)).toEqual(['2025-01-25', '2025-01-26', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02']);
    expect(five.skipped[4]).toEqual({ date: '2025-01-29', reason: 'Tết Nguyên đán Ất Tỵ (mùng 1)' });
    expect((await sys.call('GET', '/calendar/due?date=2026-02-17', { token: owner })).body.due).toBe('2026-02-23');
    expect((await sys.call('GET', '/calendar/due?date=2026-02-17&onNonWorkingDay=keep', { token: owner })).body.due).toBe('2026-02-17');
    const bad = await sys.call('GET', '/calendar/due?from=2025-02-30&workingDays=x', { token: owner });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['from', 'workingDays']);
  });

  it('lets administrators add a day off (audited), refuses others, and the due date follows', async () => {
    expect((await sys.call('GET', '/calendar/due?from=2027-02-03&workingDays=5', { token: owner })).body.due).toBe('2027-02-17');
    const refused = await sys.call('PUT', '/calendar/days/2027-02-11', { token: owner, body: { kind: 'holiday', name: 'Nghỉ Tết bổ sung' } });
    expect(refused.status).toBe(403);
    expect((await sys.call('PUT', '/calendar/days/2027-02-30', { token: admin, body: { kind: 'holiday', name: 'x' } })).body.errors).toEqual([{ field: 'date', message: 'must be a date YYYY-MM-DD' }]);
    expect((await sys.call('PUT', '/calendar/days/2027-02-11', { token: admin, body: { kind: 'vacation', name: 'x' } })).body.errors).toEqual([{ field: 'kind', message: expect.stringContaining('must be one of') }]);
    const set = await sys.call('PUT', '/calendar/days/2027-02-11', { token: admin, body: { kind: 'day_off', name: 'Nghỉ hoán đổi dịp Tết Đinh Mùi', reason: 'Theo thông báo của Bộ Nội vụ' } });
    expect(set).toMatchObject({ status: 200, body: { date: '2027-02-11', kind: 'day_off', updatedBy: expect.stringContaining('admin') } });
    expect((await sys.call('PUT', '/calendar/days/2027-02-20', { token: admin, body: { kind: 'working_day', name: 'Làm bù cho thứ Năm 11/02/2027' } })).status).toBe(200);
    expect((await sys.call('GET', '/calendar/due?from=2027-02-03&workingDays=5', { token: owner })).body.due).toBe('2027-02-18');
    expect((await sys.call('GET', '/calendar/due?from=2027-02-03&workingDays=3', { token: owner })).body.due).toBe('2027-02-16');
    expect((await sys.call('GET', '/calendar/due?from=2027-02-17&workingDays=2', { token: owner })).body.due).toBe('2027-02-19');
    expect((await sys.call('GET', '/calendar/due?from=2027-02-17&workingDays=3', { token: owner })).body.due).toBe('2027-02-20');
    const audit = await sys.engine.ds.query(`SELECT action, entity_id, details FROM audit_log WHERE entity_type = 'calendar_day' ORDER BY seq`);
    expect(audit).toEqual([
      { action: 'calendar.day_set', entity_id: '2027-02-11', details: { reason: 'Theo thông báo của Bộ Nội vụ' } },
      { action: 'calendar.day_set', entity_id: '2027-02-20', details: null },
    ]);
    const removed = await sys.call('DELETE', '/calendar/days/2027-02-20', { token: admin });
    expect(removed).toMatchObject({ status: 200, body: { removed: true } });
    expect((await sys.call('DELETE', '/calendar/days/2027-02-20', { token: admin })).status).toBe(404);
  });

  it('drafts "trong 05 ngày làm việc" over Tết as a due date the engine keeps, and schedules a Tết due date after Tết', async () => {
    // The day off added above moved the fifth working day after 03/02/2027 from 17/02 to 18/02.
    const { due } = (await sys.call('GET', '/calendar/due?from=2027-02-03&workingDays=5', { token: owner })).body;
    expect(due).toBe('2027-02-18');
    const created = await sys.call('POST', '/plans', {
      token: owner,
      body: { title: 'Kế hoạch rà soát sau Tết', issuerUnitId: 'hp-sgddt', tasks: [{ ref: '1', title: 'Báo cáo rà soát', lead: [{ unitId: 'hp-sgddt-khtc' }], coordinators: [], timeframe: { kind: 'once', text: 'trong 05 ngày làm việc kể từ ngày 03/02/2027', due } }] },
    });
    expect(created.status).toBe(201);
    expect((await sys.call('POST', `/plans/${created.body.id}/launch`, { token: owner })).status).toBe(202);
    await waitFor(async () => (await assignmentsOf(sys.engine.ds, created.body.id)).length === 1, { timeoutMs: 60_000 });
    const [a] = await sys.engine.ds.query(`SELECT to_char(due, 'YYYY-MM-DD') AS due, due_at FROM assignment WHERE plan_id = $1`, [created.body.id]);
    expect(a.due).toBe('2027-02-18');
    expect(new Date(a.due_at).toISOString()).toBe('2027-02-18T16:59:59.999Z');

    // The deadline schedule on the calendar as stored (with the administrator's change) — what the engine runs.
    const cal = buildCalendar((await loadCalendarDays(sys.engine.ds)).map((r) => ({ date: r.date, kind: r.kind, name: r.name })));
    const schedule = deadlineSchedule({ due: '2027-02-08', reminderOffsetsDays: [1], escalateSupervisorAfterHours: 0, escalateNextLevelAfterHours: 0, calendar: cal });
    expect(schedule.find((e) => e.kind === 'overdue')!.at).toBe(deadlineAt('2027-02-12'));
    expect(schedule.find((e) => e.kind === 'reminder')!.at).toBe(deadlineAt('2027-02-03'));
  });

  it('tells the running assignments an edit moves (and only those): a holiday on their due day, then its removal', async () => {
    const launch = async (title: string, due: string) => {
      const created = await sys.call('POST', '/plans', { token: owner, body: { title, issuerUnitId: 'hp-sgddt', tasks: [{ ref: '1', title, lead: [{ unitId: 'hp-sgddt-khtc' }], coordinators: [], timeframe: { kind: 'once', due } }] } });
      expect((await sys.call('POST', `/plans/${created.body.id}/launch`, { token: owner })).status).toBe(202);
      await waitFor(async () => (await assignmentsOf(sys.engine.ds, created.body.id)).length === 1, { timeoutMs: 60_000 });
      return (await assignmentsOf(sys.engine.ds, created.body.id))[0].workflow_id as string;
    };
    // Tuesday 15/06/2027, and a plan of a month later that no edit of mid-June reaches.
    const near = await launch('Báo cáo giữa năm', '2027-06-15');
    const later = await launch('Báo cáo tháng 7', '2027-07-15');
    const signals = async (workflowId: string) =>
      ((await sys.engine.client.workflow.getHandle(workflowId).fetchHistory()).events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'calendarChanged').length;

    const set = await sys.call('PUT', '/calendar/days/2027-06-15', { token: admin, body: { kind: 'holiday', name: 'Nghỉ bù' } });
    expect(set).toMatchObject({ status: 200, body: { date: '2027-06-15', kind: 'holiday', assignmentsTold: 1 } });
    await waitFor(async () => (await signals(near)) === 1, { timeoutMs: 30_000 });
    // An edit far from a due date (a holiday a month later than every reminder) tells nobody.
    expect((await sys.call('PUT', '/calendar/days/2027-05-03', { token: admin, body: { kind: 'holiday', name: 'Nghỉ' } })).body.assignmentsTold).toBe(0);
    expect((await sys.call('DELETE', '/calendar/days/2027-05-03', { token: admin })).body).toMatchObject({ removed: true, assignmentsTold: 0 });
    // Removing the holiday moves the deadline back: told again.
    expect((await sys.call('DELETE', '/calendar/days/2027-06-15', { token: admin })).body).toMatchObject({ removed: true, assignmentsTold: 1 });
    await waitFor(async () => (await signals(near)) === 2, { timeoutMs: 30_000 });
    expect(await signals(later)).toBe(0);
  });
});
