import type { Db } from '../../lib/db';
import type { IntervalName } from './window';

/** Open times (ms) and OHLCV of a coin's candles, oldest first. */
export interface CandleColumns {
  t: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/**
 * A window's candles preceded by up to `warmup` earlier ones: index `windowStart` is the window's first
 * candle (or the length, when the window is empty). Fewer warm-up candles than asked means the coin's
 * history starts there.
 */
export interface LoadedCandles {
  cols: CandleColumns;
  windowStart: number;
}

/** Where candles come from: the market-data table in production, fixtures in unit tests. */
export interface CandleSource {
  load(coinId: string, interval: IntervalName, from: number, warmup: number): Promise<LoadedCandles>;
}

/**
 * Reads candles straight from the market-data `Candle` table (DESIGN.md allows analytics this
 * read-only shortcut: going through the graph would move every candle through two subgraphs). Both
 * halves walk the table's primary key (coinId, interval, openTime). Prices become floats here on
 * purpose: indicators are statistics, not money.
 */
export function dbCandleSource(db: Db): CandleSource {
  return {
    async load(coinId, interval, from, warmup) {
      const fromDate = new Date(from);
      const rows = await db.$queryRaw<
        { t: Date; o: string; h: string; l: string; c: string; v: string; w: boolean }[]
      >`
        SELECT * FROM (
          (SELECT "openTime" AS t, "open"::text AS o, "high"::text AS h, "low"::text AS l,
                  "close"::text AS c, "volume"::text AS v, true AS w
           FROM "Candle"
           WHERE "coinId" = ${coinId} AND "interval" = ${interval}::"CandleInterval" AND "openTime" < ${fromDate}
           ORDER BY "openTime" DESC
           LIMIT ${warmup})
          UNION ALL
          (SELECT "openTime", "open"::text, "high"::text, "low"::text, "close"::text, "volume"::text, false
           FROM "Candle"
           WHERE "coinId" = ${coinId} AND "interval" = ${interval}::"CandleInterval" AND "openTime" >= ${fromDate})
        ) c
        ORDER BY t ASC`;
      const n = rows.length;
      const cols: CandleColumns = {
        t: new Float64Array(n),
        open: new Float64Array(n),
        high: new Float64Array(n),
        low: new Float64Array(n),
        close: new Float64Array(n),
        volume: new Float64Array(n),
      };
      let windowStart = 0;
      for (let i = 0; i < n; i++) {
        const r = rows[i]!;
        if (r.w) windowStart = i + 1;
        cols.t[i] = r.t.getTime();
        cols.open[i] = Number(r.o);
        cols.high[i] = Number(r.h);
        cols.low[i] = Number(r.l);
        cols.close[i] = Number(r.c);
        cols.volume[i] = Number(r.v);
      }
      return { cols, windowStart };
    },
  };
}

/** The last `warmup` warm-up candles and the window (views, no copy). */
export function withWarmup(loaded: LoadedCandles, warmup: number): LoadedCandles {
  const start = Math.max(0, loaded.windowStart - warmup);
  if (start === 0) return loaded;
  const { cols } = loaded;
  return {
    cols: {
      t: cols.t.subarray(start),
      open: cols.open.subarray(start),
      high: cols.high.subarray(start),
      low: cols.low.subarray(start),
      close: cols.close.subarray(start),
      volume: cols.volume.subarray(start),
    },
    windowStart: loaded.windowStart - start,
  };
}

interface MemoEntry {
  warmup: number;
  promise: Promise<LoadedCandles>;
}

/**
 * Per-request candle reads: one query per coin, interval and window however many metrics a request
 * asks for. A request for more warm-up than an earlier read loaded reads again with the larger warm-up
 * and keeps that; smaller ones are served as views of the largest.
 */
export class RequestCandles {
  private readonly memo = new Map<string, MemoEntry>();

  constructor(private readonly source: CandleSource) {}

  async get(coinId: string, interval: IntervalName, from: number, warmup: number): Promise<LoadedCandles> {
    const key = `${coinId}\u0000${interval}\u0000${from}`;
    let entry = this.memo.get(key);
    if (!entry || entry.warmup < warmup) {
      entry = { warmup, promise: this.source.load(coinId, interval, from, warmup) };
      this.memo.set(key, entry);
    }
    return withWarmup(await entry.promise, warmup);
  }
}
