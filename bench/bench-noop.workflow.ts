// Baselines of the benchmarks, run by a worker of the bench itself (not khflow's): a bare workflow that does nothing
// (fan-out: N bare starts), and a bare workflow whose Update returns at once (actions: the floor of an Update
// round-trip on this server). The latter ends when told to, so that a run leaves nothing behind.
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

export const benchNoopUpdate = defineUpdate<number, [number]>('benchNoop');
export const benchEndUpdate = defineUpdate<void>('benchEnd');

export async function benchNoopWorkflow(): Promise<void> {
  return;
}

export async function benchUpdateWorkflow(): Promise<void> {
  let ended = false;
  setHandler(benchNoopUpdate, (n) => n);
  setHandler(benchEndUpdate, () => void (ended = true));
  await condition(() => ended);
}
