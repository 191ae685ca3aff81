import { bucketStart, INTERVAL_MS, type CandleInterval } from './intervals';
import { formatScaled, parseScaled } from './scaled-decimal';
import type { Candle } from './types';

/** One sampled price of a history series (CoinGecko `market_chart/range` `prices`). */
export interface PricePoint {
  /** Sample time, ms epoch. */
  ts: number;
  /** Exact decimal price in USD. */
  price: string;
}

/** Sample spacings CoinGecko's range endpoint produces: 5-minutely, hourly, daily. */
const SERIES_INTERVALS: readonly CandleInterval[] = ['MINUTE_5', 'HOUR_1', 'DAY_1'];

/**
 * The candle interval that matches a series' sampling: the one nearest (on a log scale) to the
 * median gap between consecutive samples. CoinGecko picks the granularity from the requested
 * range (5-minutely within a day of now, hourly up to 90 days, daily beyond), and its samples
 * drift by some seconds around the nominal times, hence the median. With fewer than two samples
 * the range rule decides.
 */
export function seriesInterval(points: readonly PricePoint[], rangeMs: number): CandleInterval {
  const times = points.map((p) => p.ts).sort((a, b) => a - b);
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) {
    const gap = times[i]! - times[i - 1]!;
    if (gap > 0) gaps.push(gap);
  }
  if (gaps.length === 0) return rangeMs <= 90 * INTERVAL_MS.DAY_1 ? 'HOUR_1' : 'DAY_1';
  gaps.sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)]!;
  let best: CandleInterval = 'DAY_1';
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const interval of SERIES_INTERVALS) {
    const distance = Math.abs(Math.log(median / INTERVAL_MS[interval]));
    if (distance < bestDistance) {
      best = interval;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Candles from a sampled price series (no trades, so no volume: `volume` is "0").
 *
 * Each candle spans from one sample to the next, the usual way to chart a sampled series: open
 * is the first sample in the bucket, close the first sample of the following bucket (or, when
 * that bucket has no sample, the bucket's own last sample), high and low the extremes of both.
 * A bucket without samples gets no candle. Only buckets entirely inside [fromMs, toMs) are
 * returned, so a partial bucket at either end never overwrites a complete stored candle.
 */
export function candlesFromSamples(
  coinId: string,
  points: readonly PricePoint[],
  interval: CandleInterval,
  fromMs: number,
  toMs: number,
): Candle[] {
  const size = INTERVAL_MS[interval];
  const sorted = [...points].sort((a, b) => a.ts - b.ts);
  const buckets = new Map<number, bigint[]>();
  for (const p of sorted) {
    const start = bucketStart(p.ts, interval);
    let prices = buckets.get(start);
    if (prices === undefined) buckets.set(start, (prices = []));
    prices.push(parseScaled(p.price));
  }
  const out: Candle[] = [];
  for (const [start, prices] of buckets) {
    if (start < fromMs || start + size > toMs) continue;
    const next = buckets.get(start + size);
    const open = prices[0]!;
    const close = next ? next[0]! : prices[prices.length - 1]!;
    let high = close;
    let low = close;
    for (const p of prices) {
      if (p > high) high = p;
      if (p < low) low = p;
    }
    out.push({
      coinId,
      interval,
      openTime: start,
      open: formatScaled(open),
      high: formatScaled(high),
      low: formatScaled(low),
      close: formatScaled(close),
      volume: '0',
    });
  }
  return out.sort((a, b) => a.openTime - b.openTime);
}

/**
 * The buckets of each interval coarser than `base` that lie entirely inside [fromMs, toMs), as
 * half-open ranges of open times. Roll-ups are rebuilt only there: a coarse candle whose bucket
 * is only partly covered by new data keeps what it had.
 */
export function coveredRollupRanges(
  base: CandleInterval,
  fromMs: number,
  toMs: number,
  intervals: readonly CandleInterval[],
): Array<{ interval: CandleInterval; from: number; to: number }> {
  const baseSize = INTERVAL_MS[base];
  const out: Array<{ interval: CandleInterval; from: number; to: number }> = [];
  for (const interval of intervals) {
    const size = INTERVAL_MS[interval];
    if (size <= baseSize || size % baseSize !== 0) continue;
    const from = Math.ceil(fromMs / size) * size;
    const to = Math.floor(toMs / size) * size;
    if (from < to) out.push({ interval, from, to });
  }
  return out;
}
