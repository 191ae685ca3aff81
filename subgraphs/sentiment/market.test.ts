import { basketMarketInputs, type BasketCoin } from './market';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 2, 1);
const series = (closes: number[], start = T0) =>
  closes.map((close, i) => ({ openTime: start + i * DAY, close }));
const coin = (coinId: string, closes: number[], marketCap: number | null = null): BasketCoin => ({
  coinId,
  marketCap,
  closes: series(closes),
});
const sampleSd = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
};

describe('basketMarketInputs', () => {
  it('momentum is the 7-day change of the latest close, in percent', () => {
    // 8 closes: the first is exactly 7 days before the last.
    const { momentumPct } = basketMarketInputs([coin('a', [100, 101, 99, 102, 103, 104, 105, 110])]);
    expect(momentumPct).toBeCloseTo(10, 12);
  });

  it('weights coins by market capitalisation when all have one, else equally', () => {
    const up = [100, 100, 100, 100, 100, 100, 100, 120]; // +20 %
    const down = [100, 100, 100, 100, 100, 100, 100, 90]; // -10 %
    expect(basketMarketInputs([coin('a', up, 3e9), coin('b', down, 1e9)]).momentumPct).toBeCloseTo(12.5, 10);
    expect(basketMarketInputs([coin('a', up, 3e9), coin('b', down, null)]).momentumPct).toBeCloseTo(5, 10);
  });

  it('volatility is the annualised sample deviation of the weighted daily returns over the last 30 days', () => {
    const closes = Array.from({ length: 40 }, (_, i) => 100 * (1 + 0.03 * Math.sin(i * 1.7)) + i);
    const returns = closes.slice(1).map((c, i) => c / closes[i]! - 1);
    const { volatility } = basketMarketInputs([coin('a', closes)]);
    expect(volatility).toBeCloseTo(sampleSd(returns.slice(-30)) * Math.sqrt(365), 12);
    // Two equal-weight coins: the basket's return each day is the mean of theirs.
    const other = closes.map((c, i) => c * (1 + 0.01 * (i % 3)));
    const r2 = other.slice(1).map((c, i) => c / other[i]! - 1);
    const basket = returns.map((r, i) => (r + r2[i]!) / 2);
    expect(basketMarketInputs([coin('a', closes), coin('b', other)]).volatility).toBeCloseTo(
      sampleSd(basket.slice(-30)) * Math.sqrt(365),
      12,
    );
  });

  it('never takes a gap in the candles for one day', () => {
    const closes = [
      { openTime: T0, close: 100 },
      { openTime: T0 + DAY, close: 101 },
      { openTime: T0 + 5 * DAY, close: 150 }, // four days missing: not a +48 % day
      { openTime: T0 + 6 * DAY, close: 151 },
      { openTime: T0 + 7 * DAY, close: 149 },
    ];
    const { volatility } = basketMarketInputs([{ coinId: 'a', marketCap: null, closes }]);
    expect(volatility).toBeCloseTo(sampleSd([0.01, 1 / 150, 149 / 151 - 1]) * Math.sqrt(365), 12);
  });

  it('has no momentum without a close 7 days back, and no volatility below two returns', () => {
    expect(basketMarketInputs([coin('a', [100, 101, 102])])).toEqual({
      momentumPct: null,
      volatility: expect.any(Number),
    });
    expect(basketMarketInputs([coin('a', [100, 101])])).toEqual({ momentumPct: null, volatility: null });
    expect(basketMarketInputs([])).toEqual({ momentumPct: null, volatility: null });
    expect(basketMarketInputs([coin('a', [])])).toEqual({ momentumPct: null, volatility: null });
  });
});
