import type { Db } from '../../lib/db';
import { rebuildRollups, upsertCandles } from './candle-store';
import { INTERVAL_MS, parseOhlcvCsv, type CandleInterval, type CsvLineError } from './core';

export interface CsvImportRequest {
  coinId: string;
  /** Interval of the rows; inferred when omitted (see `parseOhlcvCsv`). */
  interval?: CandleInterval;
  /** The file's text. */
  text: string;
}

export interface CsvImportResult {
  interval: CandleInterval;
  /** Candles written from the file's rows. */
  candles: number;
  /** Coarser candles rebuilt from the stored candles of the file's interval. */
  rolledUp: number;
  /** First and last open time of the file, ms epoch. */
  from: number;
  to: number;
}

/** The file was refused; nothing was written. `errors` carry 1-based line numbers. */
export class CsvImportError extends Error {
  constructor(
    message: string,
    readonly errors: CsvLineError[],
  ) {
    super(message);
    this.name = 'CsvImportError';
  }
}

/**
 * Imports OHLCV history from CSV (`date,open,high,low,close,volume`) for one coin, all or
 * nothing: any bad line refuses the whole file with every problem listed by line number, and
 * the writes run in one transaction. The rows are upserted (the file is the authority for its
 * candles, so importing it twice leaves the same rows), then the coarser candles are rebuilt from
 * the stored candles of the file's interval for every bucket the file covers entirely.
 */
export async function importCandlesCsv(db: Db, request: CsvImportRequest): Promise<CsvImportResult> {
  const parsed = parseOhlcvCsv(request.text, {
    coinId: request.coinId,
    ...(request.interval ? { interval: request.interval } : {}),
  });
  if (parsed.errors.length) {
    throw new CsvImportError(
      `${parsed.errors.length} problem(s) in the file; nothing imported`,
      parsed.errors,
    );
  }
  const interval = parsed.interval;
  const first = parsed.candles[0];
  const last = parsed.candles[parsed.candles.length - 1];
  if (!interval || !first || !last)
    throw new CsvImportError('no data rows', [{ line: 1, message: 'no data rows' }]);
  const coin = await db.coin.findUnique({ where: { id: request.coinId }, select: { id: true } });
  if (!coin) {
    throw new CsvImportError(`unknown coin ${request.coinId}`, [
      { line: 0, message: `coin "${request.coinId}" is not in the catalog` },
    ]);
  }
  const to = last.openTime + INTERVAL_MS[interval];
  return db.$transaction(
    async (tx) => {
      const candles = await upsertCandles(tx, parsed.candles);
      const rolledUp = await rebuildRollups(tx, request.coinId, interval, first.openTime, to);
      return { interval, candles, rolledUp, from: first.openTime, to: last.openTime };
    },
    // Years of minute rows take a while; the default 5 s transaction timeout is for requests.
    { timeout: 30 * 60_000, maxWait: 10_000 },
  );
}
