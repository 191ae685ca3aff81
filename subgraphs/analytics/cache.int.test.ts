/**
 * The analytics result cache on the real Redis: keys and TTLs as DESIGN.md specifies, hits shared
 * across replicas, single flight under concurrent requests, answers through a Redis outage; and heavy
 * computations on real worker threads giving the same answers as inline ones.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { CacheKey, CacheTtl, RedisCache, resilientCache, type Cache } from '../../lib/cache';
import { REDIS_URL } from '../../test/support/servers';
import { poolRunner } from './runner';
import { analyticsHarness, fixtureCandles, syntheticCandles, type Harness } from './testing';

jest.setTimeout(60_000);

const NOW = Date.UTC(2025, 2, 10, 9, 15);
const sfx = randomBytes(5).toString('hex');
const COIN = `it-cache-${sfx}`;
const SELECTION = `sma(period: 20) { t v } macd { t macd signal histogram } rsi { t v } volatility
  drawdown { maxDrawdown peakAt troughAt recoveredAt } valueAtRisk95 latest { t rsi }`;
const KEYS = [
  CacheKey.analytics('sma', COIN, 'DAY_1-90d-20'),
  CacheKey.analytics('macd', COIN, 'DAY_1-90d-12-26-9'),
  CacheKey.analytics('rsi', COIN, 'DAY_1-90d-14'),
  CacheKey.analytics('rsi_latest', COIN, 'DAY_1-90d-14'),
  CacheKey.analytics('volatility', COIN, 'DAY_1-90d'),
  CacheKey.analytics('drawdown', COIN, 'DAY_1-90d'),
  CacheKey.analytics('var', COIN, 'DAY_1-90d-c0.95'),
  CacheKey.analytics('window', COIN, 'DAY_1-90d'),
];

let redis: RedisCache;
let cache: Cache;
const harnesses: Harness[] = [];

function harness(c: Cache, delayMs = 0) {
  const fixtures = fixtureCandles(delayMs);
  fixtures.set(COIN, 'DAY_1', syntheticCandles(600, 'DAY_1', NOW, { seed: 99 }));
  const h = analyticsHarness({ cache: c, candles: fixtures.source, now: NOW });
  harnesses.push(h);
  return { h, fixtures };
}

async function answer(h: Harness) {
  const res = await h.analytics(COIN, '', SELECTION);
  expect(res.errors).toBeUndefined();
  return res.data!._entities[0]!.analytics;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

beforeAll(async () => {
  redis = new RedisCache(REDIS_URL);
  await redis.ready();
  cache = resilientCache(redis);
});
afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.close()));
  await redis.client.del(...KEYS);
  await redis.close();
});

describe('analytics results in Redis', () => {
  let first: unknown;

  it('are stored under analytics:{metric}:{coin}:{period} for 5 minutes, as served', async () => {
    const { h } = harness(cache);
    first = await answer(h);
    expect(h.computed.sort()).toEqual([...KEYS].sort());
    for (const key of KEYS) {
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(CacheTtl.analytics * 1000 - 10_000);
      expect(ttl).toBeLessThanOrEqual(CacheTtl.analytics * 1000);
    }
    const sma = JSON.parse((await redis.get(KEYS[0]!))!) as { t: number[]; v: number[] };
    const served = (first as { sma: { t: string; v: number }[] }).sma;
    expect(sma.t.map((t) => new Date(t).toISOString())).toEqual(served.map((p) => p.t));
    expect(sma.v).toEqual(served.map((p) => p.v));
  });

  it('are shared by every replica: another service instance answers from Redis without computing', async () => {
    const { h, fixtures } = harness(cache);
    expect(await answer(h)).toEqual(first);
    expect(h.computed).toEqual([]);
    expect(fixtures.loads).toEqual([]);
  });

  it('are computed once for many concurrent requests of a missing key (single flight)', async () => {
    await redis.client.del(...KEYS);
    const { h, fixtures } = harness(cache, 150); // a slow database keeps the requests overlapping
    const answers = await Promise.all(Array.from({ length: 20 }, () => answer(h)));
    for (const a of answers) expect(a).toEqual(first);
    // One computation per key and one candle read in all.
    expect(h.computed.sort()).toEqual([...KEYS].sort());
    expect(fixtures.loads).toHaveLength(1);
  });

  it('are still answered, only slower, while Redis is unreachable', async () => {
    const down = new RedisCache(`redis://127.0.0.1:${await freePort()}`, { commandTimeoutMs: 200 });
    try {
      const { h } = harness(resilientCache(down));
      const started = Date.now();
      expect(await answer(h)).toEqual(first);
      expect(await answer(h)).toEqual(first);
      // Nothing could be cached, so the second request computed everything again.
      expect(h.computed).toHaveLength(2 * KEYS.length);
      // Concurrent requests still share their computations.
      h.computed.length = 0;
      await Promise.all(Array.from({ length: 5 }, () => answer(h)));
      expect(h.computed.sort()).toEqual([...KEYS].sort());
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await down.close();
    }
  });
});

describe('the worker pool', () => {
  it('runs large computations on worker threads with the same answers as inline', async () => {
    const fixtures = fixtureCandles();
    fixtures.set(COIN, 'HOUR_1', syntheticCandles(24 * 200, 'HOUR_1', NOW, { seed: 4, sigma: 0.004 }));
    const sel =
      'ema(period: 50) { t v } macd { t macd signal histogram } bollinger { t upper middle lower } sharpeRatio';
    const none = { get: async () => null, set: async () => undefined } as unknown as Cache;
    const threads = poolRunner({ inlineBelow: 1000, threads: 2 });
    const pooled = analyticsHarness({ cache: none, candles: fixtures.source, now: NOW, runner: threads });
    const inline = analyticsHarness({ cache: none, candles: fixtures.source, now: NOW });
    harnesses.push(pooled, inline);
    const [a, b] = await Promise.all([
      pooled.analytics(COIN, '(interval: HOUR_1, days: 150)', sel),
      inline.analytics(COIN, '(interval: HOUR_1, days: 150)', sel),
    ]);
    expect(a.errors).toBeUndefined();
    expect(threads.started).toBe(true);
    expect(a).toEqual(b);
    expect((a.data!._entities[0]!.analytics as { ema: unknown[] }).ema).toHaveLength(150 * 24);
  });
});
