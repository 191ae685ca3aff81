import path from 'node:path';
import { badInput } from '../../lib/errors';
import type { SubgraphContext, SubgraphDefinition } from '../../lib/server/subgraph';
import { loadCandleColumns, type CandleColumns, type IntervalName } from './candles';
import * as core from './core';

export const ANALYTICS_PORT = 4003;

interface AnalyticsContext extends SubgraphContext {
  candles: (coinId: string, interval: IntervalName, days: number) => Promise<CandleColumns>;
}

interface AnalyticsParent {
  coinId: string;
  interval: IntervalName;
  days: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

function points(cols: CandleColumns, series: core.Series) {
  const out = new Array<{ t: string; v: number }>(series.values.length);
  for (let j = 0; j < series.values.length; j++)
    out[j] = { t: iso(cols.t[series.begin + j]!), v: series.values[j]! };
  return out;
}

// Maps the core's input errors to BAD_USER_INPUT with the argument name.
function guarded<T>(compute: () => T): T {
  try {
    return compute();
  } catch (err) {
    if (core.isAnalyticsInputError(err))
      throw badInput(err.message, err.argument ? { argument: err.argument } : {});
    throw err;
  }
}

/** The analytics subgraph: technical indicators and risk metrics per coin. */
export function analyticsSubgraph(): SubgraphDefinition<AnalyticsContext> {
  return {
    name: 'analytics',
    schemaPath: path.join(__dirname, 'schema.graphql'),
    extendContext: (base) => {
      // One read per coin, interval and window per request, however many metrics are asked for.
      const memo = new Map<string, Promise<CandleColumns>>();
      return {
        ...base,
        candles: (coinId, interval, days) => {
          const key = `${coinId}|${interval}|${days}`;
          let hit = memo.get(key);
          if (!hit) memo.set(key, (hit = loadCandleColumns(base.runtime.db, coinId, interval, days)));
          return hit;
        },
      };
    },
    resolvers: {
      Coin: {
        __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
        analytics: (coin: { id: string }, args: { interval?: IntervalName; days?: number }) => {
          const days = args.days ?? 90;
          if (!Number.isInteger(days) || days < 1 || days > 3650)
            throw badInput('days must be between 1 and 3650', { argument: 'days' });
          return { coinId: coin.id, interval: args.interval ?? 'DAY_1', days } satisfies AnalyticsParent;
        },
      },
      CoinAnalytics: {
        sma: async (p: AnalyticsParent, args: { period: number }, ctx: AnalyticsContext) => {
          const cols = await ctx.candles(p.coinId, p.interval, p.days);
          return points(
            cols,
            guarded(() => core.sma(cols.close, args.period)),
          );
        },
        ema: async (p: AnalyticsParent, args: { period: number }, ctx: AnalyticsContext) => {
          const cols = await ctx.candles(p.coinId, p.interval, p.days);
          return points(
            cols,
            guarded(() => core.ema(cols.close, args.period)),
          );
        },
        rsi: async (p: AnalyticsParent, args: { period?: number }, ctx: AnalyticsContext) => {
          const cols = await ctx.candles(p.coinId, p.interval, p.days);
          return points(
            cols,
            guarded(() => core.rsi(cols.close, args.period ?? 14)),
          );
        },
        macd: async (
          p: AnalyticsParent,
          args: { fast?: number; slow?: number; signal?: number },
          ctx: AnalyticsContext,
        ) => {
          const cols = await ctx.candles(p.coinId, p.interval, p.days);
          const m = guarded(() =>
            core.macd(cols.close, { fast: args.fast, slow: args.slow, signal: args.signal }),
          );
          return Array.from(m.macd, (v, j) => ({
            t: iso(cols.t[m.begin + j]!),
            macd: v,
            signal: m.signal[j]!,
            histogram: m.histogram[j]!,
          }));
        },
        bollinger: async (
          p: AnalyticsParent,
          args: { period?: number; stdDev?: number },
          ctx: AnalyticsContext,
        ) => {
          const cols = await ctx.candles(p.coinId, p.interval, p.days);
          const b = guarded(() => core.bollinger(cols.close, { period: args.period, stdDev: args.stdDev }));
          return Array.from(b.middle, (v, j) => ({
            t: iso(cols.t[b.begin + j]!),
            upper: b.upper[j]!,
            middle: v,
            lower: b.lower[j]!,
          }));
        },
        volatility: async (p: AnalyticsParent, _: unknown, ctx: AnalyticsContext) => {
          const cols = await ctx.candles(p.coinId, p.interval, p.days);
          return core.annualizedVolatility(core.logReturns(cols.close));
        },
        maxDrawdown: async (p: AnalyticsParent, _: unknown, ctx: AnalyticsContext) => {
          const cols = await ctx.candles(p.coinId, p.interval, p.days);
          return core.maxDrawdown(cols.close)?.maxDrawdown ?? null;
        },
        sharpeRatio: async (p: AnalyticsParent, args: { riskFreeRate?: number }, ctx: AnalyticsContext) => {
          const cols = await ctx.candles(p.coinId, p.interval, p.days);
          return core.sharpeRatio(core.simpleReturns(cols.close), { riskFreeRate: args.riskFreeRate ?? 0 });
        },
      },
    },
  };
}
