import { rollUp } from './rollup';
import type { Candle } from './types';

const H = 3_600_000;
const D = Date.UTC(2024, 2, 10);
const c = (
  openTime: number,
  o: string,
  h: string,
  l: string,
  cl: string,
  v: string,
  coinId = 'bitcoin',
): Candle => ({
  coinId,
  interval: 'HOUR_1',
  openTime,
  open: o,
  high: h,
  low: l,
  close: cl,
  volume: v,
});

describe('rollUp', () => {
  it('rolls hourly candles into UTC 4h buckets regardless of input order', () => {
    const hours = [
      c(D + 5 * H, '14', '15', '13', '14.5', '1'),
      c(D + 3 * H, '12', '20', '11', '13', '2.5'),
      c(D + 4 * H, '13', '14', '12', '14', '1'),
      c(D + 0 * H, '10', '11', '9', '10.5', '0.5'),
    ];
    expect(rollUp(hours, 'HOUR_4')).toEqual([
      {
        coinId: 'bitcoin',
        interval: 'HOUR_4',
        openTime: D,
        open: '10',
        high: '20',
        low: '9',
        close: '13',
        volume: '3',
      },
      {
        coinId: 'bitcoin',
        interval: 'HOUR_4',
        openTime: D + 4 * H,
        open: '13',
        high: '15',
        low: '12',
        close: '14.5',
        volume: '2',
      },
    ]);
  });

  it('keeps coins apart', () => {
    const out = rollUp([c(D, '1', '1', '1', '1', '1'), c(D, '5', '5', '5', '5', '5', 'ethereum')], 'DAY_1');
    expect(out.map((x) => [x.coinId, x.volume])).toEqual([
      ['bitcoin', '1'],
      ['ethereum', '5'],
    ]);
  });

  it('refuses to roll coarser candles into finer buckets', () => {
    expect(() => rollUp([c(D, '1', '1', '1', '1', '1')], 'MINUTE_15')).toThrow(/cannot roll HOUR_1/);
  });
});
