import { candlesFromSamples, coveredRollupRanges, seriesInterval } from './history-candles';
import { CANDLE_INTERVALS, INTERVAL_MS } from './intervals';

const H = INTERVAL_MS.HOUR_1;
const D = INTERVAL_MS.DAY_1;
const T0 = Date.UTC(2024, 0, 1);

describe('seriesInterval', () => {
  it("recognises CoinGecko's 5-minute, hourly and daily spacing despite jittered sample times", () => {
    const series = (step: number, jitter: number[]) =>
      jitter.map((j, i) => ({ ts: T0 + i * step + j, price: '1' }));
    expect(seriesInterval(series(5 * 60_000, [12, 4_100, 310, 9_000, 77]), D)).toBe('MINUTE_5');
    // The market_chart/range fixture: 2024-01-01T00:00:41Z, 01:00:47Z, 02:00:43Z.
    expect(
      seriesInterval(
        [1704067241331, 1704070847420, 1704074443652].map((ts) => ({ ts, price: '1' })),
        3 * H,
      ),
    ).toBe('HOUR_1');
    expect(seriesInterval(series(D, [0, 0, 0, 3_600_000, 0]), 200 * D)).toBe('DAY_1');
  });

  it('falls back to the range rule with fewer than two samples', () => {
    expect(seriesInterval([], 30 * D)).toBe('HOUR_1');
    expect(seriesInterval([{ ts: T0, price: '1' }], 400 * D)).toBe('DAY_1');
  });
});

describe('candlesFromSamples', () => {
  it('spans each candle from its first sample to the next bucket’s first, exactly', () => {
    const points = [
      { ts: T0 + 41_331, price: '42261.0406175669' },
      { ts: T0 + H + 47_420, price: '42493.2764087546' },
      { ts: T0 + 2 * H + 43_652, price: '42654.0731066594' },
    ];
    const candles = candlesFromSamples('bitcoin', points, 'HOUR_1', T0, T0 + 3 * H);
    expect(candles).toEqual([
      {
        coinId: 'bitcoin',
        interval: 'HOUR_1',
        openTime: T0,
        open: '42261.0406175669',
        high: '42493.2764087546',
        low: '42261.0406175669',
        close: '42493.2764087546',
        volume: '0',
      },
      {
        coinId: 'bitcoin',
        interval: 'HOUR_1',
        openTime: T0 + H,
        open: '42493.2764087546',
        high: '42654.0731066594',
        low: '42493.2764087546',
        close: '42654.0731066594',
        volume: '0',
      },
      // The last bucket has no following sample: it closes at its own last sample.
      {
        coinId: 'bitcoin',
        interval: 'HOUR_1',
        openTime: T0 + 2 * H,
        open: '42654.0731066594',
        high: '42654.0731066594',
        low: '42654.0731066594',
        close: '42654.0731066594',
        volume: '0',
      },
    ]);
  });

  it('takes extremes over several samples in a bucket and ignores input order', () => {
    const points = [
      { ts: T0 + 50 * 60_000, price: '9' },
      { ts: T0 + 10 * 60_000, price: '10' },
      { ts: T0 + 30 * 60_000, price: '14.5' },
      { ts: T0 + H + 60_000, price: '8.25' },
    ];
    const [first] = candlesFromSamples('x', points, 'HOUR_1', T0, T0 + H);
    expect(first).toMatchObject({ open: '10', high: '14.5', low: '8.25', close: '8.25' });
  });

  it('leaves out buckets only partly inside the range and buckets without samples', () => {
    const points = [0, 1, 3, 4].map((d) => ({ ts: T0 + d * D, price: String(100 + d) }));
    const candles = candlesFromSamples('x', points, 'DAY_1', T0 + 1, T0 + 4 * D);
    expect(candles.map((c) => (c.openTime - T0) / D)).toEqual([1, 3]);
    // Day 1 has no sample on day 2, so it closes at its own price; day 3 closes at day 4's.
    expect(candles.map((c) => c.close)).toEqual(['101', '104']);
  });

  it('refuses prices that are not exact decimals instead of rounding them', () => {
    expect(() => candlesFromSamples('x', [{ ts: T0, price: 'NaN' }], 'DAY_1', T0, T0 + D)).toThrow();
  });
});

describe('coveredRollupRanges', () => {
  it('lists, per coarser interval, only the buckets entirely inside the range', () => {
    const from = T0 + 3 * H + 30 * 60_000; // 03:30
    const to = T0 + 2 * D + 2 * H; // day 2, 02:00
    expect(coveredRollupRanges('HOUR_1', from, to, CANDLE_INTERVALS)).toEqual([
      { interval: 'HOUR_4', from: T0 + 4 * H, to: T0 + 2 * D },
      { interval: 'DAY_1', from: T0 + D, to: T0 + 2 * D },
    ]);
    expect(coveredRollupRanges('DAY_1', T0, T0 + 10 * D, CANDLE_INTERVALS)).toEqual([]);
    expect(coveredRollupRanges('MINUTE_5', T0, T0 + 10 * 60_000, CANDLE_INTERVALS)).toEqual([]);
  });
});
