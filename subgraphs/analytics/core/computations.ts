import { AnalyticsInputError } from './errors';
import { macd, rsi, stochastic, stochasticFast } from './momentum';
import { ema, sma } from './moving-averages';
import { logReturns, simpleReturns } from './returns';
import {
  annualizedVolatility,
  beta,
  correlation,
  correlationMatrix,
  historicalVaR,
  maxDrawdown,
  riskSummary,
  sharpeRatio,
  sortinoRatio,
} from './risk';
import { atr, bollinger, trueRange } from './volatility';
import { obv, rollingVwap, vwap } from './volume';

/**
 * The computations the worker pool runs by name. Each is a pure function whose arguments and result
 * survive structured cloning (typed arrays, numbers, plain objects), so the same call gives the same
 * answer in a worker thread and inline.
 */
export const computations = {
  sma,
  ema,
  rsi,
  macd,
  bollinger,
  atr,
  trueRange,
  stochastic,
  stochasticFast,
  obv,
  vwap,
  rollingVwap,
  simpleReturns,
  logReturns,
  annualizedVolatility,
  sharpeRatio,
  sortinoRatio,
  maxDrawdown,
  beta,
  correlation,
  correlationMatrix,
  historicalVaR,
  riskSummary,
} as const;

export type ComputationName = keyof typeof computations;
export type ComputationArgs<K extends ComputationName> = Parameters<(typeof computations)[K]>;
export type ComputationResult<K extends ComputationName> = ReturnType<(typeof computations)[K]>;

export function isComputationName(name: unknown): name is ComputationName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(computations, name);
}

/** Runs a named computation on the calling thread. */
export function runComputation<K extends ComputationName>(
  name: K,
  args: ComputationArgs<K>,
): ComputationResult<K> {
  if (!isComputationName(name)) throw new AnalyticsInputError(`unknown computation ${String(name)}`, 'name');
  const fn = computations[name] as (...a: unknown[]) => ComputationResult<K>;
  return fn(...(args as unknown[]));
}
