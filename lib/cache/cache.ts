/**
 * The cache both implementations provide: Redis in cluster mode, an in-process map in the
 * embedded mode. One contract test suite runs against both.
 */
export interface Cache {
  get(key: string): Promise<string | null>;
  mget(keys: string[]): Promise<(string | null)[]>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** Sets several keys with one TTL in one round trip. */
  mset(entries: [key: string, value: string][], ttlSeconds: number): Promise<void>;
  del(...keys: string[]): Promise<void>;
  /** Increments a counter, giving it `ttlSeconds` when it is created; returns the new value. */
  incr(key: string, ttlSeconds: number): Promise<number>;
  /** Remaining time to live in milliseconds, or -1 when the key is missing or has none. */
  pttl(key: string): Promise<number>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export async function getJson<T>(cache: Cache, key: string): Promise<T | null> {
  const raw = await cache.get(key);
  return raw === null ? null : (JSON.parse(raw) as T);
}

export function setJson(cache: Cache, key: string, value: unknown, ttlSeconds: number): Promise<void> {
  return cache.set(key, JSON.stringify(value), ttlSeconds);
}
