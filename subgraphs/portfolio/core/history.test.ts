import { Decimal } from './decimal';
import { LedgerValidationError } from './errors';
import { dailyValueHistory, timeWeightedReturn, type DailyClose } from './history';
import { tx } from './test-support';

const str = (v: { toFixed(): string } | null) => (v === null ? null : v.toFixed());
const candle = (day: string, close: string): DailyClose => ({
  openTime: new Date(`${day}T00:00:00Z`),
  close,
});

// X closes 100, 110, (no candle), 99 on Jan 1..4.
const closes = new Map([
  ['x', [candle('2024-01-04', '99'), candle('2024-01-01', '100'), candle('2024-01-02', '110')]],
]);
const from = new Date('2024-01-01T00:00:00Z');
const to = new Date('2024-01-04T00:00:00Z');
const start = [
  tx('DEPOSIT', { qty: '1000', at: '2024-01-01T09:00:00Z' }),
  tx('BUY', { coin: 'x', qty: '10', price: '100', at: '2024-01-01T10:00:00Z' }),
];

describe('dailyValueHistory', () => {
  it('values each day at its close, carrying a missing close forward', () => {
    const points = dailyValueHistory({ transactions: start, closes, from, to });
    expect(points.map((p) => [p.date, str(p.value), str(p.netFlow), str(p.dailyReturn)])).toEqual([
      ['2024-01-01', '1000', '1000', '0'], // from nothing: 1000 / (0 + 1000) − 1
      ['2024-01-02', '1100', '0', '0.1'],
      ['2024-01-03', '1100', '0', '0'],
      ['2024-01-04', '990', '0', '-0.1'],
    ]);
    expect(str(timeWeightedReturn(points).twr)).toBe('-0.01'); // 1.1 × 0.9 − 1
  });

  it('does not count a deposit as performance (time-weighted, flows at the start of the day)', () => {
    const points = dailyValueHistory({
      transactions: [...start, tx('DEPOSIT', { qty: '1100', at: '2024-01-03T12:00:00Z' })],
      closes,
      from,
      to,
    });
    expect(points.map((p) => str(p.dailyReturn))).toEqual(['0', '0.1', '0', '-0.05']); // 2090 / 2200 − 1
    expect(points.map((p) => str(p.netDeposits))).toEqual(['1000', '1000', '2100', '2100']);
    const { twr, days, skippedDays } = timeWeightedReturn(points);
    expect(str(twr)).toBe('0.045'); // 1.1 × 0.95 − 1
    expect([days, skippedDays]).toEqual([4, 0]);
  });

  it('treats implicit deposits (a buy with no cash) and transfers at the previous close as flows', () => {
    const points = dailyValueHistory({
      transactions: [
        tx('BUY', { coin: 'x', qty: '1', price: '95', fee: '1', at: '2024-01-01T10:00:00Z' }),
        tx('TRANSFER_IN', { coin: 'x', qty: '1', price: '5', at: '2024-01-02T10:00:00Z' }),
        tx('TRANSFER_OUT', { coin: 'x', qty: '2', at: '2024-01-04T10:00:00Z' }),
      ],
      closes,
      from,
      to,
    });
    expect(points.map((p) => [str(p.value), str(p.netFlow), str(p.dailyReturn)])).toEqual([
      ['100', '96', new Decimal(100).div(96).minus(1).toFixed()], // bought for 96 incl. fee, closes at 100
      ['220', '100', '0.1'], // the coin moved in counts at Jan 1's close: 220 / (100 + 100) − 1
      ['220', '0', '0'],
      ['0', '-220', null], // all moved out at Jan 3's (carried) close: nothing left to earn a return
    ]);
    expect(str(timeWeightedReturn(points).twr)).toBe(
      new Decimal(100).div(96).times('1.1').minus(1).toFixed(),
    );
  });

  it('has no value before a held coin has any close, and skips those days in the TWR', () => {
    const points = dailyValueHistory({
      transactions: [tx('BUY', { coin: 'y', qty: '1', price: '5', at: '2024-01-01T10:00:00Z' })],
      closes: { y: [candle('2024-01-03', '6'), candle('2024-01-04', '9')] },
      from,
      to,
    });
    expect(points.map((p) => [str(p.value), p.missingPrices])).toEqual([
      [null, ['y']],
      [null, ['y']],
      ['6', []],
      ['9', []],
    ]);
    expect(points.map((p) => str(p.dailyReturn))).toEqual([null, null, null, '0.5']);
    expect(timeWeightedReturn(points)).toMatchObject({ days: 1, skippedDays: 3 });
  });

  it('counts income as return and fees as a loss', () => {
    const flat = { z: ['2023-12-31', '2024-01-01', '2024-01-03'].map((day) => candle(day, '100')) };
    const points = dailyValueHistory({
      transactions: [
        tx('BUY', { coin: 'z', qty: '10', price: '100', at: '2023-12-31T10:00:00Z' }),
        tx('INCOME', { coin: 'z', qty: '1', price: '100', at: '2024-01-02T10:00:00Z' }),
        tx('FEE', { coin: 'z', qty: '0.55', at: '2024-01-03T10:00:00Z' }),
      ],
      closes: flat,
      from,
      to,
    });
    expect(points.map((p) => str(p.dailyReturn))).toEqual(['0', '0.1', '-0.05', '0']);
  });

  it('throws when the transactions do not replay', () => {
    expect(() =>
      dailyValueHistory({
        transactions: [tx('SELL', { coin: 'x', qty: '1', price: '1', at: '2024-01-02T00:00:00Z' })],
        closes,
        from,
        to,
      }),
    ).toThrow(LedgerValidationError);
  });

  it('refuses a reversed range', () => {
    expect(() => dailyValueHistory({ transactions: [], closes, from: to, to: from })).toThrow(RangeError);
  });
});
