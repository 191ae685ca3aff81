import { Redis } from 'ioredis';
import type { Cache } from './cache';

/**
 * Redis-backed cache. Commands fail fast while Redis is down (no offline queue, one retry,
 * a short command timeout) so callers can fall back instead of hanging; the client keeps
 * reconnecting in the background.
 */
export class RedisCache implements Cache {
  readonly client: Redis;

  constructor(url: string, options: { commandTimeoutMs?: number } = {}) {
    this.client = new Redis(url, {
      lazyConnect: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: options.commandTimeoutMs ?? 1000,
      connectTimeout: 2000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    // Errors surface through failing commands; an unhandled 'error' event would crash the process.
    this.client.on('error', () => undefined);
  }

  /** Resolves once connected (or rejects after `timeoutMs`). */
  async ready(timeoutMs = 5000): Promise<void> {
    if (this.client.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('Redis not ready in time')), timeoutMs);
      this.client.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async get(key: string) {
    return this.client.get(key);
  }
  async mget(keys: string[]) {
    return keys.length ? this.client.mget(...keys) : [];
  }
  async set(key: string, value: string, ttlSeconds: number) {
    await this.client.set(key, value, 'PX', Math.round(ttlSeconds * 1000));
  }
  async mset(entries: [string, string][], ttlSeconds: number) {
    if (!entries.length) return;
    const pipeline = this.client.pipeline();
    for (const [k, v] of entries) pipeline.set(k, v, 'PX', Math.round(ttlSeconds * 1000));
    const results = await pipeline.exec();
    const failed = results?.find(([err]) => err);
    if (failed) throw failed[0];
  }
  async del(...keys: string[]) {
    if (keys.length) await this.client.del(...keys);
  }
  async incr(key: string, ttlSeconds: number) {
    // INCR and PEXPIRE NX in one round trip: the TTL is set only when the counter is new.
    const results = await this.client
      .multi()
      .incr(key)
      .pexpire(key, Math.round(ttlSeconds * 1000), 'NX')
      .exec();
    const [err, value] = results?.[0] ?? [new Error('empty reply'), null];
    if (err) throw err;
    return Number(value);
  }
  async pttl(key: string) {
    const ms = await this.client.pttl(key);
    return ms < 0 ? -1 : ms;
  }
  async ping() {
    try {
      return (await this.client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }
  async close() {
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }
}
