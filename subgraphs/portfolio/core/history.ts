import { Decimal, ZERO, toDecimal, type DecimalLike } from './decimal';
import { LedgerValidationError, type LedgerIssue } from './errors';
import { LedgerBook, sortTransactions } from './ledger';
import type { CostBasisMethod, Transaction } from './types';
import { validateTransactionFields } from './validate';

const DAY_MS = 86_400_000;

/** A daily candle as market-data serves it: `openTime` is 00:00 UTC of the day it closes. */
export interface DailyClose {
  openTime: Date;
  close: DecimalLike;
}

export type DailyCloses =
  ReadonlyMap<string, readonly DailyClose[]> | Readonly<Record<string, readonly DailyClose[] | undefined>>;

export interface DailyValuePoint {
  /** The UTC day, "YYYY-MM-DD"; values are as of that day's close (24:00 UTC). */
  date: string;
  /** USD cash at the close. */
  cash: Decimal;
  /** Holdings at that day's close price (the last earlier close when the day has none); null if unknown. */
  holdingsValue: Decimal | null;
  /** cash + holdingsValue; null when any held coin has no close on or before the day. */
  value: Decimal | null;
  /**
   * External cash flows during the day: deposits, implicit deposits, TRANSFER_IN at the day's close,
   * minus withdrawals and TRANSFER_OUT at the day's close. Trades, income and fees are not flows.
   */
  netFlow: Decimal | null;
  /** Cumulative net deposits (explicit and implicit, minus withdrawals) at the close. */
  netDeposits: Decimal;
  /**
   * The day's time-weighted return: value / (previous value + netFlow) − 1. Null when either value is
   * unknown or the start value (previous value + netFlow) is not positive (the portfolio was empty).
   */
  dailyReturn: Decimal | null;
  /** Held coins that had no close on or before the day. */
  missingPrices: string[];
}

export interface HistoryInput {
  transactions: readonly Transaction[];
  method?: CostBasisMethod;
  /** Daily candles per coin id, any order. */
  closes: DailyCloses;
  /** First and last day of the series (UTC days; the time of day is ignored). */
  from: Date;
  to: Date;
}

/** The most days one call computes (about 100 years): the caller bounds `days` far lower. */
export const MAX_HISTORY_DAYS = 36_600;

function startOfUtcDay(d: Date): number {
  return Math.floor(d.getTime() / DAY_MS) * DAY_MS;
}

function closesFor(closes: DailyCloses, coinId: string): readonly DailyClose[] {
  if (closes instanceof Map) return (closes as ReadonlyMap<string, readonly DailyClose[]>).get(coinId) ?? [];
  const record = closes as Readonly<Record<string, readonly DailyClose[] | undefined>>;
  return Object.prototype.hasOwnProperty.call(record, coinId) ? (record[coinId] ?? []) : [];
}

/** Walks one coin's closes forward in time, carrying the last close over days without a candle. */
class CloseCursor {
  private readonly series: { day: number; close: Decimal }[];
  private next = 0;
  private current: Decimal | null = null;
  constructor(candles: readonly DailyClose[]) {
    this.series = candles
      .map((c) => ({ day: startOfUtcDay(c.openTime), close: toDecimal(c.close) }))
      .sort((a, b) => a.day - b.day);
  }
  /** The close of `day` or the last one before it; days must be asked in increasing order. */
  at(day: number): Decimal | null {
    while (this.next < this.series.length && this.series[this.next]!.day <= day) {
      this.current = this.series[this.next]!.close;
      this.next += 1;
    }
    return this.current;
  }
}

/**
 * Portfolio value at each day's close from `from` to `to`, with the day's external flows and
 * time-weighted return. Convention (document for users): days are UTC; a day's transactions all happen
 * before its close; external flows count as arriving at the start of the day, right after the previous
 * close, so the day's return is value / (previous value + flows) − 1. Transfers are valued at the day's
 * close, so moving coins in or out is not a gain or loss. Buying, selling, income and fees are not
 * flows: income raises the return and fees lower it. Throws LedgerValidationError if the transactions
 * do not replay cleanly.
 */
export function dailyValueHistory(input: HistoryInput): DailyValuePoint[] {
  const first = startOfUtcDay(input.from);
  const last = startOfUtcDay(input.to);
  if (Number.isNaN(first) || Number.isNaN(last)) throw new RangeError('from and to must be valid dates');
  if (last < first) throw new RangeError('to is before from');
  if ((last - first) / DAY_MS + 1 > MAX_HISTORY_DAYS) throw new RangeError('history range is too long');

  const issues: LedgerIssue[] = [];
  const valid = input.transactions.filter((tx) => {
    const found = validateTransactionFields(tx);
    issues.push(...found);
    return found.length === 0;
  });
  const txs = sortTransactions(valid);
  const book = new LedgerBook(input.method);
  const cursors = new Map<string, CloseCursor>();
  const priceOn = (coinId: string, day: number): Decimal | null => {
    let cursor = cursors.get(coinId);
    if (!cursor) {
      cursor = new CloseCursor(closesFor(input.closes, coinId));
      cursors.set(coinId, cursor);
    }
    return cursor.at(day);
  };

  let i = 0;
  // Applies the transactions executed before `end`; returns the external flows among them, valued on `day`.
  const applyUntil = (end: number, day: number): Decimal | null => {
    let flow: Decimal | null = ZERO;
    for (; i < txs.length && txs[i]!.executedAt.getTime() < end; i += 1) {
      const tx = txs[i]!;
      const found = book.apply(tx);
      if (found.length > 0) {
        issues.push(...found);
        continue;
      }
      const entry = book.lastEntry()!;
      let f = entry.implicitDeposit;
      if (tx.type === 'DEPOSIT') f = f.plus(tx.quantity);
      else if (tx.type === 'WITHDRAWAL') f = f.minus(tx.quantity);
      else if (tx.type === 'TRANSFER_IN' || tx.type === 'TRANSFER_OUT') {
        const close = priceOn(tx.coinId!, day);
        if (close === null) {
          flow = null;
          continue;
        }
        const moved = tx.quantity.times(close);
        f = tx.type === 'TRANSFER_IN' ? f.plus(moved) : f.minus(moved);
      }
      if (flow !== null) flow = flow.plus(f);
    }
    return flow;
  };
  const valueOn = (day: number): { holdings: Decimal | null; missing: string[] } => {
    let holdings = ZERO;
    const missing: string[] = [];
    for (const [coinId, quantity] of book.holdings()) {
      const close = priceOn(coinId, day);
      if (close === null) missing.push(coinId);
      else holdings = holdings.plus(quantity.times(close));
    }
    missing.sort();
    return { holdings: missing.length === 0 ? holdings : null, missing };
  };

  // The day before `from` is the base the first day's return is measured from.
  applyUntil(first, first - DAY_MS);
  const base = valueOn(first - DAY_MS);
  let previous: Decimal | null = base.holdings === null ? null : base.holdings.plus(book.cash);
  const points: DailyValuePoint[] = [];
  for (let day = first; day <= last; day += DAY_MS) {
    const netFlow = applyUntil(day + DAY_MS, day);
    const { holdings, missing } = valueOn(day);
    const value = holdings === null ? null : holdings.plus(book.cash);
    let dailyReturn: Decimal | null = null;
    if (value !== null && previous !== null && netFlow !== null) {
      const start = previous.plus(netFlow);
      if (start.gt(0)) dailyReturn = value.div(start).minus(1);
    }
    points.push({
      date: new Date(day).toISOString().slice(0, 10),
      cash: book.cash,
      holdingsValue: holdings,
      value,
      netFlow,
      netDeposits: book.deposits.plus(book.implicitDeposits).minus(book.withdrawals),
      dailyReturn,
      missingPrices: missing,
    });
    previous = value;
  }
  if (issues.length > 0) throw new LedgerValidationError(issues);
  return points;
}

export interface TimeWeightedReturn {
  /** Π(1 + daily return) − 1 over the days that have one; null when none has. */
  twr: Decimal | null;
  /** Days that contributed a return. */
  days: number;
  /** Days without a return (unknown value or empty portfolio), left out of the product. */
  skippedDays: number;
}

/**
 * Time-weighted return over the series: daily sub-periods chained geometrically, so deposits and
 * withdrawals do not count as performance. A fraction (0.05 = +5%).
 */
export function timeWeightedReturn(
  points: readonly Pick<DailyValuePoint, 'dailyReturn'>[],
): TimeWeightedReturn {
  let growth = new Decimal(1);
  let days = 0;
  for (const p of points) {
    if (p.dailyReturn === null) continue;
    growth = growth.times(p.dailyReturn.plus(1));
    days += 1;
  }
  return { twr: days === 0 ? null : growth.minus(1), days, skippedDays: points.length - days };
}
