import { parse } from 'csv-parse/sync';
import { CANDLE_INTERVALS, INTERVAL_MS, type CandleInterval } from './intervals';
import { formatScaled, parseScaled } from './scaled-decimal';
import type { Candle } from './types';

/** One problem in a CSV file; `line` is 1-based and counts the header line. */
export interface CsvLineError {
  line: number;
  message: string;
}

export interface CsvHistoryResult {
  /** Valid candles sorted by `openTime` (returned even when some lines failed). */
  candles: Candle[];
  /** Every problem found, in line order; an importer should refuse the file when non-empty. */
  errors: CsvLineError[];
  interval: CandleInterval | undefined;
}

export interface CsvHistoryOptions {
  coinId: string;
  /**
   * Candle interval of the rows. When omitted: date-only rows mean DAY_1;
   * timestamped rows take the smallest gap between consecutive rows, which
   * must be one of the CandleInterval sizes.
   */
  interval?: CandleInterval;
}

const REQUIRED = ['date', 'open', 'high', 'low', 'close', 'volume'] as const;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
// An explicit zone is required: a zoneless timestamp is ambiguous and would import at the wrong hour.
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

interface Row {
  line: number;
  openTime: number;
  dateOnly: boolean;
  values: [bigint, bigint, bigint, bigint, bigint];
}

function parseTime(text: string): { ms: number; dateOnly: boolean } | string {
  const d = DATE_ONLY.exec(text);
  if (d) {
    const ms = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]));
    if (new Date(ms).toISOString().slice(0, 10) !== text) return `invalid calendar date "${text}"`;
    return { ms, dateOnly: true };
  }
  if (ISO_TIMESTAMP.test(text)) {
    const ms = Date.parse(text.replace(' ', 'T'));
    if (Number.isNaN(ms)) return `invalid timestamp "${text}"`;
    return { ms, dateOnly: false };
  }
  return `date "${text}" is neither YYYY-MM-DD nor an ISO 8601 timestamp with a zone (e.g. 2024-01-01T00:00:00Z)`;
}

/**
 * Parses OHLCV history (`date,open,high,low,close,volume`, header required,
 * columns in any order, extra columns ignored) into candles, exactly (no
 * floats) and without I/O. Dates are `YYYY-MM-DD` (UTC days) or ISO 8601
 * timestamps with a zone; each row's date is the candle's open time and must
 * sit on a UTC boundary of the interval. Rejected rows: bad dates, values
 * that are not exact decimals, non-positive prices, negative volume, a high
 * below open/close/low or a low above open/close, and repeated dates.
 */
export function parseOhlcvCsv(text: string, options: CsvHistoryOptions): CsvHistoryResult {
  const errors: CsvLineError[] = [];
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      info: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      bom: true,
    });
  } catch (err) {
    const e = err as { lines?: number; message: string };
    return { candles: [], errors: [{ line: e.lines ?? 1, message: e.message }], interval: undefined };
  }
  if (records.length === 0) {
    return { candles: [], errors: [{ line: 1, message: 'no data rows' }], interval: undefined };
  }
  const first = records[0];
  const present = first ? Object.keys(first.record) : [];
  const missing = REQUIRED.filter((c) => !present.includes(c));
  if (missing.length > 0) {
    return {
      candles: [],
      errors: [{ line: 1, message: `missing column(s): ${missing.join(', ')}` }],
      interval: undefined,
    };
  }

  const rows: Row[] = [];
  for (const { record, info } of records) {
    const line = info.lines;
    const cell = (name: (typeof REQUIRED)[number]) => record[name] ?? '';
    const time = parseTime(cell('date'));
    if (typeof time === 'string') {
      errors.push({ line, message: time });
      continue;
    }
    const values: bigint[] = [];
    let bad = false;
    for (const name of ['open', 'high', 'low', 'close', 'volume'] as const) {
      try {
        values.push(parseScaled(cell(name)));
      } catch {
        errors.push({ line, message: `${name} "${cell(name)}" is not an exact decimal` });
        bad = true;
        break;
      }
    }
    if (bad) continue;
    const [open, high, low, close, volume] = values as [bigint, bigint, bigint, bigint, bigint];
    const problem =
      open <= 0n || high <= 0n || low <= 0n || close <= 0n
        ? 'prices must be positive'
        : volume < 0n
          ? 'volume must not be negative'
          : high < open || high < close || high < low
            ? 'high is below open, close or low'
            : low > open || low > close
              ? 'low is above open or close'
              : undefined;
    if (problem) {
      errors.push({ line, message: problem });
      continue;
    }
    rows.push({ line, openTime: time.ms, dateOnly: time.dateOnly, values: [open, high, low, close, volume] });
  }

  rows.sort((a, b) => a.openTime - b.openTime || a.line - b.line);
  const interval = options.interval ?? inferInterval(rows, errors);
  const candles: Candle[] = [];
  if (interval !== undefined) {
    const size = INTERVAL_MS[interval];
    const firstLineAt = new Map<number, number>();
    for (const row of rows) {
      if (row.openTime % size !== 0) {
        errors.push({ line: row.line, message: `date is not on a UTC ${interval} boundary` });
        continue;
      }
      const earlier = firstLineAt.get(row.openTime);
      if (earlier !== undefined) {
        errors.push({ line: row.line, message: `duplicate date (already on line ${earlier})` });
        continue;
      }
      firstLineAt.set(row.openTime, row.line);
      const [open, high, low, close, volume] = row.values.map(formatScaled) as [
        string,
        string,
        string,
        string,
        string,
      ];
      candles.push({
        coinId: options.coinId,
        interval,
        openTime: row.openTime,
        open,
        high,
        low,
        close,
        volume,
      });
    }
  }
  errors.sort((a, b) => a.line - b.line);
  return { candles, errors, interval };
}

function inferInterval(rows: Row[], errors: CsvLineError[]): CandleInterval | undefined {
  if (rows.length === 0) return undefined;
  if (rows.every((r) => r.dateOnly)) return 'DAY_1';
  let gap = Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows.length; i++) {
    const d = (rows[i] as Row).openTime - (rows[i - 1] as Row).openTime;
    if (d > 0 && d < gap) gap = d;
  }
  const match = CANDLE_INTERVALS.find((i) => INTERVAL_MS[i] === gap);
  if (match === undefined) {
    errors.push({
      line: 1,
      message:
        gap === Number.POSITIVE_INFINITY
          ? 'cannot infer the interval from a single timestamp; pass it explicitly'
          : `rows are ${gap} ms apart, which is not a candle interval; pass the interval explicitly`,
    });
  }
  return match;
}
