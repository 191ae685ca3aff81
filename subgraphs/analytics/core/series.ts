import { AnalyticsInputError } from './errors';

/** Numbers in time order, oldest first. Float64Array is fastest; plain arrays work too. */
export type NumericSeries = ArrayLike<number>;

/**
 * An indicator's output aligned with its input: `values[j]` belongs to input index `begin + j`
 * (TA-Lib's `outBegIdx`), so a resolver attaches `timestamps[begin + j]`. An input shorter than the
 * indicator's warm-up gives `values.length === 0`; no output ever holds NaN.
 */
export interface Series {
  readonly begin: number;
  readonly values: Float64Array;
}

/** MACD line, signal line and histogram, all starting at the same input index `begin`. */
export interface MacdSeries {
  readonly begin: number;
  readonly macd: Float64Array;
  readonly signal: Float64Array;
  readonly histogram: Float64Array;
}

/** Bollinger Bands, all starting at input index `begin`. */
export interface BandSeries {
  readonly begin: number;
  readonly upper: Float64Array;
  readonly middle: Float64Array;
  readonly lower: Float64Array;
}

/** Stochastic %K and %D, both starting at input index `begin`. */
export interface StochasticSeries {
  readonly begin: number;
  readonly k: Float64Array;
  readonly d: Float64Array;
}

/** Output length for an input of `n` points and an indicator whose first value needs `lookback` earlier points. */
export function outputLength(n: number, lookback: number): number {
  return n > lookback ? n - lookback : 0;
}

/** The latest value of a series (the "current" indicator value), or null when the series is empty. */
export function lastValue(series: Series): number | null {
  const n = series.values.length;
  return n === 0 ? null : series.values[n - 1]!;
}

/** Something a Decimal (decimal.js, Prisma.Decimal) or a decimal string converts from. */
export type NumberLike = number | string | { toNumber(): number };

/**
 * Converts prices or volumes (numbers, decimal strings, Decimal objects) to a Float64Array for the
 * indicators, refusing anything that is not a finite number so that no NaN can reach an output.
 * Analytics outputs are floats by contract (the API's `Float` fields); money stays exact elsewhere.
 */
export function toFloat64Array(values: readonly NumberLike[], name = 'values'): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const x =
      typeof v === 'number' ? v : typeof v === 'string' ? (v.trim() === '' ? NaN : Number(v)) : v.toNumber();
    if (!Number.isFinite(x)) throw new AnalyticsInputError(`${name}[${i}] is not a finite number`, name);
    out[i] = x;
  }
  return out;
}
