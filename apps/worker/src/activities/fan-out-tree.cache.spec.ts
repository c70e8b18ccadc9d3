import { FanOutTreeCache } from './fan-out-tree.cache';

describe('FanOutTreeCache', () => {
  it.each<[string, string[], number, string[]]>([
    ['builds a key once, however many ask', ['a', 'a', 'a'], 4, ['a']],
    ['builds each key of its own', ['a', 'b', 'a', 'b'], 4, ['a', 'b']],
    ['drops the least recently used beyond its capacity, and builds it again when asked', ['a', 'b', 'c', 'a'], 2, ['a', 'b', 'c', 'a']],
    ['keeps a key used again since (b goes, not a)', ['a', 'b', 'a', 'c', 'a'], 2, ['a', 'b', 'c']],
  ])('%s', async (_name, asks, capacity, expectedBuilds) => {
    const cache = new FanOutTreeCache<string>(capacity);
    const builds: string[] = [];
    for (const k of asks) expect(await cache.get(k, async () => (builds.push(k), `tree ${k}`))).toBe(`tree ${k}`);
    expect(builds).toEqual(expectedBuilds);
    expect(cache.size).toBeLessThanOrEqual(capacity);
  });

  it('shares one build between callers that ask while it runs', async () => {
    const cache = new FanOutTreeCache<number>();
    let builds = 0;
    let release!: (n: number) => void;
    const pending = new Promise<number>((r) => (release = r));
    const asked = [cache.get('k', () => (builds++, pending)), cache.get('k', () => (builds++, pending))];
    release(7);
    expect(await Promise.all(asked)).toEqual([7, 7]);
    expect(builds).toBe(1);
  });

  it('forgets a failed build, so the next caller builds again', async () => {
    const cache = new FanOutTreeCache<number>();
    await expect(cache.get('k', async () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    expect(await cache.get('k', async () => 1)).toBe(1);
  });
});
