import path from 'node:path';
import type { Cache } from '../../lib/cache';
import { CacheKey } from '../../lib/cache';
import { badInput } from '../../lib/errors';
import type { Runtime } from '../../lib/runtime';
import type { SubgraphContext, SubgraphDefinition } from '../../lib/server/subgraph';
import { coinIdArg } from './args';
import { dbCandleSource, RequestCandles, type CandleSource } from './candles';
import { isAnalyticsInputError } from './core';
import * as m from './metrics';
import { ResultCache } from './result-cache';
import { poolRunner, type PoolRunner } from './runner';
import { warmup } from './warmup';
import { analyticsWindow, type AnalyticsWindow, type IntervalName } from './window';

export const ANALYTICS_PORT = 4003;

export interface AnalyticsServiceOptions {
  /** Where candles come from; default the market-data `Candle` table through `runtime.db`. */
  candles?: (runtime: Runtime) => CandleSource;
  /** Runs core computations; default a worker pool started on the first large input. */
  runner?: PoolRunner;
  /** Result cache; default `runtime.cache` (Redis, resilient to outages). */
  cache?: Cache;
  /** Called once per computation actually run (a cache miss), with its cache key. */
  onCompute?: (key: string) => void;
  now?: () => number;
  /** Largest result (JSON characters) stored in the cache; see ResultCacheOptions.maxBytes. */
  maxCachedBytes?: number;
}

interface AnalyticsDeps {
  run: m.Runner;
  results: ResultCache;
  candles: RequestCandles;
  now: number;
}

export interface AnalyticsContext extends SubgraphContext {
  analytics: AnalyticsDeps;
}

/** What `Coin.analytics` hands its fields: the coin and the request's window. */
interface CoinAnalyticsParent {
  coinId: string;
  window: AnalyticsWindow;
}

type Args = Record<string, unknown>;

// The core's input errors become BAD_USER_INPUT with the argument's name; anything else stays internal.
async function guarded<T>(compute: () => Promise<T>): Promise<T> {
  try {
    return await compute();
  } catch (err) {
    if (isAnalyticsInputError(err))
      throw badInput(err.message, err.argument ? { argument: err.argument } : {});
    throw err;
  }
}

/** `analytics:{metric}:{coin_id}:{interval}-{days}d-{params}` (DESIGN.md, Caching). */
const keyOf = (name: string, parent: CoinAnalyticsParent, parts: readonly (string | number)[]) =>
  CacheKey.analytics(name, encodeURIComponent(parent.coinId), m.periodKey(parent.window, parts));

/** Reads a metric through the cache, computing it (once per process at a time) on a miss. */
function resolveMetric<P, D>(
  metric: m.Metric<P, D>,
  parent: CoinAnalyticsParent,
  args: Args,
  ctx: AnalyticsContext,
) {
  const params = metric.parse(args);
  const { window, coinId } = parent;
  const deps = ctx.analytics;
  return deps.results.get(keyOf(metric.name, parent, metric.keyParts(params)), () =>
    guarded(() =>
      metric.compute(
        {
          run: deps.run,
          coinId,
          window,
          load: (wu, other) => deps.candles.get(other ?? coinId, window.interval, window.from, wu),
        },
        params,
      ),
    ),
  );
}

const points = (d: m.SeriesData) => d.t.map((t, j) => ({ t, v: d.v[j]! }));
const macdPoint = (d: m.MacdData, j: number) => ({
  t: d.t[j]!,
  macd: d.macd[j]!,
  signal: d.signal[j]!,
  histogram: d.histogram[j]!,
});
const bandPoint = (d: m.BandData, j: number) => ({
  t: d.t[j]!,
  upper: d.upper[j]!,
  middle: d.middle[j]!,
  lower: d.lower[j]!,
});
const stochPoint = (d: m.StochasticData, j: number) => ({ t: d.t[j]!, k: d.k[j]!, d: d.d[j]! });
const lastOf = <T>(d: { t: number[] }, at: (j: number) => T): T | null =>
  d.t.length ? at(d.t.length - 1) : null;

type Field = (p: CoinAnalyticsParent, args: Args, ctx: AnalyticsContext) => unknown;
const field =
  <P, D>(metric: m.Metric<P, D>, shape: (d: D) => unknown): Field =>
  async (p, args, ctx) =>
    shape(await resolveMetric(metric, p, args, ctx));

const seriesFields = {
  sma: field(m.sma, points),
  ema: field(m.ema, points),
  rsi: field(m.rsi, points),
  atr: field(m.atr, points),
  obv: field(m.obv, points),
  vwap: field(m.vwap, points),
  macd: field(m.macd, (d) => d.t.map((_, j) => macdPoint(d, j))),
  bollinger: field(m.bollinger, (d) => d.t.map((_, j) => bandPoint(d, j))),
  stochastic: field(m.stochastic, (d) => d.t.map((_, j) => stochPoint(d, j))),
};

/**
 * A latest value is the last point of its series, and has an entry of its own
 * (`analytics:{metric}_latest:...`): a long window's series can be too large to cache (see
 * ResultCache's maxBytes) while its latest value is a few bytes.
 */
const latest =
  <P, D>(metric: m.Metric<P, D>, pick: (d: D) => unknown): Field =>
  (p, args, ctx) =>
    ctx.analytics.results.get(
      keyOf(`${metric.name}_latest`, p, metric.keyParts(metric.parse(args))),
      async () => pick(await resolveMetric(metric, p, args, ctx)),
    );

const latestValue = (d: m.SeriesData) => lastOf(d, (j) => d.v[j]!);
const latestFields = {
  t: field(m.windowInfo, (d) => d.lastAt),
  close: field(m.windowInfo, (d) => d.lastClose),
  sma: latest(m.sma, latestValue),
  ema: latest(m.ema, latestValue),
  rsi: latest(m.rsi, latestValue),
  atr: latest(m.atr, latestValue),
  obv: latest(m.obv, latestValue),
  vwap: latest(m.vwap, latestValue),
  macd: latest(m.macd, (d) => lastOf(d, (j) => macdPoint(d, j))),
  bollinger: latest(m.bollinger, (d) => lastOf(d, (j) => bandPoint(d, j))),
  stochastic: latest(m.stochastic, (d) => lastOf(d, (j) => stochPoint(d, j))),
};

const same = <T>(x: T) => x;
const withArgs =
  (f: Field, fixed: Args): Field =>
  (p, args, ctx) =>
    f(p, { ...args, ...fixed }, ctx);

const riskFields = {
  returns: field(m.returns, points),
  volatility: field(m.volatility, same),
  maxDrawdown: field(m.drawdown, (d) => d?.maxDrawdown ?? null),
  drawdown: field(m.drawdown, same),
  sharpeRatio: field(m.sharpe, same),
  sortinoRatio: field(m.sortino, same),
  beta: field(m.beta, same),
  correlation: field(m.correlation, same),
  valueAtRisk: field(m.valueAtRisk, same),
  valueAtRisk95: withArgs(field(m.valueAtRisk, same), { confidence: 0.95 }),
  valueAtRisk99: withArgs(field(m.valueAtRisk, same), { confidence: 0.99 }),
};

const MAX_MATRIX_COINS = 25;

async function correlationMatrix(
  args: { coinIds: unknown[]; interval?: IntervalName; days?: number },
  ctx: AnalyticsContext,
) {
  if (!Array.isArray(args.coinIds) || args.coinIds.length < 2 || args.coinIds.length > MAX_MATRIX_COINS)
    throw badInput(`coinIds must list 2 to ${MAX_MATRIX_COINS} coins`, { argument: 'coinIds' });
  const ids = args.coinIds.map((id) => coinIdArg('coinIds', id));
  if (new Set(ids).size !== ids.length)
    throw badInput('coinIds must not repeat a coin', { argument: 'coinIds' });
  const window = analyticsWindow(args.interval ?? 'DAY_1', args.days ?? 90, ctx.analytics.now);
  // One entry per set of coins, whatever the order asked for.
  const sorted = [...ids].sort();
  const key = CacheKey.analytics('correlation_matrix', sorted.join(','), m.periodKey(window, []));
  const deps = ctx.analytics;
  const data = await deps.results.get(key, () =>
    guarded(() =>
      m.correlationMatrixOf(
        deps.run,
        (id) => deps.candles.get(id, window.interval, window.from, warmup.returns()),
        sorted,
        window.from,
      ),
    ),
  );
  const index = ids.map((id) => sorted.indexOf(id));
  return {
    coinIds: ids,
    coins: ids.map((id) => ({ id })),
    interval: window.interval,
    days: window.days,
    observations: data.observations,
    from: data.firstAt,
    to: data.lastAt,
    values: index.map((a) => index.map((b) => data.values[a]![b]!)),
  };
}

/** The analytics subgraph: technical indicators and risk metrics per coin, cached in Redis. */
export function analyticsSubgraph(
  options: AnalyticsServiceOptions = {},
): SubgraphDefinition<AnalyticsContext> {
  const runner = options.runner ?? poolRunner();
  let results: ResultCache | undefined;
  let source: CandleSource | undefined;
  const now = options.now ?? Date.now;
  return {
    name: 'analytics',
    schemaPath: path.join(__dirname, 'schema.graphql'),
    extendContext: (base) => {
      const { runtime } = base;
      results ??= new ResultCache(options.cache ?? runtime.cache, {
        maxBytes: options.maxCachedBytes,
        log: base.log,
        onCompute: options.onCompute,
      });
      source ??= options.candles ? options.candles(runtime) : dbCandleSource(runtime.db);
      return {
        ...base,
        analytics: { run: runner.run, results, candles: new RequestCandles(source), now: now() },
      };
    },
    background: async () => ({ stop: () => runner.close() }),
    resolvers: {
      Query: {
        correlationMatrix: (
          _: unknown,
          args: Parameters<typeof correlationMatrix>[0],
          ctx: AnalyticsContext,
        ) => correlationMatrix(args, ctx),
      },
      Coin: {
        __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
        analytics: (
          coin: { id: string },
          args: { interval?: IntervalName; days?: number },
          ctx: AnalyticsContext,
        ): CoinAnalyticsParent => ({
          coinId: coin.id,
          window: analyticsWindow(args.interval ?? 'DAY_1', args.days ?? 90, ctx.analytics.now),
        }),
      },
      CoinAnalytics: {
        interval: (p: CoinAnalyticsParent) => p.window.interval,
        days: (p: CoinAnalyticsParent) => p.window.days,
        candleCount: field(m.windowInfo, (d) => d.candleCount),
        latest: (p: CoinAnalyticsParent) => p,
        ...seriesFields,
        ...riskFields,
      },
      LatestIndicators: latestFields,
    },
  };
}
