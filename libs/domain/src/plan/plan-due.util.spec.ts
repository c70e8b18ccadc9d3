import type { Timeframe } from '@khflow/contracts';
import { planDue } from './plan-due.util';

const once = (due: string): Timeframe => ({ kind: 'once', due });

describe('planDue: the deadline of a plan', () => {
  it.each([
    ['the horizon end wins', { until: '2025-12-31' }, [{ timeframe: once('2026-03-01') }], '2025-12-31'],
    ['else the latest task due date', null, [{ timeframe: once('2026-03-01') }, { timeframe: once('2026-05-20') }, { timeframe: once('2026-04-02') }], '2026-05-20'],
    ['a cancelled task does not count', null, [{ timeframe: once('2026-03-01') }, { timeframe: once('2026-09-01'), status: 'cancelled' }], '2026-03-01'],
    ['a period end counts', null, [{ timeframe: { kind: 'ongoing', start: '2026-01-01', end: '2026-06-30' } as Timeframe }], '2026-06-30'],
    ['a recurrence until counts', null, [{ timeframe: { kind: 'recurring', recurrence: { until: '2027-12-31' } } as unknown as Timeframe }], '2027-12-31'],
    ['open-ended work has none', { until: null }, [{ timeframe: { kind: 'ongoing' } as Timeframe }], null],
    ['no tasks, no horizon', undefined, [], null],
    ['a malformed stored date is ignored', { until: 'năm 2025' }, [{ timeframe: once('2026-13') }, { timeframe: null }], null],
  ])('%s', (_name, horizon, tasks, expected) => {
    expect(planDue(horizon, tasks as { timeframe: Timeframe | null; status?: string }[])).toBe(expected);
  });
});
