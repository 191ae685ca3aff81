import { decaySteps, MAX_WARMUP, SEED_WEIGHT, warmup } from './warmup';
import { maxDays, validateDays } from './window';

describe('warm-up', () => {
  it.each([2 / 3, 2 / 13, 2 / 27, 1 / 14, 1 / 1000])(
    'decaySteps(%f) is the fewest steps that leave the seed below SEED_WEIGHT',
    (alpha) => {
      const n = decaySteps(alpha);
      expect((1 - alpha) ** n).toBeLessThanOrEqual(SEED_WEIGHT);
      expect((1 - alpha) ** (n - 1)).toBeGreaterThan(SEED_WEIGHT);
    },
  );

  it('reads exactly the lookback for window-bounded indicators and more for recursive ones', () => {
    expect(warmup.sma(20)).toBe(19);
    expect(warmup.bollinger(20)).toBe(19);
    expect(warmup.stochastic(14, 3, 3)).toBe(13 + 2 + 2);
    expect(warmup.rsi(14)).toBe(294);
    expect(warmup.ema(20)).toBe(227);
    expect(warmup.macd(26, 9)).toBe(396);
    expect(warmup.atr(1)).toBe(1); // period 1: no smoothing, nothing to forget
    // The longest API period reads about 21,700 candles, inside the MAX_WARMUP safeguard.
    expect(warmup.rsi(1000)).toBe(21_713);
    expect(warmup.macd(999, 1000)).toBeLessThan(MAX_WARMUP);
  });
});

describe('window limits', () => {
  it('cap a window at 525,600 candles and ten years', () => {
    expect(maxDays('MINUTE_1')).toBe(365);
    expect(maxDays('MINUTE_5')).toBe(1825);
    expect(maxDays('MINUTE_15')).toBe(3650);
    expect(maxDays('DAY_1')).toBe(3650);
    expect(() => validateDays('MINUTE_5', 1826)).toThrow(/1 to 1825 for MINUTE_5/);
    expect(() => validateDays('DAY_1', 1.5)).toThrow(/integer/);
    expect(validateDays('DAY_1', 3650)).toBe(3650);
  });
});
