import { GraphQLError } from 'graphql';
import { Decimal, dailyValueHistory, type DailyValuePoint, type Transaction } from './core';
import { historyWindow, portfolioRisk, twrOf } from './performance';

const NOW = new Date('2024-03-10T15:30:00Z');
const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

function codeOf(fn: () => unknown): unknown {
  try {
    fn();
    return 'accepted';
  } catch (err) {
    return err instanceof GraphQLError ? err.extensions.code : 'other';
  }
}

describe('historyWindow', () => {
  it('defaults to the 90 days ending today (UTC)', () => {
    expect(historyWindow({}, NOW)).toEqual({ from: day('2023-12-12'), to: day('2024-03-10') });
  });

  it('counts days inclusively and ignores the time of day', () => {
    expect(historyWindow({ days: 1 }, NOW)).toEqual({ from: day('2024-03-10'), to: day('2024-03-10') });
    expect(historyWindow({ days: 3, to: new Date('2024-02-29T23:59:59Z') }, NOW)).toEqual({
      from: day('2024-02-27'),
      to: day('2024-02-29'),
    });
  });

  it('takes from over days, and cuts a future end to today', () => {
    expect(
      historyWindow(
        { days: 5, from: new Date('2024-03-01T12:00:00Z'), to: new Date('2024-04-01T00:00:00Z') },
        NOW,
      ),
    ).toEqual({
      from: day('2024-03-01'),
      to: day('2024-03-10'),
    });
  });

  it('refuses bad periods as BAD_USER_INPUT', () => {
    expect(codeOf(() => historyWindow({ days: 0 }, NOW))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => historyWindow({ days: 3651 }, NOW))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => historyWindow({ days: 3650 }, NOW))).toBe('accepted');
    expect(codeOf(() => historyWindow({ from: day('2024-03-11') }, NOW))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => historyWindow({ from: day('2014-03-09') }, NOW))).toBe('BAD_USER_INPUT');
  });
});

function point(date: string, dailyReturn: string | null): DailyValuePoint {
  return {
    date,
    cash: new Decimal(0),
    holdingsValue: new Decimal(0),
    value: new Decimal(0),
    netFlow: new Decimal(0),
    netDeposits: new Decimal(0),
    dailyReturn: dailyReturn === null ? null : new Decimal(dailyReturn),
    missingPrices: [],
  };
}

describe('portfolioRisk', () => {
  const window = { from: day('2024-01-01'), to: day('2024-01-04') };
  const points = [
    point('2024-01-01', null),
    point('2024-01-02', '0.1'),
    point('2024-01-03', '-0.05'),
    point('2024-01-04', '0.02'),
  ];

  it('computes the metrics from the days that have a return, by hand', () => {
    const risk = portfolioRisk(points, window);
    expect(risk.observations).toBe(3);
    expect(risk.from).toBe('2024-01-01');
    expect(risk.to).toBe('2024-01-04');
    // mean 0.07/3; squared deviations sum to 0.01126666…; sample variance / 2.
    const mean = 0.07 / 3;
    const sd = Math.sqrt(((0.1 - mean) ** 2 + (-0.05 - mean) ** 2 + (0.02 - mean) ** 2) / 2);
    expect(risk.volatility).toBeCloseTo(sd * Math.sqrt(365), 12);
    expect(risk.sharpeRatio(0)).toBeCloseTo((mean / sd) * Math.sqrt(365), 10);
    // Wealth 1 → 1.1 → 1.045 → 1.0659: the worst fall is 1.1 → 1.045, 5 %.
    expect(risk.maxDrawdown).toBeCloseTo(0.05, 12);
    // Sorted −0.05, 0.02, 0.1; the 5 % type-7 quantile is −0.05 + 0.1 × 0.07 = −0.043.
    expect(risk.valueAtRisk95).toBeCloseTo(0.043, 12);
  });

  it('lowers the Sharpe ratio by the daily equivalent of the risk-free rate', () => {
    const risk = portfolioRisk(points, window);
    const mean = 0.07 / 3;
    const sd = Math.sqrt(((0.1 - mean) ** 2 + (-0.05 - mean) ** 2 + (0.02 - mean) ** 2) / 2);
    const daily = Math.pow(1.04, 1 / 365) - 1;
    expect(risk.sharpeRatio(0.04)).toBeCloseTo(((mean - daily) / sd) * Math.sqrt(365), 10);
    expect(() => risk.sharpeRatio(-1)).toThrow(GraphQLError);
  });

  it('is null where a metric is undefined', () => {
    const none = portfolioRisk([point('2024-01-01', null)], window);
    expect(none).toMatchObject({ observations: 0, volatility: null, maxDrawdown: null, valueAtRisk95: null });
    expect(none.sharpeRatio(0)).toBeNull();
    const one = portfolioRisk([point('2024-01-01', '0.01')], window);
    expect(one).toMatchObject({ observations: 1, volatility: null, maxDrawdown: 0 });
    expect(one.valueAtRisk95).toBeCloseTo(-0.01, 12);
  });

  it('does not mistake a deposit for a gain or a withdrawal for a drawdown', () => {
    const tx = (
      id: string,
      type: Transaction['type'],
      at: string,
      quantity: string,
      extra: Partial<Transaction> = {},
    ): Transaction => ({
      id,
      type,
      coinId: null,
      quantity: new Decimal(quantity),
      price: null,
      fee: new Decimal(0),
      executedAt: new Date(at),
      seq: Number(id),
      ...extra,
    });
    const transactions = [
      tx('1', 'DEPOSIT', '2024-01-01T10:00:00Z', '1000'),
      tx('2', 'BUY', '2024-01-01T11:00:00Z', '10', { coinId: 'coin', price: new Decimal(100) }),
      // A big withdrawal after the coin rose 10 %: the value halves, the performance does not.
      tx('3', 'SELL', '2024-01-03T09:00:00Z', '5', { coinId: 'coin', price: new Decimal(110) }),
      tx('4', 'WITHDRAWAL', '2024-01-03T10:00:00Z', '550'),
    ];
    const closes = {
      coin: ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04'].map((d, i) => ({
        openTime: day(d),
        close: ['100', '110', '110', '99'][i]!,
      })),
    };
    const history = dailyValueHistory({
      transactions,
      closes,
      from: day('2024-01-01'),
      to: day('2024-01-04'),
    });
    expect(history.map((p) => p.value?.toFixed())).toEqual(['1000', '1100', '550', '495']);
    const risk = portfolioRisk(history, window);
    // Flows arrive at the start of their day: day 1 starts from the 1000 deposited (0 %), day 2 +10 %,
    // day 3 starts from 1100 − 550 withdrawn (0 %), day 4 −10 % on the coin.
    expect(history.map((p) => p.dailyReturn?.toNumber() ?? null)).toEqual([0, 0.1, 0, -0.1]);
    expect(risk.observations).toBe(4);
    // Wealth 1 → 1 → 1.1 → 1.1 → 0.99: a 10 % drawdown, not the 55 % fall of the raw values.
    expect(risk.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(twrOf(history, window)).toEqual({
      from: '2024-01-01',
      to: '2024-01-04',
      value: expect.closeTo(-0.01, 12),
      days: 4,
      skippedDays: 0,
    });
  });
});
