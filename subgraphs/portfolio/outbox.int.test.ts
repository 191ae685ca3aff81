import { randomUUID } from 'node:crypto';
import { createDb, type Db } from '../../lib/db';
import { createLogger } from '../../lib/logger';
import { MemoryBus } from '../../lib/events';
import { OutboxRelay, OUTBOX_RETENTION_MS } from './outbox';

// Pruning on the real PostgreSQL. (Publishing is tested end to end on Kafka: a relay here would
// publish every other test's pending rows to a bus nobody reads.)
const DATABASE_URL =
  process.env.DATABASE_URL ?? 'postgresql://crypto_user:crypto_password@127.0.0.1:5432/crypto_db';

let db: Db;
beforeAll(() => {
  db = createDb(DATABASE_URL, 2);
});
afterAll(async () => {
  await db.$disconnect();
});

it('prunes rows published longer ago than the retention, and keeps recent ones', async () => {
  const key = randomUUID();
  const row = (publishedAgoMs: number) => ({
    id: randomUUID(),
    topic: 'portfolio_updates',
    key,
    payload: {},
    createdAt: new Date(Date.now() - publishedAgoMs - 1000),
    publishedAt: new Date(Date.now() - publishedAgoMs),
  });
  const old = row(OUTBOX_RETENTION_MS + 60_000);
  const recent = row(OUTBOX_RETENTION_MS - 60_000);
  await db.outboxEvent.createMany({ data: [old, recent] });
  try {
    const log = createLogger('test', 'silent');
    const relay = new OutboxRelay(db, new MemoryBus(log), log);
    expect(await relay.prune()).toBeGreaterThanOrEqual(1);
    expect((await db.outboxEvent.findMany({ where: { key } })).map((r) => r.id)).toEqual([recent.id]);
  } finally {
    await db.outboxEvent.deleteMany({ where: { key } });
  }
});
