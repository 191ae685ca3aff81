import { assertSameLength, validatePeriod } from './errors';
import { outputLength, type NumericSeries, type Series } from './series';

/**
 * On-Balance Volume as TA-Lib computes it: starts at the first bar's volume (not at 0), then adds the
 * bar's volume when the close rises, subtracts it when the close falls, and keeps it when unchanged.
 * Starts at index 0. Only differences between OBV values are meaningful; the level depends on where the
 * input starts.
 */
export function obv(close: NumericSeries, volume: NumericSeries): Series {
  const n = assertSameLength(['close', 'volume'], [close, volume]);
  const out = new Float64Array(n);
  if (n === 0) return { begin: 0, values: out };
  let acc = volume[0]!;
  let prev = close[0]!;
  out[0] = acc;
  for (let i = 1; i < n; i++) {
    const c = close[i]!;
    if (c > prev) acc += volume[i]!;
    else if (c < prev) acc -= volume[i]!;
    prev = c;
    out[i] = acc;
  }
  return { begin: 0, values: out };
}

/**
 * Cumulative VWAP anchored at the first input bar: Σ(typical price · volume) / Σ volume, typical price
 * = (high + low + close) / 3 (as TradingView's default source and `technicalindicators`). Starts at
 * index 0. While the cumulative volume is 0 the value is the plain mean of the typical prices so far
 * (the limit of equal tiny volumes), so no output is NaN. TA-Lib has no VWAP.
 */
export function vwap(
  high: NumericSeries,
  low: NumericSeries,
  close: NumericSeries,
  volume: NumericSeries,
): Series {
  const n = assertSameLength(['high', 'low', 'close', 'volume'], [high, low, close, volume]);
  const out = new Float64Array(n);
  let pv = 0;
  let vol = 0;
  let tpSum = 0;
  for (let i = 0; i < n; i++) {
    const tp = (high[i]! + low[i]! + close[i]!) / 3;
    const v = volume[i]!;
    pv += v * tp;
    vol += v;
    tpSum += tp;
    out[i] = vol !== 0 ? pv / vol : tpSum / (i + 1);
  }
  return { begin: 0, values: out };
}

const CANCELLATION = 1e-4;

/**
 * Rolling VWAP over the last `period` bars (2..100000): Σ(typical price · volume) / Σ volume within the
 * window, typical price (high + low + close) / 3; a window without volume gives the mean typical price.
 * Volumes must be non-negative.
 * Starts at index period − 1. One pass with running sums.
 */
export function rollingVwap(
  high: NumericSeries,
  low: NumericSeries,
  close: NumericSeries,
  volume: NumericSeries,
  period: number,
): Series {
  validatePeriod('period', period);
  const n = assertSameLength(['high', 'low', 'close', 'volume'], [high, low, close, volume]);
  const lookback = period - 1;
  const out = new Float64Array(outputLength(n, lookback));
  if (out.length === 0) return { begin: lookback, values: out };
  let pv = 0;
  let vol = 0;
  let tpSum = 0;
  // Bars with volume in the window: an exact count, because running float sums of a window that has
  // emptied leave rounding residue that would divide garbage by garbage.
  let traded = 0;
  for (let i = 0; i < n; i++) {
    const tp = (high[i]! + low[i]! + close[i]!) / 3;
    const v = volume[i]!;
    if (v !== 0) {
      pv += v * tp;
      vol += v;
      traded++;
    }
    tpSum += tp;
    if (i >= lookback) {
      out[i - lookback] = traded > 0 ? pv / vol : tpSum / period;
      const o = i - lookback;
      const tpOut = (high[o]! + low[o]! + close[o]!) / 3;
      const vOut = volume[o]!;
      if (vOut !== 0) {
        if (--traded === 0) {
          pv = 0;
          vol = 0;
        } else {
          const pvBefore = pv;
          const volBefore = vol;
          pv -= vOut * tpOut;
          vol -= vOut;
          // A bar that carried almost all of the window's volume just left: the remainder is the small
          // difference of large sums, so re-add the window's remaining bars (rare; bounded error).
          if (vol < CANCELLATION * volBefore || pv < CANCELLATION * pvBefore) {
            pv = 0;
            vol = 0;
            for (let t = o + 1; t <= i; t++) {
              const vt = volume[t]!;
              pv += vt * ((high[t]! + low[t]! + close[t]!) / 3);
              vol += vt;
            }
          }
        }
      }
      tpSum -= tpOut;
    }
  }
  return { begin: lookback, values: out };
}
