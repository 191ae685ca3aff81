import { CacheKey, MemoryCache, type Cache } from '../../lib/cache';
import type { Logger } from '../../lib/logger';

export interface RateLimitDecision {
  allowed: boolean;
  /** Hits counted in the current window, this one included. */
  count: number;
  limit: number;
  /** Seconds until the window resets (when a refused client may try again). */
  retryAfterSeconds: number;
  /** `shared`: Redis, so the limit holds across replicas; `local`: this replica's fallback. */
  store: 'shared' | 'local';
}

export interface RateLimiterOptions {
  /** Counter name in the key (`ratelimit:{bucket}:{client}:{windowStart}`). */
  bucket: string;
  limit: number;
  windowSeconds: number;
  /** Redis in cluster mode: counters shared by every gateway replica. */
  shared: Cache;
  now?: () => number;
  log?: Logger;
  onFallback?: () => void;
}

/**
 * Fixed-window counters (`INCR` + expiry) in the shared cache. When the shared store fails the
 * count moves to a per-replica in-memory window: with N replicas a client then gets at most N
 * times the limit, which neither fails open (no limit at all) nor locks everyone out (refusing
 * all logins while Redis is away). A fixed window lets a client spend up to twice the limit
 * across a window boundary; for 5 logins a minute that is the accepted trade for one round trip.
 */
export class RateLimiter {
  private readonly local = new MemoryCache();
  private lastWarn = 0;

  constructor(private readonly options: RateLimiterOptions) {}

  get limit(): number {
    return this.options.limit;
  }

  /** Counts `hits` for `client` and says whether they fit in the current window. */
  async consume(client: string, hits = 1): Promise<RateLimitDecision> {
    const now = (this.options.now ?? Date.now)();
    const windowMs = this.options.windowSeconds * 1000;
    const windowStart = Math.floor(now / windowMs) * windowMs;
    const key = CacheKey.rateLimit(this.options.bucket, client, windowStart);
    const retryAfterSeconds = Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000));
    let store: RateLimitDecision['store'] = 'shared';
    let count: number;
    try {
      count = await this.increment(this.options.shared, key, hits);
    } catch (err) {
      store = 'local';
      this.warn(err);
      count = await this.increment(this.local, key, hits);
    }
    const limit = this.options.limit;
    return { allowed: count <= limit, count, limit, retryAfterSeconds, store };
  }

  private async increment(cache: Cache, key: string, hits: number): Promise<number> {
    const ttl = this.options.windowSeconds;
    const values = await Promise.all(Array.from({ length: Math.max(1, hits) }, () => cache.incr(key, ttl)));
    return Math.max(...values);
  }

  private warn(err: unknown) {
    this.options.onFallback?.();
    const now = Date.now();
    if (now - this.lastWarn < 10_000) return;
    this.lastWarn = now;
    this.options.log?.warn(
      { err: (err as Error)?.message, bucket: this.options.bucket },
      'rate-limit store unavailable; counting per replica',
    );
  }

  async close(): Promise<void> {
    await this.local.close();
  }
}
