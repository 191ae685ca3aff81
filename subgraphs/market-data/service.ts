import path from 'node:path';
import DataLoader from 'dataloader';
import type { Coin } from '@prisma/client';
import { requireAdmin } from '../../lib/auth';
import { notFound } from '../../lib/errors';
import type { SubgraphContext, SubgraphDefinition } from '../../lib/server/subgraph';
import { runSingleton } from '../../lib/singleton';
import { COIN_CATALOG } from './catalog';
import { isQuoteStale } from './core';
import { MarketReader, type CandleIntervalName, type QuoteView } from './market';
import { IngestionPipeline } from './pipeline';
import type { MarketProvider } from './providers/types';

export const MARKET_DATA_PORT = 4002;

export interface MarketDataOptions {
  /** The live price source; none means the service only serves what is stored. */
  provider?: () => MarketProvider;
  maxEventsPerSecond?: number;
  /** Quotes older than this are reported as stale. */
  staleAfterMs?: number;
}

interface MarketContext extends SubgraphContext {
  market: MarketReader;
  quotes: DataLoader<string, QuoteView | null>;
}

/** The market-data subgraph: coins, quotes, candles, the market overview, and ingestion. */
export function marketDataSubgraph(options: MarketDataOptions = {}): SubgraphDefinition<MarketContext> {
  const staleAfterMs = options.staleAfterMs ?? 60_000;
  const supplies = new Map(COIN_CATALOG.map((c) => [c.id, c.circulatingSupply]));
  return {
    name: 'market-data',
    schemaPath: path.join(__dirname, 'schema.graphql'),
    extendContext: (base) => {
      const market = new MarketReader(base.runtime.db, base.runtime.cache);
      return { ...base, market, quotes: new DataLoader((ids) => market.quotes(ids)) };
    },
    background: async (runtime, log) => {
      if (!options.provider) return { stop: async () => undefined };
      const makeProvider = options.provider;
      const singleton = runSingleton(
        'market-data:ingestion',
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
                flushIntervalMs: 2000,
                supplies,
              },
            );
            await pipeline.start();
            return () => pipeline.stop();
          },
        },
        log,
      );
      return { stop: () => singleton.stop() };
    },
    resolvers: {
      Query: {
        coin: (_: unknown, args: { id: string }, ctx: MarketContext) => ctx.market.coin(args.id),
        coins: (_: unknown, args: { first?: number; after?: string; search?: string }, ctx: MarketContext) =>
          ctx.market.coins(args),
        marketOverview: (_: unknown, __: unknown, ctx: MarketContext) => ctx.market.overview(),
      },
      Mutation: {
        backfillCoinHistory: async (_: unknown, args: { coinId: string }, ctx: MarketContext) => {
          requireAdmin(ctx.user);
          if (!(await ctx.market.coin(args.coinId))) throw notFound(`Coin ${args.coinId}`);
          // Provider-backed backfill arrives with the CoinGecko provider wiring.
          return 0;
        },
      },
      Coin: {
        __resolveReference: (ref: { id: string }, ctx: MarketContext) => ctx.market.coin(ref.id),
        quote: async (coin: Coin, _: unknown, ctx: MarketContext) => {
          const quote = await ctx.quotes.load(coin.id);
          return (
            quote && { ...quote, stale: isQuoteStale(Date.parse(quote.updatedAt), Date.now(), staleAfterMs) }
          );
        },
        candles: (
          coin: Coin,
          args: { interval: CandleIntervalName; from?: Date; to?: Date; limit?: number },
          ctx: MarketContext,
        ) => ctx.market.candles(coin.id, args),
      },
      MarketOverview: {
        topGainers: (o: { gainers: Coin[] }, args: { limit?: number }) =>
          o.gainers.slice(0, Math.min(Math.max(args.limit ?? 5, 0), 50)),
        topLosers: (o: { losers: Coin[] }, args: { limit?: number }) =>
          o.losers.slice(0, Math.min(Math.max(args.limit ?? 5, 0), 50)),
      },
    },
  };
}
