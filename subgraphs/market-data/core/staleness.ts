/**
 * A quote is stale when it is older than `maxAgeMs` at `nowMs`
 * (`Quote.stale` in the API). A quote stamped in the future (clock skew
 * between the venue and us) counts as fresh, not as stale.
 */
export function isQuoteStale(updatedAtMs: number, nowMs: number, maxAgeMs: number): boolean {
  if (!(maxAgeMs >= 0)) throw new Error('maxAgeMs must be >= 0');
  return nowMs - updatedAtMs > maxAgeMs;
}

/** Age of a quote in ms at `nowMs`, never negative. */
export function quoteAgeMs(updatedAtMs: number, nowMs: number): number {
  return Math.max(0, nowMs - updatedAtMs);
}
