/**
 * Every cache key pattern and TTL, defined once (DESIGN.md, Caching; the deployment guide's
 * table). Keys carry every parameter that changes the answer.
 */
export const CacheTtl = {
  price: 5,
  analytics: 5 * 60,
  sentiment: 60 * 60,
  userProfile: 15 * 60,
} as const;

export const CacheKey = {
  price: (coinId: string) => `price:${coinId}`,
  /** `period` encodes interval, window and the metric's parameters, e.g. `DAY_1-90d-12-26-9`. */
  analytics: (metric: string, coinId: string, period: string) => `analytics:${metric}:${coinId}:${period}`,
  sentiment: (coinId: string) => `sentiment:${coinId}`,
  userProfile: (userId: string) => `user:${userId}`,
  /** Fixed-window rate-limit counter; the window start keeps keys from living forever. */
  rateLimit: (bucket: string, client: string, windowStart: number) =>
    `ratelimit:${bucket}:${client}:${windowStart}`,
  persistedQuery: (hash: string) => `apq:${hash}`,
} as const;
