import { randomUUID } from 'node:crypto';
import { REDIS_URL } from '../../test/support/servers';
import type { Cache } from './cache';
import { MemoryCache } from './memory';
import { RedisCache } from './redis';

// One contract, two implementations: the embedded mode's cache must behave like Redis.
const implementations: [string, () => Promise<Cache>][] = [
  [
    'RedisCache (real Redis)',
    async () => {
      const cache = new RedisCache(REDIS_URL);
      await cache.ready();
      return cache;
    },
  ],
  ['MemoryCache', async () => new MemoryCache()],
];

describe.each(implementations)('Cache contract: %s', (_name, make) => {
  let cache: Cache;
  const key = (k: string) => `test:${randomUUID()}:${k}`;

  beforeAll(async () => {
    cache = await make();
  });
  afterAll(() => cache.close());

  it('round-trips values and reports misses as null', async () => {
    const k = key('a');
    expect(await cache.get(k)).toBeNull();
    await cache.set(k, 'value', 10);
    expect(await cache.get(k)).toBe('value');
  });

  it('expires keys after their TTL', async () => {
    const k = key('ttl');
    await cache.set(k, 'short', 0.3);
    expect(await cache.get(k)).toBe('short');
    const ttl = await cache.pttl(k);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);
    await new Promise((r) => setTimeout(r, 450));
    expect(await cache.get(k)).toBeNull();
    expect(await cache.pttl(k)).toBe(-1);
  });

  it('reads and writes several keys at once, in order', async () => {
    const [a, b, c] = [key('a'), key('b'), key('c')];
    await cache.mset(
      [
        [a, '1'],
        [c, '3'],
      ],
      10,
    );
    expect(await cache.mget([a, b, c])).toEqual(['1', null, '3']);
    expect(await cache.mget([])).toEqual([]);
  });

  it('deletes keys', async () => {
    const k = key('del');
    await cache.set(k, 'x', 10);
    await cache.del(k);
    expect(await cache.get(k)).toBeNull();
  });

  it('counts with incr and gives a new counter its TTL only once', async () => {
    const k = key('counter');
    expect(await cache.incr(k, 1)).toBe(1);
    const firstTtl = await cache.pttl(k);
    await new Promise((r) => setTimeout(r, 120));
    expect(await cache.incr(k, 1)).toBe(2);
    expect(await cache.incr(k, 1)).toBe(3);
    // The window does not slide: the TTL keeps running down from the first increment.
    expect(await cache.pttl(k)).toBeLessThan(firstTtl);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await cache.incr(k, 1)).toBe(1);
  });

  it('answers ping', async () => {
    expect(await cache.ping()).toBe(true);
  });
});
