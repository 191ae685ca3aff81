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
 * Each column comes back as one float8 array in PostgreSQL's binary form (array_send, base64) rather
 * than one row per candle: a year of 1-minute candles (525,600 rows) reads in about a third of the
 * time, because neither side formats or parses half a million rows of decimal text. PostgreSQL's
 * numeric → float8 conversion rounds correctly, so the numbers are exactly what
 * `Number(decimal string)` gives. Prices become floats here on purpose: indicators are statistics,
 * not money.
 */
export function dbCandleSource(db: Db): CandleSource {
  return {
    async load(coinId, interval, from, warmup) {
      const fromDate = new Date(from);
      // The aggregates read the rows in the subquery's order (no ORDER BY inside array_agg, which would
      // sort once per column); decodeColumns checks that order and sorts if it ever is not kept.
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
        SELECT count(*)::int AS n,
               (count(*) FILTER (WHERE warm))::int AS warm,
               encode(array_send(array_agg(t)), 'base64') AS t,
               encode(array_send(array_agg(o)), 'base64') AS o,
               encode(array_send(array_agg(h)), 'base64') AS h,
               encode(array_send(array_agg(l)), 'base64') AS l,
               encode(array_send(array_agg(c)), 'base64') AS c,
               encode(array_send(array_agg(v)), 'base64') AS v
        FROM (
          SELECT (extract(epoch FROM "openTime") * 1000)::float8 AS t, "open"::float8 AS o,
                 "high"::float8 AS h, "low"::float8 AS l, "close"::float8 AS c, "volume"::float8 AS v, warm
          FROM (
            (SELECT "openTime", "open", "high", "low", "close", "volume", true AS warm
             FROM "Candle"
             WHERE "coinId" = ${coinId} AND "interval" = ${interval}::"CandleInterval" AND "openTime" < ${fromDate}
             ORDER BY "openTime" DESC
             LIMIT ${warmup})
            UNION ALL
            (SELECT "openTime", "open", "high", "low", "close", "volume", false
             FROM "Candle"
             WHERE "coinId" = ${coinId} AND "interval" = ${interval}::"CandleInterval" AND "openTime" >= ${fromDate})
          ) u
          ORDER BY "openTime"
        ) s`;
      const n = row?.n ?? 0;
      const cols = ascending({
        t: float8Array(row?.t, n),
        open: float8Array(row?.o, n),
        high: float8Array(row?.h, n),
        low: float8Array(row?.l, n),
        close: float8Array(row?.c, n),
        volume: float8Array(row?.v, n),
      });
      return { cols, windowStart: row?.warm ?? 0 };
    },
  };
}

const FLOAT8_OID = 701;

/**
 * Decodes a base64 `array_send` of a one-dimensional float8[] without NULLs (PostgreSQL's binary array
 * format: ndim, has-nulls flag, element type, then per dimension its size and lower bound, then per
 * element its byte length and big-endian value). NULL (no rows) is an empty array.
 */
export function float8Array(base64: string | null | undefined, n: number): Float64Array {
  const out = new Float64Array(n);
  if (!base64 || n === 0) return out;
  const buf = Buffer.from(base64, 'base64');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const ndim = view.getInt32(0);
  if (
    ndim !== 1 ||
    view.getInt32(8) !== FLOAT8_OID ||
    view.getInt32(12) !== n ||
    buf.byteLength !== 20 + 12 * n
  )
    throw new Error(`unexpected candle column: ${ndim} dimensions, ${buf.byteLength} bytes for ${n} values`);
  for (let i = 0, off = 20; i < n; i++, off += 12) {
    const x = view.getFloat64(off + 4);
    // numeric NaN exists in PostgreSQL; a corrupt row must fail loudly, not become a NaN series
    if (view.getInt32(off) !== 8 || !Number.isFinite(x))
      throw new Error(`candle column value ${i} is not finite`);
    out[i] = x;
  }
  return out;
}

/** The columns in ascending open time: as read, unless the database ever ignored the order. */
export function ascending(cols: CandleColumns): CandleColumns {
  const { t } = cols;
  let sorted = true;
  for (let i = 1; i < t.length && sorted; i++) sorted = t[i - 1]! < t[i]!;
  if (sorted) return cols;
  const order = Array.from(t.keys()).sort((a, b) => t[a]! - t[b]!);
  const by = (a: Float64Array) => Float64Array.from(order, (i) => a[i]!);
  return {
    t: by(cols.t),
    open: by(cols.open),
    high: by(cols.high),
    low: by(cols.low),
    close: by(cols.close),
    volume: by(cols.volume),
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
