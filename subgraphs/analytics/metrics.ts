/**
 * Every per-coin metric the API serves, as data: how its arguments are checked, what its cache key's
 * `{period}` part holds, how many warm-up candles it reads, and how it is computed from candles with the
 * analytics core. Results are plain JSON (times in ms, numbers; never NaN), so a cache hit returns
 * exactly what a computation returns.
 */
import { badInput } from '../../lib/errors';
import type { ComputationArgs, ComputationName, ComputationResult } from './core';
import { periodsPerYear } from './core';
import { coinIdArg, floatArg, periodArg, riskFreeRateArg } from './args';
import type { LoadedCandles } from './candles';
import { warmup } from './warmup';
import { INTERVAL_MS, type AnalyticsWindow } from './window';

/** Runs a named core computation: inline for small inputs, on the worker pool for large ones. */
export type Runner = <K extends ComputationName>(
  name: K,
  args: ComputationArgs<K>,
) => Promise<ComputationResult<K>>;

export interface SeriesData {
  t: number[];
  v: number[];
}
export interface MacdData {
  t: number[];
  macd: number[];
  signal: number[];
  histogram: number[];
}
export interface BandData {
  t: number[];
  upper: number[];
  middle: number[];
  lower: number[];
}
export interface StochasticData {
  t: number[];
  k: number[];
  d: number[];
}
export interface DrawdownData {
  maxDrawdown: number;
  peakAt: number | null;
  troughAt: number | null;
  recoveredAt: number | null;
  peakClose: number | null;
  troughClose: number | null;
}
export interface WindowData {
  candleCount: number;
  lastAt: number | null;
  lastClose: number | null;
}

export interface MetricContext {
  run: Runner;
  coinId: string;
  window: AnalyticsWindow;
  /** The window's candles of `coinId` (or another coin) with up to `warmup` candles before it. */
  load(warmup: number, coinId?: string): Promise<LoadedCandles>;
}

export interface Metric<P, D> {
  /** The `{metric}` part of the cache key. */
  name: string;
  /** Checks and normalises the GraphQL arguments; throws BAD_USER_INPUT. */
  parse(args: Record<string, unknown>): P;
  /** The metric's parameters in the key's `{period}` part, after interval and window. */
  keyParts(p: P): (string | number)[];
  compute(ctx: MetricContext, p: P): Promise<D>;
}

/** Keeps the outputs of an indicator whose input index lies inside the window, with their times. */
function inWindow(loaded: LoadedCandles, begin: number, arrays: readonly Float64Array[]) {
  const len = arrays[0]?.length ?? 0;
  const first = Math.min(len, Math.max(0, loaded.windowStart - begin));
  const t: number[] = new Array<number>(len - first);
  for (let j = first; j < len; j++) t[j - first] = loaded.cols.t[begin + j]!;
  return { t, values: arrays.map((a) => Array.from(a.subarray(first))) };
}

function seriesOf(loaded: LoadedCandles, s: { begin: number; values: Float64Array }): SeriesData {
  const { t, values } = inWindow(loaded, s.begin, [s.values]);
  return { t, v: values[0]! };
}

const lengthOf = (w: AnalyticsWindow) => `${w.days}d`;

/** The key's `{period}`: interval, window and the metric's parameters, e.g. `DAY_1-90d-12-26-9`. */
export function periodKey(w: AnalyticsWindow, parts: readonly (string | number)[]): string {
  return [w.interval, lengthOf(w), ...parts].join('-');
}

// ---- indicators -------------------------------------------------------------------------------

const single = (name: string, wu: (p: number) => number, run: 'sma' | 'ema' | 'rsi', min = 2) =>
  ({
    name,
    parse: (a) => periodArg('period', a.period, min),
    keyParts: (period) => [period],
    async compute(ctx, period) {
      const loaded = await ctx.load(wu(period));
      return seriesOf(loaded, await ctx.run(run, [loaded.cols.close, period]));
    },
  }) satisfies Metric<number, SeriesData>;

export const sma = single('sma', warmup.sma, 'sma');
export const ema = single('ema', warmup.ema, 'ema');
export const rsi = single('rsi', warmup.rsi, 'rsi');

export const atr: Metric<number, SeriesData> = {
  name: 'atr',
  parse: (a) => periodArg('period', a.period, 1),
  keyParts: (period) => [period],
  async compute(ctx, period) {
    const loaded = await ctx.load(warmup.atr(period));
    const { high, low, close } = loaded.cols;
    return seriesOf(loaded, await ctx.run('atr', [high, low, close, period]));
  },
};

interface MacdParams {
  fast: number;
  slow: number;
  signal: number;
}
export const macd: Metric<MacdParams, MacdData> = {
  name: 'macd',
  parse(a) {
    const fast = periodArg('fast', a.fast);
    const slow = periodArg('slow', a.slow);
    const signal = periodArg('signal', a.signal, 1);
    if (fast >= slow) throw badInput(`fast (${fast}) must be less than slow (${slow})`, { argument: 'fast' });
    return { fast, slow, signal };
  },
  keyParts: (p) => [p.fast, p.slow, p.signal],
  async compute(ctx, p) {
    const loaded = await ctx.load(warmup.macd(p.slow, p.signal));
    const m = await ctx.run('macd', [loaded.cols.close, p]);
    const { t, values } = inWindow(loaded, m.begin, [m.macd, m.signal, m.histogram]);
    return { t, macd: values[0]!, signal: values[1]!, histogram: values[2]! };
  },
};

interface BollingerParams {
  period: number;
  stdDev: number;
}
export const bollinger: Metric<BollingerParams, BandData> = {
  name: 'bollinger',
  parse: (a) => ({ period: periodArg('period', a.period), stdDev: floatArg('stdDev', a.stdDev, 0, 10) }),
  keyParts: (p) => [p.period, p.stdDev],
  async compute(ctx, p) {
    const loaded = await ctx.load(warmup.bollinger(p.period));
    const b = await ctx.run('bollinger', [loaded.cols.close, p]);
    const { t, values } = inWindow(loaded, b.begin, [b.upper, b.middle, b.lower]);
    return { t, upper: values[0]!, middle: values[1]!, lower: values[2]! };
  },
};

interface StochasticParams {
  kPeriod: number;
  kSmoothing: number;
  dPeriod: number;
}
export const stochastic: Metric<StochasticParams, StochasticData> = {
  name: 'stochastic',
  parse: (a) => ({
    kPeriod: periodArg('kPeriod', a.kPeriod, 1),
    kSmoothing: periodArg('kSmoothing', a.kSmoothing, 1),
    dPeriod: periodArg('dPeriod', a.dPeriod, 1),
  }),
  keyParts: (p) => [p.kPeriod, p.kSmoothing, p.dPeriod],
  async compute(ctx, p) {
    const loaded = await ctx.load(warmup.stochastic(p.kPeriod, p.kSmoothing, p.dPeriod));
    const { high, low, close } = loaded.cols;
    const s = await ctx.run('stochastic', [
      high,
      low,
      close,
      { fastKPeriod: p.kPeriod, slowKPeriod: p.kSmoothing, slowDPeriod: p.dPeriod },
    ]);
    const { t, values } = inWindow(loaded, s.begin, [s.k, s.d]);
    return { t, k: values[0]!, d: values[1]! };
  },
};

export const obv: Metric<null, SeriesData> = {
  name: 'obv',
  parse: () => null,
  keyParts: () => [],
  async compute(ctx) {
    const loaded = await ctx.load(warmup.none());
    return seriesOf(loaded, await ctx.run('obv', [loaded.cols.close, loaded.cols.volume]));
  },
};

/** null: VWAP anchored at the window's first candle; a number: rolling VWAP over that many candles. */
export const vwap: Metric<number | null, SeriesData> = {
  name: 'vwap',
  parse: (a) => (a.period === null || a.period === undefined ? null : periodArg('period', a.period)),
  keyParts: (period) => [period ?? 'anchored'],
  async compute(ctx, period) {
    const loaded = await ctx.load(period === null ? warmup.none() : warmup.rollingVwap(period));
    const { high, low, close, volume } = loaded.cols;
    const s =
      period === null
        ? await ctx.run('vwap', [high, low, close, volume])
        : await ctx.run('rollingVwap', [high, low, close, volume, period]);
    return seriesOf(loaded, s);
  },
};

// ---- returns and risk -------------------------------------------------------------------------

export type ReturnKind = 'SIMPLE' | 'LOG';

/** Per-candle returns of the window's candles, each against the previous candle's close. */
async function windowReturns(ctx: MetricContext, kind: ReturnKind = 'SIMPLE', coinId?: string) {
  const loaded = await ctx.load(warmup.returns(), coinId);
  const r = await ctx.run(kind === 'LOG' ? 'logReturns' : 'simpleReturns', [loaded.cols.close]);
  // r[j] belongs to input index j + 1.
  return seriesOf(loaded, { begin: 1, values: r });
}

const annualisation = (w: AnalyticsWindow) => periodsPerYear(INTERVAL_MS[w.interval]);

export const returns: Metric<ReturnKind, SeriesData> = {
  name: 'returns',
  parse(a) {
    if (a.kind !== 'SIMPLE' && a.kind !== 'LOG')
      throw badInput('kind must be SIMPLE or LOG', { argument: 'kind' });
    return a.kind;
  },
  keyParts: (kind) => [kind.toLowerCase()],
  compute: (ctx, kind) => windowReturns(ctx, kind),
};

export const volatility: Metric<null, number | null> = {
  name: 'volatility',
  parse: () => null,
  keyParts: () => [],
  async compute(ctx) {
    const r = await windowReturns(ctx);
    return ctx.run('annualizedVolatility', [r.v, { periodsPerYear: annualisation(ctx.window) }]);
  },
};

const ratio = (name: 'sharpe' | 'sortino', fn: 'sharpeRatio' | 'sortinoRatio') =>
  ({
    name,
    parse: (a) => riskFreeRateArg(a.riskFreeRate),
    keyParts: (rf) => [`rf${rf}`],
    async compute(ctx, riskFreeRate) {
      const r = await windowReturns(ctx);
      return ctx.run(fn, [r.v, { riskFreeRate, periodsPerYear: annualisation(ctx.window) }]);
    },
  }) satisfies Metric<number, number | null>;

export const sharpe = ratio('sharpe', 'sharpeRatio');
export const sortino = ratio('sortino', 'sortinoRatio');

export const valueAtRisk: Metric<number, number | null> = {
  name: 'var',
  parse: (a) => floatArg('confidence', a.confidence, 0.5, 0.9999, true),
  keyParts: (c) => [`c${c}`],
  async compute(ctx, confidence) {
    const r = await windowReturns(ctx);
    return ctx.run('historicalVaR', [r.v, confidence]);
  },
};

export const drawdown: Metric<null, DrawdownData | null> = {
  name: 'drawdown',
  parse: () => null,
  keyParts: () => [],
  async compute(ctx) {
    const loaded = await ctx.load(warmup.none());
    const { t, close } = loaded.cols;
    const d = await ctx.run('maxDrawdown', [close]);
    if (d === null) return null;
    const fell = d.maxDrawdown > 0;
    return {
      maxDrawdown: d.maxDrawdown,
      peakAt: fell ? t[d.peakIndex]! : null,
      troughAt: fell ? t[d.troughIndex]! : null,
      recoveredAt: d.recoveryIndex === null ? null : t[d.recoveryIndex]!,
      peakClose: fell ? close[d.peakIndex]! : null,
      troughClose: fell ? close[d.troughIndex]! : null,
    };
  },
};

export const windowInfo: Metric<null, WindowData> = {
  name: 'window',
  parse: () => null,
  keyParts: () => [],
  async compute(ctx) {
    const { cols } = await ctx.load(warmup.none());
    const n = cols.t.length;
    return {
      candleCount: n,
      lastAt: n ? cols.t[n - 1]! : null,
      lastClose: n ? cols.close[n - 1]! : null,
    };
  },
};

/**
 * Joins several coins' candles on open time, keeping the times every coin has (an inner join), so
 * that returns compare the same periods; a gap in one coin makes every coin's return span it.
 */
export function alignCloses(series: readonly LoadedCandles[], from: number) {
  const k = series.length;
  const pos = new Array<number>(k).fill(0);
  const t: number[] = [];
  const closes: number[][] = series.map(() => []);
  const base = series[0]?.cols.t ?? new Float64Array(0);
  outer: for (let i = 0; i < base.length; i++) {
    const ts = base[i]!;
    for (let s = 1; s < k; s++) {
      const ct = series[s]!.cols.t;
      let p = pos[s]!;
      while (p < ct.length && ct[p]! < ts) p++;
      pos[s] = p;
      if (p === ct.length) break outer;
      if (ct[p]! !== ts) continue outer;
    }
    t.push(ts);
    closes[0]!.push(series[0]!.cols.close[i]!);
    for (let s = 1; s < k; s++) closes[s]!.push(series[s]!.cols.close[pos[s]!]!);
  }
  let windowStart = 0;
  while (windowStart < t.length && t[windowStart]! < from) windowStart++;
  return { t, closes, windowStart };
}

/** Simple returns of aligned closes, keeping those of candles inside the window. */
export async function alignedReturns(
  run: Runner,
  aligned: ReturnType<typeof alignCloses>,
): Promise<number[][]> {
  const first = Math.max(1, aligned.windowStart);
  return Promise.all(
    aligned.closes.map(async (c) => Array.from((await run('simpleReturns', [c])).subarray(first - 1))),
  );
}

const versus = (name: 'beta' | 'correlation') =>
  ({
    name,
    parse: (a) => coinIdArg('benchmark', a.benchmark ?? 'bitcoin'),
    keyParts: (benchmark) => [encodeURIComponent(benchmark)],
    async compute(ctx, benchmark) {
      const [own, other] = await Promise.all([
        ctx.load(warmup.returns()),
        ctx.load(warmup.returns(), benchmark),
      ]);
      const [ra, rb] = await alignedReturns(ctx.run, alignCloses([own, other], ctx.window.from));
      return ctx.run(name, [ra!, rb!]);
    },
  }) satisfies Metric<string, number | null>;

export const beta = versus('beta');
export const correlation = versus('correlation');

// ---- correlation matrix -----------------------------------------------------------------------

export interface CorrelationMatrixData {
  /** Sorted, distinct coin ids: the matrix's row and column order. */
  coinIds: string[];
  /** Returns per coin used (the periods every coin with data shares). */
  observations: number;
  /** Open times of the first and last candle whose returns were used. */
  firstAt: number | null;
  lastAt: number | null;
  values: (number | null)[][];
}

/**
 * Pearson correlations of the coins' per-candle simple returns over the periods they all share.
 * Coins with fewer than two candles in the window are left out of that join (their row and column are
 * null) so that one coin without history does not empty the matrix for the others.
 */
export async function correlationMatrixOf(
  run: Runner,
  load: (coinId: string) => Promise<LoadedCandles>,
  coinIds: readonly string[],
  from: number,
): Promise<CorrelationMatrixData> {
  const loaded = await Promise.all(coinIds.map(load));
  const used = coinIds.map((_, i) => i).filter((i) => loaded[i]!.cols.t.length - loaded[i]!.windowStart >= 2);
  const aligned = alignCloses(
    used.map((i) => loaded[i]!),
    from,
  );
  const rets = used.length ? await alignedReturns(run, aligned) : [];
  const observations = rets[0]?.length ?? 0;
  const sub = used.length ? await run('correlationMatrix', [rets]) : [];
  const values = coinIds.map(() => coinIds.map((): number | null => null));
  used.forEach((a, i) => used.forEach((b, j) => (values[a]![b] = sub[i]?.[j] ?? null)));
  const first = aligned.t.length - observations;
  return {
    coinIds: [...coinIds],
    observations,
    firstAt: observations ? aligned.t[first]! : null,
    lastAt: observations ? aligned.t[aligned.t.length - 1]! : null,
    values,
  };
}
