import Decimal from 'decimal.js';
import fc from 'fast-check';
import { CandleAggregator } from './candle-aggregator';
import { bucketStart, INTERVAL_MS, type CandleInterval } from './intervals';
import { rollUp } from './rollup';
import type { Candle, Tick } from './types';

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0); // 2024-01-01T00:00:00Z
const NOW = () => T0 + 10 * 86_400_000;

function tick(ts: number, price: string, quantity: string, tradeId?: string, source = 'binance'): Tick {
  return { coinId: 'bitcoin', price, quantity, ts, source, ...(tradeId === undefined ? {} : { tradeId }) };
}

function byKey(candles: Candle[]): Map<string, Candle> {
  return new Map(candles.map((c) => [`${c.coinId}/${c.interval}/${c.openTime}`, c]));
}

/**
 * Reference OHLCV for one bucket, computed independently with decimal.js:
 * ticks ordered by time then by numeric trade id.
 */
function reference(
  ticks: Tick[],
  interval: CandleInterval,
): Map<number, Omit<Candle, 'coinId' | 'interval'>> {
  const groups = new Map<number, Tick[]>();
  for (const t of ticks) {
    const start = bucketStart(t.ts, interval);
    groups.set(start, [...(groups.get(start) ?? []), t]);
  }
  const out = new Map<number, Omit<Candle, 'coinId' | 'interval'>>();
  for (const [openTime, group] of groups) {
    const sorted = [...group].sort((a, b) => a.ts - b.ts || Number(a.tradeId) - Number(b.tradeId));
    const prices = sorted.map((t) => new Decimal(t.price));
    out.set(openTime, {
      openTime,
      open: prices[0]!.toFixed(),
      high: Decimal.max(...prices).toFixed(),
      low: Decimal.min(...prices).toFixed(),
      close: prices[prices.length - 1]!.toFixed(),
      volume: sorted.reduce((s, t) => s.plus(t.quantity), new Decimal(0)).toFixed(),
    });
  }
  return out;
}

describe('CandleAggregator', () => {
  it('builds a 1-minute candle: open first, high max, low min, close last, volume summed', () => {
    const agg = new CandleAggregator({ now: NOW });
    expect(agg.ingest(tick(T0 + 1000, '100.5', '0.1', '1'))).toBe('accepted');
    agg.ingest(tick(T0 + 2000, '101.25', '0.2', '2'));
    agg.ingest(tick(T0 + 3000, '99.75', '0.3', '3'));
    agg.ingest(tick(T0 + 4000, '100', '0.4', '4'));
    const minute = agg.flush().find((c) => c.interval === 'MINUTE_1');
    expect(minute).toEqual({
      coinId: 'bitcoin',
      interval: 'MINUTE_1',
      openTime: T0,
      open: '100.5',
      high: '101.25',
      low: '99.75',
      close: '100',
      volume: '1',
    });
  });

  it('keeps exact decimals that floats would round (0.1 + 0.2, 18 places)', () => {
    const agg = new CandleAggregator({ now: NOW });
    agg.ingest(tick(T0 + 1, '0.000000000000000001', '0.1', '1'));
    agg.ingest(tick(T0 + 2, '0.000000000000000003', '0.2', '2'));
    const minute = agg.flush().find((c) => c.interval === 'MINUTE_1')!;
    expect(minute.volume).toBe('0.3');
    expect(minute.high).toBe('0.000000000000000003');
  });

  it('gives the same candles whatever the arrival order (property, against a decimal.js reference)', () => {
    const tickArb = fc.record({
      offset: fc.integer({ min: 0, max: 3 * 60_000 - 1 }),
      cents: fc.integer({ min: 1, max: 10_000_000 }),
      qty: fc.integer({ min: 0, max: 1_000_000 }),
    });
    fc.assert(
      fc.property(fc.array(tickArb, { minLength: 1, maxLength: 60 }), fc.nat(), (raw, seed) => {
        const ticks = raw.map((r, i) =>
          tick(
            T0 + r.offset,
            new Decimal(r.cents).div(100).toFixed(),
            new Decimal(r.qty).div(1e6).toFixed(),
            String(i),
          ),
        );
        // Deterministic shuffle driven by fast-check's seed.
        const shuffled = [...ticks];
        let s = seed;
        for (let i = shuffled.length - 1; i > 0; i--) {
          s = (s * 1103515245 + 12345) % 2 ** 31;
          const j = s % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        // A grace window wider than the data: every permutation is accepted in full.
        const agg = new CandleAggregator({ now: NOW, graceMs: 10 * 60_000 });
        for (const t of shuffled) expect(agg.ingest(t)).toBe('accepted');
        const got = byKey(agg.flush());
        for (const interval of ['MINUTE_1', 'MINUTE_5'] as const) {
          for (const [openTime, want] of reference(ticks, interval)) {
            expect(got.get(`bitcoin/${interval}/${openTime}`)).toEqual({
              coinId: 'bitcoin',
              interval,
              ...want,
            });
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('counts a duplicate trade (same source and trade id) once, but not the same id from another venue', () => {
    const agg = new CandleAggregator({ now: NOW });
    expect(agg.ingest(tick(T0 + 1000, '100', '1', '42'))).toBe('accepted');
    expect(agg.ingest(tick(T0 + 1000, '100', '1', '42'))).toBe('duplicate');
    expect(agg.ingest(tick(T0 + 1000, '100', '1', '42', 'coinbase'))).toBe('accepted');
    // Ticks without a trade id cannot be told apart from a second identical trade, so both count.
    agg.ingest(tick(T0 + 2000, '100', '1'));
    agg.ingest(tick(T0 + 2000, '100', '1'));
    expect(agg.flush().find((c) => c.interval === 'MINUTE_1')?.volume).toBe('4');
    expect(agg.stats()).toEqual({ accepted: 4, duplicates: 1, late: 0, invalid: 0 });
  });

  it('still recognises a duplicate after the candle was flushed', () => {
    const agg = new CandleAggregator({ now: NOW });
    agg.ingest(tick(T0 + 1000, '100', '1', '7'));
    agg.flush();
    expect(agg.ingest(tick(T0 + 1000, '100', '1', '7'))).toBe('duplicate');
    expect(agg.flush()).toEqual([]);
  });

  it('lets a late tick inside the grace window correct its candle, and drops and counts later ones', () => {
    const agg = new CandleAggregator({ now: NOW, graceMs: 5000 });
    agg.ingest(tick(T0 + 10_000, '100', '1', '1'));
    agg.ingest(tick(T0 + 60_000 + 3000, '105', '1', '3')); // next minute; minute 0 ended 3 s ago
    agg.flush();
    // Late but inside the grace window: earlier than the open and a new low.
    expect(agg.ingest(tick(T0 + 5000, '90', '2', '2'))).toBe('accepted');
    const corrected = byKey(agg.flush()).get(`bitcoin/MINUTE_1/${T0}`);
    expect(corrected).toMatchObject({ open: '90', low: '90', close: '100', volume: '3' });
    // Event time moves to 6 s after minute 0 ended: beyond the 5 s grace.
    agg.ingest(tick(T0 + 60_000 + 6000, '106', '1', '4'));
    expect(agg.ingest(tick(T0 + 59_000, '1', '1', '5'))).toBe('late');
    const after = byKey(agg.flush());
    expect(after.has(`bitcoin/MINUTE_1/${T0}`)).toBe(false);
    expect(agg.stats().late).toBe(1);
  });

  it('judges lateness per coin, by that coin’s own event time', () => {
    const agg = new CandleAggregator({ now: NOW, graceMs: 1000 });
    agg.ingest({ ...tick(T0 + 10 * 60_000, '1', '1', '1'), coinId: 'ethereum' });
    expect(agg.ingest(tick(T0 + 1000, '100', '1', '1'))).toBe('accepted');
  });

  it('rolls up incrementally into UTC-aligned 5m, 15m, 1h, 4h and 1d candles equal to rollUp() of the minutes', () => {
    const agg = new CandleAggregator({ now: NOW, graceMs: 0 });
    const all: Candle[] = [];
    // 03:58 .. 04:03 UTC crosses a 4h boundary; prices move every 20 s.
    const start = T0 + 3 * 3_600_000 + 58 * 60_000;
    for (let i = 0; i < 18; i++) {
      agg.ingest(tick(start + i * 20_000, String(100 + ((i * 7) % 11)), '0.5', String(i)));
      if (i % 4 === 3) all.push(...agg.flush());
    }
    all.push(...agg.flush());
    // Keep the last emitted version of each candle, as an upserting store would.
    const stored = byKey(all);
    const minutes = [...stored.values()].filter((c) => c.interval === 'MINUTE_1');
    for (const interval of ['MINUTE_5', 'MINUTE_15', 'HOUR_1', 'HOUR_4', 'DAY_1'] as const) {
      const expected = rollUp(minutes, interval);
      const got = [...stored.values()]
        .filter((c) => c.interval === interval)
        .sort((a, b) => a.openTime - b.openTime);
      expect(got).toEqual(expected);
      for (const c of got) expect(c.openTime % INTERVAL_MS[interval]).toBe(0);
    }
    const fourHour = [...stored.values()].filter((c) => c.interval === 'HOUR_4').map((c) => c.openTime);
    expect(fourHour.sort()).toEqual([T0, T0 + 4 * 3_600_000]);
    expect([...stored.values()].filter((c) => c.interval === 'DAY_1').map((c) => c.openTime)).toEqual([T0]);
  });

  it('propagates a late correction into the roll-ups without double counting volume', () => {
    const agg = new CandleAggregator({ now: NOW, graceMs: 30_000 });
    agg.ingest(tick(T0 + 1000, '100', '1', '1'));
    agg.flush();
    agg.ingest(tick(T0 + 2000, '120', '2', '2'));
    agg.flush();
    agg.ingest(tick(T0 + 500, '80', '4', '0'));
    const hour = agg.flush().find((c) => c.interval === 'HOUR_1');
    expect(hour).toMatchObject({ open: '80', high: '120', low: '80', close: '120', volume: '7' });
  });

  it('emits only changed candles on each flush', () => {
    const agg = new CandleAggregator({ now: NOW, rollups: ['MINUTE_5'] });
    agg.ingest(tick(T0 + 1000, '100', '1', '1'));
    expect(agg.flush().map((c) => c.interval)).toEqual(['MINUTE_1', 'MINUTE_5']);
    expect(agg.flush()).toEqual([]);
    agg.ingest(tick(T0 + 61_000, '101', '1', '2'));
    expect(agg.flush().map((c) => `${c.interval}@${c.openTime - T0}`)).toEqual([
      'MINUTE_1@60000',
      'MINUTE_5@0',
    ]);
  });

  it('forgets candles that can no longer change', () => {
    const agg = new CandleAggregator({ now: NOW, graceMs: 1000, rollups: ['MINUTE_5'] });
    for (let m = 0; m < 12; m++) agg.ingest(tick(T0 + m * 60_000 + 2000, '100', '1', String(m)));
    agg.flush();
    // Minute 10 ended 2 s before the newest tick (grace 1 s): only the current minute and 5-minute bucket remain.
    expect(agg.openCandleCount()).toBe(2);
  });

  it('orders ticks that share a millisecond by numeric trade id, whatever the arrival order', () => {
    const a = new CandleAggregator({ now: NOW });
    const b = new CandleAggregator({ now: NOW });
    const first = tick(T0 + 5000, '10', '1', '9');
    const second = tick(T0 + 5000, '20', '1', '10');
    a.ingest(first);
    a.ingest(second);
    b.ingest(second);
    b.ingest(first);
    const ca = a.flush()[0]!;
    const cb = b.flush()[0]!;
    expect(ca).toMatchObject({ open: '10', close: '20' });
    expect(cb).toEqual(ca);
  });

  it('refuses invalid ticks and counts them', () => {
    const agg = new CandleAggregator({ now: NOW });
    expect(agg.ingest(tick(T0, 'abc', '1'))).toBe('invalid');
    expect(agg.ingest(tick(T0, '1.0000000000000000001', '1'))).toBe('invalid'); // 19 places would round
    expect(agg.ingest(tick(T0, '0', '1'))).toBe('invalid');
    expect(agg.ingest(tick(T0, '1', '-1'))).toBe('invalid');
    expect(agg.ingest(tick(NOW() + 61_000, '1', '1'))).toBe('invalid'); // beyond the future-skew limit
    expect(agg.ingest(tick(Number.NaN, '1', '1'))).toBe('invalid');
    expect(agg.stats().invalid).toBe(6);
    expect(agg.flush()).toEqual([]);
  });

  it('extends seeded candles after a restart instead of overwriting them', () => {
    const agg = new CandleAggregator({ now: NOW, rollups: ['DAY_1'] });
    agg.seed({
      coinId: 'bitcoin',
      interval: 'DAY_1',
      openTime: T0,
      open: '90',
      high: '150',
      low: '85',
      close: '100',
      volume: '10',
    });
    agg.ingest(tick(T0 + 12 * 3_600_000, '120', '2', '1'));
    const day = agg.flush().find((c) => c.interval === 'DAY_1');
    expect(day).toEqual({
      coinId: 'bitcoin',
      interval: 'DAY_1',
      openTime: T0,
      open: '90',
      high: '150',
      low: '85',
      close: '120',
      volume: '12',
    });
  });

  it('takes exchange-built minute candles as authoritative snapshots of their minute', () => {
    const agg = new CandleAggregator({ now: NOW, rollups: ['MINUTE_5'] });
    const base = { coinId: 'bitcoin', openTime: T0, ts: T0 + 2000 };
    agg.ingestMinuteCandle({ ...base, open: '10', high: '11', low: '9', close: '10.5', volume: '3' });
    agg.flush();
    agg.ingestMinuteCandle({
      ...base,
      ts: T0 + 4000,
      open: '10',
      high: '12',
      low: '9',
      close: '11.5',
      volume: '5',
    });
    const out = byKey(agg.flush());
    expect(out.get(`bitcoin/MINUTE_1/${T0}`)).toMatchObject({ high: '12', close: '11.5', volume: '5' });
    // The 5-minute bucket takes the new volume once, not 3 + 5.
    expect(out.get(`bitcoin/MINUTE_5/${T0}`)).toMatchObject({ high: '12', close: '11.5', volume: '5' });
  });
});
