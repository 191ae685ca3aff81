import fc from 'fast-check';
import { AnalyticsInputError } from './errors';
import { sma } from './moving-averages';
import { maxRelDiff } from './testing/expect-close';
import { syntheticOhlcv } from './testing/synthetic';
import { atr, bollinger, trueRange } from './volatility';

/** Population standard deviation of each window, two-pass from scratch. */
function naiveStd(values: ArrayLike<number>, period: number): number[] {
  const out: number[] = [];
  for (let i = period - 1; i < values.length; i++) {
    let s = 0;
    for (let t = i - period + 1; t <= i; t++) s += values[t]!;
    const m = s / period;
    let ss = 0;
    for (let t = i - period + 1; t <= i; t++) ss += (values[t]! - m) ** 2;
    out.push(Math.sqrt(ss / period));
  }
  return out;
}

describe('bollinger', () => {
  it('uses the population standard deviation of the SMA window', () => {
    // period 3, 2σ over 1, 2, 3, 5:
    //   window 1,2,3: mean 2, variance (1 + 0 + 1)/3 = 2/3 → 2 ± 2·√(2/3)
    //   window 2,3,5: mean 10/3, variance (16/9 + 1/9 + 25/9)/3 = 14/9 → 10/3 ± 2·√14/3
    // (the sample deviation would give √1 and √(7/3) instead)
    const b = bollinger([1, 2, 3, 5], { period: 3, stdDev: 2 });
    expect(b.begin).toBe(2);
    expect(maxRelDiff(b.middle, [2, 10 / 3])).toBeLessThan(1e-15);
    expect(maxRelDiff(b.upper, [2 + 2 * Math.sqrt(2 / 3), 10 / 3 + (2 * Math.sqrt(14)) / 3])).toBeLessThan(
      1e-15,
    );
    expect(maxRelDiff(b.lower, [2 - 2 * Math.sqrt(2 / 3), 10 / 3 - (2 * Math.sqrt(14)) / 3])).toBeLessThan(
      1e-14,
    );
  });

  it('defaults to 20 periods and 2 deviations', () => {
    const values = Array.from({ length: 25 }, (_, i) => 100 + ((i * 7) % 5));
    const b = bollinger(values);
    const explicit = bollinger(values, { period: 20, stdDev: 2 });
    expect(b.begin).toBe(19);
    expect(Array.from(b.upper)).toEqual(Array.from(explicit.upper));
    expect(bollinger(values, { stdDev: 1 }).upper[0]).not.toBe(b.upper[0]);
  });

  it('keeps σ exact over a long series with large prices and small moves (rolling update + resync)', () => {
    // 5000 points, so the rolling update runs across several resyncs; 1-minute-like moves on a 30k price
    const { close } = syntheticOhlcv(5000, { seed: 7 });
    const b = bollinger(close, { period: 20, stdDev: 1 });
    const sigma = Array.from(b.upper, (u, j) => u - b.middle[j]!);
    expect(maxRelDiff(sigma, naiveStd(close, 20))).toBeLessThan(1e-8);
    expect(maxRelDiff(b.middle, sma(close, 20).values)).toBeLessThan(1e-12);
  });

  it('refuses a non-positive or non-finite width', () => {
    expect(() => bollinger([1, 2, 3], { stdDev: 0 })).toThrow(AnalyticsInputError);
    expect(() => bollinger([1, 2, 3], { stdDev: Number.POSITIVE_INFINITY })).toThrow(AnalyticsInputError);
  });

  it('orders lower ≤ middle ≤ upper and collapses on a constant series (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-3, max: 1e5, noNaN: true }), { maxLength: 60 }),
        fc.integer({ min: 2, max: 20 }),
        (values, period) => {
          const b = bollinger(values, { period });
          for (let j = 0; j < b.middle.length; j++) {
            expect(b.lower[j]!).toBeLessThanOrEqual(b.middle[j]!);
            expect(b.middle[j]!).toBeLessThanOrEqual(b.upper[j]!);
          }
          const flat = bollinger(new Array<number>(values.length).fill(values[0] ?? 1), { period });
          for (let j = 0; j < flat.middle.length; j++) {
            expect(flat.upper[j]! - flat.lower[j]!).toBeLessThanOrEqual(1e-12 * flat.middle[j]!);
          }
        },
      ),
    );
  });
});

describe('true range and atr', () => {
  // bars (high, low, close): (10, 8, 9) (11, 9, 10.5) (12, 11, 11.5) (11, 10, 10.2) (14, 13, 13.5)
  //   TR[1] = max(11−9, |11−9|, |9−9|)            = 2
  //   TR[2] = max(12−11, |12−10.5|, |11−10.5|)    = 1.5
  //   TR[3] = max(11−10, |11−11.5|, |10−11.5|)    = 1.5
  //   TR[4] = max(14−13, |14−10.2|, |13−10.2|)    = 3.8  (gap up)
  const high = [10, 11, 12, 11, 14];
  const low = [8, 9, 11, 10, 13];
  const close = [9, 10.5, 11.5, 10.2, 13.5];

  it('true range starts at index 1 and covers gaps', () => {
    const tr = trueRange(high, low, close);
    expect(tr.begin).toBe(1);
    expect(maxRelDiff(tr.values, [2, 1.5, 1.5, 3.8])).toBeLessThan(1e-15);
  });

  it("ATR is seeded with the mean TR of bars 1..period, then Wilder's smoothing (TA-Lib)", () => {
    // period 2: index 2: (2 + 1.5)/2 = 1.75; index 3: (1.75·1 + 1.5)/2 = 1.625; index 4: (1.625 + 3.8)/2 = 2.7125
    const a = atr(high, low, close, 2);
    expect(a.begin).toBe(2);
    expect(maxRelDiff(a.values, [1.75, 1.625, 2.7125])).toBeLessThan(1e-15);
  });

  it('ATR with period 1 is the true range; too short gives an empty series', () => {
    expect(Array.from(atr(high, low, close, 1).values)).toEqual(
      Array.from(trueRange(high, low, close).values),
    );
    expect(atr(high, low, close, 5).values).toHaveLength(0);
    expect(atr(high, low, close, 4).values).toHaveLength(1);
    expect(() => atr(high, low, close, 0)).toThrow(AnalyticsInputError);
    expect(() => atr(high, low.slice(1), close)).toThrow(AnalyticsInputError);
  });
});
