import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { ProblemException } from './problem-details.filter';
import { temporalCall } from './temporal-errors';

// A client whose connection runs the call as given (the deadline is the real code's business, not this fake's).
const client = { connection: { withDeadline: <T>(_d: number, fn: () => Promise<T>) => fn() } } as unknown as Client;
const notFound = () => new WorkflowNotFoundError('workflow not found', 'asg:x', undefined);

describe('temporalCall and a workflow that is about to start', () => {
  it.each<[string, boolean, number, 'answer' | 409]>([
    ['a new item whose workflow starts after two tries', true, 2, 'answer'],
    ['an item that is not new: no waiting, 409 at once', false, 1, 409],
  ])('%s', async (_name, mayBeStarting, failures, expected) => {
    let calls = 0;
    const fn = async () => {
      calls += 1;
      if (calls <= failures) throw notFound();
      return 'answer';
    };
    const got = await temporalCall(client, fn, { mayBeStarting }).catch((e: unknown) => e);
    if (expected === 'answer') {
      expect(got).toBe('answer');
      expect(calls).toBe(failures + 1);
    } else {
      expect(got).toBeInstanceOf(ProblemException);
      expect((got as ProblemException).getStatus()).toBe(409);
      expect(calls).toBe(1);
    }
  });

  it('answers 409 when the workflow never comes, within the call deadline', async () => {
    jest.useFakeTimers();
    try {
      let calls = 0;
      const p = temporalCall(client, async () => {
        calls += 1;
        throw notFound();
      }, { mayBeStarting: true }).catch((e: unknown) => e);
      await jest.advanceTimersByTimeAsync(30_000);
      const got = await p;
      expect(got).toBeInstanceOf(ProblemException);
      expect((got as ProblemException).getStatus()).toBe(409);
      expect(calls).toBeGreaterThan(3);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('temporalCall and a workflow that has ended', () => {
  const ended = new ProblemException({ status: 409, title: 'Version conflict', detail: 'approved meanwhile' });
  it.each<[string, Error, boolean, 'ended' | 'problem 409' | 'as is']>([
    ['a workflow that has ended: the caller’s answer', notFound(), true, 'ended'],
    ['the same without an answer of the caller: the generic 409', notFound(), false, 'problem 409'],
    ['any other failure: not the caller’s answer', new Error('boom'), true, 'as is'],
  ])('%s', async (_name, failure, withEnded, expected) => {
    const asked: string[] = [];
    const got = await temporalCall(client, async () => Promise.reject(failure), withEnded ? { ended: async () => (asked.push('ended'), ended) } : {}).catch((e: unknown) => e);
    if (expected === 'ended') expect(got).toBe(ended);
    if (expected === 'problem 409') expect([got instanceof ProblemException, (got as ProblemException).getStatus(), JSON.stringify((got as ProblemException).getResponse())]).toEqual([true, 409, expect.stringContaining('not running')]);
    if (expected === 'as is') expect(got).toBe(failure);
    expect(asked).toEqual(expected === 'ended' ? ['ended'] : []);
  });
});
