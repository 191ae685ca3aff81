import { randomUUID } from 'node:crypto';
import { createDb, type Db } from '../../lib/db';
import type { PriceUpdate } from '../../lib/events';
import { evaluatePriceEvent } from './alerts';

// The alert evaluator on the real PostgreSQL: which alerts fire, and that each fires exactly once
// with one outbox event even when several evaluators see the same price event.
const DATABASE_URL =
  process.env.DATABASE_URL ?? 'postgresql://crypto_user:crypto_password@127.0.0.1:5432/crypto_db';
jest.setTimeout(30_000);

let db: Db;
let userId: string;
const coinId = `alerts-int-${randomUUID().slice(0, 8)}`;
const otherCoin = `${coinId}-b`;

beforeAll(async () => {
  db = createDb(DATABASE_URL, 5);
  await db.coin.createMany({
    data: [
      { id: coinId, symbol: coinId.toUpperCase(), name: 'Alert test coin' },
      { id: otherCoin, symbol: otherCoin.toUpperCase(), name: 'Alert test coin B' },
    ],
  });
  const user = await db.user.create({ data: { email: `${coinId}@example.com`, passwordHash: 'x' } });
  userId = user.id;
});

afterAll(async () => {
  await db.outboxEvent.deleteMany({ where: { key: userId } });
  await db.user.deleteMany({ where: { id: userId } });
  await db.coin.deleteMany({ where: { id: { in: [coinId, otherCoin] } } });
  await db.$disconnect();
});

function event(fields: {
  coin?: string;
  price: string;
  high?: string;
  low?: string;
  ts?: Date;
}): PriceUpdate {
  return {
    v: 1,
    id: randomUUID(),
    coinId: fields.coin ?? coinId,
    price: fields.price,
    high: fields.high ?? fields.price,
    low: fields.low ?? fields.price,
    source: 'test',
    ts: (fields.ts ?? new Date()).toISOString(),
  };
}

const alert = (direction: 'ABOVE' | 'BELOW', threshold: string, coin = coinId) =>
  db.priceAlert.create({ data: { userId, coinId: coin, direction, threshold } });

const outboxFor = (alertId: string) =>
  db.outboxEvent
    .findMany({ where: { key: userId } })
    .then((rows) => rows.filter((r) => (r.payload as { alertId?: string }).alertId === alertId));

afterEach(async () => {
  await db.priceAlert.deleteMany({ where: { userId } });
});

describe('evaluatePriceEvent', () => {
  it("fires ABOVE on the event's high and BELOW on its low, recording the crossing price and time", async () => {
    const above = await alert('ABOVE', '105');
    const below = await alert('BELOW', '95');
    const quiet = await alert('ABOVE', '120');
    const ts = new Date(Date.now() + 1000);
    // The last price (100) is between the thresholds; only the spike since the previous event crossed.
    expect(await evaluatePriceEvent(db, event({ price: '100', high: '106.5', low: '94.25', ts }))).toBe(2);

    const rows = new Map((await db.priceAlert.findMany({ where: { userId } })).map((a) => [a.id, a]));
    expect(rows.get(above.id)?.triggeredPrice?.toFixed()).toBe('106.5');
    expect(rows.get(above.id)?.triggeredAt?.toISOString()).toBe(ts.toISOString());
    expect(rows.get(below.id)?.triggeredPrice?.toFixed()).toBe('94.25');
    expect(rows.get(quiet.id)?.triggeredAt).toBeNull();

    const [outbox] = await outboxFor(above.id);
    expect(outbox).toMatchObject({ topic: 'portfolio_updates', key: userId, publishedAt: null });
    expect(outbox!.payload).toMatchObject({
      v: 1,
      id: outbox!.id,
      userId,
      kind: 'ALERT_TRIGGERED',
      alertId: above.id,
    });
    expect(outbox!.payload).not.toHaveProperty('portfolioId');
  });

  it('fires each alert once, even when evaluators race on the same and later events', async () => {
    const above = await alert('ABOVE', '100');
    const crossing = event({ price: '101', ts: new Date(Date.now() + 1000) });
    const results = await Promise.all([1, 2, 3, 4].map(() => evaluatePriceEvent(db, crossing)));
    expect(results.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await evaluatePriceEvent(db, event({ price: '150', ts: new Date(Date.now() + 2000) }))).toBe(0);
    expect(await outboxFor(above.id)).toHaveLength(1);
    const row = await db.priceAlert.findUniqueOrThrow({ where: { id: above.id } });
    expect(row.triggeredPrice?.toFixed()).toBe('101');
  });

  it('ignores other coins, prices that do not cross, and events older than the alert', async () => {
    const above = await alert('ABOVE', '100');
    const later = new Date(Date.now() + 1000);
    expect(await evaluatePriceEvent(db, event({ coin: otherCoin, price: '500', ts: later }))).toBe(0);
    expect(
      await evaluatePriceEvent(db, event({ price: '99.999999', high: '99.999999999999999999', ts: later })),
    ).toBe(0);
    expect(
      await evaluatePriceEvent(db, event({ price: '500', ts: new Date(above.createdAt.getTime() - 60_000) })),
    ).toBe(0);
    expect((await db.priceAlert.findUniqueOrThrow({ where: { id: above.id } })).triggeredAt).toBeNull();
    // Reaching the threshold exactly counts.
    expect(await evaluatePriceEvent(db, event({ price: '99', high: '100', ts: later }))).toBe(1);
  });
});
