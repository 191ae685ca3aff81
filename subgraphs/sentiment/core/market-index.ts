/**
 * The market sentiment index, 0 (extreme fear) .. 100 (extreme greed): news sentiment, price
 * momentum and volatility, each mapped to 0..100 and averaged with fixed weights.
 *
 *   N = 50 × (1 + s)                                 s: news sentiment in [-1, 1]
 *   M = 50 × (1 + tanh(m / 10))                      m: market price change over 7 days, in percent
 *   V = 50 × (1 − tanh((σ − σ₀) / σ₀))               σ: annualised volatility (0.6 = 60 %), σ₀ = 0.6
 *   index = round((0.4·N + 0.35·M + 0.25·V) / (sum of the weights of the components present))
 *
 * So +10 % in a week gives M ≈ 88 and −10 % gives M ≈ 12; volatility at its usual level σ₀ gives
 * V = 50, twice the usual gives ≈ 12 (fear), none gives ≈ 88. A missing input drops out and the others
 * are re-weighted; with no input at all there is no index. Labels: 0–24 Extreme Fear, 25–44 Fear,
 * 45–55 Neutral, 56–75 Greed, 76–100 Extreme Greed.
 */

export type MarketMood = 'Extreme Fear' | 'Fear' | 'Neutral' | 'Greed' | 'Extreme Greed';

export interface MarketIndexInput {
  /** Decay-weighted mean score of the market's news over 24 h, in [-1, 1]; null when there is none. */
  readonly newsSentiment: number | null;
  /** Price change of the market over 7 days in percent (e.g. of the market-cap-weighted index or of BTC). */
  readonly momentumPct: number | null;
  /** Annualised volatility of daily returns (30 days, √365 scaling) as a fraction: 0.6 = 60 %. */
  readonly volatility: number | null;
}

export interface MarketIndexOptions {
  /** The "usual" annualised volatility σ₀ that maps to 50. Default 0.6 (long-run bitcoin level). */
  readonly volatilityBaseline?: number;
}

export interface MarketIndex {
  /** 0..100, an integer. */
  readonly index: number;
  readonly label: MarketMood;
  /** Each component on 0..100, null when its input was missing. */
  readonly components: {
    readonly news: number | null;
    readonly momentum: number | null;
    readonly volatility: number | null;
  };
}

export const MARKET_INDEX_WEIGHTS = { news: 0.4, momentum: 0.35, volatility: 0.25 } as const;
export const DEFAULT_VOLATILITY_BASELINE = 0.6;

const finite = (x: number | null): x is number => x !== null && Number.isFinite(x);

/** The index for the given inputs, or null when every input is missing. Pure. */
export function marketSentimentIndex(
  input: MarketIndexInput,
  opts: MarketIndexOptions = {},
): MarketIndex | null {
  const sigma0 = opts.volatilityBaseline ?? DEFAULT_VOLATILITY_BASELINE;
  if (!(sigma0 > 0)) throw new RangeError('volatilityBaseline must be positive');
  const news = finite(input.newsSentiment) ? 50 * (1 + Math.max(-1, Math.min(1, input.newsSentiment))) : null;
  const momentum = finite(input.momentumPct) ? 50 * (1 + Math.tanh(input.momentumPct / 10)) : null;
  const volatility =
    finite(input.volatility) && input.volatility >= 0
      ? 50 * (1 - Math.tanh((input.volatility - sigma0) / sigma0))
      : null;
  let sum = 0;
  let weights = 0;
  for (const [c, w] of [
    [news, MARKET_INDEX_WEIGHTS.news],
    [momentum, MARKET_INDEX_WEIGHTS.momentum],
    [volatility, MARKET_INDEX_WEIGHTS.volatility],
  ] as const) {
    if (c === null) continue;
    sum += w * c;
    weights += w;
  }
  if (weights === 0) return null;
  const index = Math.max(0, Math.min(100, Math.round(sum / weights)));
  return { index, label: moodFor(index), components: { news, momentum, volatility } };
}

/** The label of an index value (see the module comment for the bands). */
export function moodFor(index: number): MarketMood {
  if (index < 25) return 'Extreme Fear';
  if (index < 45) return 'Fear';
  if (index <= 55) return 'Neutral';
  if (index <= 75) return 'Greed';
  return 'Extreme Greed';
}
