import { AnalyticsInputError, assertSameLength, validatePeriod } from './errors';
import { smaCore } from './moving-averages';
import {
  outputLength,
  type MacdSeries,
  type NumericSeries,
  type Series,
  type StochasticSeries,
} from './series';

/** Input points consumed before the first RSI value: period (one change per point). */
export const rsiLookback = (period: number): number => period;

/**
 * Relative Strength Index as TA-Lib computes it (Wilder's smoothing). The first average gain and loss,
 * at index `period`, are the simple means of the first `period` price changes; afterwards
 * avg = (avg₋₁·(period − 1) + current) / period. RSI = 100·avgGain / (avgGain + avgLoss), and 0 when
 * both averages are 0 (TA-Lib's choice for a flat series; TA-Lib tests that sum against 1e-8, we against
 * exact zero so that micro-priced coins are not flattened to 0).
 */
export function rsi(values: NumericSeries, period = 14): Series {
  validatePeriod('period', period);
  const n = values.length;
  const out = new Float64Array(outputLength(n, period));
  if (out.length === 0) return { begin: period, values: out };
  let gain = 0;
  let loss = 0;
  let prev = values[0]!;
  for (let i = 1; i <= period; i++) {
    const x = values[i]!;
    const change = x - prev;
    prev = x;
    if (change < 0) loss -= change;
    else gain += change;
  }
  gain /= period;
  loss /= period;
  out[0] = rsiFrom(gain, loss);
  const keep = period - 1;
  for (let i = period + 1, j = 1; i < n; i++, j++) {
    const x = values[i]!;
    const change = x - prev;
    prev = x;
    // TA-Lib's order of operations, so that results agree to the last bits.
    loss *= keep;
    gain *= keep;
    if (change < 0) loss -= change;
    else gain += change;
    loss /= period;
    gain /= period;
    out[j] = rsiFrom(gain, loss);
  }
  return { begin: period, values: out };
}

function rsiFrom(gain: number, loss: number): number {
  const total = gain + loss;
  return total !== 0 ? 100 * (gain / total) : 0;
}

export interface MacdOptions {
  /** Fast EMA period, default 12 (2..100000). */
  fast?: number;
  /** Slow EMA period, default 26 (greater than fast). */
  slow?: number;
  /** Signal EMA period, default 9 (1..100000). */
  signal?: number;
}

/** Input points consumed before the first MACD output: (slow − 1) + (signal − 1), 33 for 12/26/9. */
export const macdLookback = (slow = 26, signal = 9): number => slow - 1 + signal - 1;

/**
 * MACD as TA-Lib computes it. Both EMAs use k = 2 / (period + 1) and start at index slow − 1: the slow
 * EMA is seeded with the SMA of the first `slow` values and the fast EMA with the SMA of the `fast`
 * values ending at that same index (not of the first `fast` values, which is where most other libraries
 * differ). MACD = fast − slow; the signal is the EMA of the MACD line seeded with the SMA of its first
 * `signal` values; histogram = MACD − signal. All three start at index (slow − 1) + (signal − 1).
 * One pass, no intermediate arrays.
 */
export function macd(values: NumericSeries, options: MacdOptions = {}): MacdSeries {
  const fast = validatePeriod('fast', options.fast ?? 12);
  const slow = validatePeriod('slow', options.slow ?? 26);
  const signal = validatePeriod('signal', options.signal ?? 9, 1);
  if (fast >= slow) throw new AnalyticsInputError(`fast (${fast}) must be less than slow (${slow})`, 'fast');
  const n = values.length;
  const begin = macdLookback(slow, signal);
  const len = outputLength(n, begin);
  const line = new Float64Array(len);
  const sig = new Float64Array(len);
  const hist = new Float64Array(len);
  if (len === 0) return { begin, macd: line, signal: sig, histogram: hist };

  const kFast = 2 / (fast + 1);
  const kSlow = 2 / (slow + 1);
  const kSignal = 2 / (signal + 1);
  let slowSum = 0;
  let fastSum = 0;
  for (let i = 0; i < slow; i++) {
    const x = values[i]!;
    slowSum += x;
    if (i >= slow - fast) fastSum += x;
  }
  let emaSlow = slowSum / slow;
  let emaFast = fastSum / fast;
  let m = emaFast - emaSlow;
  let signalSum = m;
  for (let i = slow; i <= begin; i++) {
    const x = values[i]!;
    emaFast = (x - emaFast) * kFast + emaFast;
    emaSlow = (x - emaSlow) * kSlow + emaSlow;
    m = emaFast - emaSlow;
    signalSum += m;
  }
  let s = signalSum / signal;
  line[0] = m;
  sig[0] = s;
  hist[0] = m - s;
  for (let i = begin + 1, j = 1; i < n; i++, j++) {
    const x = values[i]!;
    emaFast = (x - emaFast) * kFast + emaFast;
    emaSlow = (x - emaSlow) * kSlow + emaSlow;
    m = emaFast - emaSlow;
    s = (m - s) * kSignal + s;
    line[j] = m;
    sig[j] = s;
    hist[j] = m - s;
  }
  return { begin, macd: line, signal: sig, histogram: hist };
}

/**
 * Raw (fast) %K over `period` bars: 100·(close − lowest low) / (highest high − lowest low), the window
 * including the current bar; 0 when the range is 0 (TA-Lib). Highest/lowest come from monotonic
 * deques, so the whole pass is O(n) whatever the period.
 */
function fastKCore(
  high: NumericSeries,
  low: NumericSeries,
  close: NumericSeries,
  period: number,
): Float64Array {
  const n = close.length;
  const lookback = period - 1;
  const out = new Float64Array(outputLength(n, lookback));
  if (out.length === 0) return out;
  let cap = 1;
  while (cap < period) cap <<= 1;
  const mask = cap - 1;
  const maxQ = new Int32Array(cap);
  const minQ = new Int32Array(cap);
  let maxHead = 0;
  let maxLen = 0;
  let minHead = 0;
  let minLen = 0;
  for (let i = 0; i < n; i++) {
    const oldest = i - period;
    if (maxLen > 0 && maxQ[maxHead]! <= oldest) {
      maxHead = (maxHead + 1) & mask;
      maxLen--;
    }
    if (minLen > 0 && minQ[minHead]! <= oldest) {
      minHead = (minHead + 1) & mask;
      minLen--;
    }
    const h = high[i]!;
    const l = low[i]!;
    while (maxLen > 0 && high[maxQ[(maxHead + maxLen - 1) & mask]!]! <= h) maxLen--;
    maxQ[(maxHead + maxLen) & mask] = i;
    maxLen++;
    while (minLen > 0 && low[minQ[(minHead + minLen - 1) & mask]!]! >= l) minLen--;
    minQ[(minHead + minLen) & mask] = i;
    minLen++;
    if (i >= lookback) {
      const lowest = low[minQ[minHead]!]!;
      // TA-Lib's arithmetic: (close − lowest) / ((highest − lowest) / 100).
      const diff = (high[maxQ[maxHead]!]! - lowest) / 100;
      out[i - lookback] = diff !== 0 ? (close[i]! - lowest) / diff : 0;
    }
  }
  return out;
}

export interface StochasticOptions {
  /** Bars in the %K high/low window, default 5 (TA-Lib's default; many charts use 14). */
  fastKPeriod?: number;
  /** SMA period that smooths fast %K into slow %K, default 3. */
  slowKPeriod?: number;
  /** SMA period that smooths slow %K into slow %D, default 3. */
  slowDPeriod?: number;
}

export const stochasticLookback = (fastKPeriod = 5, slowKPeriod = 3, slowDPeriod = 3): number =>
  fastKPeriod - 1 + slowKPeriod - 1 + slowDPeriod - 1;

/**
 * Slow stochastic oscillator, TA-Lib STOCH with SMA smoothing (defaults 5, 3, 3): fast %K as above,
 * %K = SMA(fast %K, slowKPeriod), %D = SMA(%K, slowDPeriod). Both start at index
 * (fastK − 1) + (slowK − 1) + (slowD − 1), 8 with the defaults. Values in [0, 100].
 */
export function stochastic(
  high: NumericSeries,
  low: NumericSeries,
  close: NumericSeries,
  options: StochasticOptions = {},
): StochasticSeries {
  const fastKPeriod = validatePeriod('fastKPeriod', options.fastKPeriod ?? 5, 1);
  const slowKPeriod = validatePeriod('slowKPeriod', options.slowKPeriod ?? 3, 1);
  const slowDPeriod = validatePeriod('slowDPeriod', options.slowDPeriod ?? 3, 1);
  assertSameLength(['high', 'low', 'close'], [high, low, close]);
  const slowK = smaCore(fastKCore(high, low, close, fastKPeriod), slowKPeriod);
  const d = smaCore(slowK, slowDPeriod);
  // %K has slowDPeriod − 1 more leading values than %D; align both on %D's start.
  const k = slowK.slice(slowK.length - d.length);
  return { begin: stochasticLookback(fastKPeriod, slowKPeriod, slowDPeriod), k, d };
}

export interface FastStochasticOptions {
  /** Bars in the %K high/low window, default 5. */
  fastKPeriod?: number;
  /** SMA period of %D, default 3. */
  fastDPeriod?: number;
}

/**
 * Fast stochastic oscillator, TA-Lib STOCHF with SMA smoothing (defaults 5, 3): %K is the raw fast %K,
 * %D = SMA(%K, fastDPeriod). Both start at index (fastK − 1) + (fastD − 1).
 */
export function stochasticFast(
  high: NumericSeries,
  low: NumericSeries,
  close: NumericSeries,
  options: FastStochasticOptions = {},
): StochasticSeries {
  const fastKPeriod = validatePeriod('fastKPeriod', options.fastKPeriod ?? 5, 1);
  const fastDPeriod = validatePeriod('fastDPeriod', options.fastDPeriod ?? 3, 1);
  assertSameLength(['high', 'low', 'close'], [high, low, close]);
  const fastK = fastKCore(high, low, close, fastKPeriod);
  const d = smaCore(fastK, fastDPeriod);
  const k = fastK.slice(fastK.length - d.length);
  return { begin: fastKPeriod - 1 + fastDPeriod - 1, k, d };
}
