import fc from 'fast-check';
import { marketSentimentIndex, moodFor } from './market-index';

describe('marketSentimentIndex', () => {
  it('is 50 (Neutral) for neutral news, flat prices and usual volatility', () => {
    const m = marketSentimentIndex({ newsSentiment: 0, momentumPct: 0, volatility: 0.6 })!;
    expect(m.index).toBe(50);
    expect(m.label).toBe('Neutral');
    expect(m.components).toEqual({ news: 50, momentum: 50, volatility: 50 });
  });

  it('follows the documented formula', () => {
    const s = 0.5;
    const mom = 10;
    const vol = 1.2;
    const N = 50 * (1 + s);
    const M = 50 * (1 + Math.tanh(mom / 10));
    const V = 50 * (1 - Math.tanh((vol - 0.6) / 0.6));
    const m = marketSentimentIndex({ newsSentiment: s, momentumPct: mom, volatility: vol })!;
    expect(m.components.news).toBeCloseTo(N, 12);
    expect(m.components.momentum).toBeCloseTo(M, 12);
    expect(m.components.volatility).toBeCloseTo(V, 12);
    expect(m.index).toBe(Math.round(0.4 * N + 0.35 * M + 0.25 * V));
  });

  it('reaches the extremes: greed on good news, rally and calm; fear on bad news, crash and turmoil', () => {
    expect(marketSentimentIndex({ newsSentiment: 1, momentumPct: 40, volatility: 0 })!.label).toBe(
      'Extreme Greed',
    );
    expect(marketSentimentIndex({ newsSentiment: -1, momentumPct: -40, volatility: 3 })!.label).toBe(
      'Extreme Fear',
    );
  });

  it('moves the right way with each input', () => {
    const base = { newsSentiment: 0, momentumPct: 0, volatility: 0.6 };
    const at = (p: Partial<typeof base>) => marketSentimentIndex({ ...base, ...p })!.index;
    expect(at({ newsSentiment: 0.6 })).toBeGreaterThan(50);
    expect(at({ momentumPct: -8 })).toBeLessThan(50);
    expect(at({ volatility: 1.5 })).toBeLessThan(50);
    expect(at({ volatility: 0.2 })).toBeGreaterThan(50);
  });

  it('re-weights over the inputs present and is null with none', () => {
    const onlyNews = marketSentimentIndex({ newsSentiment: 0.5, momentumPct: null, volatility: null })!;
    expect(onlyNews.index).toBe(75);
    expect(onlyNews.components.momentum).toBeNull();
    expect(marketSentimentIndex({ newsSentiment: null, momentumPct: null, volatility: null })).toBeNull();
    expect(marketSentimentIndex({ newsSentiment: NaN, momentumPct: null, volatility: -1 })).toBeNull();
  });

  it('stays an integer in 0..100 for any input', () => {
    fc.assert(
      fc.property(
        fc.option(fc.double({ min: -5, max: 5, noNaN: true })),
        fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true })),
        fc.option(fc.double({ min: 0, max: 1e3, noNaN: true })),
        (news, mom, vol) => {
          const m = marketSentimentIndex({ newsSentiment: news, momentumPct: mom, volatility: vol });
          if (news === null && mom === null && vol === null) return expect(m).toBeNull();
          expect(Number.isInteger(m!.index)).toBe(true);
          expect(m!.index).toBeGreaterThanOrEqual(0);
          expect(m!.index).toBeLessThanOrEqual(100);
          expect(m!.label).toBe(moodFor(m!.index));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('labels by the documented bands', () => {
    expect([0, 24, 25, 44, 45, 55, 56, 75, 76, 100].map(moodFor)).toEqual([
      'Extreme Fear',
      'Extreme Fear',
      'Fear',
      'Fear',
      'Neutral',
      'Neutral',
      'Greed',
      'Greed',
      'Extreme Greed',
      'Extreme Greed',
    ]);
  });

  it('rejects a non-positive volatility baseline', () => {
    expect(() =>
      marketSentimentIndex({ newsSentiment: 0, momentumPct: 0, volatility: 1 }, { volatilityBaseline: 0 }),
    ).toThrow(RangeError);
  });
});
