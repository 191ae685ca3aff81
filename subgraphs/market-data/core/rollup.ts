import { bucketStart, INTERVAL_MS, type CandleInterval } from './intervals';
import { formatScaled, parseScaled } from './scaled-decimal';
import type { Candle } from './types';

interface Acc {
  coinId: string;
  openTime: number;
  firstTime: number;
  lastTime: number;
  open: bigint;
  high: bigint;
  low: bigint;
  close: bigint;
  volume: bigint;
}

/**
 * Rolls finer candles up into `interval` (UTC-aligned buckets): open of the
 * earliest candle in the bucket, close of the latest, highest high, lowest
 * low, summed volume. Input order does not matter; several coins may be
 * mixed. Used to rebuild coarse candles from stored 1-minute candles (after a
 * backfill or CSV import); live data is rolled up incrementally by
 * `CandleAggregator`. Throws when an input candle is not finer than `interval`
 * or does not divide it, because such a roll-up would be wrong, not just coarse.
 */
export function rollUp(candles: readonly Candle[], interval: CandleInterval): Candle[] {
  const size = INTERVAL_MS[interval];
  const acc = new Map<string, Acc>();
  for (const c of candles) {
    const sourceSize = INTERVAL_MS[c.interval];
    if (sourceSize > size || size % sourceSize !== 0) {
      throw new Error(`cannot roll ${c.interval} candles up into ${interval}`);
    }
    const openTime = bucketStart(c.openTime, interval);
    const key = c.coinId + '\u0000' + openTime;
    const open = parseScaled(c.open);
    const high = parseScaled(c.high);
    const low = parseScaled(c.low);
    const close = parseScaled(c.close);
    const volume = parseScaled(c.volume);
    const a = acc.get(key);
    if (a === undefined) {
      acc.set(key, {
        coinId: c.coinId,
        openTime,
        firstTime: c.openTime,
        lastTime: c.openTime,
        open,
        high,
        low,
        close,
        volume,
      });
      continue;
    }
    if (c.openTime < a.firstTime) {
      a.firstTime = c.openTime;
      a.open = open;
    }
    if (c.openTime >= a.lastTime) {
      a.lastTime = c.openTime;
      a.close = close;
    }
    if (high > a.high) a.high = high;
    if (low < a.low) a.low = low;
    a.volume += volume;
  }
  return [...acc.values()]
    .sort((x, y) => (x.coinId === y.coinId ? x.openTime - y.openTime : x.coinId < y.coinId ? -1 : 1))
    .map((a) => ({
      coinId: a.coinId,
      interval,
      openTime: a.openTime,
      open: formatScaled(a.open),
      high: formatScaled(a.high),
      low: formatScaled(a.low),
      close: formatScaled(a.close),
      volume: formatScaled(a.volume),
    }));
}
