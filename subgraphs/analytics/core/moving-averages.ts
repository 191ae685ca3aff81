import { validatePeriod } from './errors';
import { outputLength, type NumericSeries, type Series } from './series';

/** Input points consumed before the first SMA value (TA-Lib's lookback): period − 1. */
export const smaLookback = (period: number): number => period - 1;
/** Input points consumed before the first EMA value: period − 1. */
export const emaLookback = (period: number): number => period - 1;

/**
 * Simple moving average: the mean of the last `period` values (TA-Lib SMA, period 2..100000).
 * One pass with a running sum, in TA-Lib's order of operations (add the newest, divide, drop the oldest).
 */
export function sma(values: NumericSeries, period: number): Series {
  validatePeriod('period', period);
  return { begin: smaLookback(period), values: smaCore(values, period) };
}

/** SMA without validation, for indicators that smooth their own intermediate series. */
export function smaCore(values: NumericSeries, period: number): Float64Array {
  const n = values.length;
  const lookback = period - 1;
  const out = new Float64Array(outputLength(n, lookback));
  if (out.length === 0) return out;
  let sum = 0;
  for (let i = 0; i < lookback; i++) sum += values[i]!;
  for (let i = lookback, j = 0; i < n; i++, j++) {
    sum += values[i]!;
    out[j] = sum / period;
    sum -= values[i - lookback]!;
  }
  return out;
}

/**
 * Exponential moving average with k = 2 / (period + 1), seeded as TA-Lib does (its default
 * compatibility mode): the first value, at index period − 1, is the SMA of the first `period` values;
 * then EMA = EMA₋₁ + k·(x − EMA₋₁). Values therefore depend on where the input starts: callers that
 * want stable values for a date range should fetch a warm-up of several periods before it.
 */
export function ema(values: NumericSeries, period: number): Series {
  validatePeriod('period', period);
  const lookback = emaLookback(period);
  return { begin: lookback, values: emaCore(values, period, lookback) };
}

/**
 * EMA whose first output is at input index `firstIndex` (≥ period − 1), seeded with the SMA of the
 * `period` values ending there. MACD uses this to start its fast EMA where the slow one starts.
 */
export function emaCore(values: NumericSeries, period: number, firstIndex: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(outputLength(n, firstIndex));
  if (out.length === 0) return out;
  const k = 2 / (period + 1);
  let sum = 0;
  for (let i = firstIndex - period + 1; i <= firstIndex; i++) sum += values[i]!;
  let prev = sum / period;
  out[0] = prev;
  for (let i = firstIndex + 1, j = 1; i < n; i++, j++) {
    prev = (values[i]! - prev) * k + prev;
    out[j] = prev;
  }
  return out;
}
