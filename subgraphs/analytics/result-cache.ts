import type { Cache } from '../../lib/cache';
import { CacheTtl } from '../../lib/cache';
import type { Logger } from '../../lib/logger';

export interface ResultCacheOptions {
  /** Seconds a result lives in the cache; default CacheTtl.analytics (5 minutes). */
  ttlSeconds?: number;
  /**
   * Results whose JSON is longer than this are computed and served but not stored: a year of 1-minute
   * Bollinger bands is about 30 MB, and a handful of those would evict the rest of a 400 MB Redis.
   * Default 4 MB (a year of hourly candles, or ten years of daily ones, fit easily).
   */
  maxBytes?: number;
  log?: Logger;
  /** Called once per actual computation (cache miss), with the key: for metrics and tests. */
  onCompute?: (key: string) => void;
}

/**
 * Read-through cache for analytics results with single flight: concurrent requests for the same key in
 * this process share one cache read and, on a miss, one computation. Across replicas each computes at
 * most once per key and TTL (no distributed lock: with 3 to 10 replicas and cheap recomputation, a
 * lock's extra round trips and its waiting path during a Redis outage cost more than they save).
 *
 * Values are JSON: what a hit returns is deep-equal to what the computation returned, as long as the
 * computation returns plain data (arrays, not typed arrays). A Redis outage turns reads into misses
 * and writes into no-ops, so answers only get slower.
 */
export class ResultCache {
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly ttlSeconds: number;
  private readonly maxBytes: number;

  constructor(
    private readonly cache: Cache,
    private readonly options: ResultCacheOptions = {},
  ) {
    this.ttlSeconds = options.ttlSeconds ?? CacheTtl.analytics;
    this.maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
  }

  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const pending = this.inflight.get(key);
    if (pending) return pending as Promise<T>;
    const flight = this.readThrough(key, compute).finally(() => this.inflight.delete(key));
    this.inflight.set(key, flight);
    return flight;
  }

  /** Keys being computed or read right now (for tests and diagnostics). */
  get pending(): number {
    return this.inflight.size;
  }

  private async readThrough<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const raw = await this.cache.get(key).catch((err: unknown) => this.warn(err, key));
    if (typeof raw === 'string') {
      try {
        return JSON.parse(raw) as T;
      } catch {
        // a corrupt entry is a miss; the fresh result overwrites it
      }
    }
    this.options.onCompute?.(key);
    const value = await compute();
    const json = JSON.stringify(value);
    if (json.length <= this.maxBytes) {
      await this.cache.set(key, json, this.ttlSeconds).catch((err: unknown) => this.warn(err, key));
    }
    return value;
  }

  private warn(err: unknown, key: string): null {
    this.options.log?.warn({ err: (err as Error)?.message, key }, 'analytics cache unavailable');
    return null;
  }
}
