import fc from 'fast-check';
import { AnalyticsInputError } from './errors';
import { ema, sma } from './moving-averages';

const arr = (s: { values: Float64Array }): number[] => Array.from(s.values);

/** Mean of values[i − period + 1 .. i], computed from scratch: the definition, not the running sum. */
function naiveSma(values: number[], period: number): number[] {
  const out: number[] = [];
  for (let i = period - 1; i < values.length; i++) {
    let s = 0;
    for (let t = i - period + 1; t <= i; t++) s += values[t]!;
    out.push(s / period);
  }
  return out;
}

const finiteValues = fc.array(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), {
  minLength: 0,
  maxLength: 80,
});

describe('sma', () => {
  it('averages the last `period` values and starts at period − 1', () => {
    // period 3 over 1..5: (1+2+3)/3, (2+3+4)/3, (3+4+5)/3
    const s = sma([1, 2, 3, 4, 5], 3);
    expect(s.begin).toBe(2);
    expect(arr(s)).toEqual([2, 3, 4]);
  });

  it('gives an empty series (not NaN) for inputs shorter than the window', () => {
    expect(sma([1, 2], 3).values).toHaveLength(0);
    expect(sma([], 3).values).toHaveLength(0);
    expect(arr(sma([1, 2, 3], 3))).toEqual([2]);
  });

  it.each([0, 1, 2.5, -3, 100_001, Number.NaN])('refuses period %p with AnalyticsInputError', (p) => {
    expect(() => sma([1, 2, 3], p)).toThrow(AnalyticsInputError);
  });

  it('matches the windowed mean computed from scratch (property)', () => {
    fc.assert(
      fc.property(finiteValues, fc.integer({ min: 2, max: 30 }), (values, period) => {
        const ours = arr(sma(values, period));
        const ref = naiveSma(values, period);
        expect(ours).toHaveLength(ref.length);
        ours.forEach((v, i) => expect(v).toBeCloseTo(ref[i]!, 6));
      }),
    );
  });

  it('of a constant series is that constant (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 2, max: 20 }),
        (c, n, period) => {
          for (const v of sma(new Array<number>(n).fill(c), period).values) {
            expect(Math.abs(v - c)).toBeLessThanOrEqual(1e-12 * Math.abs(c));
          }
        },
      ),
    );
  });
});

describe('ema', () => {
  it('is seeded with the SMA of the first `period` values (TA-Lib), then k = 2/(period+1)', () => {
    // period 3, k = 0.5 over [2, 4, 6, 8, 4, 2]:
    //   index 2: seed = (2 + 4 + 6) / 3 = 4
    //   index 3: 4 + 0.5·(8 − 4) = 6
    //   index 4: 6 + 0.5·(4 − 6) = 5
    //   index 5: 5 + 0.5·(2 − 5) = 3.5
    // (seeding with the first value instead would give 2, 3, 4.5, 6.25, ...)
    const e = ema([2, 4, 6, 8, 4, 2], 3);
    expect(e.begin).toBe(2);
    expect(arr(e)).toEqual([4, 6, 5, 3.5]);
  });

  it('gives an empty series for inputs shorter than the window', () => {
    expect(ema([1, 2], 3).values).toHaveLength(0);
  });

  it('stays within the range of its inputs (property)', () => {
    fc.assert(
      fc.property(finiteValues, fc.integer({ min: 2, max: 30 }), (values, period) => {
        const lo = Math.min(...values);
        const hi = Math.max(...values);
        for (const v of ema(values, period).values) {
          expect(v).toBeGreaterThanOrEqual(lo * (1 - 1e-12));
          expect(v).toBeLessThanOrEqual(hi * (1 + 1e-12));
        }
      }),
    );
  });
});
