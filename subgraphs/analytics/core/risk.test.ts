import fc from 'fast-check';
import { AnalyticsInputError } from './errors';
import { logReturns, simpleReturns } from './returns';
import {
  annualizedVolatility,
  beta,
  correlation,
  correlationMatrix,
  historicalVaR,
  maxDrawdown,
  periodsPerYear,
  quantileSorted,
  riskSummary,
  sampleStdDev,
  sharpeRatio,
  sortinoRatio,
} from './risk';
import { maxRelDiff, relDiff } from './testing/expect-close';

// Values 100 → 110 → 99 → 108.9: returns +10 %, −10 %, +10 %.
//   mean = 1/30; deviations 2/30, −4/30, 2/30; Σd² = 24/900; sample variance = 12/900 = 1/75
const values = [100, 110, 99, 108.9];
const returns = [0.1, -0.1, 0.1];

describe('returns', () => {
  it('simple and log returns of consecutive values', () => {
    expect(maxRelDiff(simpleReturns(values), returns)).toBeLessThan(1e-12);
    expect(maxRelDiff(logReturns(values), [Math.log(1.1), Math.log(0.9), Math.log(1.1)])).toBeLessThan(1e-12);
    expect(simpleReturns([5])).toHaveLength(0);
    expect(simpleReturns([])).toHaveLength(0);
  });

  it('refuses values where a return is undefined', () => {
    expect(() => simpleReturns([1, 0, 2])).toThrow(AnalyticsInputError);
    expect(() => logReturns([1, -1])).toThrow(AnalyticsInputError);
    expect(() => simpleReturns([1, Number.NaN])).toThrow(AnalyticsInputError);
  });
});

describe('volatility, Sharpe, Sortino', () => {
  it('annualised volatility is the sample std dev × √365', () => {
    expect(relDiff(sampleStdDev(returns)!, 1 / Math.sqrt(75))).toBeLessThan(1e-14);
    expect(relDiff(annualizedVolatility(returns)!, Math.sqrt(365 / 75))).toBeLessThan(1e-14);
    expect(
      relDiff(annualizedVolatility(returns, { periodsPerYear: 8760 })!, Math.sqrt(8760 / 75)),
    ).toBeLessThan(1e-14);
    expect(annualizedVolatility([0.1])).toBeNull();
  });

  it('Sharpe: mean daily excess return / its sample std dev × √365', () => {
    // (1/30) / (1/√75) × √365
    expect(relDiff(sharpeRatio(returns)!, (Math.sqrt(75) / 30) * Math.sqrt(365))).toBeLessThan(1e-14);
  });

  it('Sharpe converts the annual risk-free rate geometrically: (1 + rf)^(1/365) − 1 per day', () => {
    // 5 % a year is 0.013368… % a day compounded (not 5 %/365 = 0.013699 %)
    const daily = Math.pow(1.05, 1 / 365) - 1;
    expect(daily).toBeCloseTo(0.00013368, 8);
    const expected = (1 / 30 - daily) * Math.sqrt(75) * Math.sqrt(365);
    expect(relDiff(sharpeRatio(returns, { riskFreeRate: 0.05 })!, expected)).toBeLessThan(1e-13);
    expect(() => sharpeRatio(returns, { riskFreeRate: -1 })).toThrow(AnalyticsInputError);
  });

  it('Sortino: mean excess / √(Σ min(excess, 0)² / n) × √365', () => {
    // downside deviation = √(0.1² / 3); mean / dd = (1/30)·√3/0.1 = √3/3
    expect(relDiff(sortinoRatio(returns)!, (Math.sqrt(3) / 3) * Math.sqrt(365))).toBeLessThan(1e-13);
    expect(sortinoRatio([0.01, 0.02, 0.03])).toBeNull(); // nothing below the target
  });

  it('is null, not NaN or huge, when returns do not vary or are too few', () => {
    expect(sharpeRatio([0.01, 0.01, 0.01, 0.01])).toBeNull(); // a deposit account: no dispersion
    expect(sharpeRatio([0.01])).toBeNull();
    expect(sortinoRatio([])).toBeNull();
  });

  it('periods per year follow the candle length', () => {
    expect(periodsPerYear(86_400_000)).toBe(365);
    expect(periodsPerYear(3_600_000)).toBe(8760);
    expect(periodsPerYear(60_000)).toBe(525_600);
  });
});

describe('maxDrawdown', () => {
  it('finds the largest peak-to-trough fall with its indices and recovery', () => {
    // 120 → 90 is −25 %; 130 → 65 is −50 % (peak index 4, trough 5), recovered by 140 at index 7
    const d = maxDrawdown([100, 120, 90, 95, 130, 65, 70, 140]);
    expect(d).toEqual({ maxDrawdown: 0.5, peakIndex: 4, troughIndex: 5, recoveryIndex: 7 });
  });

  it('has no recovery when the peak is never regained, and 0 for a rising series', () => {
    expect(maxDrawdown([10, 8, 9])).toEqual({
      maxDrawdown: 0.2,
      peakIndex: 0,
      troughIndex: 1,
      recoveryIndex: null,
    });
    expect(maxDrawdown([1, 2, 3])).toEqual({
      maxDrawdown: 0,
      peakIndex: 0,
      troughIndex: 0,
      recoveryIndex: null,
    });
    expect(maxDrawdown([])).toBeNull();
    expect(() => maxDrawdown([1, -1])).toThrow(AnalyticsInputError);
  });

  it('lies in [0, 1] and equals 1 − trough/peak (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 100 }),
        (v) => {
          const d = maxDrawdown(v)!;
          expect(d.maxDrawdown).toBeGreaterThanOrEqual(0);
          expect(d.maxDrawdown).toBeLessThanOrEqual(1);
          expect(d.peakIndex).toBeLessThanOrEqual(d.troughIndex);
          if (d.maxDrawdown > 0) {
            // absolute tolerance: a drawdown is a fraction in [0, 1], and tiny ones have no relative precision
            expect(Math.abs(d.maxDrawdown - (1 - v[d.troughIndex]! / v[d.peakIndex]!))).toBeLessThan(1e-12);
            // no pair (earlier, later) falls further
            let worst = 0;
            for (let i = 0; i < v.length; i++)
              for (let j = i + 1; j < v.length; j++)
                if (v[i]! > 0) worst = Math.max(worst, 1 - v[j]! / v[i]!);
            expect(Math.abs(d.maxDrawdown - worst)).toBeLessThan(1e-12);
          }
        },
      ),
    );
  });
});

describe('beta and correlation', () => {
  it('compute cov/var and Pearson correlation by hand', () => {
    // x = 1, 2, 3; y = 1, 3, 2: deviations (−1, 0, 1) and (−1, 1, 0); Σdxdy = 1, Σdx² = Σdy² = 2
    expect(beta([1, 2, 3], [1, 3, 2])).toBe(0.5);
    expect(correlation([1, 2, 3], [1, 3, 2])).toBe(0.5);
    expect(beta([1, 2, 3, 4], [2, 4, 6, 8])).toBe(0.5);
    expect(correlation([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
  });

  it('are null against a benchmark that does not move, and refuse unaligned series', () => {
    expect(beta([1, 2, 3], [0.01, 0.01, 0.01])).toBeNull();
    expect(correlation([1, 2, 3], [5, 5, 5])).toBeNull();
    expect(() => correlation([1, 2, 3], [1, 2])).toThrow(AnalyticsInputError);
  });

  it('correlation matrix is symmetric with a unit diagonal and nulls for flat series', () => {
    const m = correlationMatrix([
      [1, 2, 3],
      [1, 3, 2],
      [7, 7, 7],
      [3, 2, 1],
    ]);
    expect(m).toEqual([
      [1, 0.5, null, -1],
      [0.5, 1, null, -0.5],
      [null, null, null, null],
      [-1, -0.5, null, 1],
    ]);
  });

  it('correlations lie in [−1, 1] and the matrix agrees with pairwise correlation (property)', () => {
    const series = fc.array(fc.double({ min: -0.5, max: 0.5, noNaN: true }), { minLength: 2, maxLength: 30 });
    fc.assert(
      fc.property(fc.array(series, { minLength: 1, maxLength: 4 }), (list) => {
        const t = Math.min(...list.map((s) => s.length));
        const aligned = list.map((s) => s.slice(0, t));
        const m = correlationMatrix(aligned);
        for (let a = 0; a < aligned.length; a++)
          for (let b = 0; b < aligned.length; b++) {
            const r = m[a]![b]!;
            const pair = a === b ? (r === null ? null : 1) : correlation(aligned[a]!, aligned[b]!);
            if (r === null) expect(pair).toBeNull();
            else {
              expect(Math.abs(r)).toBeLessThanOrEqual(1);
              expect(Math.abs(r - pair!)).toBeLessThan(1e-12);
            }
          }
      }),
    );
  });
});

describe('historical VaR', () => {
  // 11 returns, sorted: −10 −5 −2 −1 0 1 2 3 4 5 6 (%)
  const r = [-0.05, -0.02, 0.01, 0.03, -0.1, 0.04, 0, 0.02, -0.01, 0.05, 0.06];

  it('is minus the type-7 (numpy default) quantile at 1 − confidence', () => {
    // 95 %: h = 10·0.05 = 0.5 → −0.10 + 0.5·(−0.05 + 0.10) = −0.075
    // 99 %: h = 10·0.01 = 0.1 → −0.10 + 0.1·0.05 = −0.095
    // 90 %: h = 1 → the second smallest, −0.05
    expect(historicalVaR(r, 0.95)).toBeCloseTo(0.075, 15);
    expect(historicalVaR(r, 0.99)).toBeCloseTo(0.095, 15);
    expect(historicalVaR(r, 0.9)).toBeCloseTo(0.05, 15);
    expect(historicalVaR(r)).toBe(historicalVaR(r, 0.95));
    expect(historicalVaR([])).toBeNull();
    expect(() => historicalVaR(r, 1)).toThrow(AnalyticsInputError);
  });

  it('does not reorder its input', () => {
    const copy = [...r];
    historicalVaR(copy, 0.95);
    expect(copy).toEqual(r);
  });

  it('grows with the confidence level (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 200 }),
        (x) => {
          expect(historicalVaR(x, 0.99)!).toBeGreaterThanOrEqual(historicalVaR(x, 0.95)!);
          const sorted = [...x].sort((a, b) => a - b);
          expect(quantileSorted(sorted, 0)! === sorted[0]).toBe(true); // === so that −0 equals 0
          expect(quantileSorted(sorted, 1)! === sorted[sorted.length - 1]).toBe(true);
        },
      ),
    );
  });
});

describe('riskSummary', () => {
  it('combines the metrics of a value series', () => {
    const s = riskSummary(values, { riskFreeRate: 0 });
    expect(s.observations).toBe(3);
    expect(s.totalReturn).toBeCloseTo(0.089, 12);
    expect(s.volatility).toBe(annualizedVolatility(simpleReturns(values)));
    expect(s.sharpeRatio).toBe(sharpeRatio(simpleReturns(values)));
    expect(s.drawdown).toEqual({
      maxDrawdown: (110 - 99) / 110,
      peakIndex: 1,
      troughIndex: 2,
      recoveryIndex: null,
    });
    expect(s.valueAtRisk95).toBe(historicalVaR(simpleReturns(values), 0.95));
  });

  it('has nulls, not NaN, for an empty or single-value series', () => {
    expect(riskSummary([])).toEqual({
      observations: 0,
      totalReturn: null,
      volatility: null,
      sharpeRatio: null,
      sortinoRatio: null,
      drawdown: null,
      valueAtRisk95: null,
      valueAtRisk99: null,
    });
    expect(riskSummary([5]).totalReturn).toBe(0);
  });
});
