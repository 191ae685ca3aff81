import { randomUUID } from 'node:crypto';
import { Prisma } from '@prisma/client';
import DecimalJs from 'decimal.js';
import { CacheKey, CacheTtl, type Cache } from '../../lib/cache';
import type { Db } from '../../lib/db';
import { Topic, type EventBus, type PriceUpdate } from '../../lib/events';
import type { Logger } from '../../lib/logger';
import { loadOpenCandles, upsertCandles } from './candle-store';
import {
  CandleAggregator,
  isExactDecimal,
  PriceThrottler,
  type Candle,
  type Quote,
  type ThrottledPriceEvent,
} from './core';
import type { QuoteView } from './market';
import type { MarketProvider, ProviderStatus } from './providers/types';

export interface PipelineOptions {
  /** Price events per second per coin (the latest price is always delivered). */
  maxEventsPerSecond: number;
  /** How often accumulated candles are written. */
  flushIntervalMs: number;
  /** Circulating supplies, to derive market capitalisation when the provider gives none. */
  supplies?: ReadonlyMap<string, string>;
  /** Late-tick grace window of the aggregator (default 5 s). */
  graceMs?: number;
  /** Called on every provider status change (readiness). */
  onStatus?: (status: ProviderStatus) => void;
  /** Wall clock for seeding and the aggregator's future-skew check (default `Date.now`; tests). */
  now?: () => number;
}

/** Counters for logs, tests and the benchmark. */
export interface PipelineStats {
  ticks: number;
  accepted: number;
  unknownCoin: number;
  eventsPublished: number;
  quotesWritten: number;
  candlesWritten: number;
  seededCandles: number;
  failedWrites: number;
}

/** The provider's 24-hour figures for a coin, merged into its quote and events. */
interface DayStats {
  volume24h?: string;
  change24hPct?: number;
  marketCap?: string;
}

// Exact products of a price and a supply (decimal.js rounds to 20 digits by default).
const Decimal = DecimalJs.clone({ precision: 80 });

// Quote.change24hPct is NUMERIC(20, 8): anything wider is a venue glitch, not a price move.
const MAX_CHANGE_PCT = 1e11;

const candleKey = (c: Candle) => `${c.coinId}|${c.interval}|${c.openTime}`;

/**
 * Ingestion: provider ticks become candles (upserted), quotes (`Quote` rows and the
 * `price:{coin_id}` cache) and throttled `price_updates` events. It runs only in the replica
 * holding the ingestion lock (service.ts), so these writes never race another replica's.
 *
 * - On start it seeds the aggregator with the stored candles of still-open buckets, so a restart
 *   or failover extends today's candle instead of overwriting it with the ticks since.
 * - Events are batched and written strictly in order (one batch at a time): the quotes first,
 *   then the cache, then Kafka, so a reader never sees an event before its quote, and per-coin
 *   event order holds. A quote never replaces a newer one.
 * - Candles are written as full values (idempotent upserts); a failed write is retried with the
 *   next flush, newest values winning.
 */
export class IngestionPipeline {
  private readonly aggregator: CandleAggregator;
  private readonly throttler: PriceThrottler;
  private readonly day = new Map<string, DayStats>();
  private known = new Set<string>();
  private readonly warnedUnknown = new Set<string>();
  private timers: NodeJS.Timeout[] = [];
  private queued: ThrottledPriceEvent[] = [];
  private publishScheduled = false;
  private publishing: Promise<void> = Promise.resolve();
  private flushing: Promise<void> = Promise.resolve();
  private readonly unwritten = new Map<string, Candle>();
  private readonly counters: PipelineStats = {
    ticks: 0,
    accepted: 0,
    unknownCoin: 0,
    eventsPublished: 0,
    quotesWritten: 0,
    candlesWritten: 0,
    seededCandles: 0,
    failedWrites: 0,
  };

  constructor(
    private readonly provider: MarketProvider,
    private readonly db: Db,
    private readonly cache: Cache,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly options: PipelineOptions,
  ) {
    this.aggregator = new CandleAggregator({
      graceMs: options.graceMs ?? 5000,
      now: options.now ?? Date.now,
    });
    this.throttler = new PriceThrottler({ maxEventsPerSecond: options.maxEventsPerSecond });
  }

  stats(): PipelineStats {
    return { ...this.counters };
  }

  async start(): Promise<void> {
    const coins = await this.db.coin.findMany({ select: { id: true } });
    this.known = new Set(coins.map((c) => c.id));
    const now = this.options.now ?? Date.now;
    // By coin id, so the lookup walks the (coin, interval, open time) key instead of the table.
    const open = await loadOpenCandles(this.db, now(), this.options.graceMs ?? 5000, [...this.known]);
    for (const candle of open) this.aggregator.seed(candle);
    this.counters.seededCandles = open.length;
    this.log.info({ seeded: open.length, coins: this.known.size }, 'ingestion seeded from stored candles');

    await this.provider.start({
      onTick: (tick) => {
        this.counters.ticks++;
        if (!this.isKnown(tick.coinId)) return;
        if (this.aggregator.ingest(tick) !== 'accepted') return;
        this.counters.accepted++;
        this.offer(tick.coinId, tick.price, tick.ts, tick.source);
      },
      onQuote: (quote) => {
        if (!this.isKnown(quote.coinId)) return;
        this.day.set(quote.coinId, dayStats(quote));
        this.offer(quote.coinId, quote.price, quote.ts, quote.source);
      },
      onMinuteCandle: (update) => {
        this.counters.ticks++;
        if (!this.isKnown(update.coinId)) return;
        if (this.aggregator.ingestMinuteCandle(update) !== 'accepted') return;
        this.counters.accepted++;
        this.offer(update.coinId, update.close, update.ts, this.provider.name);
      },
      onStatus: (status) => {
        this.log.info({ provider: status }, 'market provider status');
        this.options.onStatus?.(status);
      },
    });
    const tick = Math.max(50, Math.floor(1000 / this.options.maxEventsPerSecond / 2));
    this.timers.push(setInterval(() => this.enqueue(this.throttler.takeDue()), tick));
    this.timers.push(setInterval(() => void this.flush(), this.options.flushIntervalMs));
  }

  /** Stops the provider, then publishes every pending price and writes every candle. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.provider.stop();
    this.enqueue(this.throttler.drain());
    await this.publishNow();
    await this.flush();
  }

  /** Writes the candles accumulated so far (the flush timer calls it too). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeCandles(this.aggregator.flush()));
    return this.flushing;
  }

  /** Resolves once every event queued so far is written and published. */
  async publishNow(): Promise<void> {
    this.publishScheduled = false;
    const batch = this.queued;
    this.queued = [];
    this.publishing = this.publishing.then(() => this.publish(batch));
    await this.publishing;
  }

  private isKnown(coinId: string): boolean {
    if (this.known.has(coinId)) return true;
    // A coin outside the catalog would fail its foreign keys and take the batch with it.
    this.counters.unknownCoin++;
    if (!this.warnedUnknown.has(coinId)) {
      this.warnedUnknown.add(coinId);
      this.log.warn({ coinId }, 'ignoring prices of a coin that is not in the catalog');
    }
    return false;
  }

  private offer(coinId: string, price: string, ts: number, source: string): void {
    let event: ThrottledPriceEvent | undefined;
    try {
      event = this.throttler.offer({ coinId, price, ts, source });
    } catch (err) {
      this.log.warn({ coinId, price, err: (err as Error).message }, 'skipping a price that is not exact');
      return;
    }
    if (event) this.enqueue([event]);
  }

  private enqueue(events: ThrottledPriceEvent[]): void {
    if (!events.length) return;
    this.queued.push(...events);
    // One batch per turn of the event loop: a burst of ticks becomes one write, not hundreds.
    if (!this.publishScheduled) {
      this.publishScheduled = true;
      setImmediate(() => {
        if (this.publishScheduled) void this.publishNow();
      });
    }
  }

  private marketCap(coinId: string, price: string): string | null {
    const given = this.day.get(coinId)?.marketCap;
    if (given !== undefined) return given;
    const supply = this.options.supplies?.get(coinId);
    // NUMERIC(38, 18) keeps 18 places; round here so the cache holds what the database does.
    return supply ? new Decimal(price).times(supply).toDecimalPlaces(18).toFixed() : null;
  }

  private async publish(batch: ThrottledPriceEvent[]): Promise<void> {
    if (!batch.length) return;
    // The provider's latest 24h figures, merged at publish time: a venue may send the trade just
    // before the ticker that carries them (Coinbase does), and the event should not lack them.
    const events = batch.map((e) => {
      const day = this.day.get(e.coinId);
      if (!day) return e;
      return {
        ...e,
        ...(day.volume24h !== undefined ? { volume24h: day.volume24h } : {}),
        ...(day.change24hPct !== undefined ? { change24hPct: day.change24hPct } : {}),
      };
    });
    try {
      // One row per coin per statement (PostgreSQL refuses to upsert a key twice): the newest.
      const latest = new Map<string, ThrottledPriceEvent>();
      for (const e of events) {
        const seen = latest.get(e.coinId);
        if (!seen || e.ts >= seen.ts) latest.set(e.coinId, e);
      }
      const views: QuoteView[] = [...latest.values()].map((e) => ({
        coinId: e.coinId,
        price: e.price,
        change24hPct:
          e.change24hPct !== undefined && Math.abs(e.change24hPct) < MAX_CHANGE_PCT ? e.change24hPct : null,
        volume24h: e.volume24h ?? null,
        marketCap: this.marketCap(e.coinId, e.price),
        updatedAt: new Date(e.ts).toISOString(),
        source: e.source,
      }));
      this.counters.quotesWritten += await writeQuotes(this.db, views);
      await this.cache.mset(
        views.map((v) => [CacheKey.price(v.coinId), JSON.stringify(v)]),
        CacheTtl.price,
      );
      const payloads: PriceUpdate[] = events.map((e) => ({
        v: 1,
        id: randomUUID(),
        coinId: e.coinId,
        price: e.price,
        high: e.high,
        low: e.low,
        ...(e.volume24h !== undefined ? { volume24h: e.volume24h } : {}),
        ...(e.change24hPct !== undefined ? { change24hPct: e.change24hPct } : {}),
        source: e.source,
        ts: new Date(e.ts).toISOString(),
      }));
      await this.bus.publish(Topic.priceUpdates, payloads);
      this.counters.eventsPublished += payloads.length;
    } catch (err) {
      this.counters.failedWrites++;
      this.log.warn(
        { err: (err as Error).message, events: events.length },
        'could not store or publish prices; later prices will follow',
      );
    }
  }

  private async writeCandles(candles: Candle[]): Promise<void> {
    for (const c of candles) this.unwritten.set(candleKey(c), c);
    if (this.unwritten.size === 0) return;
    const batch = [...this.unwritten.values()];
    try {
      await upsertCandles(this.db, batch);
      this.counters.candlesWritten += batch.length;
      // Only what was written leaves the buffer; a newer value that arrived meanwhile stays.
      for (const c of batch) if (this.unwritten.get(candleKey(c)) === c) this.unwritten.delete(candleKey(c));
    } catch (err) {
      this.counters.failedWrites++;
      this.log.warn(
        { err: (err as Error).message, candles: batch.length },
        'could not write candles; retrying with the next flush',
      );
    }
  }
}

function dayStats(quote: Quote): DayStats {
  const out: DayStats = {};
  if (quote.volume24h !== undefined && isExactDecimal(quote.volume24h)) out.volume24h = quote.volume24h;
  if (quote.change24hPct !== undefined && Number.isFinite(quote.change24hPct))
    out.change24hPct = quote.change24hPct;
  if (quote.marketCap !== undefined && isExactDecimal(quote.marketCap)) out.marketCap = quote.marketCap;
  return out;
}

/**
 * Upserts the latest quotes in one statement; a row is replaced only by a quote at least as
 * recent, so a delayed batch (or a previous leader's last write) cannot move a price backwards.
 */
export async function writeQuotes(db: Pick<Db, '$executeRaw'>, quotes: readonly QuoteView[]) {
  if (!quotes.length) return 0;
  const rows = quotes.map(
    (q) =>
      Prisma.sql`(${q.coinId}, ${q.price}::numeric, ${q.change24hPct === null ? null : q.change24hPct.toFixed(8)}::numeric, ${q.volume24h}::numeric, ${q.marketCap}::numeric, ${q.source}, ${new Date(q.updatedAt)})`,
  );
  return db.$executeRaw`
    INSERT INTO "Quote" ("coinId", "price", "change24hPct", "volume24h", "marketCap", "source", "updatedAt")
    VALUES ${Prisma.join(rows)}
    ON CONFLICT ("coinId") DO UPDATE SET
      "price" = EXCLUDED."price", "change24hPct" = EXCLUDED."change24hPct",
      "volume24h" = EXCLUDED."volume24h", "marketCap" = EXCLUDED."marketCap",
      "source" = EXCLUDED."source", "updatedAt" = EXCLUDED."updatedAt"
    WHERE "Quote"."updatedAt" <= EXCLUDED."updatedAt"`;
}

export { upsertCandles };
