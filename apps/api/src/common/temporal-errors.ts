// Workflow validators reject actions with an ApplicationFailure whose type says why; the API turns that into
// problem details. VersionConflict carries the assignment's current state, returned with the 409.
import { type Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { TEMPORAL_CALL_TIMEOUT_MS } from './dependency-errors';
import { ApplicationFailure } from '@temporalio/common';
import { ProblemException } from './problem-details.filter';

const STATUS_OF: Record<string, number> = {
  VersionConflict: 409,
  InvalidTransition: 409,
  WaitingForReports: 409,
  Duplicate: 409,
  Forbidden: 403,
  NotFound: 404,
  Invalid: 422,
};

export function toProblem(err: unknown): unknown {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const f = err.cause;
    const status = STATUS_OF[f.type ?? ''] ?? 422;
    const current = f.details?.[0];
    return new ProblemException({
      status,
      title: f.type === 'VersionConflict' ? 'Version conflict' : status === 409 ? 'Conflict' : status === 403 ? 'Forbidden' : 'Action refused',
      detail: f.message,
      reason: f.type ?? null,
      ...(current ? { current } : {}),
    });
  }
  if (err instanceof WorkflowNotFoundError) return new ProblemException({ status: 409, title: 'Conflict', detail: 'the workflow of this item is not running (it has ended or not started yet)' });
  return err;
}

/**
 * Runs a Temporal call within a deadline and rethrows its refusals as problem details (and an unreachable
 * Temporal as 503, through the filter).
 */
export async function temporalCall<T>(client: Client, fn: () => Promise<T>, opts: { mayBeStarting?: boolean; ended?: () => Promise<unknown> } = {}): Promise<T> {
  const deadline = Date.now() + TEMPORAL_CALL_TIMEOUT_MS;
  for (let wait = 50; ; wait = Math.min(wait * 2, 1000)) {
    try {
      return await client.connection.withDeadline(deadline, fn);
    } catch (err) {
      // A workflow whose row is already in the read model and is about to start: try again within the deadline.
      if (opts.mayBeStarting && err instanceof WorkflowNotFoundError && Date.now() + wait < deadline - STARTING_GRACE_MS) {
        await new Promise((r) => setTimeout(r, wait));
        continue;
      }
      // The workflow has ended (e.g. approved a moment ago by someone else): the caller says what that means.
      if (opts.ended && err instanceof WorkflowNotFoundError) throw await opts.ended();
      throw toProblem(err);
    }
  }
}

/** How long before the call's deadline waiting for a starting workflow stops (the answer is then the 409). */
const STARTING_GRACE_MS = TEMPORAL_CALL_TIMEOUT_MS / 2;
