/** Class probabilities from the positive and negative logits, neutral the reference class (logit 0). */
export function threeClassSoftmax(
  positive: number,
  negative: number,
): { positive: number; negative: number; neutral: number } {
  // Shifted by the largest logit so exp never overflows.
  const m = Math.max(positive, negative, 0);
  const ep = Math.exp(positive - m);
  const en = Math.exp(negative - m);
  const e0 = Math.exp(-m);
  const z = ep + en + e0;
  return { positive: ep / z, negative: en / z, neutral: e0 / z };
}
