import { randomUUID } from 'node:crypto';
import { CacheKey, RedisCache } from '../../lib/cache';
import { createDb, type Db } from '../../lib/db';
import { KafkaBus, type ConsumerHandle, type PriceUpdate } from '../../lib/events';
import { createLogger } from '../../lib/logger';
import type { QuoteView } from './market';
import { IngestionPipeline, type PipelineOptions } from './pipeline';
import { BinanceStreamProvider } from './providers/binance';
import { CoinbaseTickerProvider } from './providers/coinbase';
import { CoinGeckoClient } from './providers/coingecko';
import { CoinGeckoPollingProvider } from './providers/coingecko-polling';
import { SymbolMap } from './providers/symbols';
import {
  binance,
  binanceEnvelope,
  coinbase,
  coingecko,
  FakeCoinGecko,
  FakeWsServer,
} from './providers/testing';
import type { MarketProvider } from './providers/types';

// From a fake exchange speaking the venue's wire format to candles in PostgreSQL, a quote in
// Redis and events on Kafka, on the real servers `scripts/infra up` starts.
jest.setTimeout(60_000);

const DATABASE_URL =
  process.env.DATABASE_URL ?? 'postgresql://crypto_user:crypto_password@127.0.0.1:5432/crypto_db';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

const log = createLogger('market-data-int', 'silent');
const run = randomUUID().slice(0, 8);
// Test coins of their own, so nothing here touches (or depends on) the catalog's data.
const coins = {
  binance: { id: `md-int-${run}-bnb`, asset: `MDB${run.slice(0, 4).toUpperCase()}` },
  coinbase: { id: `md-int-${run}-cb`, asset: `MDC${run.slice(0, 4).toUpperCase()}` },
  coingecko: { id: `md-int-${run}-cg`, asset: 'unused' },
  restart: { id: `md-int-${run}-rs`, asset: `MDR${run.slice(0, 4).toUpperCase()}` },
};
const symbols = new SymbolMap(Object.fromEntries(Object.values(coins).map((c) => [c.asset, c.id])));

let db: Db;
let cache: RedisCache;
let bus: KafkaBus;
let consumer: ConsumerHandle;
const events: PriceUpdate[] = [];
const fakes: Array<{ close(): Promise<void> }> = [];
const pipelines: IngestionPipeline[] = [];

beforeAll(async () => {
  db = createDb(DATABASE_URL, 5);
  cache = new RedisCache(REDIS_URL);
  bus = new KafkaBus({ brokers: KAFKA_BROKERS, clientId: `md-int-${run}`, log });
  await db.coin.createMany({
    data: Object.values(coins).map((c) => ({ id: c.id, symbol: c.asset, name: `Test ${c.id}` })),
  });
  const ours = new Set(Object.values(coins).map((c) => c.id));
  consumer = await bus.subscribe({
    topic: 'price_updates',
    mode: 'broadcast',
    group: `md-int-${run}`,
    handler: async (event) => {
      if (ours.has(event.coinId)) events.push(event);
    },
  });
});

afterAll(async () => {
  await Promise.allSettled(pipelines.map((p) => p.stop()));
  await Promise.allSettled(fakes.map((f) => f.close()));
  await consumer?.stop();
  await db.coin.deleteMany({ where: { id: { in: Object.values(coins).map((c) => c.id) } } });
  await db.$disconnect();
  await bus.close();
  await cache.close();
});

function pipeline(provider: MarketProvider, options: Partial<PipelineOptions> = {}) {
  const p = new IngestionPipeline(provider, db, cache, bus, log, {
    maxEventsPerSecond: 5,
    flushIntervalMs: 100,
    ...options,
  });
  pipelines.push(p);
  return p;
}

async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, what: string, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function storedCandle(coinId: string, interval: string, openTime: number) {
  const row = await db.candle.findUnique({
    where: {
      coinId_interval_openTime: {
        coinId,
        interval: interval as 'MINUTE_1',
        openTime: new Date(openTime),
      },
    },
  });
  if (!row) return undefined;
  return {
    open: row.open.toFixed(),
    high: row.high.toFixed(),
    low: row.low.toFixed(),
    close: row.close.toFixed(),
    volume: row.volume.toFixed(),
  };
}

const trade = (asset: string, t: number, p: string, q: string, ts: number) =>
  binanceEnvelope(`${asset.toLowerCase()}usdt@trade`, {
    ...binance.trade,
    s: `${asset}USDT`,
    t,
    p,
    q,
    T: ts,
    E: ts,
  });

describe('ingestion pipeline on PostgreSQL, Redis and Kafka', () => {
  it('turns a Binance stream into candles, a cached quote with 24h figures, and throttled events', async () => {
    const { id, asset } = coins.binance;
    const fake = await FakeWsServer.start();
    fakes.push(fake);
    const p = pipeline(
      new BinanceStreamProvider({
        coinIds: [id],
        baseUrl: fake.url,
        symbols,
        backoff: { baseMs: 10, maxMs: 50 },
      }),
      { supplies: new Map([[id, '1000']]) },
    );
    await p.start();
    const conn = await fake.connection(0);
    expect(conn.path).toBe(
      `/stream?streams=${asset.toLowerCase()}usdt@trade/${asset.toLowerCase()}usdt@miniTicker`,
    );

    const minute = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
    conn.send(
      binanceEnvelope(`${asset.toLowerCase()}usdt@miniTicker`, {
        ...binance.miniTicker,
        s: `${asset}USDT`,
        E: minute + 500,
        c: '100.5',
        o: '95',
        q: '123456.78',
      }),
    );
    conn.send(trade(asset, 1, '100.5', '0.2', minute + 1000));
    conn.send('this is not JSON');
    conn.send(trade(asset, 2, '103.25', '0.1', minute + 2000)); // the spike
    conn.send(
      binanceEnvelope(`${asset.toLowerCase()}usdt@trade`, { ...binance.trade, s: `${asset}USDT`, p: 1 }),
    );
    conn.send(trade(asset, 2, '103.25', '0.1', minute + 2000)); // a duplicate, counted once
    // The connection drops; the provider reconnects and the stream goes on.
    await eventually(() => (p.stats().accepted === 2 ? true : undefined), 'the first trades');
    conn.drop();
    const again = await fake.connection(1);
    again.send(trade(asset, 3, '99.75', '0.3', minute + 3000));
    again.send(trade(asset, 4, '101', '0.4', minute + 4000));

    const ohlcv = { open: '100.5', high: '103.25', low: '99.75', close: '101', volume: '1' };
    expect(
      await eventually(() => storedCandle(id, 'MINUTE_1', minute).then(matching(ohlcv)), 'candle'),
    ).toEqual(ohlcv);
    for (const interval of ['MINUTE_5', 'MINUTE_15', 'HOUR_1', 'HOUR_4', 'DAY_1'] as const) {
      const start = bucket(minute, interval);
      expect(
        await eventually(() => storedCandle(id, interval, start).then(matching(ohlcv)), interval),
      ).toEqual(ohlcv);
    }

    const last = await eventually(() => events.find((e) => e.coinId === id && e.price === '101'), 'event');
    const mine = events.filter((e) => e.coinId === id);
    expect(mine.map((e) => e.high).includes('103.25')).toBe(true);
    expect(mine.map((e) => e.low).includes('99.75')).toBe(true);
    expect(last).toMatchObject({ v: 1, source: 'binance', volume24h: '123456.78' });
    expect(last.change24hPct).toBeCloseTo((5.5 / 95) * 100, 10);
    expect(last.ts).toBe(new Date(minute + 4000).toISOString());

    // The event is published after its quote is stored and cached.
    const cached = JSON.parse((await cache.get(CacheKey.price(id))) ?? 'null') as QuoteView | null;
    const row = await db.quote.findUnique({ where: { coinId: id } });
    expect(row?.price.toFixed()).toBe('101');
    expect(row?.marketCap?.toFixed()).toBe('101000');
    expect(row?.volume24h?.toFixed()).toBe('123456.78');
    if (cached) {
      // The cache entry lives 5 s; when the assertion comes later it is simply gone.
      expect(cached).toMatchObject({
        price: '101',
        marketCap: '101000',
        volume24h: '123456.78',
        source: 'binance',
      });
    }
    expect(p.stats()).toMatchObject({ accepted: 4, unknownCoin: 0 });
  });

  it('keeps a Coinbase ticker’s 24h change and its 24h volume valued in USD', async () => {
    const { id, asset } = coins.coinbase;
    const fake = await FakeWsServer.start();
    fakes.push(fake);
    const p = pipeline(new CoinbaseTickerProvider({ coinIds: [id], url: fake.url, symbols }));
    await p.start();
    const conn = await fake.connection(0);
    expect(JSON.parse(await conn.nextMessage())).toMatchObject({
      type: 'subscribe',
      product_ids: [`${asset}-USD`],
    });
    const time = new Date(Math.floor(Date.now() / 1000) * 1000 - 2000).toISOString().replace('Z', '123Z');
    conn.send(JSON.stringify({ ...coinbase.ticker, product_id: `${asset}-USD`, time }));
    const row = await eventually(
      () => db.quote.findUnique({ where: { coinId: id } }).then((r) => r ?? undefined),
      'quote',
    );
    expect(row.price.toFixed()).toBe('1285.22');
    // 245532.79269678 units at 1285.22 USD, exactly; change from open_24h 1310.79.
    expect(row.volume24h?.toFixed()).toBe('315563655.8297555916');
    expect(Number(row.change24hPct)).toBeCloseTo(((1285.22 - 1310.79) / 1310.79) * 100, 6);
    expect(row.source).toBe('coinbase');
    const minute = Math.floor(Date.parse(time) / 60_000) * 60_000;
    expect(await eventually(() => storedCandle(id, 'MINUTE_1', minute), 'coinbase candle')).toMatchObject({
      open: '1285.22',
      close: '1285.22',
      volume: '11.4396987',
    });
  });

  it('stores CoinGecko’s own market capitalisation with its polled price', async () => {
    const { id } = coins.coingecko;
    const fake = await FakeCoinGecko.start();
    fakes.push(fake);
    const updated = Math.floor(Date.now() / 1000) - 5;
    fake.on('/simple/price', {
      status: 200,
      body: coingecko.simplePrice
        .replace('"bitcoin"', JSON.stringify(id))
        .replace('1711356300', String(updated)),
    });
    const client = new CoinGeckoClient({ baseUrl: fake.baseUrl });
    const p = pipeline(new CoinGeckoPollingProvider({ client, coinIds: [id], pollIntervalMs: 60_000 }));
    await p.start();
    const row = await eventually(
      () => db.quote.findUnique({ where: { coinId: id } }).then((r) => r ?? undefined),
      'quote',
    );
    expect(row).toMatchObject({ source: 'coingecko', updatedAt: new Date(updated * 1000) });
    expect(row.price.toFixed()).toBe('67187.3358936566');
    expect(row.marketCap?.toFixed()).toBe('1317802988326.25');
    expect(row.volume24h?.toFixed()).toBe('31260929299.5248');
    expect(Number(row.change24hPct)).toBeCloseTo(3.63727895, 8);
    await eventually(() => events.find((e) => e.coinId === id && e.price === '67187.3358936566'), 'event');
  });

  it('after a restart extends the open candles it stored instead of overwriting them', async () => {
    const { id, asset } = coins.restart;
    // A pinned clock in the past: the test does not depend on when it runs.
    const minute = Date.UTC(2021, 5, 1, 10, 7);
    const now = () => minute + 30_000;
    const fake = await FakeWsServer.start();
    fakes.push(fake);
    const provider = () =>
      new BinanceStreamProvider({ coinIds: [id], baseUrl: fake.url, symbols, miniTicker: false });

    const first = pipeline(provider(), { now });
    await first.start();
    const c0 = await fake.connection(0);
    c0.send(trade(asset, 1, '50', '1', minute + 1000));
    c0.send(trade(asset, 2, '55', '2', minute + 2000));
    await eventually(() => (first.stats().accepted === 2 ? true : undefined), 'first ticks');
    await first.stop();
    expect(await storedCandle(id, 'DAY_1', bucket(minute, 'DAY_1'))).toEqual({
      open: '50',
      high: '55',
      low: '50',
      close: '55',
      volume: '3',
    });

    const second = pipeline(provider(), { now });
    await second.start();
    expect(second.stats().seededCandles).toBeGreaterThanOrEqual(6); // one open candle per interval
    const c1 = await fake.connection(1);
    c1.send(trade(asset, 3, '48', '0.5', minute + 3000));
    c1.send(trade(asset, 4, '52', '0.25', minute + 4000));
    await eventually(() => (second.stats().accepted === 2 ? true : undefined), 'second ticks');
    await second.stop();
    const whole = { open: '50', high: '55', low: '48', close: '52', volume: '3.75' };
    for (const interval of ['MINUTE_1', 'MINUTE_5', 'MINUTE_15', 'HOUR_1', 'HOUR_4', 'DAY_1'] as const) {
      expect([interval, await storedCandle(id, interval, bucket(minute, interval))]).toEqual([
        interval,
        whole,
      ]);
    }
  });
});

const SIZES = {
  MINUTE_1: 60_000,
  MINUTE_5: 300_000,
  MINUTE_15: 900_000,
  HOUR_1: 3_600_000,
  HOUR_4: 14_400_000,
  DAY_1: 86_400_000,
};
function bucket(ts: number, interval: keyof typeof SIZES) {
  return Math.floor(ts / SIZES[interval]) * SIZES[interval];
}

function matching<T>(expected: T) {
  return (actual: T | undefined) =>
    JSON.stringify(actual) === JSON.stringify(expected) ? actual : undefined;
}
