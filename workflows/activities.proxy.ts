import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { EngineActivities } from '@khflow/contracts';

/** Activities retry until PostgreSQL answers again; each one is idempotent, so a retry never writes twice. */
export function engineActivities() {
  return proxyActivities<EngineActivities>({
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  });
}

/** Short reads run as local activities (recorded as markers, no task-queue round trip): one per workflow run adds
 *  little to a fan-out of thousands of assignments. */
export function engineLocalActivities() {
  return proxyLocalActivities<Pick<EngineActivities, 'workingCalendar'>>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  });
}

/**
 * Issue 20: the assignment's projection (read-model rows, audit entry and notices in one transaction, idempotent by
 * its event key) as a local activity: run by the worker that runs the workflow, recorded as a marker, so an action
 * costs one workflow task instead of two plus an activity task through the server. Same timeout and retries as the
 * activity it replaces; a retry never writes twice.
 */
export function engineLocalProjection() {
  return proxyLocalActivities<Pick<EngineActivities, 'recordAssignmentEvent'>>({
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  });
}
