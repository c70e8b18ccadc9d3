// Percentiles and the printed tables of the benchmarks.
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summary(samplesMs: number[]): { n: number; p50: number; p95: number; p99: number; mean: number } {
  const s = [...samplesMs].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return { n: s.length, p50: r(percentile(s, 50)), p95: r(percentile(s, 95)), p99: r(percentile(s, 99)), mean: r(s.reduce((a, b) => a + b, 0) / (s.length || 1)) };
}

export const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : NaN);

export function printTable(title: string, rows: Record<string, unknown>[]): void {
  if (!rows.length) return;
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'number' ? String(v) : String(v));
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => `| ${vals.map((v, i) => v.padEnd(width[i])).join(' | ')} |`;
  console.log(`\n${title}\n${line(cols)}\n|${width.map((w) => '-'.repeat(w + 2)).join('|')}|\n${rows.map((r) => line(cols.map((c) => cell(r[c])))).join('\n')}`);
}

/** Runs `fn` over `items` with at most `concurrency` in flight. */
export async function pool<T>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}

/**
 * Polls `count` every 100 ms until it reaches `target`; throws when it has not moved for `stallMs` (a stalled run,
 * named by `what`, rather than a bench that never ends).
 */
export async function waitForCount(what: string, count: () => Promise<number>, target: number, stallMs: number): Promise<void> {
  for (let last = -1, lastChange = Date.now(); ; ) {
    const c = await count();
    if (c >= target) return;
    if (c !== last) [last, lastChange] = [c, Date.now()];
    if (Date.now() - lastChange > stallMs) throw new Error(`${what} stalled at ${c}/${target}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
