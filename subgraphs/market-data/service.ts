import path from 'node:path';
import DataLoader from 'dataloader';
import type { Candle as CandleRow, Coin } from '@prisma/client';
import { requireAdmin } from '../../lib/auth';
import { badInput } from '../../lib/errors';
import { uncachedIfMissing, type SubgraphContext, type SubgraphDefinition } from '../../lib/server/subgraph';
import { runSingleton } from '../../lib/singleton';
import { COIN_CATALOG } from './catalog';
import { isQuoteStale } from './core';
import { backfillHistory } from './history';
import { checkCandleArgs, MarketReader, type CandleArgs, type QuoteView } from './market';
import { IngestionPipeline } from './pipeline';
import { CoinGeckoClient } from './providers/coingecko';
import type { MarketCatalogProvider, MarketProvider, ProviderStatus } from './providers/types';

export const MARKET_DATA_PORT = 4002;

/** Name of the PostgreSQL advisory lock that elects the ingesting replica. */
export const INGESTION_LOCK = 'market-data:ingestion';

export interface MarketDataOptions {
  /** The live price source; none means the service only serves what is stored. */
  provider?: () => MarketProvider;
  /** History source for `backfillCoinHistory` (default: keyless CoinGecko). */
  history?: () => MarketCatalogProvider;
  /** Price events per second per coin (default 2). */
  maxEventsPerSecond?: number;
  /** Quotes older than this are reported as stale (default 60 s). */
  staleAfterMs?: number;
  /** How often candles are written (default 2 s). */
  flushIntervalMs?: number;
  /** Advisory-lock name (default INGESTION_LOCK); tests running side by side use their own. */
  ingestionLock?: string;
}

interface MarketContext extends SubgraphContext {
  market: MarketReader;
  coinsById: DataLoader<string, Coin | null>;
  quotes: DataLoader<string, QuoteView | null>;
  candles: (coinId: string, args: CandleArgs) => Promise<CandleRow[]>;
}

const MAX_MOVERS = 100;

function moversLimit(limit: number | null | undefined): number {
  const n = limit ?? 5;
  if (!Number.isInteger(n) || n < 0 || n > MAX_MOVERS)
    throw badInput(`limit must be between 0 and ${MAX_MOVERS}`, { field: 'limit' });
  return n;
}

/** The market-data subgraph: coins, quotes, candles, the market overview, backfill and ingestion. */
export function marketDataSubgraph(options: MarketDataOptions = {}): SubgraphDefinition<MarketContext> {
  const staleAfterMs = options.staleAfterMs ?? 60_000;
  const supplies = new Map(COIN_CATALOG.map((c) => [c.id, c.circulatingSupply]));
  let history: MarketCatalogProvider | undefined;
  const historyProvider = () =>
    (history ??=
      options.history?.() ??
      new CoinGeckoClient({ plan: 'keyless', maxRetries: 2, maxRetryAfterMs: 10_000, timeoutMs: 10_000 }));
  // Readiness: the feed only matters in the replica that ingests.
  let ingesting = false;
  let feed: ProviderStatus['state'] | undefined;

  return {
    name: 'market-data',
    schemaPath: path.join(__dirname, 'schema.graphql'),
    extendContext: (base) => {
      const market = new MarketReader(base.runtime.db, base.runtime.cache);
      // Coin.candles under a list of coins: one query per distinct argument set, not per coin.
      const candleLoaders = new Map<string, DataLoader<string, CandleRow[]>>();
      const candles = (coinId: string, args: CandleArgs) => {
        checkCandleArgs(args);
        const key = JSON.stringify([args.interval, args.from ?? null, args.to ?? null, args.limit ?? null]);
        let loader = candleLoaders.get(key);
        if (!loader) {
          loader = new DataLoader((ids) => market.candlesForCoins(ids, args));
          candleLoaders.set(key, loader);
        }
        return loader.load(coinId);
      };
      return {
        ...base,
        market,
        coinsById: new DataLoader(async (ids) => {
          const rows = await base.runtime.db.coin.findMany({ where: { id: { in: [...ids] } } });
          const byId = new Map(rows.map((c) => [c.id, c]));
          return ids.map((id) => byId.get(id) ?? null);
        }),
        quotes: new DataLoader((ids) => market.quotes(ids)),
        candles,
      };
    },
    checks: async (): Promise<Record<string, boolean>> =>
      ingesting ? { marketFeed: feed === 'connected' } : {},
    background: async (runtime, log) => {
      if (!options.provider) return { stop: async () => undefined };
      const makeProvider = options.provider;
      const singleton = runSingleton(
        options.ingestionLock ?? INGESTION_LOCK,
        runtime.databaseUrl,
        {
          start: async () => {
            const pipeline = new IngestionPipeline(
              makeProvider(),
              runtime.db,
              runtime.cache,
              runtime.bus,
              log,
              {
                maxEventsPerSecond: options.maxEventsPerSecond ?? 2,
                flushIntervalMs: options.flushIntervalMs ?? 2000,
                supplies,
                onStatus: (status) => (feed = status.state),
              },
            );
            ingesting = true;
            try {
              await pipeline.start();
            } catch (err) {
              ingesting = false;
              await pipeline.stop().catch(() => undefined);
              throw err;
            }
            return async () => {
              await pipeline.stop();
              ingesting = false;
              log.info({ stats: pipeline.stats() }, 'ingestion stopped');
            };
          },
        },
        log,
      );
      return { stop: () => singleton.stop() };
    },
    resolvers: {
      Query: {
        coin: async (_: unknown, args: { id: string }, ctx: MarketContext, info: unknown) =>
          uncachedIfMissing(await ctx.coinsById.load(args.id), info),
        coins: (_: unknown, args: { first?: number; after?: string; search?: string }, ctx: MarketContext) =>
          ctx.market.coins(args),
        marketOverview: (_: unknown, __: unknown, ctx: MarketContext) => ctx.market.overview(),
      },
      Mutation: {
        backfillCoinHistory: async (
          _: unknown,
          args: { coinId: string; from: Date; to: Date },
          ctx: MarketContext,
        ) => {
          const admin = requireAdmin(ctx.user);
          const result = await backfillHistory(ctx.runtime.db, historyProvider(), args);
          ctx.log.info({ adminId: admin.id, coinId: args.coinId, ...result }, 'history backfilled');
          return result.inserted + result.rolledUp;
        },
      },
      Coin: {
        __resolveReference: async (ref: { id: string }, ctx: MarketContext, info: unknown) =>
          uncachedIfMissing(await ctx.coinsById.load(ref.id), info),
        quote: async (coin: Coin, _: unknown, ctx: MarketContext) => {
          const quote = await ctx.quotes.load(coin.id);
          return (
            quote && { ...quote, stale: isQuoteStale(Date.parse(quote.updatedAt), Date.now(), staleAfterMs) }
          );
        },
        candles: (coin: Coin, args: CandleArgs, ctx: MarketContext) => ctx.candles(coin.id, args),
      },
      MarketOverview: {
        topGainers: (_: unknown, args: { limit?: number }, ctx: MarketContext) =>
          movers(ctx, 'gainers', args.limit, staleAfterMs),
        topLosers: (_: unknown, args: { limit?: number }, ctx: MarketContext) =>
          movers(ctx, 'losers', args.limit, staleAfterMs),
      },
    },
  };
}

async function movers(
  ctx: MarketContext,
  direction: 'gainers' | 'losers',
  limit: number | undefined,
  staleAfterMs: number,
) {
  const rows = await ctx.market.movers(direction, moversLimit(limit), new Date(Date.now() - staleAfterMs));
  // The quotes are already at hand: selecting `quote` on these coins costs no further query.
  for (const { coin, quote } of rows) ctx.quotes.prime(coin.id, quote);
  return rows.map((r) => r.coin);
}
