/**
 * The analytics subgraph end to end: daily candles written to PostgreSQL for coins of this test's own,
 * then every indicator and risk metric through the gateway, compared with the analytics core's
 * functions on the same candles (with the warm-up the subgraph documents), the results' Redis entries
 * and TTLs, the correlation matrix with coins resolved by market-data, and BAD_USER_INPUT errors.
 */
import { randomBytes } from 'node:crypto';
import { CacheKey, CacheTtl } from '../../lib/cache';
import type { Platform } from '../../scripts/platform';
import type { CandleColumns } from '../../subgraphs/analytics/candles';
import * as core from '../../subgraphs/analytics/core';
import { sliceCols, syntheticCandles } from '../../subgraphs/analytics/testing';
import { warmup } from '../../subgraphs/analytics/warmup';
import { DAY_MS } from '../../subgraphs/analytics/window';
import { gql, gqlData } from '../support/client';
import { startTestPlatform } from '../support/platform';

jest.setTimeout(120_000);

const sfx = randomBytes(4).toString('hex');
const A = `e2e-an-a-${sfx}`;
const B = `e2e-an-b-${sfx}`;
const C = `e2e-an-c-${sfx}`;
const startedAt = Date.now();

// 600 days for A; B misses every 13th day (pairs are matched on dates); C has 10 days of history.
const candlesA = syntheticCandles(600, 'DAY_1', startedAt, { seed: 21 });
const fullB = syntheticCandles(600, 'DAY_1', startedAt, { seed: 22 });
const candlesB = pick(fullB, (i) => i % 13 !== 4);
const candlesC = syntheticCandles(10, 'DAY_1', startedAt, { seed: 23 });

function pick(c: CandleColumns, keep: (i: number) => boolean): CandleColumns {
  const idx = [...c.t.keys()].filter(keep);
  const f = (a: Float64Array) => Float64Array.from(idx, (i) => a[i]!);
  return {
    t: f(c.t),
    open: f(c.open),
    high: f(c.high),
    low: f(c.low),
    close: f(c.close),
    volume: f(c.volume),
  };
}

let platform: Platform;

beforeAll(async () => {
  platform = await startTestPlatform();
  const db = platform.runtime.db;
  await db.coin.createMany({
    data: [A, B, C].map((id, i) => ({
      id,
      symbol: `AN${i}${sfx}`.toUpperCase(),
      name: `Analytics test ${id}`,
    })),
  });
  const rows = (coinId: string, c: CandleColumns) =>
    [...c.t].map((t, i) => ({
      coinId,
      interval: 'DAY_1' as const,
      openTime: new Date(t),
      open: c.open[i]!.toFixed(8),
      high: c.high[i]!.toFixed(8),
      low: c.low[i]!.toFixed(8),
      close: c.close[i]!.toFixed(8),
      volume: c.volume[i]!.toFixed(8),
    }));
  await db.candle.createMany({ data: [...rows(A, candlesA), ...rows(B, candlesB), ...rows(C, candlesC)] });
});

afterAll(async () => {
  await platform?.runtime.db.coin.deleteMany({ where: { id: { in: [A, B, C] } } });
  await platform?.close();
});

interface Point {
  t: string;
  v: number;
}
const iso = (t: number) => new Date(t).toISOString();

/** The core function over `warm` candles before the window and the window, kept inside the window. */
function expected(
  cols: CandleColumns,
  from: number,
  warm: number,
  fn: (c: CandleColumns) => { begin: number; values: Float64Array },
): Point[] {
  let firstIn = 0;
  while (firstIn < cols.t.length && cols.t[firstIn]! < from) firstIn++;
  const start = Math.max(0, firstIn - warm);
  const c = sliceCols(cols, start, cols.t.length);
  const s = fn(c);
  const out: Point[] = [];
  s.values.forEach((v, j) => {
    if (start + s.begin + j >= firstIn) out.push({ t: iso(c.t[s.begin + j]!), v });
  });
  return out;
}

const field = <K extends string>(rows: Record<K | 't', number | string>[], k: K): Point[] =>
  rows.map((r) => ({ t: r.t as string, v: r[k] as number }));

describe('Coin.analytics through the gateway', () => {
  type Row = Record<string, number | string>;
  let a: Record<string, unknown> &
    Record<'sma' | 'ema' | 'rsi' | 'atr' | 'obv' | 'vwap' | 'returns', Point[]>;
  let from = 0;

  beforeAll(async () => {
    from = Date.now() - 90 * DAY_MS;
    const data = await gqlData<{ coin: { id: string; analytics: typeof a } }>(
      platform.url,
      `query($a: ID!, $b: ID!) { coin(id: $a) { id analytics(days: 90) {
        interval days candleCount
        sma(period: 20) { t v } ema(period: 20) { t v } rsi { t v } macd { t macd signal histogram }
        bollinger { t upper middle lower } atr { t v } stochastic { t k d } obv { t v } vwap { t v }
        returns { t v } volatility maxDrawdown drawdown { maxDrawdown peakAt troughAt recoveredAt peakClose troughClose }
        sharpeRatio sortinoRatio(riskFreeRate: 0.03) beta(benchmark: $b) correlation(benchmark: $b)
        valueAtRisk95 valueAtRisk99
        latest { t close rsi macd { t macd signal histogram } } } } }`,
      { a: A, b: B },
    );
    a = data.coin.analytics;
  });

  it('covers the 90 daily candles of the window', () => {
    expect(a).toMatchObject({ interval: 'DAY_1', days: 90, candleCount: 90 });
    expect(a.sma).toHaveLength(90);
    expect(a.sma[89]!.t).toBe(iso(candlesA.t[599]!));
  });

  it('serves each indicator as the core computes it on the same candles with its warm-up', () => {
    expect(a.sma).toEqual(expected(candlesA, from, warmup.sma(20), (c) => core.sma(c.close, 20)));
    expect(a.ema).toEqual(expected(candlesA, from, warmup.ema(20), (c) => core.ema(c.close, 20)));
    expect(a.rsi).toEqual(expected(candlesA, from, warmup.rsi(14), (c) => core.rsi(c.close, 14)));
    expect(a.atr).toEqual(
      expected(candlesA, from, warmup.atr(14), (c) => core.atr(c.high, c.low, c.close, 14)),
    );
    expect(a.obv).toEqual(expected(candlesA, from, 0, (c) => core.obv(c.close, c.volume)));
    expect(a.vwap).toEqual(expected(candlesA, from, 0, (c) => core.vwap(c.high, c.low, c.close, c.volume)));
    const macd = a.macd as Row[];
    for (const k of ['macd', 'signal', 'histogram'] as const)
      expect(field(macd, k)).toEqual(
        expected(candlesA, from, warmup.macd(26, 9), (c) => {
          const m = core.macd(c.close);
          return { begin: m.begin, values: m[k] };
        }),
      );
    const bands = a.bollinger as Row[];
    for (const k of ['upper', 'middle', 'lower'] as const)
      expect(field(bands, k)).toEqual(
        expected(candlesA, from, 19, (c) => {
          const b = core.bollinger(c.close);
          return { begin: b.begin, values: b[k] };
        }),
      );
    const stoch = a.stochastic as Row[];
    for (const k of ['k', 'd'] as const)
      expect(field(stoch, k)).toEqual(
        expected(candlesA, from, 17, (c) => {
          const s = core.stochastic(c.high, c.low, c.close, {
            fastKPeriod: 14,
            slowKPeriod: 3,
            slowDPeriod: 3,
          });
          return { begin: s.begin, values: s[k] };
        }),
      );
  });

  it('matches a computation from the first candle of history, as charting tools show', () => {
    const all = candlesA.t.length;
    const ema = expected(candlesA, from, all, (c) => core.ema(c.close, 20));
    const rsi = expected(candlesA, from, all, (c) => core.rsi(c.close, 14));
    a.ema.forEach((p, i) => expect(Math.abs(p.v - ema[i]!.v) / ema[i]!.v).toBeLessThan(1e-9));
    a.rsi.forEach((p, i) => expect(Math.abs(p.v - rsi[i]!.v)).toBeLessThan(1e-7));
  });

  it('serves returns and risk metrics by the documented conventions', () => {
    const r = Float64Array.from(
      expected(candlesA, from, 1, (c) => ({ begin: 1, values: core.simpleReturns(c.close) })),
      (p) => p.v,
    );
    expect(a.returns.map((p) => p.v)).toEqual([...r]);
    const closes = candlesA.close.filter((_, i) => candlesA.t[i]! >= from);
    const dd = core.maxDrawdown(closes)!;
    expect(a).toMatchObject({
      volatility: core.annualizedVolatility(r, { periodsPerYear: 365 }),
      maxDrawdown: dd.maxDrawdown,
      sharpeRatio: core.sharpeRatio(r),
      sortinoRatio: core.sortinoRatio(r, { riskFreeRate: 0.03 }),
      valueAtRisk95: core.historicalVaR(r, 0.95),
      valueAtRisk99: core.historicalVaR(r, 0.99),
    });
    const t0 = candlesA.t.length - closes.length;
    expect(a.drawdown).toEqual({
      maxDrawdown: dd.maxDrawdown,
      peakAt: iso(candlesA.t[t0 + dd.peakIndex]!),
      troughAt: iso(candlesA.t[t0 + dd.troughIndex]!),
      recoveredAt: dd.recoveryIndex === null ? null : iso(candlesA.t[t0 + dd.recoveryIndex]!),
      peakClose: closes[dd.peakIndex],
      troughClose: closes[dd.troughIndex],
    });
  });

  it('measures beta and correlation on the dates both coins have', () => {
    const shared = [...candlesA.t].filter((t) => candlesB.t.includes(t));
    const at = (c: CandleColumns, t: number) => c.close[c.t.indexOf(t)]!;
    const ra: number[] = [];
    const rb: number[] = [];
    for (let i = 1; i < shared.length; i++) {
      if (shared[i]! < from) continue;
      ra.push(at(candlesA, shared[i]!) / at(candlesA, shared[i - 1]!) - 1);
      rb.push(at(candlesB, shared[i]!) / at(candlesB, shared[i - 1]!) - 1);
    }
    expect(ra.length).toBeGreaterThan(80);
    expect(ra.length).toBeLessThan(90);
    expect(a.beta as number).toBeCloseTo(core.beta(ra, rb)!, 12);
    expect(a.correlation as number).toBeCloseTo(core.correlation(ra, rb)!, 12);
  });

  it('gives the latest values as the last points of the series', () => {
    const latest = a.latest as { t: string; close: number; rsi: number; macd: Row };
    expect(latest.t).toBe(iso(candlesA.t[599]!));
    expect(latest.close).toBe(candlesA.close[599]);
    expect(latest.rsi).toBe(a.rsi[89]!.v);
    expect(latest.macd).toEqual((a.macd as Row[])[89]);
  });

  it('caches each metric in Redis under analytics:{metric}:{coin}:{period} for 5 minutes', async () => {
    const keys = [
      CacheKey.analytics('macd', A, 'DAY_1-90d-12-26-9'),
      CacheKey.analytics('sma', A, 'DAY_1-90d-20'),
      CacheKey.analytics('sortino', A, 'DAY_1-90d-rf0.03'),
      CacheKey.analytics('beta', A, `DAY_1-90d-${B}`),
    ];
    for (const key of keys) {
      const ttl = await platform.runtime.rawCache.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(CacheTtl.analytics * 1000);
    }
    const cached = JSON.parse((await platform.runtime.rawCache.get(keys[1]!))!) as {
      t: number[];
      v: number[];
    };
    expect(cached.v).toEqual(a.sma.map((p) => p.v));
  });
});

describe('short histories and invalid arguments', () => {
  it('gives empty series and no NaN for a coin with 10 days of candles', async () => {
    const data = await gqlData<{ coin: { analytics: Record<string, unknown> } }>(
      platform.url,
      `query($c: ID!) { coin(id: $c) { analytics(days: 30) { candleCount sma(period: 20) { v } rsi { v }
        macd { macd } ema(period: 5) { v } volatility latest { rsi sma(period: 10) } } } }`,
      { c: C },
    );
    const x = data.coin.analytics;
    expect(x).toMatchObject({ candleCount: 10, sma: [], rsi: [], macd: [], latest: { rsi: null } });
    expect(x.ema).toHaveLength(6);
    expect((x.latest as { sma: number }).sma).toBeCloseTo(candlesC.close.reduce((s, v) => s + v, 0) / 10, 10);
    expect(x.volatility).toBe(core.annualizedVolatility(core.simpleReturns(candlesC.close)));
  });

  it.each([
    ['analytics(days: 0) { volatility }', 'days'],
    ['analytics(interval: MINUTE_1, days: 400) { volatility }', 'days'],
    ['analytics { rsi(period: 1) { v } }', 'period'],
    ['analytics { macd(fast: 30) { macd } }', 'fast'],
    ['analytics { sharpeRatio(riskFreeRate: -2) }', 'riskFreeRate'],
  ])('%s is BAD_USER_INPUT through the gateway', async (selection, argument) => {
    const res = await gql(platform.url, `query($a: ID!) { coin(id: $a) { id ${selection} } }`, { a: A });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    // Partial data: the coin is there, the refused field (or the analytics around it) is null.
    const coin = (res.data as { coin: { id: string; analytics: Record<string, unknown> | null } }).coin;
    expect(coin.id).toBe(A);
    expect(coin.analytics === null || Object.values(coin.analytics).every((v) => v === null)).toBe(true);
  });
});

describe('Query.correlationMatrix through the gateway', () => {
  it('correlates the coins in the order asked, with the coins resolved by market-data', async () => {
    const data = await gqlData<{
      correlationMatrix: {
        coinIds: string[];
        coins: { id: string; symbol: string }[];
        observations: number;
        values: (number | null)[][];
      };
    }>(
      platform.url,
      `query($ids: [ID!]!) { correlationMatrix(coinIds: $ids, days: 90) {
        coinIds coins { id symbol } interval days observations from to values } }`,
      { ids: [B, A, C] },
    );
    const m = data.correlationMatrix;
    expect(m.coinIds).toEqual([B, A, C]);
    expect(m.coins.map((c) => c.symbol)).toEqual(
      [`AN1${sfx}`, `AN0${sfx}`, `AN2${sfx}`].map((s) => s.toUpperCase()),
    );
    // C's ten days cut the shared period down to its last nine returns.
    expect(m.observations).toBe(9);
    const aligned = (c: CandleColumns) =>
      [...c.t].filter((t) => candlesC.t.includes(t) && candlesB.t.includes(t));
    const ts = aligned(candlesA);
    const ret = (c: CandleColumns) =>
      ts.slice(1).map((t, i) => c.close[c.t.indexOf(t)]! / c.close[c.t.indexOf(ts[i]!)]! - 1);
    const expectedMatrix = core.correlationMatrix([ret(candlesB), ret(candlesA), ret(candlesC)]);
    m.values.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expectedMatrix[i]![j]!, 12)));
  });
});
