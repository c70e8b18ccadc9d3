import { proxyActivities } from '@temporalio/workflow';
import type { EngineActivities } from '@khflow/contracts';

/** Activities retry until PostgreSQL answers again; each one is idempotent, so a retry never writes twice. */
export function engineActivities() {
  return proxyActivities<EngineActivities>({
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  });
}
