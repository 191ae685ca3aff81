/**
 * Per-coin scores: recomputed from the stored documents with the core's aggregateByCoin, written to
 * SentimentScore, cached in `sentiment:{coin_id}` (every window of the coin in one value, 1 hour) and
 * published as `sentiment_scores` events, one per coin and window that changed, in that order, so
 * that a reader never sees an event before the score it announces.
 */
import { randomUUID } from 'node:crypto';
import { CacheKey, CacheTtl, type Cache } from '../../lib/cache';
import type { Db } from '../../lib/db';
import { Topic, type EventBus, type SentimentScoreUpdate } from '../../lib/events';
import type { Logger } from '../../lib/logger';
import {
  aggregateByCoin,
  labelFor,
  SENTIMENT_WINDOWS,
  WINDOWS,
  type AggregateScore,
  type CoinDocument,
  type SentimentLabel,
  type SentimentWindow,
} from './core';

/**
 * A stored score is replaced (and an event published) when its label or document count changes, or
 * when its score moves by at least this much: decay moves every score a little all the time, and
 * those drifts are not news.
 */
export const SCORE_EPSILON = 0.005;

/** One row of SentimentScore, and the value cached per window. */
export interface ScoreRow {
  coinId: string;
  window: SentimentWindow;
  /** Rounded to 4 decimals. */
  score: number;
  label: SentimentLabel;
  documents: number;
  updatedAt: Date;
}

/** What `sentiment:{coin_id}` holds: window → score. */
export type CachedScores = Partial<
  Record<
    SentimentWindow,
    { score: number; label: SentimentLabel; documents: number; window: string; updatedAt: string }
  >
>;

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * The rows to write for `coinIds`, given the stored rows and the fresh aggregates (pure).
 * A window that no longer holds any document becomes score 0, NEUTRAL, 0 documents (rather than
 * disappearing), so that readers and subscribers learn that the news went quiet.
 */
export function planScoreChanges(
  coinIds: Iterable<string>,
  previous: readonly ScoreRow[],
  next: ReadonlyMap<string, Partial<Record<SentimentWindow, AggregateScore>>>,
  now: Date,
  windows: readonly SentimentWindow[] = SENTIMENT_WINDOWS,
): ScoreRow[] {
  const prev = new Map(previous.map((r) => [`${r.coinId}\n${r.window}`, r]));
  const out: ScoreRow[] = [];
  for (const coinId of new Set(coinIds)) {
    for (const window of windows) {
      const old = prev.get(`${coinId}\n${window}`);
      const agg = next.get(coinId)?.[window];
      if (!agg) {
        if (old && old.documents > 0)
          out.push({ coinId, window, score: 0, label: 'NEUTRAL', documents: 0, updatedAt: now });
        continue;
      }
      const score = round4(agg.score);
      // Labelled from the rounded score, so that a stored 0.2 reads POSITIVE as documented.
      const label = labelFor(score);
      if (
        old &&
        old.label === label &&
        old.documents === agg.documents &&
        Math.abs(old.score - score) < SCORE_EPSILON
      )
        continue;
      out.push({ coinId, window, score, label, documents: agg.documents, updatedAt: now });
    }
  }
  return out;
}

/** The cached value of one coin: its rows by window. */
export function cachedScores(rows: readonly ScoreRow[]): CachedScores {
  const out: CachedScores = {};
  for (const r of rows)
    out[r.window] = {
      score: r.score,
      label: r.label,
      documents: r.documents,
      window: r.window,
      updatedAt: r.updatedAt.toISOString(),
    };
  return out;
}

export interface ScoreUpdaterOptions {
  /** Weight per source (see AggregateOptions.sourceWeights); unlisted sources weigh 1. */
  sourceWeights?: Readonly<Record<string, number>>;
  now?: () => number;
}

const LONGEST_MS = Math.max(...Object.values(WINDOWS).map((w) => w.durationMs));
// Documents dated a little ahead (clock skew) count as fresh in the core; read them too.
const SKEW_MS = 5 * 60_000;

export class ScoreUpdater {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly cache: Cache,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly options: ScoreUpdaterOptions = {},
  ) {}

  /**
   * Recomputes the given coins (all coins with documents or scores when omitted) and returns the
   * rows that changed. Runs one at a time per process, so that two recomputations never interleave
   * their writes and events. A cache or Kafka outage is logged, not thrown: the scores are stored,
   * and the next change publishes again.
   */
  recompute(coinIds?: Iterable<string>): Promise<ScoreRow[]> {
    const ids = coinIds ? [...new Set(coinIds)] : undefined;
    const run = this.queue.then(() => this.run(ids));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run(coinIds: string[] | undefined): Promise<ScoreRow[]> {
    if (coinIds && !coinIds.length) return [];
    const nowMs = (this.options.now ?? Date.now)();
    const now = new Date(nowMs);
    const links = await this.db.documentCoin.findMany({
      where: {
        ...(coinIds ? { coinId: { in: coinIds } } : {}),
        document: { publishedAt: { gt: new Date(nowMs - LONGEST_MS), lte: new Date(nowMs + SKEW_MS) } },
      },
      select: { coinId: true, document: { select: { score: true, publishedAt: true, source: true } } },
    });
    const previous = (await this.db.sentimentScore.findMany({
      where: coinIds ? { coinId: { in: coinIds } } : {},
    })) as ScoreRow[];
    const docs: CoinDocument[] = links.map((l) => ({
      coinIds: [l.coinId],
      score: l.document.score,
      publishedAt: l.document.publishedAt.getTime(),
      source: l.document.source,
    }));
    const next = aggregateByCoin(docs, { now: nowMs, sourceWeights: this.options.sourceWeights });
    const coins = coinIds ?? [...new Set([...next.keys(), ...previous.map((r) => r.coinId)])];
    const changes = planScoreChanges(coins, previous, next, now);
    if (!changes.length) return [];

    await this.db.$transaction(
      changes.map((r) =>
        this.db.sentimentScore.upsert({
          where: { coinId_window: { coinId: r.coinId, window: r.window } },
          create: r,
          update: { score: r.score, label: r.label, documents: r.documents, updatedAt: r.updatedAt },
        }),
      ),
    );

    const byCoin = new Map<string, ScoreRow[]>();
    for (const r of previous) byCoin.set(r.coinId, [...(byCoin.get(r.coinId) ?? []), r]);
    for (const r of changes)
      byCoin.set(r.coinId, [...(byCoin.get(r.coinId) ?? []).filter((o) => o.window !== r.window), r]);
    const changedCoins = new Set(changes.map((r) => r.coinId));
    try {
      await this.cache.mset(
        [...changedCoins].map((id) => [
          CacheKey.sentiment(id),
          JSON.stringify(cachedScores(byCoin.get(id) ?? [])),
        ]),
        CacheTtl.sentiment,
      );
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'could not refresh cached sentiment scores');
    }
    const events: SentimentScoreUpdate[] = changes.map((r) => ({
      v: 1,
      id: randomUUID(),
      coinId: r.coinId,
      score: r.score,
      label: r.label,
      documents: r.documents,
      window: r.window,
      ts: r.updatedAt.toISOString(),
    }));
    try {
      await this.bus.publish(Topic.sentimentScores, events);
    } catch (err) {
      this.log.warn(
        { err: (err as Error).message, events: events.length },
        'could not publish sentiment scores',
      );
    }
    return changes;
  }
}
