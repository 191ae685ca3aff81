import path from 'node:path';
import { CacheKey, CacheTtl, getJson, setJson } from '../../lib/cache';
import { badInput } from '../../lib/errors';
import type { SubgraphContext, SubgraphDefinition } from '../../lib/server/subgraph';

export const SENTIMENT_PORT = 4004;
export const SENTIMENT_WINDOWS = ['1h', '24h', '7d'] as const;

interface CoinSentimentView {
  score: number;
  label: string;
  documents: number;
  window: string;
  updatedAt: string;
}

/** The sentiment subgraph: per-coin scores and the market sentiment index. */
export function sentimentSubgraph(): SubgraphDefinition<SubgraphContext> {
  return {
    name: 'sentiment',
    schemaPath: path.join(__dirname, 'schema.graphql'),
    resolvers: {
      Query: {
        marketSentiment: () => null,
      },
      Coin: {
        __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
        sentiment: async (coin: { id: string }, args: { window?: string }, ctx: SubgraphContext) => {
          const window = args.window ?? '24h';
          if (!(SENTIMENT_WINDOWS as readonly string[]).includes(window)) {
            throw badInput(`window must be one of ${SENTIMENT_WINDOWS.join(', ')}`, { argument: 'window' });
          }
          // `sentiment:{coin_id}` holds every window of the coin, refreshed when a score lands.
          const key = CacheKey.sentiment(coin.id);
          let byWindow = await getJson<Record<string, CoinSentimentView>>(ctx.runtime.cache, key);
          if (!byWindow) {
            const rows = await ctx.runtime.db.sentimentScore.findMany({ where: { coinId: coin.id } });
            byWindow = Object.fromEntries(
              rows.map((r) => [r.window, { score: r.score, label: r.label, documents: r.documents, window: r.window, updatedAt: r.updatedAt.toISOString() }]),
            );
            await setJson(ctx.runtime.cache, key, byWindow, CacheTtl.sentiment);
          }
          return byWindow[window] ?? null;
        },
      },
    },
  };
}
