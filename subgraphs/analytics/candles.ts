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
 * halves walk the table's primary key (coinId, interval, openTime).
 *
 * Each column comes back as one float8 array in text form rather than one row per candle: a year of
 * 1-minute candles (525,600 rows) then reads several times faster, because the driver builds six
 * strings instead of half a million row objects. PostgreSQL converts numeric to float8 with correct
 * rounding and prints float8 in the shortest form that round-trips, so the numbers are exactly what
 * `Number(decimal string)` gives. Prices become floats here on purpose: indicators are statistics,
 * not money.
 */
export function dbCandleSource(db: Db): CandleSource {
  return {
    async load(coinId, interval, from, warmup) {
      const fromDate = new Date(from);
      const [row] = await db.$queryRaw<
        {
          n: number;
          warm: number;
          t: string | null;
          o: string | null;
          h: string | null;
          l: string | null;
          c: string | null;
          v: string | null;
        }[]
      >`
        WITH w AS (
          (SELECT "openTime", "open", "high", "low", "close", "volume", true AS warm
           FROM "Candle"
           WHERE "coinId" = ${coinId} AND "interval" = ${interval}::"CandleInterval" AND "openTime" < ${fromDate}
           ORDER BY "openTime" DESC
           LIMIT ${warmup})
          UNION ALL
          (SELECT "openTime", "open", "high", "low", "close", "volume", false
           FROM "Candle"
           WHERE "coinId" = ${coinId} AND "interval" = ${interval}::"CandleInterval" AND "openTime" >= ${fromDate})
        )
        SELECT count(*)::int AS n,
               (count(*) FILTER (WHERE warm))::int AS warm,
               array_agg((extract(epoch FROM "openTime") * 1000)::float8 ORDER BY "openTime")::text AS t,
               array_agg("open"::float8 ORDER BY "openTime")::text AS o,
               array_agg("high"::float8 ORDER BY "openTime")::text AS h,
               array_agg("low"::float8 ORDER BY "openTime")::text AS l,
               array_agg("close"::float8 ORDER BY "openTime")::text AS c,
               array_agg("volume"::float8 ORDER BY "openTime")::text AS v
        FROM w`;
      const n = row?.n ?? 0;
      return {
        cols: {
          t: floatArray(row?.t, n),
          open: floatArray(row?.o, n),
          high: floatArray(row?.h, n),
          low: floatArray(row?.l, n),
          close: floatArray(row?.c, n),
          volume: floatArray(row?.v, n),
        },
        windowStart: row?.warm ?? 0,
      };
    },
  };
}

/** Parses PostgreSQL's text form of a float8[] ("{1,2.5,1e-05}"); NULL (no rows) is empty. */
export function floatArray(text: string | null | undefined, n: number): Float64Array {
  const out = new Float64Array(n);
  if (!text || n === 0) return out;
  const parts = text.slice(1, -1).split(',');
  if (parts.length !== n) throw new Error(`candle column has ${parts.length} values, expected ${n}`);
  for (let i = 0; i < n; i++) {
    const x = Number(parts[i]);
    // numeric NaN exists in PostgreSQL; a corrupt row must fail loudly, not turn into a NaN series
    if (!Number.isFinite(x)) throw new Error(`candle column holds a non-finite value: ${parts[i]}`);
    out[i] = x;
  }
  return out;
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

/**
 * Every read fetches at least this many warm-up candles: enough for the default RSI, ATR and MACD
 * (294, 294 and 396), so that a typical request reads once even when a metric with a short warm-up
 * asks first. A few hundred extra rows cost little next to a second query.
 */
export const MIN_READ_WARMUP = 400;

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
      const read = Math.max(warmup, MIN_READ_WARMUP);
      entry = { warmup: read, promise: this.source.load(coinId, interval, from, read) };
      this.memo.set(key, entry);
    }
    return withWarmup(await entry.promise, warmup);
  }
}
