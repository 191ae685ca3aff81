import { AnalyticsInputError, assertSameLength, validateOpenRange } from './errors';
import { simpleReturns } from './returns';
import type { NumericSeries } from './series';

/**
 * Risk and return metrics, generic over a series of per-period values or returns (oldest first), so
 * the coin analytics and the portfolio analytics share them. Conventions (copy into SDL descriptions):
 * - returns are simple returns of consecutive values (see `simpleReturns`);
 * - standard deviations of returns are sample standard deviations (divide by n − 1);
 * - annualisation multiplies by √periodsPerYear, 365 for daily data (crypto trades every day);
 * - the annual risk-free rate is converted to a per-period rate geometrically: (1 + rf)^(1/365) − 1;
 * - undefined results (too few points, zero dispersion) are null, never NaN or Infinity.
 */

/** Crypto trades every day of the year. */
export const DAYS_PER_YEAR = 365;
const MS_PER_DAY = 86_400_000;

/** Periods per year for candles of the given length: 365 for daily, 8760 for hourly, 525600 for 1-minute. */
export function periodsPerYear(intervalMs: number): number {
  validateOpenRange('intervalMs', intervalMs, 0, Infinity);
  return (DAYS_PER_YEAR * MS_PER_DAY) / intervalMs;
}

export interface AnnualisationOptions {
  /** Return periods per year, default 365 (daily returns). */
  periodsPerYear?: number;
}

export interface ExcessReturnOptions extends AnnualisationOptions {
  /** Annual risk-free rate as a fraction (0.04 = 4 %), default 0. */
  riskFreeRate?: number;
}

function annualisation(options: AnnualisationOptions): number {
  return validateOpenRange('periodsPerYear', options.periodsPerYear ?? DAYS_PER_YEAR, 0, Infinity);
}

/** Per-period rate equivalent to an annual rate compounded over `periods` periods. */
export function perPeriodRate(annualRate: number, periods: number = DAYS_PER_YEAR): number {
  validateOpenRange('riskFreeRate', annualRate, -1, Infinity);
  return Math.pow(1 + annualRate, 1 / periods) - 1;
}

/** Arithmetic mean, or null for an empty series. */
export function mean(x: NumericSeries): number | null {
  const n = x.length;
  if (n === 0) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i]!;
  return sum / n;
}

/** Sample standard deviation (n − 1), two-pass for accuracy; null for fewer than two points. */
export function sampleStdDev(x: NumericSeries): number | null {
  const n = x.length;
  return n < 2 ? null : Math.sqrt(spread(x).ss / (n - 1));
}

interface Spread {
  mean: number;
  /** Σ (x − mean)² */
  ss: number;
  /** True when the series varies by no more than rounding (1e-12 of its typical size): a constant
   * series' mean is rarely exact in binary, and dividing by that residue would yield nonsense. */
  flat: boolean;
}

const FLAT_RELATIVE = 1e-12;

function spread(x: NumericSeries): Spread {
  const n = x.length;
  let sum = 0;
  let abs = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    sum += v;
    abs += Math.abs(v);
  }
  const m = n > 0 ? sum / n : 0;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - m;
    ss += d * d;
  }
  const flat = n < 2 || Math.sqrt(ss / n) <= FLAT_RELATIVE * (n > 0 ? abs / n : 0);
  return { mean: m, ss, flat };
}

/**
 * Annualised volatility: sample standard deviation of the per-period returns × √periodsPerYear
 * (√365 for daily returns). Null for fewer than two returns.
 */
export function annualizedVolatility(
  returns: NumericSeries,
  options: AnnualisationOptions = {},
): number | null {
  const ppy = annualisation(options);
  const sd = sampleStdDev(returns);
  return sd === null ? null : sd * Math.sqrt(ppy);
}

/**
 * Annualised Sharpe ratio: mean(excess) / sampleStdDev(excess) × √periodsPerYear, where excess =
 * per-period return − per-period risk-free rate ((1 + rf)^(1/periodsPerYear) − 1). Null for fewer
 * than two returns or when the returns do not vary (beyond rounding).
 */
export function sharpeRatio(returns: NumericSeries, options: ExcessReturnOptions = {}): number | null {
  const ppy = annualisation(options);
  const rf = perPeriodRate(options.riskFreeRate ?? 0, ppy);
  const n = returns.length;
  if (n < 2) return null;
  const { mean: m, ss, flat } = spread(returns); // subtracting rf leaves the deviation unchanged
  return flat ? null : ((m - rf) / Math.sqrt(ss / (n - 1))) * Math.sqrt(ppy);
}

/**
 * Annualised Sortino ratio: mean(excess) / downside deviation × √periodsPerYear, excess as in the
 * Sharpe ratio; downside deviation = √(Σ min(excess, 0)² / n) over all n periods (target = the
 * risk-free rate, Sortino & Price's definition). Null for fewer than two returns or when no period
 * falls below the target.
 */
export function sortinoRatio(returns: NumericSeries, options: ExcessReturnOptions = {}): number | null {
  const ppy = annualisation(options);
  const rf = perPeriodRate(options.riskFreeRate ?? 0, ppy);
  const n = returns.length;
  if (n < 2) return null;
  let sum = 0;
  let downside = 0;
  for (let i = 0; i < n; i++) {
    const e = returns[i]! - rf;
    sum += e;
    if (e < 0) downside += e * e;
  }
  if (downside === 0) return null;
  return (sum / n / Math.sqrt(downside / n)) * Math.sqrt(ppy);
}

export interface Drawdown {
  /** Largest peak-to-trough decline as a fraction of the peak, in [0, 1]. */
  maxDrawdown: number;
  /** Index of the peak before the largest decline (0 when there is no decline). */
  peakIndex: number;
  /** Index of the trough of the largest decline (0 when there is no decline). */
  troughIndex: number;
  /** First index after the trough whose value is back at the peak, or null if it never got there. */
  recoveryIndex: number | null;
}

/**
 * Maximum drawdown of a value series (prices, or a time-weighted wealth index; not a balance that
 * deposits and withdrawals move): max over t of (peak before t − value at t) / peak, with the indices
 * of that peak and trough so that dates can be attached. Null for an empty series. Values must be
 * finite and non-negative.
 */
export function maxDrawdown(values: NumericSeries): Drawdown | null {
  const n = values.length;
  if (n === 0) return null;
  let peak = -Infinity;
  let peakIndex = 0;
  let worst = 0;
  let worstPeak = 0;
  let worstTrough = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    if (!(x >= 0) || x === Infinity) {
      throw new AnalyticsInputError(`values[${i}] must be a non-negative finite number`, 'values');
    }
    if (x > peak) {
      peak = x;
      peakIndex = i;
    } else if (peak > 0) {
      const dd = (peak - x) / peak;
      if (dd > worst) {
        worst = dd;
        worstPeak = peakIndex;
        worstTrough = i;
      }
    }
  }
  let recoveryIndex: number | null = null;
  if (worst > 0) {
    const peakValue = values[worstPeak]!;
    for (let i = worstTrough + 1; i < n; i++) {
      if (values[i]! >= peakValue) {
        recoveryIndex = i;
        break;
      }
    }
  }
  return { maxDrawdown: worst, peakIndex: worstPeak, troughIndex: worstTrough, recoveryIndex };
}

interface CoMoments {
  x: Spread;
  y: Spread;
  sxy: number;
}

function coMoments(x: NumericSeries, y: NumericSeries): CoMoments | null {
  const n = assertSameLength(['returns', 'benchmarkReturns'], [x, y]);
  if (n < 2) return null;
  const sx = spread(x);
  const sy = spread(y);
  let sxy = 0;
  for (let i = 0; i < n; i++) sxy += (x[i]! - sx.mean) * (y[i]! - sy.mean);
  return { x: sx, y: sy, sxy };
}

/** sxy / √(sxx·syy), clamped to [−1, 1] against rounding; the product under- or overflows for
 * extreme magnitudes, then the roots are taken separately. */
function pearson(sxy: number, sxx: number, syy: number): number {
  const product = sxx * syy;
  const r =
    product > 0 && product < Infinity ? sxy / Math.sqrt(product) : sxy / Math.sqrt(sxx) / Math.sqrt(syy);
  return r > 1 ? 1 : r < -1 ? -1 : r;
}

/**
 * Beta of an asset against a benchmark (bitcoin for coins): cov(asset, benchmark) / var(benchmark) over
 * returns of the same periods (the caller aligns them by date). Null for fewer than two periods or a
 * benchmark that does not move.
 */
export function beta(returns: NumericSeries, benchmarkReturns: NumericSeries): number | null {
  const m = coMoments(returns, benchmarkReturns);
  return m === null || m.y.flat ? null : m.sxy / m.y.ss;
}

/** Pearson correlation of two aligned return series, in [−1, 1]; null when either does not move. */
export function correlation(x: NumericSeries, y: NumericSeries): number | null {
  const m = coMoments(x, y);
  return m === null || m.x.flat || m.y.flat ? null : pearson(m.sxy, m.x.ss, m.y.ss);
}

/**
 * Pearson correlation matrix of N aligned return series (same length, same periods): a symmetric N×N
 * matrix, row i column j = correlation(series[i], series[j]); the diagonal is 1, and a row and column
 * are null for a series that does not move (or when there are fewer than two periods).
 */
export function correlationMatrix(series: readonly NumericSeries[]): (number | null)[][] {
  const k = series.length;
  const t = assertSameLength(
    series.map((_, i) => `series[${i}]`),
    series,
  );
  // Centre each series once; each pair then costs one dot product.
  const centred: (Float64Array | null)[] = [];
  const squares = new Float64Array(k);
  for (let s = 0; s < k; s++) {
    const x = series[s]!;
    const sp = spread(x);
    if (sp.flat) {
      centred.push(null);
      continue;
    }
    const c = new Float64Array(t);
    for (let i = 0; i < t; i++) c[i] = x[i]! - sp.mean;
    centred.push(c);
    squares[s] = sp.ss;
  }
  const matrix: (number | null)[][] = [];
  for (let a = 0; a < k; a++) matrix.push(new Array<number | null>(k).fill(null));
  for (let a = 0; a < k; a++) {
    const ca = centred[a];
    if (!ca) continue;
    matrix[a]![a] = 1;
    for (let b = a + 1; b < k; b++) {
      const cb = centred[b];
      if (!cb) continue;
      let dot = 0;
      for (let i = 0; i < t; i++) dot += ca[i]! * cb[i]!;
      const r = pearson(dot, squares[a]!, squares[b]!);
      matrix[a]![b] = r;
      matrix[b]![a] = r;
    }
  }
  return matrix;
}

/**
 * Empirical quantile of sorted data with linear interpolation between closest ranks (Hyndman & Fan
 * type 7: numpy.percentile's and Excel PERCENTILE.INC's default): h = (n − 1)·p, value = x[⌊h⌋] +
 * (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 */
export function quantileSorted(sorted: NumericSeries, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Historical Value at Risk at `confidence` (0.95 or 0.99 typically): the loss, as a positive fraction
 * of value, that the per-period returns exceeded with probability 1 − confidence, i.e.
 * −quantile(returns, 1 − confidence) with the type-7 quantile above (so it equals
 * −numpy.percentile(returns, 100·(1 − confidence))). Negative when even that tail return is a gain.
 * Null for an empty series.
 */
export function historicalVaR(returns: NumericSeries, confidence = 0.95): number | null {
  validateOpenRange('confidence', confidence, 0, 1);
  if (returns.length === 0) return null;
  const sorted = Float64Array.from(returns).sort();
  // Computed as (100 − 100·c) / 100 so that 0.95 gives exactly 0.05, as numpy's percentile does.
  const q = quantileSorted(sorted, (100 - 100 * confidence) / 100)!;
  return q === 0 ? 0 : -q;
}

export interface RiskSummary {
  /** Number of returns the metrics use (values − 1). */
  observations: number;
  /** Last value / first value − 1, or null for an empty series. */
  totalReturn: number | null;
  volatility: number | null;
  sharpeRatio: number | null;
  sortinoRatio: number | null;
  drawdown: Drawdown | null;
  valueAtRisk95: number | null;
  valueAtRisk99: number | null;
}

/**
 * Every single-series metric of a value series (daily closes or a portfolio's daily time-weighted
 * values), computing the returns once. Conventions as in the functions it calls.
 */
export function riskSummary(values: NumericSeries, options: ExcessReturnOptions = {}): RiskSummary {
  const returns = simpleReturns(values);
  const n = values.length;
  return {
    observations: returns.length,
    totalReturn: n === 0 ? null : values[n - 1]! / values[0]! - 1,
    volatility: annualizedVolatility(returns, options),
    sharpeRatio: sharpeRatio(returns, options),
    sortinoRatio: sortinoRatio(returns, options),
    drawdown: maxDrawdown(values),
    valueAtRisk95: historicalVaR(returns, 0.95),
    valueAtRisk99: historicalVaR(returns, 0.99),
  };
}
