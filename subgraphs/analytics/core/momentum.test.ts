import fc from 'fast-check';
import { AnalyticsInputError } from './errors';
import { macd, rsi, stochastic, stochasticFast } from './momentum';
import { maxRelDiff } from './testing/expect-close';

describe('rsi', () => {
  it("uses simple means of the first `period` changes, then Wilder's smoothing (TA-Lib)", () => {
    // period 3 over closes 10, 11, 10.5, 12, 11, 11.5, 13; changes +1, −0.5, +1.5, −1, +0.5, +1.5
    //   index 3: avgGain = (1 + 1.5)/3, avgLoss = 0.5/3        → RSI = 100·2.5/3        = 250/3
    //   index 4: change −1: gain = (2.5/3·2 + 0)/3 = 5/9, loss = (0.5/3·2 + 1)/3 = 4/9 → 500/9
    //   index 5: change +0.5: gain = (10/9 + 0.5)/3 = 14.5/27, loss = 8/27       → 100·14.5/22.5 = 580/9
    //   index 6: change +1.5: gain = (29/27 + 1.5)/3 = 69.5/81, loss = 16/81     → 100·69.5/85.5 = 13900/171
    const r = rsi([10, 11, 10.5, 12, 11, 11.5, 13], 3);
    expect(r.begin).toBe(3);
    expect(maxRelDiff(r.values, [250 / 3, 500 / 9, 580 / 9, 13900 / 171])).toBeLessThan(1e-14);
  });

  it('is 100 with only gains, and 0 for a flat series as in TA-Lib', () => {
    expect(Array.from(rsi([1, 2, 3, 4, 5], 3).values)).toEqual([100, 100]);
    expect(Array.from(rsi([5, 5, 5, 5, 5], 3).values)).toEqual([0, 0]);
  });

  it('needs period + 1 values', () => {
    expect(rsi([1, 2, 3], 3).values).toHaveLength(0);
    expect(rsi([1, 2, 3, 4], 3).values).toHaveLength(1);
    expect(() => rsi([1, 2, 3], 1)).toThrow(AnalyticsInputError);
  });

  it('stays in [0, 100] (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), { maxLength: 60 }),
        fc.integer({ min: 2, max: 20 }),
        (values, period) => {
          for (const v of rsi(values, period).values) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(100);
          }
        },
      ),
    );
  });
});

describe('macd', () => {
  it('seeds the fast EMA where the slow one starts (TA-Lib), and the signal with an SMA of the MACD line', () => {
    // fast 2 (k = 2/3), slow 3 (k = 1/2), signal 2 (k = 2/3) over closes 1, 2, 4, 8, 6, 3
    //   index 2: slow = (1+2+4)/3 = 7/3; fast = SMA of the 2 values ending here = (2+4)/2 = 3; MACD = 2/3
    //   index 3: fast = 3 + 2/3·(8 − 3) = 19/3; slow = 7/3 + 1/2·(8 − 7/3) = 31/6; MACD = 7/6
    //            signal = (2/3 + 7/6)/2 = 11/12; histogram = 1/4
    //   index 4: fast = 55/9; slow = 67/12; MACD = 19/36; signal = 11/12 + 2/3·(19/36 − 11/12) = 71/108
    //   index 5: fast = 109/27; slow = 103/24; MACD = −55/216; signal = 4/81; histogram = −197/648
    // (seeding fast with the first 2 values would give fast = 19/6 at index 2 and different numbers.)
    const m = macd([1, 2, 4, 8, 6, 3], { fast: 2, slow: 3, signal: 2 });
    expect(m.begin).toBe(3);
    expect(maxRelDiff(m.macd, [7 / 6, 19 / 36, -55 / 216])).toBeLessThan(1e-13);
    expect(maxRelDiff(m.signal, [11 / 12, 71 / 108, 4 / 81])).toBeLessThan(1e-13);
    expect(maxRelDiff(m.histogram, [1 / 4, -7 / 54, -197 / 648])).toBeLessThan(1e-12);
  });

  it('defaults to 12/26/9 and starts at index 33', () => {
    const values = Array.from({ length: 40 }, (_, i) => 100 + Math.sin(i / 3) * 5);
    const m = macd(values);
    expect(m.begin).toBe(33);
    expect(m.macd).toHaveLength(7);
    expect(macd(values.slice(0, 33)).macd).toHaveLength(0);
    expect(macd(values.slice(0, 34)).macd).toHaveLength(1);
  });

  it('refuses fast ≥ slow and out-of-range periods', () => {
    expect(() => macd([1, 2, 3], { fast: 26, slow: 12 })).toThrow(
      /fast \(26\) must be less than slow \(12\)/,
    );
    expect(() => macd([1, 2, 3], { signal: 0 })).toThrow(AnalyticsInputError);
    expect(() => macd([1, 2, 3], { fast: 1 })).toThrow(AnalyticsInputError);
  });
});

/** Fast %K from the definition: window max/min recomputed for each bar. */
function naiveFastK(h: number[], l: number[], c: number[], period: number): number[] {
  const out: number[] = [];
  for (let i = period - 1; i < c.length; i++) {
    const hh = Math.max(...h.slice(i - period + 1, i + 1));
    const ll = Math.min(...l.slice(i - period + 1, i + 1));
    out.push(hh === ll ? 0 : ((c[i]! - ll) / (hh - ll)) * 100);
  }
  return out;
}

describe('stochastic', () => {
  // fastK 3 over highs 10 12 11 13 12 14, lows 8 9 9 10 11 11, closes 9 11 10 12 11.5 13:
  //   index 2: HH 12, LL 8 → (10 − 8)/4 = 50;   index 3: HH 13, LL 9 → (12 − 9)/4 = 75
  //   index 4: HH 13, LL 9 → (11.5 − 9)/4 = 62.5; index 5: HH 14, LL 10 → (13 − 10)/4 = 75
  const high = [10, 12, 11, 13, 12, 14];
  const low = [8, 9, 9, 10, 11, 11];
  const close = [9, 11, 10, 12, 11.5, 13];

  it('slow: %K = SMA(fast %K), %D = SMA(%K), both from (fastK−1)+(slowK−1)+(slowD−1)', () => {
    // slow %K (SMA 2) from index 3: 62.5, 68.75, 68.75; %D (SMA 2) from index 4: 65.625, 68.75
    const s = stochastic(high, low, close, { fastKPeriod: 3, slowKPeriod: 2, slowDPeriod: 2 });
    expect(s.begin).toBe(4);
    expect(Array.from(s.k)).toEqual([68.75, 68.75]);
    expect(Array.from(s.d)).toEqual([65.625, 68.75]);
  });

  it('fast: %K raw, %D = SMA(%K), both from (fastK−1)+(fastD−1)', () => {
    const s = stochasticFast(high, low, close, { fastKPeriod: 3, fastDPeriod: 2 });
    expect(s.begin).toBe(3);
    expect(Array.from(s.k)).toEqual([75, 62.5, 75]);
    expect(Array.from(s.d)).toEqual([62.5, 68.75, 68.75]);
  });

  it('is 0 when the window has no range (TA-Lib), and empty when too short', () => {
    const flat = [5, 5, 5, 5, 5, 5, 5, 5, 5];
    expect(Array.from(stochastic(flat, flat, flat).k)).toEqual([0]);
    expect(stochastic(flat.slice(0, 8), flat.slice(0, 8), flat.slice(0, 8)).k).toHaveLength(0);
  });

  it('refuses inputs of different lengths', () => {
    expect(() => stochastic([1, 2], [1], [1, 2])).toThrow(AnalyticsInputError);
  });

  // Small integers make ties common, which is where a monotonic deque goes wrong if it goes wrong.
  const bars = {
    'real-valued': fc
      .tuple(
        fc.double({ min: 1, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
      )
      .map(([lowV, range, pos]) => ({ low: lowV, high: lowV + range, close: lowV + range * pos })),
    'tie-heavy': fc
      .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }))
      .map(([lowV, range, up]) => ({ low: lowV, high: lowV + range, close: lowV + Math.min(up, range) })),
  };

  it.each(Object.entries(bars))(
    'fast %%K matches window extremes recomputed per bar, %s bars (property)',
    (_, bar) => {
      fc.assert(
        fc.property(fc.array(bar, { maxLength: 70 }), fc.integer({ min: 1, max: 25 }), (list, period) => {
          const h = list.map((b) => b.high);
          const l = list.map((b) => b.low);
          const c = list.map((b) => b.close);
          const ours = stochasticFast(h, l, c, { fastKPeriod: period, fastDPeriod: 1 });
          const ref = naiveFastK(h, l, c, period);
          expect(ours.k).toHaveLength(ref.length);
          expect(maxRelDiff(ours.k, ref)).toBeLessThan(1e-12);
          for (const v of ours.k) expect(v >= 0 && v <= 100 + 1e-9).toBe(true);
        }),
      );
    },
  );
});
