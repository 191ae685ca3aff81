import { Prisma, type Candle as CandleRow } from '@prisma/client';
import type { Db } from '../../lib/db';
import {
  CANDLE_INTERVALS,
  coveredRollupRanges,
  INTERVAL_MS,
  rollUp,
  type Candle,
  type CandleInterval,
} from './core';

/** Prisma's client or an interactive transaction: both run these queries. */
export type DbClient = Pick<Db, '$executeRaw' | 'candle'>;

const DAY_MS = INTERVAL_MS.DAY_1;

function values(candles: readonly Candle[]) {
  return Prisma.join(
    candles.map(
      (c) =>
        Prisma.sql`(${c.coinId}, ${c.interval}::"CandleInterval", ${new Date(c.openTime)}, ${c.open}::numeric, ${c.high}::numeric, ${c.low}::numeric, ${c.close}::numeric, ${c.volume}::numeric)`,
    ),
  );
}

/**
 * Idempotent batch upsert keyed by (coin, interval, open time): a candle sent again with
 * corrected values replaces the stored one. Candles of one batch must have distinct keys.
 * Returns the number of rows written.
 */
export async function upsertCandles(db: DbClient, candles: readonly Candle[], batchSize = 1000) {
  let written = 0;
  for (let i = 0; i < candles.length; i += batchSize) {
    written += await db.$executeRaw`
      INSERT INTO "Candle" ("coinId", "interval", "openTime", "open", "high", "low", "close", "volume")
      VALUES ${values(candles.slice(i, i + batchSize))}
      ON CONFLICT ("coinId", "interval", "openTime") DO UPDATE SET
        "open" = EXCLUDED."open", "high" = EXCLUDED."high", "low" = EXCLUDED."low",
        "close" = EXCLUDED."close", "volume" = EXCLUDED."volume"`;
  }
  return written;
}

/** Inserts only the candles not stored yet (stored ones are kept as they are); returns how many. */
export async function insertMissingCandles(db: DbClient, candles: readonly Candle[], batchSize = 1000) {
  let inserted = 0;
  for (let i = 0; i < candles.length; i += batchSize) {
    inserted += await db.$executeRaw`
      INSERT INTO "Candle" ("coinId", "interval", "openTime", "open", "high", "low", "close", "volume")
      VALUES ${values(candles.slice(i, i + batchSize))}
      ON CONFLICT ("coinId", "interval", "openTime") DO NOTHING`;
  }
  return inserted;
}

export function candleFromRow(row: CandleRow): Candle {
  return {
    coinId: row.coinId,
    interval: row.interval,
    openTime: row.openTime.getTime(),
    open: row.open.toFixed(),
    high: row.high.toFixed(),
    low: row.low.toFixed(),
    close: row.close.toFixed(),
    volume: row.volume.toFixed(),
  };
}

/**
 * The stored candles whose buckets may still change at `nowMs`: for each interval, those that
 * opened less than one interval plus `graceMs` ago. Ingestion seeds its aggregator with them after
 * a restart or a failover, so new ticks extend today's candle instead of replacing it.
 */
export async function loadOpenCandles(
  db: Pick<Db, 'candle'>,
  nowMs: number,
  graceMs: number,
  coinIds?: readonly string[],
): Promise<Candle[]> {
  // One query per interval: each is a range on the (coin, interval, open time) key.
  const perInterval = await Promise.all(
    CANDLE_INTERVALS.map((interval) =>
      db.candle.findMany({
        where: {
          ...(coinIds ? { coinId: { in: [...coinIds] } } : {}),
          interval,
          openTime: { gt: new Date(nowMs - INTERVAL_MS[interval] - graceMs) },
        },
      }),
    ),
  );
  const rows = perInterval.flat();
  return rows.map(candleFromRow);
}

/**
 * Rebuilds the roll-ups of `coinId` from its stored `base` candles in every coarser bucket lying
 * entirely inside [fromMs, toMs) (see `coveredRollupRanges`), one UTC day at a time so memory
 * stays bounded for long histories. Stored base candles count whatever wrote them (live
 * ingestion, a backfill, an import). Returns the number of roll-up candles written.
 */
export async function rebuildRollups(
  db: DbClient,
  coinId: string,
  base: CandleInterval,
  fromMs: number,
  toMs: number,
): Promise<number> {
  const ranges = coveredRollupRanges(base, fromMs, toMs, CANDLE_INTERVALS);
  if (ranges.length === 0) return 0;
  const start = Math.min(...ranges.map((r) => r.from));
  const end = Math.max(...ranges.map((r) => r.to));
  let written = 0;
  // Every interval divides a day, so no bucket straddles two chunks.
  for (let day = Math.floor(start / DAY_MS) * DAY_MS; day < end; day += DAY_MS) {
    const chunkFrom = Math.max(day, start);
    const chunkTo = Math.min(day + DAY_MS, end);
    const rows = await db.candle.findMany({
      where: { coinId, interval: base, openTime: { gte: new Date(chunkFrom), lt: new Date(chunkTo) } },
    });
    if (rows.length === 0) continue;
    const stored = rows.map(candleFromRow);
    const out: Candle[] = [];
    for (const range of ranges) {
      const inside = stored.filter((c) => c.openTime >= range.from && c.openTime < range.to);
      if (inside.length) out.push(...rollUp(inside, range.interval));
    }
    written += await upsertCandles(db, out);
  }
  return written;
}
