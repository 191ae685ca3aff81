/**
 * Test support (not a test): runs the analytics subgraph's schema in process, as the gateway would call
 * it, over candles from memory, so resolver and cache tests need no HTTP server or database.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { execute, parse, type ExecutionResult } from 'graphql';
import type { Cache } from '../../lib/cache';
import { createLogger } from '../../lib/logger';
import type { Runtime } from '../../lib/runtime';
import { scalarResolvers } from '../../lib/scalars';
import { loadTypeDefs } from '../../lib/server/subgraph';
import type { CandleColumns, CandleSource, LoadedCandles } from './candles';
import { syntheticOhlcv } from './core/testing/synthetic';
import { analyticsSubgraph } from './service';
import { poolRunner, type PoolRunner } from './runner';
import { DAY_MS, INTERVAL_MS, type IntervalName } from './window';

export interface FixtureCandles {
  /** Loads served, as [coinId, interval, warmup]. */
  loads: [string, IntervalName, number][];
  source: CandleSource;
  set(coinId: string, interval: IntervalName, cols: CandleColumns): void;
}

/** Candles from memory with the database source's semantics (see dbCandleSource), optionally slow. */
export function fixtureCandles(delayMs = 0): FixtureCandles {
  const data = new Map<string, CandleColumns>();
  const loads: [string, IntervalName, number][] = [];
  return {
    loads,
    set: (coinId, interval, cols) => data.set(`${coinId}|${interval}`, cols),
    source: {
      async load(coinId, interval, from, warmup): Promise<LoadedCandles> {
        loads.push([coinId, interval, warmup]);
        if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
        const cols = data.get(`${coinId}|${interval}`);
        if (!cols) return { cols: emptyCols(), windowStart: 0 };
        let firstIn = 0;
        while (firstIn < cols.t.length && cols.t[firstIn]! < from) firstIn++;
        const start = Math.max(0, firstIn - warmup);
        return { cols: sliceCols(cols, start, cols.t.length), windowStart: firstIn - start };
      },
    },
  };
}

const emptyCols = (): CandleColumns => ({
  t: new Float64Array(0),
  open: new Float64Array(0),
  high: new Float64Array(0),
  low: new Float64Array(0),
  close: new Float64Array(0),
  volume: new Float64Array(0),
});

export function sliceCols(c: CandleColumns, start: number, end: number): CandleColumns {
  return {
    t: c.t.slice(start, end),
    open: c.open.slice(start, end),
    high: c.high.slice(start, end),
    low: c.low.slice(start, end),
    close: c.close.slice(start, end),
    volume: c.volume.slice(start, end),
  };
}

/**
 * `n` synthetic candles of `interval` ending with the one open at `now`, prices rounded to 8 decimals
 * (what the database's Decimal(38, 18) stores and gives back exactly).
 */
export function syntheticCandles(
  n: number,
  interval: IntervalName,
  now: number,
  options: { seed?: number; startPrice?: number; sigma?: number } = {},
): CandleColumns {
  const step = INTERVAL_MS[interval];
  const lastOpen = Math.floor(now / step) * step;
  const o = syntheticOhlcv(n, { sigma: 0.03, startPrice: 100, ...options });
  const round = (a: Float64Array) => a.map((x) => Number(x.toFixed(8)));
  return {
    t: Float64Array.from({ length: n }, (_, i) => lastOpen - (n - 1 - i) * step),
    open: round(o.open),
    high: round(o.high),
    low: round(o.low),
    close: round(o.close),
    volume: round(o.volume),
  };
}

export interface Harness {
  /** Runs one operation as one request (a fresh request context). */
  query<T = Record<string, unknown>>(
    source: string,
    variables?: Record<string, unknown>,
  ): Promise<ExecutionResult<T>>;
  /** `analytics(...)` of one coin through `_entities`, as the gateway fetches it. */
  analytics<T = Record<string, unknown>>(
    coinId: string,
    args: string,
    selection: string,
  ): Promise<ExecutionResult<{ _entities: { analytics: T }[] }>>;
  computed: string[];
  close(): Promise<void>;
}

export function analyticsHarness(options: {
  cache: Cache;
  candles: CandleSource;
  now: number;
  runner?: PoolRunner;
  maxCachedBytes?: number;
}): Harness {
  const computed: string[] = [];
  const runner = options.runner ?? poolRunner();
  const def = analyticsSubgraph({
    cache: options.cache,
    candles: () => options.candles,
    runner,
    now: () => options.now,
    maxCachedBytes: options.maxCachedBytes,
    onCompute: (key) => computed.push(key),
  });
  const schema = buildSubgraphSchema({
    typeDefs: loadTypeDefs(def.schemaPath),
    resolvers: { ...scalarResolvers, ...def.resolvers } as GraphQLResolverMap<unknown>,
  });
  const log = createLogger('analytics-test', 'silent');
  const runtime = { cache: options.cache, log } as unknown as Runtime;
  const query = async <T>(source: string, variables: Record<string, unknown> = {}) =>
    (await execute({
      schema,
      document: parse(source),
      variableValues: variables,
      contextValue: def.extendContext!({ requestId: 'test', user: null, log, runtime }),
    })) as ExecutionResult<T>;
  return {
    query,
    analytics: (coinId, args, selection) =>
      query(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Coin { analytics${args} { ${selection} } } } }`,
        { r: [{ __typename: 'Coin', id: coinId }] },
      ),
    computed,
    close: () => runner.close(),
  };
}

export { DAY_MS };
