import { AnalyticsInputError } from './errors';
import type { NumericSeries } from './series';

/**
 * Simple returns r[i−1] = v[i] / v[i−1] − 1 of a value series (prices, or a time-weighted wealth
 * index): one fewer element than `values`, empty for fewer than two values. Throws
 * AnalyticsInputError for a value that is not finite or not positive, where a return is undefined.
 */
export function simpleReturns(values: NumericSeries): Float64Array {
  const n = values.length;
  const out = new Float64Array(n > 1 ? n - 1 : 0);
  let prev = checkedValue(values, 0);
  for (let i = 1; i < n; i++) {
    const x = checkedValue(values, i);
    out[i - 1] = x / prev - 1;
    prev = x;
  }
  return out;
}

/** Log returns r[i−1] = ln(v[i] / v[i−1]); same shape and input rules as {@link simpleReturns}. */
export function logReturns(values: NumericSeries): Float64Array {
  const n = values.length;
  const out = new Float64Array(n > 1 ? n - 1 : 0);
  let prev = checkedValue(values, 0);
  for (let i = 1; i < n; i++) {
    const x = checkedValue(values, i);
    out[i - 1] = Math.log(x / prev);
    prev = x;
  }
  return out;
}

function checkedValue(values: NumericSeries, i: number): number {
  if (i >= values.length) return 1; // only reached for an empty input, whose result is empty anyway
  const x = values[i]!;
  if (!(x > 0) || x === Infinity) {
    throw new AnalyticsInputError(
      `values[${i}] must be a positive finite number to compute returns`,
      'values',
    );
  }
  return x;
}
