/**
 * The candle reader on the real PostgreSQL: the window and its warm-up (a count of candles, not of
 * days, so gaps do not shorten it), and decimals read back exactly as Number(decimal string).
 */
import { randomBytes } from 'node:crypto';
import { createDb, type Db } from '../../lib/db';
import { DATABASE_URL } from '../../test/support/servers';
import { dbCandleSource } from './candles';

const COIN = `it-candles-${randomBytes(4).toString('hex')}`;
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
// 50 days with days 10..14 missing.
const days = Array.from({ length: 50 }, (_, i) => i).filter((i) => i < 10 || i >= 15);
const CLOSES = ['64123.55', '0.000000012345678901', '123456789012.123456789012345678', '1', '0.1'];
const closeOf = (i: number) => CLOSES[i % CLOSES.length]!;

let db: Db;
beforeAll(async () => {
  db = createDb(DATABASE_URL, 2);
  await db.coin.create({ data: { id: COIN, symbol: 'ITC', name: COIN } });
  await db.candle.createMany({
    data: days.map((i) => ({
      coinId: COIN,
      interval: 'DAY_1' as const,
      openTime: new Date(T0 + i * DAY),
      open: '1',
      high: '2',
      low: '0.5',
      close: closeOf(i),
      volume: String(i * 1000 + 0.25),
    })),
  });
});
afterAll(async () => {
  await db.coin.delete({ where: { id: COIN } });
  await db.$disconnect();
});

describe('dbCandleSource', () => {
  const source = () => dbCandleSource(db);

  it('reads the window and exactly `warmup` candles before it, across gaps', async () => {
    const from = T0 + 20 * DAY; // days 20..49 in the window; 15 candles before (days 0-9, 15-19)
    const l = await source().load(COIN, 'DAY_1', from, 8);
    expect(l.windowStart).toBe(8);
    // The 8 candles before day 20 reach back across the gap to day 7.
    expect([...l.cols.t]).toEqual(days.slice(days.indexOf(20) - 8).map((i) => T0 + i * DAY));
    expect(l.cols.t[0]).toBe(T0 + 7 * DAY);
    expect(l.cols.t[8]).toBe(from);
    expect(l.cols.t).toHaveLength(8 + 30);
    const all = await source().load(COIN, 'DAY_1', from, 1000);
    expect(all.windowStart).toBe(15);
    expect(all.cols.t).toHaveLength(days.length);
  });

  it('reads decimals back exactly as Number(decimal string) and times as ms', async () => {
    const l = await source().load(COIN, 'DAY_1', T0, 0);
    expect([...l.cols.close]).toEqual(days.map((i) => Number(closeOf(i))));
    expect([...l.cols.volume]).toEqual(days.map((i) => i * 1000 + 0.25));
    expect([...l.cols.high]).toEqual(days.map(() => 2));
    expect(l.cols.t[0]).toBe(T0);
  });

  it('gives empty columns for a window without candles or an unknown coin', async () => {
    const after = await source().load(COIN, 'DAY_1', T0 + 100 * DAY, 5);
    expect(after.windowStart).toBe(5);
    expect(after.cols.t).toHaveLength(5);
    const none = await source().load(`${COIN}-none`, 'DAY_1', T0, 5);
    expect(none).toEqual({ cols: expect.anything(), windowStart: 0 });
    expect(none.cols.close).toHaveLength(0);
    const otherInterval = await source().load(COIN, 'HOUR_1', T0, 5);
    expect(otherInterval.cols.t).toHaveLength(0);
  });
});
