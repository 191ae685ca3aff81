import { assertSameLength, validateOpenRange, validatePeriod } from './errors';
import { outputLength, type BandSeries, type NumericSeries, type Series } from './series';

export interface BollingerOptions {
  /** SMA window, default 20 (2..100000). */
  period?: number;
  /** Band width in standard deviations, default 2 (> 0). */
  stdDev?: number;
}

/** Input points consumed before the first band: period − 1. */
export const bollingerLookback = (period = 20): number => period - 1;

// The rolling variance update is exact in real arithmetic but accumulates rounding over very long
// series; recomputing the window from scratch every so often bounds that drift at a cost of at most
// one extra addition per point.
const RESYNC_EVERY = 1024;

/**
 * Bollinger Bands (TA-Lib BBANDS with an SMA middle band): middle = SMA(period), upper/lower =
 * middle ± stdDev·σ, where σ is the population standard deviation (divide by `period`, not period − 1)
 * of the same window. Start at index period − 1. σ is updated in O(1) per point with a windowed Welford
 * update rather than TA-Lib's Σx² − n·mean², which loses precision when prices are large and moves small.
 */
export function bollinger(values: NumericSeries, options: BollingerOptions = {}): BandSeries {
  const period = validatePeriod('period', options.period ?? 20);
  const width = validateOpenRange('stdDev', options.stdDev ?? 2, 0, Infinity);
  const n = values.length;
  const begin = bollingerLookback(period);
  const len = outputLength(n, begin);
  const upper = new Float64Array(len);
  const middle = new Float64Array(len);
  const lower = new Float64Array(len);
  if (len === 0) return { begin, upper, middle, lower };

  const resyncEvery = Math.max(RESYNC_EVERY, period);
  let sum = 0;
  let m2 = 0; // sum of squared deviations from the window mean
  let mean = 0;
  let untilResync = 0;
  for (let i = begin, j = 0; i < n; i++, j++) {
    if (untilResync-- === 0) {
      untilResync = resyncEvery - 1;
      sum = 0;
      for (let t = i - begin; t <= i; t++) sum += values[t]!;
      mean = sum / period;
      m2 = 0;
      for (let t = i - begin; t <= i; t++) {
        const dev = values[t]! - mean;
        m2 += dev * dev;
      }
    } else {
      const xIn = values[i]!;
      const xOut = values[i - period]!;
      const oldMean = mean;
      sum += xIn - xOut;
      mean = sum / period;
      m2 += (xIn - xOut) * (xIn - mean + xOut - oldMean);
      if (m2 < 0) m2 = 0; // rounding only; a variance is never negative
    }
    const band = width * Math.sqrt(m2 / period);
    middle[j] = mean;
    upper[j] = mean + band;
    lower[j] = mean - band;
  }
  return { begin, upper, middle, lower };
}

/**
 * True range (TA-Lib TRANGE): max(high − low, |high − previous close|, |low − previous close|). Needs a
 * previous close, so it starts at index 1.
 */
export function trueRange(high: NumericSeries, low: NumericSeries, close: NumericSeries): Series {
  const n = assertSameLength(['high', 'low', 'close'], [high, low, close]);
  const out = new Float64Array(outputLength(n, 1));
  for (let i = 1; i < n; i++) out[i - 1] = trueRangeAt(high, low, close, i);
  return { begin: 1, values: out };
}

function trueRangeAt(high: NumericSeries, low: NumericSeries, close: NumericSeries, i: number): number {
  const h = high[i]!;
  const l = low[i]!;
  const prevClose = close[i - 1]!;
  let greatest = h - l;
  const up = Math.abs(prevClose - h);
  if (up > greatest) greatest = up;
  const down = Math.abs(prevClose - l);
  if (down > greatest) greatest = down;
  return greatest;
}

/** Input points consumed before the first ATR value: period (the first bar has no true range). */
export const atrLookback = (period = 14): number => period;

/**
 * Average True Range as TA-Lib computes it (Wilder's smoothing, period 1..100000, default 14): the first
 * value, at index `period`, is the simple mean of the true ranges of bars 1..period; then
 * ATR = (ATR₋₁·(period − 1) + TR) / period. One pass; true ranges are not stored.
 */
export function atr(high: NumericSeries, low: NumericSeries, close: NumericSeries, period = 14): Series {
  validatePeriod('period', period, 1);
  const n = assertSameLength(['high', 'low', 'close'], [high, low, close]);
  const out = new Float64Array(outputLength(n, period));
  if (out.length === 0) return { begin: period, values: out };
  let sum = 0;
  for (let i = 1; i <= period; i++) sum += trueRangeAt(high, low, close, i);
  let prev = sum / period;
  out[0] = prev;
  const keep = period - 1;
  for (let i = period + 1, j = 1; i < n; i++, j++) {
    prev *= keep;
    prev += trueRangeAt(high, low, close, i);
    prev /= period;
    out[j] = prev;
  }
  return { begin: period, values: out };
}
