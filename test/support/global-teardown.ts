import fs from 'node:fs';

/** Stops what the global setup started and removes its folder: nothing is left running, even after failures. */
export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>).__KHFLOW_TEST__ as { dir: string; stops: (() => Promise<void>)[] } | undefined;
  if (!state) return;
  for (const stop of state.stops.reverse()) await stop().catch((err) => console.warn(`teardown: ${err}`));
  fs.rmSync(state.dir, { recursive: true, force: true });
}
