/**
 * Candle intervals, named as in the public `CandleInterval` enum. Buckets are
 * aligned to the Unix epoch, which is UTC midnight, so every interval here
 * (all divide a day) starts on UTC boundaries: 4h candles open at 00:00,
 * 04:00, ... UTC and daily candles at 00:00 UTC.
 */
export const CANDLE_INTERVALS = ['MINUTE_1', 'MINUTE_5', 'MINUTE_15', 'HOUR_1', 'HOUR_4', 'DAY_1'] as const;
export type CandleInterval = (typeof CANDLE_INTERVALS)[number];

export const MINUTE_MS = 60_000;

export const INTERVAL_MS: Readonly<Record<CandleInterval, number>> = {
  MINUTE_1: MINUTE_MS,
  MINUTE_5: 5 * MINUTE_MS,
  MINUTE_15: 15 * MINUTE_MS,
  HOUR_1: 60 * MINUTE_MS,
  HOUR_4: 240 * MINUTE_MS,
  DAY_1: 1440 * MINUTE_MS,
};

/** Intervals computed by rolling up 1-minute candles. */
export const ROLLUP_INTERVALS: readonly CandleInterval[] = CANDLE_INTERVALS.filter((i) => i !== 'MINUTE_1');

export function isCandleInterval(value: string): value is CandleInterval {
  return (CANDLE_INTERVALS as readonly string[]).includes(value);
}

/** Start (ms epoch, UTC-aligned) of the bucket of `interval` that contains `ts`. */
export function bucketStart(ts: number, interval: CandleInterval): number {
  const size = INTERVAL_MS[interval];
  return Math.floor(ts / size) * size;
}
