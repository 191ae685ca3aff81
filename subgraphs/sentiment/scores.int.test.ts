/**
 * ScoreUpdater on the real PostgreSQL and Redis (events on the in-process bus, which implements the
 * same contract as Kafka): stored rows, the cached value of every window, one event per change, and
 * windows sliding as time passes.
 */
import { randomBytes } from 'node:crypto';
import { CacheKey, RedisCache } from '../../lib/cache';
import { createDb, type Db } from '../../lib/db';
import { MemoryBus, type SentimentScoreUpdate } from '../../lib/events';
import { createLogger } from '../../lib/logger';
import { DATABASE_URL, REDIS_URL, waitFor } from '../../test/support/servers';
import { ScoreUpdater } from './scores';

const log = createLogger('scores-test', 'silent');
const sfx = randomBytes(5).toString('hex');
const COIN = `scores-test-${sfx}`;
const OTHER = `scores-test-b-${sfx}`;
const T0 = Date.parse('2030-01-01T12:00:00Z'); // far from any real document
const HOUR = 3_600_000;

let db: Db;
let cache: RedisCache;
let bus: MemoryBus;
const events: SentimentScoreUpdate[] = [];

async function addDoc(coinId: string, score: number, publishedAt: number, source: string) {
  const d = await db.sentimentDocument.create({
    data: {
      source,
      title: `doc ${randomBytes(4).toString('hex')} ${sfx}`,
      body: '',
      publishedAt: new Date(publishedAt),
      contentHash: randomBytes(32).toString('hex'),
      score,
      label: 'NEUTRAL',
    },
  });
  await db.documentCoin.create({ data: { documentId: d.id, coinId } });
}

beforeAll(async () => {
  db = createDb(DATABASE_URL, 2);
  cache = new RedisCache(REDIS_URL);
  bus = new MemoryBus(log);
  await bus.subscribe({
    topic: 'sentiment_scores',
    mode: 'broadcast',
    group: 'scores-test',
    handler: async (e) => {
      if (e.coinId === COIN || e.coinId === OTHER) events.push(e);
    },
  });
  for (const id of [COIN, OTHER])
    await db.coin.create({ data: { id, symbol: 'ZZQ', name: `Scorestest ${id}` } });
  await addDoc(COIN, 0.6, T0 - 10 * 60_000, 'a.example');
  await addDoc(COIN, -0.2, T0 - 10 * 60_000, 'a.example');
  await addDoc(OTHER, 0.8, T0 - HOUR, 'a.example');
  await addDoc(OTHER, -0.8, T0 - HOUR, 'b.example');
});

afterAll(async () => {
  await db.sentimentDocument.deleteMany({ where: { title: { endsWith: sfx } } });
  await db.coin.deleteMany({ where: { id: { in: [COIN, OTHER] } } });
  await cache.del(CacheKey.sentiment(COIN), CacheKey.sentiment(OTHER));
  await bus.close();
  await cache.close();
  await db.$disconnect();
});

describe('ScoreUpdater', () => {
  it('stores, caches and publishes every window of a coin, then nothing when nothing changed', async () => {
    let now = T0;
    const updater = new ScoreUpdater(db, cache, bus, log, { now: () => now });
    const changed = await updater.recompute([COIN]);
    expect(changed.map((r) => r.window).sort()).toEqual(['1h', '24h', '7d']);
    const rows = await db.sentimentScore.findMany({ where: { coinId: COIN }, orderBy: { window: 'asc' } });
    // Equal ages: the plain mean of 0.6 and -0.2.
    expect(rows.map((r) => [r.window, r.score, r.label, r.documents])).toEqual([
      ['1h', 0.2, 'POSITIVE', 2],
      ['24h', 0.2, 'POSITIVE', 2],
      ['7d', 0.2, 'POSITIVE', 2],
    ]);
    expect(JSON.parse((await cache.get(CacheKey.sentiment(COIN)))!)).toEqual({
      '1h': {
        score: 0.2,
        label: 'POSITIVE',
        documents: 2,
        window: '1h',
        updatedAt: new Date(T0).toISOString(),
      },
      '24h': {
        score: 0.2,
        label: 'POSITIVE',
        documents: 2,
        window: '24h',
        updatedAt: new Date(T0).toISOString(),
      },
      '7d': {
        score: 0.2,
        label: 'POSITIVE',
        documents: 2,
        window: '7d',
        updatedAt: new Date(T0).toISOString(),
      },
    });
    await waitFor(() => (events.filter((e) => e.coinId === COIN).length === 3 ? true : undefined));
    expect(events.find((e) => e.window === '24h')).toMatchObject({
      v: 1,
      coinId: COIN,
      score: 0.2,
      label: 'POSITIVE',
      documents: 2,
      ts: new Date(T0).toISOString(),
    });

    now = T0 + 60_000;
    expect(await updater.recompute([COIN])).toEqual([]);

    // An hour later the 1h window is empty: it reads 0 documents, neutral, and says so once.
    now = T0 + HOUR;
    // (Coins named: recomputing all would, at this made-up time, empty the real coins' windows too.)
    const slid = await updater.recompute([COIN, OTHER]);
    expect(slid.filter((r) => r.coinId === COIN)).toEqual([
      { coinId: COIN, window: '1h', score: 0, label: 'NEUTRAL', documents: 0, updatedAt: new Date(now) },
    ]);
    const cached = JSON.parse((await cache.get(CacheKey.sentiment(COIN)))!) as Record<
      string,
      { documents: number }
    >;
    expect(cached['1h']!.documents).toBe(0);
    expect(cached['24h']!.documents).toBe(2);
    await waitFor(() => (events.filter((e) => e.coinId === COIN).length === 4 ? true : undefined));
    now = T0 + 2 * HOUR;
    expect(await updater.recompute([COIN])).toEqual([]);
  });

  it('applies per-source weights', async () => {
    const even = new ScoreUpdater(db, cache, bus, log, { now: () => T0 });
    await even.recompute([OTHER]);
    expect(
      (await db.sentimentScore.findUnique({ where: { coinId_window: { coinId: OTHER, window: '24h' } } }))!
        .score,
    ).toBe(0);
    const weighted = new ScoreUpdater(db, cache, bus, log, {
      now: () => T0,
      sourceWeights: { 'a.example': 3, 'b.example': 1 },
    });
    await weighted.recompute([OTHER]);
    // (3 × 0.8 + 1 × -0.8) / 4
    expect(
      (await db.sentimentScore.findUnique({ where: { coinId_window: { coinId: OTHER, window: '24h' } } }))!,
    ).toMatchObject({
      score: 0.4,
      label: 'POSITIVE',
      documents: 2,
    });
  });
});
