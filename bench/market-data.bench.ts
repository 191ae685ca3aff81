/**
 * Market-data benchmark, two parts.
 *
 * 1. Core: ticks per second through the candle aggregation core alone (parse
 *    exact decimals, de-duplicate, 1-minute OHLCV, incremental roll-ups to
 *    5m..1d, flush to upsertable candles), on one core, no I/O. Target:
 *    >= 200,000 ticks/s.
 * 2. End to end on the real PostgreSQL, Redis and Kafka (`scripts/infra up`;
 *    DATABASE_URL, REDIS_URL, KAFKA_BROKERS override): the ingestion pipeline
 *    as it runs in production (aggregation, throttling, candle upserts, quote
 *    upserts, `price:{coin}` cache, `price_updates` events), timed from the
 *    first tick until every tick is aggregated and the last candles, quotes
 *    and events are written. Two feeds: Binance's wire format over a local
 *    WebSocket (a fake exchange in a worker thread, so its sending does not
 *    share the measured thread), and ticks handed straight to the pipeline.
 *    Checked after each run: the stored 1-minute volumes equal the ticks'
 *    exact sums, and every coin's final price arrived on Kafka. Target:
 *    >= 5,000 ticks/s. Skipped (and recorded as skipped) when the servers
 *    are not reachable.
 *
 * Run: npx tsx bench/market-data.bench.ts [--core-only]   (about 30-60 s)
 * Writes bench/results/market-data.json.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Decimal } from 'decimal.js';
import { RedisCache } from '../lib/cache';
import { createDb, type Db } from '../lib/db';
import { KafkaBus, type ConsumerHandle } from '../lib/events';
import { createLogger } from '../lib/logger';
import { CandleAggregator, PriceThrottler, type Tick } from '../subgraphs/market-data/core';
import { IngestionPipeline } from '../subgraphs/market-data/pipeline';
import { BinanceStreamProvider } from '../subgraphs/market-data/providers/binance';
import { generateTicks } from '../subgraphs/market-data/providers/simulator';
import { SymbolMap } from '../subgraphs/market-data/providers/symbols';
import type { MarketProvider, MarketSink } from '../subgraphs/market-data/providers/types';

const COINS = 50;
const TICKS = 1_000_000;
const FLUSH_EVERY = 5_000; // a flush per ~25 ms of input at 200k ticks/s, like a live pipeline flushing often
const RUNS = 5;
const TARGET = 200_000;

function buildTicks(): Tick[] {
  const start = Date.UTC(2024, 0, 1);
  const coins = Array.from({ length: COINS }, (_, i) => ({
    coinId: `coin-${i}`,
    startPrice: i === 0 ? '64123.55' : (1 + i * 13.37).toFixed(4),
    drift: 0.05,
    volatility: 0.8,
    priceDecimals: i % 3 === 0 ? 2 : 8,
  }));
  // 1,000,000 ticks spread over ~3.3 hours of market time: 50 coins, one tick each per 600 ms.
  return generateTicks({ seed: 'bench', coins, startTime: start, tickIntervalMs: 600 }, TICKS);
}

/**
 * The same ticks with venue disorder: every 10th tick swapped with one up to
 * 20 positions later (out of order, still inside the grace window) and every
 * 100th tick delivered twice (a duplicate to drop).
 */
function disorder(ticks: Tick[]): Tick[] {
  const out = [...ticks];
  for (let i = 0; i + 20 < out.length; i += 10) {
    const j = i + 1 + (i % 20);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  const withDuplicates: Tick[] = [];
  out.forEach((t, i) => {
    withDuplicates.push(t);
    if (i % 100 === 0) withDuplicates.push({ ...t });
  });
  return withDuplicates;
}

function runAggregation(ticks: Tick[], expectedAccepted = ticks.length): { ms: number; candles: number } {
  const last = ticks[ticks.length - 1]!.ts;
  const agg = new CandleAggregator({ now: () => last, graceMs: 5000 });
  let candles = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < ticks.length; i++) {
    agg.ingest(ticks[i]!);
    if (i % FLUSH_EVERY === FLUSH_EVERY - 1) candles += agg.flush().length;
  }
  candles += agg.flush().length;
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (agg.stats().accepted !== expectedAccepted) throw new Error('benchmark ticks were not all accepted');
  return { ms, candles };
}

function runThrottler(ticks: Tick[]): number {
  let now = 0;
  const th = new PriceThrottler({ maxEventsPerSecond: 2, now: () => now });
  const t0 = process.hrtime.bigint();
  for (const t of ticks) {
    now = t.ts;
    th.offer({ coinId: t.coinId, price: t.price, ts: t.ts, source: t.source });
  }
  th.takeDue();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function core() {
  const ticks = buildTicks();
  runAggregation(ticks.slice(0, 100_000)); // warm-up (JIT)
  const runs = Array.from({ length: RUNS }, () => runAggregation(ticks));
  const rates = runs.map((r) => Math.round((TICKS / r.ms) * 1000)).sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)]!;
  const messy = disorder(ticks);
  const messyRates = Array.from({ length: RUNS }, () => runAggregation(messy, TICKS))
    .map((r) => Math.round((messy.length / r.ms) * 1000))
    .sort((a, b) => a - b);
  const messyMedian = messyRates[Math.floor(messyRates.length / 2)]!;
  const throttleMs = runThrottler(ticks);
  const result = {
    benchmark: 'market-data: core aggregation and end-to-end ingestion',
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    ticksPerRun: TICKS,
    coins: COINS,
    flushEvery: FLUSH_EVERY,
    runs: RUNS,
    candlesEmittedPerRun: runs[0]!.candles,
    aggregationTicksPerSecond: { median, min: rates[0], max: rates[rates.length - 1], all: rates },
    withDisorder: {
      description: '10% of ticks out of order, 1% duplicated (dropped)',
      ticksPerRun: messy.length,
      ticksPerSecond: {
        median: messyMedian,
        min: messyRates[0],
        max: messyRates[messyRates.length - 1],
        all: messyRates,
      },
    },
    throttlerOffersPerSecond: Math.round((TICKS / throttleMs) * 1000),
    targetTicksPerSecond: TARGET,
    meetsTarget: median >= TARGET && messyMedian >= TARGET,
  };
  console.table({
    'aggregation ticks/s (median)': median,
    'aggregation ticks/s (min)': rates[0],
    'aggregation ticks/s (max)': rates[rates.length - 1],
    'with disorder ticks/s (median)': messyMedian,
    'throttler offers/s': result.throttlerOffersPerSecond,
    'target ticks/s': TARGET,
    'meets target': result.meetsTarget,
  });
  return result;
}

// ---------------------------------------------------------------------------------------------
// End to end on the real servers.

const E2E_COINS = 50;
const E2E_TICKS = 200_000;
const E2E_RUNS = 2;
const E2E_TARGET = 5_000;
const E2E_TIMEOUT_MS = 90_000;
const DATABASE_URL =
  process.env.DATABASE_URL ?? 'postgresql://crypto_user:crypto_password@127.0.0.1:5432/crypto_db';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

function reachable(hostPort: string): Promise<boolean> {
  const url = /^\w+:\/\//.test(hostPort) ? new URL(hostPort) : new URL(`tcp://${hostPort}`);
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The fake exchange in a worker thread: serves one connection the prepared Binance messages. */
const EXCHANGE_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { WebSocketServer } = require(workerData.wsPath);
const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
wss.on('listening', () => parentPort.postMessage({ port: wss.address().port }));
wss.on('connection', (ws) => {
  parentPort.once('message', () => {
    const messages = workerData.messages;
    let i = 0;
    const pump = () => {
      while (i < messages.length) {
        ws.send(messages[i++]);
        if (ws.bufferedAmount > 4 * 1024 * 1024) return setTimeout(pump, 1);
      }
      parentPort.postMessage({ sent: i });
    };
    pump();
  });
  parentPort.postMessage({ connected: true });
});
`;

/** Hands prepared ticks to the pipeline in slices, yielding to the event loop between them. */
class PreparedTicks implements MarketProvider {
  readonly name = 'bench';
  private stopped = false;
  constructor(private readonly ticks: Tick[]) {}
  async start(sink: MarketSink): Promise<void> {
    let i = 0;
    const pump = () => {
      const end = Math.min(i + 2000, this.ticks.length);
      while (i < end) sink.onTick(this.ticks[i++]!);
      if (i < this.ticks.length && !this.stopped) setImmediate(pump);
    };
    setImmediate(pump);
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
}

interface E2eRun {
  feed: 'binance-websocket' | 'direct';
  ticks: number;
  seconds: number;
  ticksPerSecond: number;
  candlesWritten: number;
  quotesWritten: number;
  eventsPublished: number;
  volumesMatch: boolean;
  finalPricesOnKafka: boolean;
}

async function waitUntil(check: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function e2eRun(
  feed: E2eRun['feed'],
  deps: { db: Db; cache: RedisCache; bus: KafkaBus },
  log: ReturnType<typeof createLogger>,
): Promise<E2eRun> {
  const run = randomUUID().slice(0, 6);
  const coins = Array.from({ length: E2E_COINS }, (_, i) => ({
    id: `bench-md-${run}-${i}`,
    asset: `BM${run.toUpperCase().replace(/[^A-Z0-9]/g, 'X')}${i}`,
  }));
  const ids = new Set(coins.map((c) => c.id));
  await deps.db.coin.createMany({ data: coins.map((c) => ({ id: c.id, symbol: c.asset, name: c.id })) });
  const tickIntervalMs = 25; // 4,000 rounds of 50 coins: 100 s of market time, ending now
  const rounds = Math.ceil(E2E_TICKS / E2E_COINS);
  const ticks = generateTicks(
    {
      seed: `bench-e2e-${run}`,
      startTime: Date.now() - rounds * tickIntervalMs,
      tickIntervalMs,
      coins: coins.map((c, i) => ({
        coinId: c.id,
        startPrice: (10 + i * 7.5).toFixed(2),
        drift: 0,
        volatility: 0.8,
        priceDecimals: 4,
      })),
    },
    E2E_TICKS,
  );
  const expectedVolume = new Map<string, Decimal>();
  const finalPrice = new Map<string, string>();
  for (const t of ticks) {
    expectedVolume.set(t.coinId, (expectedVolume.get(t.coinId) ?? new Decimal(0)).plus(t.quantity));
    finalPrice.set(t.coinId, new Decimal(t.price).toFixed());
  }
  const seenFinal = new Set<string>();
  let consumer: ConsumerHandle | undefined;
  let worker: Worker | undefined;
  try {
    consumer = await deps.bus.subscribe({
      topic: 'price_updates',
      mode: 'broadcast',
      group: `bench-md-${run}`,
      handler: async (event) => {
        if (ids.has(event.coinId) && event.price === finalPrice.get(event.coinId))
          seenFinal.add(event.coinId);
      },
    });
    let provider: MarketProvider;
    // For the WebSocket feed: resolves once the fake exchange has our connection, then sending starts.
    let ready: Promise<unknown> = Promise.resolve();
    let go: () => void = () => undefined;
    if (feed === 'binance-websocket') {
      const byCoin = new Map(coins.map((c) => [c.id, c.asset]));
      const messages = ticks.map((t) =>
        JSON.stringify({
          stream: `${byCoin.get(t.coinId)!.toLowerCase()}usdt@trade`,
          data: {
            e: 'trade',
            E: t.ts,
            s: `${byCoin.get(t.coinId)!}USDT`,
            t: Number(t.tradeId),
            p: t.price,
            q: t.quantity,
            T: t.ts,
            m: true,
            M: true,
          },
        }),
      );
      const w = new Worker(EXCHANGE_WORKER, {
        eval: true,
        workerData: { messages, wsPath: require.resolve('ws') },
      });
      worker = w;
      const port = await new Promise<number>((resolve) =>
        w.once('message', (m: { port: number }) => resolve(m.port)),
      );
      ready = new Promise((resolve) => w.once('message', resolve));
      go = () => w.postMessage('go');
      provider = new BinanceStreamProvider({
        coinIds: coins.map((c) => c.id),
        baseUrl: `ws://127.0.0.1:${port}`,
        symbols: new SymbolMap(Object.fromEntries(coins.map((c) => [c.asset, c.id]))),
        miniTicker: false,
        logger: log,
      });
    } else {
      provider = new PreparedTicks(ticks);
    }
    const pipeline = new IngestionPipeline(provider, deps.db, deps.cache, deps.bus, log, {
      maxEventsPerSecond: 2,
      flushIntervalMs: 2000,
      graceMs: 5000,
    });
    await pipeline.start();
    await ready;
    const t0 = process.hrtime.bigint();
    go();
    await waitUntil(() => pipeline.stats().accepted >= E2E_TICKS, E2E_TIMEOUT_MS, 'every tick aggregated');
    await pipeline.stop(); // publishes the pending prices and writes the last candles
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const stats = pipeline.stats();
    const rows = await deps.db.candle.groupBy({
      by: ['coinId'],
      where: { coinId: { in: [...ids] }, interval: 'MINUTE_1' },
      _sum: { volume: true },
    });
    const volumesMatch =
      rows.length === E2E_COINS &&
      rows.every((r) => new Decimal(r._sum.volume!.toFixed()).equals(expectedVolume.get(r.coinId)!));
    await waitUntil(() => seenFinal.size === E2E_COINS, 30_000, 'final prices on Kafka').catch(
      () => undefined,
    );
    return {
      feed,
      ticks: E2E_TICKS,
      seconds: Number(seconds.toFixed(3)),
      ticksPerSecond: Math.round(E2E_TICKS / seconds),
      candlesWritten: stats.candlesWritten,
      quotesWritten: stats.quotesWritten,
      eventsPublished: stats.eventsPublished,
      volumesMatch,
      finalPricesOnKafka: seenFinal.size === E2E_COINS,
    };
  } finally {
    await consumer?.stop();
    await worker?.terminate();
    await deps.db.coin.deleteMany({ where: { id: { in: [...ids] } } });
  }
}

async function endToEnd() {
  const servers = [DATABASE_URL, REDIS_URL, KAFKA_BROKERS[0]!];
  const up = await Promise.all(servers.map(reachable));
  if (!up.every(Boolean)) {
    const missing = servers.filter((_, i) => !up[i]);
    console.log(`end-to-end part skipped: not reachable: ${missing.join(', ')} (run scripts/infra up)`);
    return { skipped: `not reachable: ${missing.join(', ')}` };
  }
  const log = createLogger('bench', 'warn');
  const deps = {
    db: createDb(DATABASE_URL, 10),
    cache: new RedisCache(REDIS_URL),
    bus: new KafkaBus({ brokers: KAFKA_BROKERS, clientId: 'bench-market-data', log }),
  };
  try {
    const runs: E2eRun[] = [];
    for (const feed of ['binance-websocket', 'direct'] as const) {
      for (let i = 0; i < E2E_RUNS; i++) runs.push(await e2eRun(feed, deps, log));
    }
    const range = (feed: E2eRun['feed']) => {
      const rates = runs.filter((r) => r.feed === feed).map((r) => r.ticksPerSecond);
      return { min: Math.min(...rates), max: Math.max(...rates) };
    };
    const result = {
      description:
        'ticks through IngestionPipeline on real PostgreSQL, Redis and Kafka, from the first tick until the last candles, quotes and events are written',
      coins: E2E_COINS,
      ticksPerRun: E2E_TICKS,
      maxEventsPerSecondPerCoin: 2,
      flushIntervalMs: 2000,
      runs,
      binanceWebSocketTicksPerSecond: range('binance-websocket'),
      directTicksPerSecond: range('direct'),
      targetTicksPerSecond: E2E_TARGET,
      meetsTarget: runs.every(
        (r) => r.ticksPerSecond >= E2E_TARGET && r.volumesMatch && r.finalPricesOnKafka,
      ),
    };
    console.table(
      runs.map((r) => ({
        feed: r.feed,
        'ticks/s': r.ticksPerSecond,
        seconds: r.seconds,
        candles: r.candlesWritten,
        events: r.eventsPublished,
        'volumes match': r.volumesMatch,
        'final prices on Kafka': r.finalPricesOnKafka,
      })),
    );
    return result;
  } finally {
    await deps.bus.close();
    await deps.cache.close();
    await deps.db.$disconnect();
  }
}

async function main(): Promise<void> {
  const coreResult = core();
  const e2e = process.argv.includes('--core-only') ? { skipped: '--core-only' } : await endToEnd();
  // The machine is shared: the load average says how much of each figure other work took.
  const result = { ...coreResult, loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))), endToEnd: e2e };
  const dir = path.join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'market-data.json'), JSON.stringify(result, null, 2) + '\n');
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
