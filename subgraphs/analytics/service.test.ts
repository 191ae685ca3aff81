/**
 * The analytics resolvers over in-memory candles: every field against the core functions on the same
 * candles with the documented warm-up, agreement with a from-inception computation (what charting
 * tools show), windows, latest values, validation, and the cache keys and TTLs each field uses.
 */
import { MemoryCache, type Cache } from '../../lib/cache';
import { MIN_READ_WARMUP, type CandleColumns } from './candles';
import * as core from './core';
import { analyticsHarness, fixtureCandles, sliceCols, syntheticCandles, type Harness } from './testing';
import { warmup } from './warmup';
import { DAY_MS } from './window';

const NOW = Date.UTC(2025, 5, 15, 12, 30); // mid-day: the 90-day window holds exactly 90 daily candles
const FROM = NOW - 90 * DAY_MS;
const iso = (t: number) => new Date(t).toISOString();

const alpha = syntheticCandles(800, 'DAY_1', NOW, { seed: 7 });
// The benchmark misses some days: pairs are matched on open time.
const benchFull = syntheticCandles(800, 'DAY_1', NOW, { seed: 11 });
const keep = [...benchFull.t.keys()].filter((i) => i % 17 !== 5);
const bench = pick(benchFull, keep);
const short = syntheticCandles(5, 'DAY_1', NOW, { seed: 3 });
const hourly = syntheticCandles(24 * 40, 'HOUR_1', NOW, { seed: 5, sigma: 0.005 });

function pick(c: CandleColumns, idx: number[]): CandleColumns {
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

interface Point {
  t: string;
  v: number;
}

/** What the subgraph should serve: the core function over `warm` candles before the window and the window. */
function expected(
  cols: CandleColumns,
  warm: number,
  fn: (c: CandleColumns) => { begin: number; values: Float64Array },
  from = FROM,
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

function maxDiff(a: Point[], b: Point[], relative: boolean): number {
  expect(a.map((p) => p.t)).toEqual(b.map((p) => p.t));
  let worst = 0;
  a.forEach((p, i) => {
    const q = b[i]!.v;
    const d = Math.abs(p.v - q) / (relative ? Math.max(Math.abs(p.v), Math.abs(q)) : 1);
    worst = Math.max(worst, d);
  });
  return worst;
}

let cache: Cache & { sets: [string, number][] };
let fixtures: ReturnType<typeof fixtureCandles>;
let h: Harness;

function spyingCache(): Cache & { sets: [string, number][] } {
  const inner = new MemoryCache();
  const sets: [string, number][] = [];
  return Object.assign(Object.create(inner) as Cache, {
    sets,
    set: (k: string, v: string, ttl: number) => {
      sets.push([k, ttl]);
      return inner.set(k, v, ttl);
    },
    get: (k: string) => inner.get(k),
  });
}

beforeEach(() => {
  cache = spyingCache();
  fixtures = fixtureCandles();
  fixtures.set('alpha', 'DAY_1', alpha);
  fixtures.set('bitcoin', 'DAY_1', bench);
  fixtures.set('short', 'DAY_1', short);
  fixtures.set('alpha', 'HOUR_1', hourly);
  h = analyticsHarness({ cache, candles: fixtures.source, now: NOW });
});
afterEach(() => h.close());

async function analytics<T = Record<string, unknown>>(coinId: string, args: string, selection: string) {
  const res = await h.analytics<T>(coinId, args, selection);
  if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data!._entities[0]!.analytics;
}

describe('indicator series', () => {
  it('serve the core functions over the window plus its warm-up', async () => {
    const a = await analytics<Record<string, Point[]>>(
      'alpha',
      '(days: 90)',
      `sma(period: 10) { t v } ema(period: 20) { t v } rsi { t v } atr { t v } obv { t v }
       vwap { t v } rolling: vwap(period: 20) { t v } returns { t v } logReturns: returns(kind: LOG) { t v }`,
    );
    expect(a.sma).toEqual(expected(alpha, warmup.sma(10), (c) => core.sma(c.close, 10)));
    expect(a.ema).toEqual(expected(alpha, warmup.ema(20), (c) => core.ema(c.close, 20)));
    expect(a.rsi).toEqual(expected(alpha, warmup.rsi(14), (c) => core.rsi(c.close, 14)));
    expect(a.atr).toEqual(expected(alpha, warmup.atr(14), (c) => core.atr(c.high, c.low, c.close, 14)));
    expect(a.obv).toEqual(expected(alpha, 0, (c) => core.obv(c.close, c.volume)));
    expect(a.vwap).toEqual(expected(alpha, 0, (c) => core.vwap(c.high, c.low, c.close, c.volume)));
    expect(a.rolling).toEqual(
      expected(alpha, 19, (c) => core.rollingVwap(c.high, c.low, c.close, c.volume, 20)),
    );
    expect(a.returns).toEqual(expected(alpha, 1, (c) => ({ begin: 1, values: core.simpleReturns(c.close) })));
    expect(a.logReturns).toEqual(expected(alpha, 1, (c) => ({ begin: 1, values: core.logReturns(c.close) })));
    // Every series covers the whole window: 90 daily candles, the last one opened today.
    for (const s of Object.values(a)) {
      expect(s).toHaveLength(90);
      expect(s[0]!.t).toBe(iso(Date.UTC(2025, 5, 15) - 89 * DAY_MS));
      expect(s[89]!.t).toBe(iso(Date.UTC(2025, 5, 15)));
    }
  });

  it('serve MACD, Bollinger Bands and the stochastic oscillator point by point', async () => {
    type Composite = Record<string, Record<string, number | string>[]>;
    const a = await analytics<Composite>(
      'alpha',
      '',
      `macd { t macd signal histogram } custom: macd(fast: 5, slow: 35, signal: 5) { t macd }
       bollinger { t upper middle lower } stochastic { t k d } fast: stochastic(kPeriod: 5, kSmoothing: 1, dPeriod: 3) { t k d }`,
    );
    const m = (f: number, s: number, g: number) => (c: CandleColumns) =>
      core.macd(c.close, { fast: f, slow: s, signal: g });
    const proj =
      (fn: (c: CandleColumns) => core.MacdSeries, field: 'macd' | 'signal' | 'histogram') =>
      (c: CandleColumns) => {
        const r = fn(c);
        return { begin: r.begin, values: r[field] };
      };
    for (const field of ['macd', 'signal', 'histogram'] as const) {
      expect(a.macd!.map((p) => ({ t: p.t, v: p[field] }))).toEqual(
        expected(alpha, warmup.macd(26, 9), proj(m(12, 26, 9), field)),
      );
    }
    expect(a.custom!.map((p) => ({ t: p.t, v: p.macd }))).toEqual(
      expected(alpha, warmup.macd(35, 5), proj(m(5, 35, 5), 'macd')),
    );
    for (const field of ['upper', 'middle', 'lower'] as const) {
      expect(a.bollinger!.map((p) => ({ t: p.t, v: p[field] }))).toEqual(
        expected(alpha, 19, (c) => {
          const b = core.bollinger(c.close, { period: 20, stdDev: 2 });
          return { begin: b.begin, values: b[field] };
        }),
      );
    }
    for (const field of ['k', 'd'] as const) {
      expect(a.stochastic!.map((p) => ({ t: p.t, v: p[field] }))).toEqual(
        expected(alpha, warmup.stochastic(14, 3, 3), (c) => {
          const s = core.stochastic(c.high, c.low, c.close, {
            fastKPeriod: 14,
            slowKPeriod: 3,
            slowDPeriod: 3,
          });
          return { begin: s.begin, values: s[field] };
        }),
      );
      expect(a.fast!.map((p) => ({ t: p.t, v: p[field] }))).toEqual(
        expected(alpha, 6, (c) => {
          const s = core.stochasticFast(c.high, c.low, c.close, { fastKPeriod: 5, fastDPeriod: 3 });
          return { begin: s.begin, values: s[field] };
        }),
      );
    }
    for (const s of Object.values(a)) expect(s).toHaveLength(90);
  });

  it('agree with a computation from the first candle of history (what charting tools show)', async () => {
    const a = await analytics<Record<string, Point[]>>(
      'alpha',
      '(days: 60)',
      'ema(period: 50) { t v } rsi { t v } atr(period: 30) { t v } macd { t v: macd }',
    );
    const from = NOW - 60 * DAY_MS;
    const incept = (fn: (c: CandleColumns) => { begin: number; values: Float64Array }) =>
      expected(alpha, alpha.t.length, fn, from);
    expect(
      maxDiff(
        a.ema!,
        incept((c) => core.ema(c.close, 50)),
        true,
      ),
    ).toBeLessThan(1e-9);
    expect(
      maxDiff(
        a.atr!,
        incept((c) => core.atr(c.high, c.low, c.close, 30)),
        true,
      ),
    ).toBeLessThan(1e-9);
    // RSI is 0..100 and MACD oscillates around 0: absolute differences, scaled to the price (~100).
    expect(
      maxDiff(
        a.rsi!,
        incept((c) => core.rsi(c.close, 14)),
        false,
      ),
    ).toBeLessThan(1e-7);
    expect(
      maxDiff(
        a.macd!,
        incept((c) => ({ begin: core.macd(c.close).begin, values: core.macd(c.close).macd })),
        false,
      ),
    ).toBeLessThan(1e-7);
    // Without the warm-up the seed would still show: the window alone differs visibly.
    const windowOnly = expected(alpha, 0, (c) => core.ema(c.close, 50), from);
    expect(windowOnly.length).toBeLessThan(a.ema!.length);
  });

  it('give the latest values: the last point of each series, at the last candle', async () => {
    const a = await analytics<{ latest: Record<string, unknown> } & Record<string, unknown[]>>(
      'alpha',
      '',
      `latest { t close sma(period: 10) ema(period: 20) rsi atr obv vwap rolling: vwap(period: 5)
                macd { t macd signal histogram } bollinger { t upper middle lower } stochastic { t k d } }
       sma(period: 10) { t v } ema(period: 20) { t v } rsi { t v } atr { t v } obv { t v } vwap { t v }
       rolling: vwap(period: 5) { t v } macd { t macd signal histogram } bollinger { t upper middle lower }
       stochastic { t k d }`,
    );
    const last = <T>(xs: unknown[]) => xs[xs.length - 1] as T;
    expect(a.latest.t).toBe(iso(alpha.t[alpha.t.length - 1]!));
    expect(a.latest.close).toBe(alpha.close[alpha.close.length - 1]);
    for (const k of ['sma', 'ema', 'rsi', 'atr', 'obv', 'vwap', 'rolling'])
      expect(a.latest[k]).toBe(last<Point>(a[k]!).v);
    for (const k of ['macd', 'bollinger', 'stochastic']) expect(a.latest[k]).toEqual(last(a[k]!));
  });

  it('give empty series (never NaN) and null figures when history is too short', async () => {
    const a = await analytics<Record<string, unknown>>(
      'short',
      '',
      `candleCount sma(period: 10) { v } ema(period: 5) { v } rsi { v } macd { macd } bollinger { middle }
       atr { v } stochastic { k } sma4: sma(period: 4) { v } volatility sharpeRatio drawdown { maxDrawdown }
       latest { t rsi macd { macd } sma(period: 4) }`,
    );
    expect(a).toMatchObject({
      candleCount: 5,
      sma: [],
      rsi: [],
      macd: [],
      bollinger: [],
      atr: [],
      stochastic: [],
      latest: { rsi: null, macd: null, sma: expect.any(Number) },
    });
    expect((a.ema as unknown[]).length).toBe(1);
    expect((a.sma4 as unknown[]).length).toBe(2);
    expect(a.volatility).toEqual(expect.any(Number)); // 4 returns
    const none = await analytics<Record<string, unknown>>(
      'no-such-coin',
      '',
      'candleCount sma(period: 3) { v } returns { v } volatility maxDrawdown drawdown { maxDrawdown } valueAtRisk95 latest { t close rsi }',
    );
    expect(none).toEqual({
      candleCount: 0,
      sma: [],
      returns: [],
      volatility: null,
      maxDrawdown: null,
      drawdown: null,
      valueAtRisk95: null,
      latest: { t: null, close: null, rsi: null },
    });
  });
});

describe('risk metrics', () => {
  /** Simple returns of the window's candles, each against the previous close. */
  const windowReturns = (cols: CandleColumns, from = FROM) =>
    Float64Array.from(
      expected(cols, 1, (c) => ({ begin: 1, values: core.simpleReturns(c.close) }), from),
      (p) => p.v,
    );
  const windowCloses = (cols: CandleColumns) => cols.close.filter((_, i) => cols.t[i]! >= FROM);

  it('follow the documented conventions: √365, per-period risk-free rate, type-7 VaR', async () => {
    const a = await analytics<Record<string, number>>(
      'alpha',
      '',
      `volatility maxDrawdown sharpeRatio sharpe5: sharpeRatio(riskFreeRate: 0.05) sortinoRatio
       sortino5: sortinoRatio(riskFreeRate: 0.05) valueAtRisk95 valueAtRisk99 var90: valueAtRisk(confidence: 0.9)`,
    );
    const r = windowReturns(alpha);
    expect(r).toHaveLength(90);
    expect(a).toEqual({
      volatility: core.annualizedVolatility(r, { periodsPerYear: 365 }),
      maxDrawdown: core.maxDrawdown(windowCloses(alpha))!.maxDrawdown,
      sharpeRatio: core.sharpeRatio(r),
      sharpe5: core.sharpeRatio(r, { riskFreeRate: 0.05 }),
      sortinoRatio: core.sortinoRatio(r),
      sortino5: core.sortinoRatio(r, { riskFreeRate: 0.05 }),
      valueAtRisk95: core.historicalVaR(r, 0.95),
      valueAtRisk99: core.historicalVaR(r, 0.99),
      var90: core.historicalVaR(r, 0.9),
    });
    // √365 by hand, on the same returns.
    const mean = r.reduce((s, x) => s + x, 0) / r.length;
    const sd = Math.sqrt(r.reduce((s, x) => s + (x - mean) ** 2, 0) / (r.length - 1));
    expect(a.volatility).toBeCloseTo(sd * Math.sqrt(365), 12);
    expect(a.sharpe5).toBeLessThan(a.sharpeRatio!);
  });

  it('annualise hourly returns with √8760', async () => {
    const a = await analytics<{ volatility: number }>('alpha', '(interval: HOUR_1, days: 30)', 'volatility');
    const r = windowReturns(hourly, NOW - 30 * DAY_MS);
    expect(r).toHaveLength(30 * 24);
    expect(a.volatility).toBe(core.annualizedVolatility(r, { periodsPerYear: 8760 }));
  });

  it('date the largest drawdown: peak, trough and recovery', async () => {
    // Daily closes: rises to 120, falls 25 % to 90, recovers to 120 three days later.
    const closes = [100, 110, 120, 105, 90, 100, 115, 120, 125, 124];
    const base = syntheticCandles(closes.length, 'DAY_1', NOW);
    fixtures.set('dd', 'DAY_1', { ...base, close: Float64Array.from(closes) });
    const a = await analytics<{ drawdown: Record<string, unknown>; maxDrawdown: number }>(
      'dd',
      '(days: 30)',
      'maxDrawdown drawdown { maxDrawdown peakAt troughAt recoveredAt peakClose troughClose }',
    );
    expect(a.maxDrawdown).toBeCloseTo(0.25, 15);
    expect(a.drawdown).toEqual({
      maxDrawdown: a.maxDrawdown,
      peakAt: iso(base.t[2]!),
      troughAt: iso(base.t[4]!),
      recoveredAt: iso(base.t[7]!),
      peakClose: 120,
      troughClose: 90,
    });
  });

  it('measure beta and correlation against bitcoin on the days both have', async () => {
    const a = await analytics<Record<string, number>>(
      'alpha',
      '',
      'beta correlation self: correlation(benchmark: "alpha") selfBeta: beta(benchmark: "alpha")',
    );
    // Aligned by hand: the window's days both coins have, each return against the previous shared day.
    const shared = [...alpha.t].filter((t) => bench.t.includes(t));
    const closeAt = (c: CandleColumns, t: number) => c.close[c.t.indexOf(t)]!;
    const ra: number[] = [];
    const rb: number[] = [];
    for (let i = 1; i < shared.length; i++) {
      if (shared[i]! < FROM) continue;
      ra.push(closeAt(alpha, shared[i]!) / closeAt(alpha, shared[i - 1]!) - 1);
      rb.push(closeAt(bench, shared[i]!) / closeAt(bench, shared[i - 1]!) - 1);
    }
    expect(ra.length).toBeLessThan(90); // some days are missing from the benchmark
    expect(a.beta).toBeCloseTo(core.beta(ra, rb)!, 12);
    expect(a.correlation).toBeCloseTo(core.correlation(ra, rb)!, 12);
    expect(a.self).toBeCloseTo(1, 12);
    expect(a.selfBeta).toBeCloseTo(1, 12);
  });

  it('build a correlation matrix in the order asked, with null for a coin without data', async () => {
    const q = `query($ids: [ID!]!) { correlationMatrix(coinIds: $ids, days: 90) {
      coinIds coins { id } interval days observations from to values } }`;
    type R = { correlationMatrix: { coinIds: string[]; observations: number; values: (number | null)[][] } };
    const one = await h.query<R>(q, { ids: ['bitcoin', 'alpha', 'no-such-coin'] });
    expect(one.errors).toBeUndefined();
    const m = one.data!.correlationMatrix;
    const c = (await analytics<{ correlation: number }>('alpha', '', 'correlation')).correlation;
    expect(m.coinIds).toEqual(['bitcoin', 'alpha', 'no-such-coin']);
    expect(m.values[0]![0]).toBe(1);
    expect(m.values[0]![1]).toBeCloseTo(c, 12);
    expect(m.values[1]![0]).toBe(m.values[0]![1]);
    expect(m.values[2]).toEqual([null, null, null]);
    expect(m.values.map((row) => row[2])).toEqual([null, null, null]);
    // Another order of the same coins: the same cache entry, rows and columns permuted.
    const before = h.computed.length;
    const two = await h.query<R>(q, { ids: ['no-such-coin', 'alpha', 'bitcoin'] });
    expect(h.computed.length).toBe(before);
    expect(two.data!.correlationMatrix.values[1]![2]).toBe(m.values[1]![0]);
    expect(two.data!.correlationMatrix.observations).toBe(m.observations);
  });
});

describe('validation', () => {
  const cases: [string, string, string][] = [
    ['(days: 0)', 'sma(period: 5) { v }', 'days'],
    ['(days: 3651)', 'volatility', 'days'],
    ['(interval: MINUTE_1, days: 366)', 'volatility', 'days'],
    ['', 'sma(period: 1) { v }', 'period'],
    ['', 'ema(period: 1001) { v }', 'period'],
    ['', 'rsi(period: -3) { v }', 'period'],
    ['', 'atr(period: 0) { v }', 'period'],
    ['', 'macd(fast: 26, slow: 12) { macd }', 'fast'],
    ['', 'macd(signal: 0) { macd }', 'signal'],
    ['', 'bollinger(stdDev: 0) { middle }', 'stdDev'],
    ['', 'bollinger(stdDev: 11) { middle }', 'stdDev'],
    ['', 'stochastic(kPeriod: 0) { k }', 'kPeriod'],
    ['', 'vwap(period: 1) { v }', 'period'],
    ['', 'sharpeRatio(riskFreeRate: -1)', 'riskFreeRate'],
    ['', 'sortinoRatio(riskFreeRate: 1.5)', 'riskFreeRate'],
    ['', 'valueAtRisk(confidence: 1)', 'confidence'],
    ['', 'valueAtRisk(confidence: 0.3)', 'confidence'],
    ['', 'beta(benchmark: "Bit:coin")', 'benchmark'],
    ['', 'latest { rsi(period: 5000) }', 'period'],
  ];
  it.each(cases)(
    'analytics%s { %s } is BAD_USER_INPUT naming %s, before any read',
    async (args, sel, arg) => {
      const res = await h.analytics('alpha', args, sel);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: arg });
      expect(fixtures.loads).toEqual([]);
      expect(h.computed).toEqual([]);
    },
  );

  it('refuses correlation matrices of fewer than 2, more than 25 or repeated coins', async () => {
    const q = `query($ids: [ID!]!) { correlationMatrix(coinIds: $ids) { values } }`;
    for (const ids of [['alpha'], Array.from({ length: 26 }, (_, i) => `c${i}`), ['alpha', 'alpha']]) {
      const res = await h.query(q, { ids });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'coinIds' });
    }
    expect(fixtures.loads).toEqual([]);
  });
});

describe('caching', () => {
  it('stores each metric under analytics:{metric}:{coin}:{interval}-{days}d-{params} for 5 minutes', async () => {
    await analytics(
      'alpha',
      '(days: 90)',
      `sma(period: 20) { v } macd { macd } bollinger(stdDev: 2.5) { middle } stochastic { k } vwap { v }
       rolling: vwap(period: 10) { v } returns(kind: LOG) { v } volatility sharpeRatio(riskFreeRate: 0.04)
       sortinoRatio valueAtRisk95 valueAtRisk99 beta maxDrawdown drawdown { peakAt } latest { t rsi }`,
    );
    const keys = cache.sets.map(([k]) => k).sort();
    expect(keys).toEqual(
      [
        'analytics:sma:alpha:DAY_1-90d-20',
        'analytics:macd:alpha:DAY_1-90d-12-26-9',
        'analytics:bollinger:alpha:DAY_1-90d-20-2.5',
        'analytics:stochastic:alpha:DAY_1-90d-14-3-3',
        'analytics:vwap:alpha:DAY_1-90d-anchored',
        'analytics:vwap:alpha:DAY_1-90d-10',
        'analytics:returns:alpha:DAY_1-90d-log',
        'analytics:volatility:alpha:DAY_1-90d',
        'analytics:sharpe:alpha:DAY_1-90d-rf0.04',
        'analytics:sortino:alpha:DAY_1-90d-rf0',
        'analytics:var:alpha:DAY_1-90d-c0.95',
        'analytics:var:alpha:DAY_1-90d-c0.99',
        'analytics:beta:alpha:DAY_1-90d-bitcoin',
        'analytics:drawdown:alpha:DAY_1-90d',
        'analytics:window:alpha:DAY_1-90d',
        'analytics:rsi:alpha:DAY_1-90d-14',
        'analytics:rsi_latest:alpha:DAY_1-90d-14',
      ].sort(),
    );
    // maxDrawdown and drawdown share one entry; a latest value is computed from its series' entry.
    expect(new Set(cache.sets.map(([, ttl]) => ttl))).toEqual(new Set([300]));
  });

  it('serves a repeated request from the cache, equal to the computed answer', async () => {
    const sel =
      'sma(period: 7) { t v } macd { t macd signal histogram } volatility drawdown { peakAt troughAt maxDrawdown }';
    const first = await h.analytics('alpha', '', sel);
    const computed = h.computed.length;
    const loads = fixtures.loads.length;
    const second = await h.analytics('alpha', '', sel);
    expect(second).toEqual(first);
    expect(h.computed.length).toBe(computed);
    expect(fixtures.loads.length).toBe(loads);
  });

  it('caches latest values on their own, so a series too large to store still has a cached latest value', async () => {
    const small = analyticsHarness({ cache, candles: fixtures.source, now: NOW, maxCachedBytes: 500 });
    try {
      const sel = 'rsi { v } latest { rsi }';
      const first = await small.analytics<{ latest: { rsi: number } }>('alpha', '', sel);
      expect(small.computed.sort()).toEqual([
        'analytics:rsi:alpha:DAY_1-90d-14',
        'analytics:rsi_latest:alpha:DAY_1-90d-14',
      ]);
      small.computed.length = 0;
      const again = await small.analytics<{ latest: { rsi: number } }>('alpha', '', 'latest { rsi }');
      expect(again.data!._entities[0]!.analytics.latest.rsi).toBe(
        first.data!._entities[0]!.analytics.latest.rsi,
      );
      expect(again.data!._entities[0]!.analytics.latest.rsi).toEqual(expect.any(Number));
      expect(small.computed).toEqual([]);
      // The 90-point series (about 1.7 kB of JSON) was not stored: asking for it computes it again.
      await small.analytics('alpha', '', 'rsi { v }');
      expect(small.computed).toEqual(['analytics:rsi:alpha:DAY_1-90d-14']);
    } finally {
      await small.close();
    }
  });

  it('reads candles once per coin and window in a request, however many metrics it asks for', async () => {
    // Short warm-ups first: the first read already fetches MIN_READ_WARMUP candles, which covers the
    // default RSI and MACD, so every metric reads a view of that one load.
    await analytics(
      'alpha',
      '',
      'sma(period: 5) { v } volatility macd { macd } rsi { v } ema(period: 5) { v } sharpeRatio latest { close }',
    );
    expect(fixtures.loads).toEqual([['alpha', 'DAY_1', MIN_READ_WARMUP]]);
    // A larger warm-up reads again, with that warm-up; the smaller ones then use the larger read.
    await analytics('alpha', '', 'ema(period: 200) { v } sma(period: 6) { v } rsi(period: 30) { v }');
    expect(fixtures.loads.slice(1)).toEqual([['alpha', 'DAY_1', warmup.ema(200)]]);
    // The benchmark's candles are a read of their own.
    await analytics('alpha', '', 'beta');
    expect(fixtures.loads.slice(2)).toEqual([
      ['alpha', 'DAY_1', MIN_READ_WARMUP],
      ['bitcoin', 'DAY_1', MIN_READ_WARMUP],
    ]);
  });
});
