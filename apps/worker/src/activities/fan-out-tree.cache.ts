// Issue 20: every node of a fan-out asks for its children, and each answer needs the whole tree as of the period's
// start (the directory's units and the task's targets): at 50,000 schools under 500 offices, loading and building it
// once per node is 500 × 50,000 units of work and starves the fan-out. The tree is the same for every node of one
// task and date while neither the directory nor the targets change, so it is built once and kept, keyed by both
// fingerprints; a few trees at most (one per task being fanned out at once), the oldest dropped first.
export class FanOutTreeCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly capacity = 4) {}

  /** The value for `key`, built by `build` once (callers asking while it is being built share the build); a failed
   *  build is forgotten, so the next caller tries again. */
  get(key: string, build: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit); // most recently used last
      return hit;
    }
    const built = build();
    this.entries.set(key, built);
    built.catch(() => {
      if (this.entries.get(key) === built) this.entries.delete(key);
    });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return built;
  }

  get size(): number {
    return this.entries.size;
  }
}
