import { randomUUID } from 'node:crypto';
import { Prisma } from '@prisma/client';
import { CacheKey, CacheTtl, type Cache } from '../../lib/cache';
import type { Db } from '../../lib/db';
import { Topic, type EventBus, type PriceUpdate } from '../../lib/events';
import type { Logger } from '../../lib/logger';
import { CandleAggregator, PriceThrottler, type Candle, type ThrottledPriceEvent } from './core';
import type { QuoteView } from './market';
import type { MarketProvider } from './providers/types';

export interface PipelineOptions {
  /** Price events per second per coin (the latest price is always delivered). */
  maxEventsPerSecond: number;
  /** How often accumulated candles are written. */
  flushIntervalMs: number;
  /** Circulating supplies, to derive market capitalisation from a price. */
  supplies?: ReadonlyMap<string, string>;
}

/**
 * Ingestion: provider ticks become candles (upserted), quotes (database and `price:{coin_id}`)
 * and throttled `price_updates` events. Runs only in the replica holding the ingestion lock.
 */
export class IngestionPipeline {
  private readonly aggregator = new CandleAggregator();
  private readonly throttler: PriceThrottler;
  private readonly change24h = new Map<string, { volume24h?: string; change24hPct?: number }>();
  private timers: NodeJS.Timeout[] = [];
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly provider: MarketProvider,
    private readonly db: Db,
    private readonly cache: Cache,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly options: PipelineOptions,
  ) {
    this.throttler = new PriceThrottler({ maxEventsPerSecond: options.maxEventsPerSecond });
  }

  async start(): Promise<void> {
    await this.provider.start({
      onTick: (tick) => {
        this.aggregator.ingest(tick);
        const extra = this.change24h.get(tick.coinId);
        const event = this.throttler.offer({
          coinId: tick.coinId,
          price: tick.price,
          ts: tick.ts,
          source: tick.source,
          ...extra,
        });
        if (event) void this.emit([event]);
      },
      onQuote: (quote) => {
        this.change24h.set(quote.coinId, { volume24h: quote.volume24h, change24hPct: quote.change24hPct });
      },
      onMinuteCandle: (update) => this.aggregator.ingestMinuteCandle(update),
      onStatus: (status) => this.log.info({ provider: status }, 'market provider status'),
    });
    const tick = Math.max(50, Math.floor(1000 / this.options.maxEventsPerSecond / 2));
    this.timers.push(setInterval(() => void this.emit(this.throttler.takeDue()), tick));
    this.timers.push(setInterval(() => void this.flush(), this.options.flushIntervalMs));
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.provider.stop();
    await this.emit(this.throttler.takeDue());
    await this.flush();
  }

  private marketCap(coinId: string, price: string): Prisma.Decimal | null {
    const supply = this.options.supplies?.get(coinId);
    return supply ? new Prisma.Decimal(price).times(supply) : null;
  }

  /** Writes the quotes, refreshes the cache, then publishes: readers never see an event before its quote. */
  private async emit(events: ThrottledPriceEvent[]): Promise<void> {
    if (!events.length) return;
    try {
      const views: QuoteView[] = [];
      await this.db.$transaction(
        events.map((e) => {
          const data = {
            price: new Prisma.Decimal(e.price),
            change24hPct: e.change24hPct === undefined ? null : new Prisma.Decimal(e.change24hPct.toFixed(8)),
            volume24h: e.volume24h === undefined ? null : new Prisma.Decimal(e.volume24h),
            marketCap: this.marketCap(e.coinId, e.price),
            source: e.source,
            updatedAt: new Date(e.ts),
          };
          views.push({
            coinId: e.coinId,
            price: e.price,
            change24hPct: e.change24hPct ?? null,
            volume24h: e.volume24h ?? null,
            marketCap: data.marketCap?.toFixed() ?? null,
            updatedAt: data.updatedAt.toISOString(),
            source: e.source,
          });
          return this.db.quote.upsert({
            where: { coinId: e.coinId },
            create: { coinId: e.coinId, ...data },
            update: data,
          });
        }),
      );
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
    } catch (err) {
      this.log.warn(
        { err: (err as Error).message },
        'could not store or publish prices; later prices will follow',
      );
    }
  }

  private flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeCandles(this.aggregator.flush()));
    return this.flushing;
  }

  private async writeCandles(candles: Candle[]): Promise<void> {
    if (!candles.length) return;
    try {
      await upsertCandles(this.db, candles);
    } catch (err) {
      this.log.warn({ err: (err as Error).message, candles: candles.length }, 'could not write candles');
    }
  }
}

/** Idempotent batch upsert: a candle re-sent with corrected values replaces the stored one. */
export async function upsertCandles(db: Db, candles: Candle[], batchSize = 500): Promise<void> {
  for (let i = 0; i < candles.length; i += batchSize) {
    const batch = candles.slice(i, i + batchSize);
    const values = batch.map(
      (c) =>
        Prisma.sql`(${c.coinId}, ${c.interval}::"CandleInterval", ${new Date(c.openTime)}, ${c.open}::numeric, ${c.high}::numeric, ${c.low}::numeric, ${c.close}::numeric, ${c.volume}::numeric)`,
    );
    await db.$executeRaw`
      INSERT INTO "Candle" ("coinId", "interval", "openTime", "open", "high", "low", "close", "volume")
      VALUES ${Prisma.join(values)}
      ON CONFLICT ("coinId", "interval", "openTime") DO UPDATE SET
        "open" = EXCLUDED."open", "high" = EXCLUDED."high", "low" = EXCLUDED."low",
        "close" = EXCLUDED."close", "volume" = EXCLUDED."volume"`;
  }
}
