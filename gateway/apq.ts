import type { PersistedQueryOptions } from '@apollo/server';
import { CacheKey, type Cache } from '../lib/cache';

type KeyValueCache = NonNullable<PersistedQueryOptions['cache']>;

/** How long a registered query stays; clients re-register transparently after it expires. */
export const APQ_TTL_SECONDS = 24 * 60 * 60;

/**
 * Automatic persisted queries in Redis, so a hash registered through one replica is known to
 * all. Apollo Server prefixes its keys with `apq:` itself, which is exactly
 * `CacheKey.persistedQuery(hash)`; the adapter checks that instead of adding a second prefix.
 * Pass the read-through (resilient) cache: with Redis away a lookup is a miss and the client
 * simply sends the full query again.
 */
export function persistedQueryCache(cache: Cache, ttlSeconds = APQ_TTL_SECONDS): KeyValueCache {
  const keyOf = (key: string) => {
    if (!key.startsWith(CacheKey.persistedQuery(''))) throw new Error(`Unexpected APQ cache key ${key}`);
    return key;
  };
  return {
    async get(key) {
      return (await cache.get(keyOf(key))) ?? undefined;
    },
    async set(key, value, options) {
      await cache.set(keyOf(key), value, options?.ttl ?? ttlSeconds);
    },
    async delete(key) {
      await cache.del(keyOf(key));
    },
  };
}
