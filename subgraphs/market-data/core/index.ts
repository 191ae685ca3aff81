// Pure market-data core: no I/O, no timers. See each module for the rules it implements.
export { CandleAggregator } from './candle-aggregator';
export type {
  AggregatorStats,
  CandleAggregatorOptions,
  IngestOutcome,
  MinuteCandleUpdate,
} from './candle-aggregator';
export { rollUp } from './rollup';
export { PriceThrottler } from './price-throttler';
export type { PriceObservation, PriceThrottlerOptions, ThrottledPriceEvent } from './price-throttler';
export { isQuoteStale, quoteAgeMs } from './staleness';
export { parseOhlcvCsv } from './csv-history';
export { candlesFromSamples, coveredRollupRanges, seriesInterval } from './history-candles';
export type { PricePoint } from './history-candles';
export type { CsvHistoryOptions, CsvHistoryResult, CsvLineError } from './csv-history';
export {
  bucketStart,
  CANDLE_INTERVALS,
  INTERVAL_MS,
  isCandleInterval,
  MINUTE_MS,
  ROLLUP_INTERVALS,
} from './intervals';
export type { CandleInterval } from './intervals';
export {
  canonicalDecimal,
  DecimalFormatError,
  formatScaled,
  isExactDecimal,
  parseScaled,
  SCALE,
  SCALE_DIGITS,
} from './scaled-decimal';
export type { Candle, Quote, Tick } from './types';
