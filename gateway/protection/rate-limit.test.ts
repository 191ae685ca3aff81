import { MemoryCache, type Cache } from '../../lib/cache';
import { RateLimiter } from './rate-limit';

/** A shared store that can be switched off, like Redis going away. */
function switchableStore(now: () => number) {
  const inner = new MemoryCache(now);
  let down = false;
  const store: Cache = Object.assign(Object.create(inner) as Cache, {
    incr: (key: string, ttl: number) =>
      down ? Promise.reject(new Error('Connection is closed.')) : inner.incr(key, ttl),
  });
  return { store, inner, setDown: (value: boolean) => (down = value) };
}

describe('RateLimiter', () => {
  let clock: number;
  const now = () => clock;
  beforeEach(() => {
    clock = Date.UTC(2025, 0, 1, 12, 0, 10); // 10 s into a minute
  });

  it('allows `limit` hits per window, then refuses with the seconds left in the window', async () => {
    const { store } = switchableStore(now);
    const limiter = new RateLimiter({ bucket: 'auth', limit: 5, windowSeconds: 60, shared: store, now });
    for (let i = 1; i <= 5; i++)
      expect(await limiter.consume('203.0.113.1')).toMatchObject({
        allowed: true,
        count: i,
        store: 'shared',
      });
    expect(await limiter.consume('203.0.113.1')).toEqual({
      allowed: false,
      count: 6,
      limit: 5,
      retryAfterSeconds: 50,
      store: 'shared',
    });
    // Another client has its own counter.
    expect((await limiter.consume('203.0.113.2')).allowed).toBe(true);
    // The next window starts afresh.
    clock += 50_000;
    expect(await limiter.consume('203.0.113.1')).toMatchObject({ allowed: true, count: 1 });
    await limiter.close();
  });

  it('counts several hits at once (aliased fields in one operation)', async () => {
    const { store } = switchableStore(now);
    const limiter = new RateLimiter({ bucket: 'auth', limit: 5, windowSeconds: 60, shared: store, now });
    expect(await limiter.consume('c', 4)).toMatchObject({ allowed: true, count: 4 });
    expect(await limiter.consume('c', 2)).toMatchObject({ allowed: false, count: 6 });
    await limiter.close();
  });

  it('keeps limiting per replica while the shared store is down, and returns to it afterwards', async () => {
    const { store, setDown } = switchableStore(now);
    let fallbacks = 0;
    const limiter = new RateLimiter({
      bucket: 'auth',
      limit: 3,
      windowSeconds: 60,
      shared: store,
      now,
      onFallback: () => fallbacks++,
    });
    expect(await limiter.consume('c')).toMatchObject({ allowed: true, store: 'shared' });
    setDown(true);
    // Neither open (no limit) nor closed (everyone refused): a fresh local window.
    const local = [];
    for (let i = 0; i < 4; i++) local.push(await limiter.consume('c'));
    expect(local.map((d) => [d.allowed, d.store])).toEqual([
      [true, 'local'],
      [true, 'local'],
      [true, 'local'],
      [false, 'local'],
    ]);
    expect(fallbacks).toBe(4);
    setDown(false);
    expect(await limiter.consume('c')).toMatchObject({ allowed: true, count: 2, store: 'shared' });
    await limiter.close();
  });
});
