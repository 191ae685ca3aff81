import type { Db } from '../../lib/db';

export type IntervalName = 'MINUTE_1' | 'MINUTE_5' | 'MINUTE_15' | 'HOUR_1' | 'HOUR_4' | 'DAY_1';

/** Closes, highs, lows, volumes and open times of a coin's candles, oldest first. */
export interface CandleColumns {
  t: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/**
 * Reads candles straight from the market-data tables (DESIGN.md allows analytics this read-only
 * shortcut). Prices become floats here on purpose: indicators are statistics, not money.
 */
export async function loadCandleColumns(
  db: Db,
  coinId: string,
  interval: IntervalName,
  days: number,
): Promise<CandleColumns> {
  const from = new Date(Date.now() - days * 86_400_000);
  const rows = await db.$queryRaw<{ t: Date; o: string; h: string; l: string; c: string; v: string }[]>`
    SELECT "openTime" AS t, "open"::text AS o, "high"::text AS h, "low"::text AS l, "close"::text AS c, "volume"::text AS v
    FROM "Candle"
    WHERE "coinId" = ${coinId} AND "interval" = ${interval}::"CandleInterval" AND "openTime" >= ${from}
    ORDER BY "openTime" ASC`;
  const n = rows.length;
  const cols: CandleColumns = {
    t: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    cols.t[i] = r.t.getTime();
    cols.open[i] = Number(r.o);
    cols.high[i] = Number(r.h);
    cols.low[i] = Number(r.l);
    cols.close[i] = Number(r.c);
    cols.volume[i] = Number(r.v);
  }
  return cols;
}
