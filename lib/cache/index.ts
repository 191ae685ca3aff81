import type { Logger } from '../logger';
import type { Cache } from './cache';
import { MemoryCache } from './memory';
import { RedisCache } from './redis';

export * from './cache';
export * from './keys';
export { MemoryCache } from './memory';
export { RedisCache } from './redis';
export { resilientCache } from './resilient';

/** Redis when a URL is configured, otherwise the in-process cache (embedded mode). */
export function createCache(redisUrl: string | undefined, _log?: Logger): Cache {
  return redisUrl ? new RedisCache(redisUrl) : new MemoryCache();
}
