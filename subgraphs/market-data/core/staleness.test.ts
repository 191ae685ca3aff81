import { isQuoteStale, quoteAgeMs } from './staleness';

describe('quote staleness', () => {
  it('is stale only when older than the limit', () => {
    expect(isQuoteStale(1_000, 31_000, 30_000)).toBe(false);
    expect(isQuoteStale(1_000, 31_001, 30_000)).toBe(true);
  });
  it('treats future-stamped quotes as fresh and reports a non-negative age', () => {
    expect(isQuoteStale(50_000, 10_000, 0)).toBe(false);
    expect(quoteAgeMs(50_000, 10_000)).toBe(0);
    expect(quoteAgeMs(10_000, 12_500)).toBe(2_500);
  });
  it('refuses a negative limit', () => {
    expect(() => isQuoteStale(0, 0, -1)).toThrow();
  });
});
