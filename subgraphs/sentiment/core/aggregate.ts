/**
 * Per-coin sentiment over a window: a time-decayed, source-weighted mean of document scores.
 *
 * For the documents published in (now - duration, now]:
 *   w_i   = sourceWeight(source_i) × relevance_i × 2^(-age_i / halfLife)
 *   score = Σ w_i × score_i / Σ w_i                       (in [-1, 1], since each score_i is)
 * with half-lives of 15 minutes (1h window), 6 hours (24h) and 2 days (7d): a quarter of the window,
 * so the newest news leads but the whole window still counts (the oldest document keeps 1/16 of the
 * weight of a fresh one). Documents dated up to five minutes in the future (clock skew) count as fresh.
 */
import { labelFor, type SentimentLabel } from './labels';

export type SentimentWindow = '1h' | '24h' | '7d';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const FUTURE_SKEW_MS = 5 * MINUTE;

/** Window lengths and decay half-lives, in milliseconds. */
export const WINDOWS: Readonly<Record<SentimentWindow, { durationMs: number; halfLifeMs: number }>> = {
  '1h': { durationMs: HOUR, halfLifeMs: 15 * MINUTE },
  '24h': { durationMs: DAY, halfLifeMs: 6 * HOUR },
  '7d': { durationMs: 7 * DAY, halfLifeMs: 2 * DAY },
};

export const SENTIMENT_WINDOWS = Object.keys(WINDOWS) as SentimentWindow[];

export function isSentimentWindow(w: string): w is SentimentWindow {
  return Object.prototype.hasOwnProperty.call(WINDOWS, w);
}

export interface ScoredDocument {
  /** Document score in [-1, 1]. */
  readonly score: number;
  /** Publication time, epoch milliseconds. */
  readonly publishedAt: number;
  /** Source name (feed id, "bulk-import", ...), looked up in sourceWeights. */
  readonly source: string;
  /** How much the document is about the coin (e.g. 1 for a passing mention, more for a headline). Default 1. */
  readonly relevance?: number;
}

export interface CoinDocument extends ScoredDocument {
  /** The coins the document is linked to. */
  readonly coinIds: readonly string[];
}

export interface AggregateOptions {
  /** Epoch milliseconds of "now". */
  readonly now: number;
  /** Weight per source; a source not listed gets defaultSourceWeight. A weight of 0 ignores the source. */
  readonly sourceWeights?: Readonly<Record<string, number>>;
  /** Default 1. */
  readonly defaultSourceWeight?: number;
}

export interface AggregateScore {
  readonly window: SentimentWindow;
  /** Weighted mean score in [-1, 1]. */
  readonly score: number;
  readonly label: SentimentLabel;
  /** Documents that counted (in the window, with a positive weight). */
  readonly documents: number;
  /** Σ w_i: how much evidence the score rests on (fresh, fully weighted documents count 1 each). */
  readonly weight: number;
  /** Publication time of the newest counted document, epoch milliseconds. */
  readonly updatedAt: number;
}

/** The window's aggregate of one coin's documents, or null when no document counts. */
export function aggregateWindow(
  docs: readonly ScoredDocument[],
  window: SentimentWindow,
  opts: AggregateOptions,
): AggregateScore | null {
  const { durationMs, halfLifeMs } = WINDOWS[window];
  const weights = opts.sourceWeights ?? {};
  const fallback = opts.defaultSourceWeight ?? 1;
  let sumW = 0;
  let sumWS = 0;
  let documents = 0;
  let updatedAt = -Infinity;
  for (const d of docs) {
    const age = opts.now - d.publishedAt;
    if (age >= durationMs || age < -FUTURE_SKEW_MS || !Number.isFinite(d.score)) continue;
    const source = Object.prototype.hasOwnProperty.call(weights, d.source)
      ? (weights[d.source] as number)
      : fallback;
    const w = source * (d.relevance ?? 1) * Math.pow(2, -Math.max(0, age) / halfLifeMs);
    if (!(w > 0)) continue;
    sumW += w;
    sumWS += w * Math.max(-1, Math.min(1, d.score));
    documents++;
    if (d.publishedAt > updatedAt) updatedAt = d.publishedAt;
  }
  if (documents === 0) return null;
  const score = sumWS / sumW;
  return { window, score, label: labelFor(score), documents, weight: sumW, updatedAt };
}

/**
 * Every coin's aggregate in every window: coinId → window → score (windows without documents are
 * absent). A document linked to several coins counts for each of them.
 */
export function aggregateByCoin(
  docs: readonly CoinDocument[],
  opts: AggregateOptions,
  windows: readonly SentimentWindow[] = SENTIMENT_WINDOWS,
): Map<string, Partial<Record<SentimentWindow, AggregateScore>>> {
  const byCoin = new Map<string, CoinDocument[]>();
  for (const d of docs) {
    for (const id of new Set(d.coinIds)) {
      const list = byCoin.get(id);
      if (list) list.push(d);
      else byCoin.set(id, [d]);
    }
  }
  const out = new Map<string, Partial<Record<SentimentWindow, AggregateScore>>>();
  for (const [id, list] of byCoin) {
    const perWindow: Partial<Record<SentimentWindow, AggregateScore>> = {};
    for (const w of windows) {
      const a = aggregateWindow(list, w, opts);
      if (a) perWindow[w] = a;
    }
    if (Object.keys(perWindow).length > 0) out.set(id, perWindow);
  }
  return out;
}
