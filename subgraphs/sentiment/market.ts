/**
 * The market sentiment index: news sentiment from our documents, price momentum and volatility from
 * market data, combined by the core's marketSentimentIndex.
 *
 * The market is a basket: the 10 largest coins by rank that are not stablecoins (configurable),
 * weighted by market capitalisation when every one of them has one, else equally.
 * - momentum: the basket's weighted mean of each coin's change over 7 days in percent, from DAY_1
 *   candle closes (the latest close against the close 7 days earlier);
 * - volatility: annualised (√365) sample standard deviation of the basket's weighted daily returns
 *   over the last 30 days;
 * - news: the decay-weighted mean score of every document of the last 24 hours (core aggregateWindow,
 *   6-hour half-life, source weights applied).
 */
import type { Db } from '../../lib/db';
import { annualizedVolatility } from '../analytics/core';
import { aggregateWindow, marketSentimentIndex, type MarketMood } from './core';

const DAY = 86_400_000;
export const MOMENTUM_DAYS = 7;
export const VOLATILITY_DAYS = 30;
export const DEFAULT_BASKET_SIZE = 10;
/** Excluded from the basket: they hold their peg, so they would only dilute momentum and volatility. */
export const STABLECOINS: ReadonlySet<string> = new Set([
  'tether',
  'usd-coin',
  'dai',
  'first-digital-usd',
  'ethena-usde',
  'true-usd',
  'paypal-usd',
  'usds',
]);

export interface BasketCoin {
  coinId: string;
  /** Market capitalisation in USD, when known. */
  marketCap: number | null;
  /** DAY_1 candles, ascending by open time. */
  closes: { openTime: number; close: number }[];
}

/** Momentum (percent over 7 days) and volatility (annualised fraction) of the basket; pure. */
export function basketMarketInputs(basket: readonly BasketCoin[]): {
  momentumPct: number | null;
  volatility: number | null;
} {
  const coins = basket.filter((c) => c.closes.length > 0);
  const capWeighted = coins.length > 0 && coins.every((c) => c.marketCap !== null && c.marketCap > 0);
  const weightOf = (c: BasketCoin) => (capWeighted ? (c.marketCap as number) : 1);

  let mSum = 0;
  let mWeight = 0;
  const dayReturns = new Map<number, { sum: number; weight: number }>();
  for (const c of coins) {
    const w = weightOf(c);
    const last = c.closes[c.closes.length - 1] as { openTime: number; close: number };
    const base = [...c.closes].reverse().find((k) => k.openTime <= last.openTime - MOMENTUM_DAYS * DAY);
    if (base && base.close > 0) {
      mSum += w * (last.close / base.close - 1) * 100;
      mWeight += w;
    }
    for (let i = 1; i < c.closes.length; i++) {
      const prev = c.closes[i - 1] as { openTime: number; close: number };
      const cur = c.closes[i] as { openTime: number; close: number };
      // Only consecutive days: a gap would pass off a several-day move as one day's.
      if (cur.openTime - prev.openTime !== DAY || !(prev.close > 0)) continue;
      const d = dayReturns.get(cur.openTime) ?? { sum: 0, weight: 0 };
      d.sum += w * (cur.close / prev.close - 1);
      d.weight += w;
      dayReturns.set(cur.openTime, d);
    }
  }
  const returns = [...dayReturns.entries()]
    .sort((a, b) => a[0] - b[0])
    .slice(-VOLATILITY_DAYS)
    .map(([, d]) => d.sum / d.weight);
  return {
    momentumPct: mWeight > 0 ? mSum / mWeight : null,
    volatility: returns.length >= 2 ? annualizedVolatility(returns) : null,
  };
}

export interface MarketSentimentView {
  index: number;
  label: MarketMood;
  newsSentiment: number | null;
  newsDocuments: number;
  momentum: number | null;
  volatility: number | null;
  components: { news: number | null; momentum: number | null; volatility: number | null };
  basket: string[];
  updatedAt: Date;
}

export interface MarketOptions {
  /** Coin ids of the basket; default: the DEFAULT_BASKET_SIZE largest non-stablecoins by rank. */
  basket?: readonly string[];
  sourceWeights?: Readonly<Record<string, number>>;
  /** How long a computed index is reused. Default 30 s. */
  ttlMs?: number;
  now?: () => number;
}

/**
 * Reads the inputs and computes the index. Candles, quotes and coins are market-data's tables, read
 * here directly and read-only: the index needs a month of daily closes for ten coins on every
 * request, which one indexed query serves far faster than the graph.
 */
export class MarketSentimentReader {
  private memo?: { at: number; value: Promise<MarketSentimentView | null> };

  constructor(
    private readonly db: Db,
    private readonly options: MarketOptions = {},
  ) {}

  current(): Promise<MarketSentimentView | null> {
    const now = (this.options.now ?? Date.now)();
    if (this.memo && now - this.memo.at < (this.options.ttlMs ?? 30_000)) return this.memo.value;
    const value = this.compute(now);
    this.memo = { at: now, value };
    value.catch(() => {
      if (this.memo?.value === value) this.memo = undefined;
    });
    return value;
  }

  private async compute(now: number): Promise<MarketSentimentView | null> {
    const basket = this.options.basket
      ? [...this.options.basket]
      : (
          await this.db.coin.findMany({
            where: { rank: { not: null }, id: { notIn: [...STABLECOINS] } },
            orderBy: { rank: 'asc' },
            take: DEFAULT_BASKET_SIZE,
            select: { id: true },
          })
        ).map((c) => c.id);
    const since = new Date(now - (VOLATILITY_DAYS + 2) * DAY);
    const [candles, quotes, docs] = await Promise.all([
      this.db.candle.findMany({
        where: { coinId: { in: basket }, interval: 'DAY_1', openTime: { gte: since, lte: new Date(now) } },
        orderBy: { openTime: 'asc' },
        select: { coinId: true, openTime: true, close: true },
      }),
      this.db.quote.findMany({
        where: { coinId: { in: basket } },
        select: { coinId: true, marketCap: true },
      }),
      this.db.sentimentDocument.findMany({
        where: { publishedAt: { gt: new Date(now - DAY), lte: new Date(now + 5 * 60_000) } },
        select: { score: true, publishedAt: true, source: true },
      }),
    ]);
    const caps = new Map(quotes.map((q) => [q.coinId, q.marketCap === null ? null : q.marketCap.toNumber()]));
    const coins: BasketCoin[] = basket.map((coinId) => ({
      coinId,
      marketCap: caps.get(coinId) ?? null,
      // Ratios of prices only (returns), so floats are exact enough here; no money is computed.
      closes: candles
        .filter((k) => k.coinId === coinId)
        .map((k) => ({ openTime: k.openTime.getTime(), close: k.close.toNumber() })),
    }));
    const { momentumPct, volatility } = basketMarketInputs(coins);
    const news = aggregateWindow(
      docs.map((d) => ({ score: d.score, publishedAt: d.publishedAt.getTime(), source: d.source })),
      '24h',
      { now, sourceWeights: this.options.sourceWeights },
    );
    const index = marketSentimentIndex({ newsSentiment: news?.score ?? null, momentumPct, volatility });
    if (!index) return null;
    return {
      index: index.index,
      label: index.label,
      newsSentiment: news?.score ?? null,
      newsDocuments: news?.documents ?? 0,
      momentum: momentumPct,
      volatility,
      components: index.components,
      basket,
      updatedAt: new Date(now),
    };
  }
}
