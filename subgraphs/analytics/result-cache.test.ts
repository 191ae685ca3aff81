import { MemoryCache, type Cache } from '../../lib/cache';
import { ResultCache } from './result-cache';

/** A computation that counts its runs and finishes when told to. */
function gate<T>(value: T) {
  let runs = 0;
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  return {
    compute: async () => {
      runs++;
      await released;
      return value;
    },
    release: () => release(),
    runs: () => runs,
  };
}

describe('ResultCache', () => {
  let cache: MemoryCache;
  beforeEach(() => (cache = new MemoryCache()));
  afterEach(() => cache.close());

  it('computes once for concurrent requests of a missing key, and stores the result with the TTL', async () => {
    const results = new ResultCache(cache, { ttlSeconds: 300 });
    const g = gate({ t: [1, 2], v: [0.5, 0.25] });
    const all = Array.from({ length: 25 }, () => results.get('k', g.compute));
    await new Promise((r) => setTimeout(r, 10));
    expect(results.pending).toBe(1);
    g.release();
    const values = await Promise.all(all);
    expect(g.runs()).toBe(1);
    for (const v of values) expect(v).toEqual({ t: [1, 2], v: [0.5, 0.25] });
    expect(JSON.parse((await cache.get('k'))!)).toEqual({ t: [1, 2], v: [0.5, 0.25] });
    expect(await cache.pttl('k')).toBeGreaterThan(299_000);
    expect(results.pending).toBe(0);
  });

  it('serves later requests from the cache without computing', async () => {
    const results = new ResultCache(cache);
    await cache.set('k', JSON.stringify([1, null, 3]), 60);
    const compute = jest.fn(async () => [0]);
    expect(await results.get('k', compute)).toEqual([1, null, 3]);
    expect(compute).not.toHaveBeenCalled();
  });

  it('caches null results too (a metric that is undefined for the window)', async () => {
    const results = new ResultCache(cache);
    const compute = jest.fn(async () => null);
    expect(await results.get('k', compute)).toBeNull();
    expect(await results.get('k', compute)).toBeNull();
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('shares a failure with the waiting requests, caches nothing, and computes again next time', async () => {
    const results = new ResultCache(cache);
    let fail = true;
    const compute = jest.fn(async () => {
      await new Promise((r) => setTimeout(r, 5));
      if (fail) throw new Error('database down');
      return 42;
    });
    const settled = await Promise.allSettled([results.get('k', compute), results.get('k', compute)]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(compute).toHaveBeenCalledTimes(1);
    expect(await cache.get('k')).toBeNull();
    fail = false;
    expect(await results.get('k', compute)).toBe(42);
    expect(compute).toHaveBeenCalledTimes(2);
  });

  it('treats a corrupt entry as a miss and overwrites it', async () => {
    const results = new ResultCache(cache);
    await cache.set('k', '{"t": [1,', 60);
    expect(await results.get('k', async () => ({ ok: true }))).toEqual({ ok: true });
    expect(await cache.get('k')).toBe('{"ok":true}');
  });

  it('computes and serves results too large to store, without storing them', async () => {
    const results = new ResultCache(cache, { maxBytes: 100 });
    const big = Array.from({ length: 100 }, (_, i) => i / 7);
    expect(await results.get('big', async () => big)).toEqual(big);
    expect(await cache.get('big')).toBeNull();
    expect(await results.get('small', async () => [1])).toEqual([1]);
    expect(await cache.get('small')).toBe('[1]');
  });

  it('answers when the cache itself fails (reads and writes throwing)', async () => {
    const broken: Cache = Object.assign(Object.create(cache) as Cache, {
      get: () => Promise.reject(new Error('ECONNREFUSED')),
      set: () => Promise.reject(new Error('ECONNREFUSED')),
    });
    const warnings: unknown[] = [];
    const results = new ResultCache(broken, {
      log: { warn: (...a: unknown[]) => warnings.push(a) } as never,
    });
    const g = gate(7);
    const all = [results.get('k', g.compute), results.get('k', g.compute)];
    g.release();
    expect(await Promise.all(all)).toEqual([7, 7]);
    expect(g.runs()).toBe(1);
    expect(warnings.length).toBeGreaterThan(0);
  });
});
