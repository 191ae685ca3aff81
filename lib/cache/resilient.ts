import type { Logger } from '../logger';
import type { Cache } from './cache';

/**
 * Wraps a cache for read-through use: an outage turns reads into misses and writes into no-ops,
 * so answers come from the database, slower but correct (DESIGN.md, Caching).
 */
export function resilientCache(inner: Cache, log?: Logger): Cache {
  let lastWarn = 0;
  const warn = (err: unknown) => {
    const now = Date.now();
    if (now - lastWarn > 10_000) {
      lastWarn = now;
      log?.warn({ err: (err as Error)?.message }, 'cache unavailable; serving without it');
    }
  };
  const guard = async <T>(fallback: T, op: () => Promise<T>): Promise<T> => {
    try {
      return await op();
    } catch (err) {
      warn(err);
      return fallback;
    }
  };
  return {
    get: (key) => guard(null, () => inner.get(key)),
    mget: (keys) =>
      guard(
        keys.map(() => null),
        () => inner.mget(keys),
      ),
    set: (key, value, ttl) => guard(undefined, () => inner.set(key, value, ttl)),
    mset: (entries, ttl) => guard(undefined, () => inner.mset(entries, ttl)),
    del: (...keys) => guard(undefined, () => inner.del(...keys)),
    // Counters must not silently succeed: rate limiting handles the failure itself.
    incr: (key, ttl) => inner.incr(key, ttl),
    pttl: (key) => inner.pttl(key),
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
}
