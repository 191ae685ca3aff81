import { createHash } from 'node:crypto';
import path from 'node:path';
import type { SentimentDocument } from '@prisma/client';
import DataLoader from 'dataloader';
import { requireAdmin } from '../../lib/auth';
import { CacheKey, CacheTtl } from '../../lib/cache';
import { badInput } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { Runtime } from '../../lib/runtime';
import type { SubgraphContext, SubgraphDefinition } from '../../lib/server/subgraph';
import { runSingleton, type SingletonHandle } from '../../lib/singleton';
import { isSentimentWindow, SENTIMENT_WINDOWS } from './core';
import { DocumentStore } from './documents';
import { validateBulkInput, type NewsDocumentInput } from './bulk';
import { FeedPoller, type FeedPollerOptions } from './feed-polling';
import { CatalogLinker, Ingestor } from './ingest';
import { MarketSentimentReader } from './market';
import { cachedScores, ScoreUpdater, type CachedScores, type ScoreRow } from './scores';
import { SENTIMENT_PORT } from './settings';

export { SENTIMENT_PORT };
export { SENTIMENT_WINDOWS };

/** Consecutive failures after which a feed counts as down for readiness. */
export const FEEDS_DEGRADED_AFTER = 3;

/** Advisory-lock name of the periodic recomputation (windows slide even without new documents). */
export const AGGREGATION_JOB = 'sentiment:aggregation';

/**
 * Advisory-lock name of feed polling. It carries a fingerprint of the feed list: replicas with the
 * same configuration share one poller, and a deployment with another list (or a test) is a job of
 * its own rather than being starved by a lock holder that polls different feeds.
 */
export function feedPollingJob(feeds: readonly string[]): string {
  const fingerprint = createHash('sha256')
    .update([...feeds].sort().join('\n'))
    .digest('hex')
    .slice(0, 16);
  return `sentiment:feed-polling:${fingerprint}`;
}

export interface SentimentOptions {
  /** RSS/Atom feed URLs to poll (NEWS_FEEDS). */
  feeds?: readonly string[];
  /** Poll policy and loop tick for the feed poller. */
  polling?: FeedPollerOptions;
  /** Weight per source (SENTIMENT_SOURCE_WEIGHTS); unlisted sources weigh 1. */
  sourceWeights?: Readonly<Record<string, number>>;
  /** How often every coin is recomputed so that windows slide; 0 turns it off. Default 60 s. */
  refreshIntervalMs?: number;
  /** Coin ids of the market index basket (default: the 10 largest non-stablecoins). */
  marketBasket?: readonly string[];
  /** How often the singleton jobs retry their lock. Default 2 s. */
  lockRetryMs?: number;
}

interface SentimentContext extends SubgraphContext {
  store: DocumentStore;
  ingestor: Ingestor;
  market: MarketSentimentReader;
  documentCoins: DataLoader<string, string[]>;
  /** Every window of each coin: `sentiment:{coin_id}` first (one MGET), the database for misses. */
  coinScores: DataLoader<string, CachedScores>;
}

/** Scores of many coins: one cache round trip, one query for the misses, which are then cached. */
async function loadCoinScores(runtime: Runtime, coinIds: readonly string[]): Promise<CachedScores[]> {
  const keys = coinIds.map((id) => CacheKey.sentiment(id));
  const cached = await runtime.cache.mget(keys);
  const out = cached.map((raw) => (raw === null ? undefined : (JSON.parse(raw) as CachedScores)));
  const misses = coinIds.filter((_, i) => out[i] === undefined);
  if (misses.length) {
    const rows = await runtime.db.sentimentScore.findMany({ where: { coinId: { in: misses } } });
    const byCoin = new Map<string, CachedScores>(misses.map((id) => [id, {}]));
    for (const id of misses)
      byCoin.set(
        id,
        cachedScores(rows.filter((r) => r.coinId === id && isSentimentWindow(r.window)) as ScoreRow[]),
      );
    await runtime.cache.mset(
      [...byCoin].map(([id, v]) => [CacheKey.sentiment(id), JSON.stringify(v)]),
      CacheTtl.sentiment,
    );
    coinIds.forEach((id, i) => (out[i] ??= byCoin.get(id)));
  }
  return out as CachedScores[];
}

type PageArgs = { first?: number | null; after?: string | null };

/** The sentiment subgraph: news ingestion, per-coin scores, news pages and the market index. */
export function sentimentSubgraph(options: SentimentOptions = {}): SubgraphDefinition<SentimentContext> {
  const feeds = options.feeds ?? [];
  // One set per process (the runtime is per process): the catalog linker and the score queue are
  // shared by every request and by the background jobs, and the market index is memoised.
  let shared:
    | {
        runtime: Runtime;
        store: DocumentStore;
        scores: ScoreUpdater;
        ingestor: Ingestor;
        market: MarketSentimentReader;
      }
    | undefined;
  const services = (runtime: Runtime, log: Logger) => {
    if (shared?.runtime !== runtime) {
      const store = new DocumentStore(runtime.db);
      const scores = new ScoreUpdater(runtime.db, runtime.cache, runtime.bus, log, {
        sourceWeights: options.sourceWeights,
      });
      shared = {
        runtime,
        store,
        scores,
        ingestor: new Ingestor(new CatalogLinker(runtime.db), store, scores, log),
        market: new MarketSentimentReader(runtime.db, {
          basket: options.marketBasket,
          sourceWeights: options.sourceWeights,
        }),
      };
    }
    return shared;
  };

  let jobsRuntime: Runtime | undefined;

  return {
    name: 'sentiment',
    schemaPath: path.join(__dirname, 'schema.graphql'),
    // News that stopped flowing degrades readiness (never fails it): every feed failing in a row.
    checks: feeds.length
      ? async (): Promise<Record<string, boolean>> => {
          if (!jobsRuntime) return {};
          const states = await jobsRuntime.db.feedState
            .findMany({ where: { url: { in: [...feeds] } }, select: { failures: true } })
            .catch(() => null);
          if (!states) return {};
          const failing = states.filter((st) => st.failures >= FEEDS_DEGRADED_AFTER).length;
          return { feeds: failing < feeds.length };
        }
      : undefined,
    extendContext: (base) => {
      const s = services(base.runtime, base.log);
      return {
        ...base,
        store: s.store,
        ingestor: s.ingestor,
        market: s.market,
        documentCoins: new DataLoader((ids: readonly string[]) => s.store.coinsOf(ids)),
        coinScores: new DataLoader((ids: readonly string[]) => loadCoinScores(base.runtime, ids)),
      };
    },
    background: async (runtime, log) => {
      jobsRuntime = runtime;
      const s = services(runtime, log);
      const handles: SingletonHandle[] = [];
      const refreshMs = options.refreshIntervalMs ?? 60_000;
      if (refreshMs > 0) {
        handles.push(
          runSingleton(
            AGGREGATION_JOB,
            runtime.databaseUrl,
            { start: async () => slidingRefresh(s.scores, refreshMs, log) },
            log,
            options.lockRetryMs,
          ),
        );
      }
      if (feeds.length) {
        handles.push(
          runSingleton(
            feedPollingJob(feeds),
            runtime.databaseUrl,
            {
              start: async () => {
                const poller = new FeedPoller(feeds, runtime.db, s.ingestor, log, options.polling);
                poller.start();
                return () => poller.stop();
              },
            },
            log,
            options.lockRetryMs,
          ),
        );
      }
      return { stop: async () => void (await Promise.all(handles.map((h) => h.stop()))) };
    },
    resolvers: {
      Query: {
        marketSentiment: (_: unknown, __: unknown, ctx: SentimentContext) => ctx.market.current(),
        news: (_: unknown, args: PageArgs & { coinIds?: string[] | null }, ctx: SentimentContext) =>
          ctx.store.page(args),
        newsDocument: (_: unknown, args: { id: string }, ctx: SentimentContext) => ctx.store.byId(args.id),
      },
      Mutation: {
        ingestNewsDocuments: async (
          _: unknown,
          { input }: { input: { documents: NewsDocumentInput[] } },
          ctx: SentimentContext,
        ) => {
          const admin = requireAdmin(ctx.user);
          const raw = validateBulkInput(input.documents, Date.now());
          const summary = await ctx.ingestor.ingest(raw);
          ctx.log.info(
            { userId: admin.id, received: summary.received, inserted: summary.inserted.length },
            'bulk news ingest',
          );
          return {
            received: summary.received,
            inserted: summary.inserted.length,
            duplicates: summary.duplicates,
            scoresUpdated: summary.scoresUpdated.length,
            documents: summary.inserted,
          };
        },
      },
      NewsDocument: {
        coins: async (d: SentimentDocument & { coinIds?: string[] }, _: unknown, ctx: SentimentContext) =>
          (d.coinIds ?? (await ctx.documentCoins.load(d.id))).map((id) => ({ id })),
      },
      Coin: {
        __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
        sentiment: async (coin: { id: string }, args: { window?: string | null }, ctx: SentimentContext) => {
          const window = args.window ?? '24h';
          if (!isSentimentWindow(window))
            throw badInput(`window must be one of ${SENTIMENT_WINDOWS.join(', ')}`, { field: 'window' });
          // `sentiment:{coin_id}` holds every window of the coin; ScoreUpdater refreshes it when a score lands.
          const byWindow = await ctx.coinScores.load(coin.id);
          return byWindow[window] ?? null;
        },
        news: (coin: { id: string }, args: PageArgs, ctx: SentimentContext) =>
          ctx.store.page({ ...args, coinIds: [coin.id] }),
      },
    },
  };
}

/** Recomputes every coin now and then, so that windows slide and decay shows without new documents. */
function slidingRefresh(scores: ScoreUpdater, intervalMs: number, log: Logger): () => Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const loop = () => {
    running = scores
      .recompute()
      .then((changed) => {
        if (changed.length) log.debug({ changed: changed.length }, 'sentiment windows refreshed');
      })
      .catch((err: unknown) => log.warn({ err: (err as Error).message }, 'sentiment refresh failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, intervalMs);
      });
  };
  timer = setTimeout(loop, 0);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
