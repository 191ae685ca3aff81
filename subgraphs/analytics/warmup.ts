/**
 * How many candles before a window an indicator reads, so that its values inside the window are what a
 * charting tool shows (charts compute from the first bar of a coin's history).
 *
 * - Window-bounded indicators (SMA, Bollinger, stochastic, rolling VWAP) need exactly their lookback:
 *   after it, the start of the data no longer matters.
 * - Recursive ones (EMA, RSI, ATR, MACD) never fully forget their seed: after m more candles the seed
 *   still weighs (1 − α)^m, α = 2/(period + 1) for an EMA and 1/period for Wilder's smoothing. They
 *   read their lookback plus enough candles for that weight to fall below SEED_WEIGHT, so they agree
 *   with a from-inception computation to about 1e-9 of the price range (RSI 14: 294 candles; EMA 20:
 *   227; MACD 12/26/9: 396). A coin with less history simply gets all of it, as a chart would.
 * - Cumulative ones (OBV, anchored VWAP) are anchored at the window's first candle on purpose: their
 *   level depends on where they start, whatever the warm-up.
 */
import {
  atrLookback,
  bollingerLookback,
  emaLookback,
  macdLookback,
  rsiLookback,
  smaLookback,
  stochasticLookback,
} from './core';

/** Weight of the seed left in a recursive indicator's first value inside the window. */
export const SEED_WEIGHT = 1e-9;
/** Upper bound on warm-up candles, so a very long period cannot load unbounded history. */
export const MAX_WARMUP = 50_000;

/** Steps after which an exponential smoothing with factor `alpha` leaves its seed below SEED_WEIGHT. */
export function decaySteps(alpha: number): number {
  if (alpha >= 1) return 0;
  return Math.ceil(Math.log(SEED_WEIGHT) / Math.log(1 - alpha));
}

const cap = (n: number) => Math.min(n, MAX_WARMUP);

export const warmup = {
  sma: (period: number) => cap(smaLookback(period)),
  bollinger: (period: number) => cap(bollingerLookback(period)),
  ema: (period: number) => cap(emaLookback(period) + decaySteps(2 / (period + 1))),
  rsi: (period: number) => cap(rsiLookback(period) + decaySteps(1 / period)),
  atr: (period: number) => cap(atrLookback(period) + decaySteps(1 / period)),
  /** The slow EMA's seed decays slowest of the two line EMAs; the signal EMA has a seed of its own. */
  macd: (slow: number, signal: number) =>
    cap(macdLookback(slow, signal) + decaySteps(2 / (slow + 1)) + decaySteps(2 / (signal + 1))),
  stochastic: (kPeriod: number, kSmoothing: number, dPeriod: number) =>
    cap(stochasticLookback(kPeriod, kSmoothing, dPeriod)),
  rollingVwap: (period: number) => cap(period - 1),
  /** The close before the window, so that every candle in the window has a return. */
  returns: () => 1,
  none: () => 0,
} as const;
