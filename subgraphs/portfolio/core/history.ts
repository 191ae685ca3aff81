import { Decimal, ZERO, toDecimal, type DecimalLike } from './decimal';
import { LedgerValidationError, type LedgerIssue } from './errors';
import { LedgerBook, normalizeTransaction, sortTransactions } from './ledger';
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
   * External flows during the day: deposits and implicit deposits, plus TRANSFER_IN, minus withdrawals
   * and TRANSFER_OUT, transfers valued at the previous day's close (the day's own close for a coin
   * without an earlier one). Trades, income and fees are not flows. Null when a transferred coin has
   * no close at all.
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

/** One coin's closes, sorted, looked up as "the close of this day or the last one before it". */
class CloseSeries {
  private readonly days: number[];
  private readonly closes: Decimal[];
  constructor(candles: readonly DailyClose[]) {
    const sorted = candles
      .map((c) => ({ day: startOfUtcDay(c.openTime), close: toDecimal(c.close) }))
      .sort((a, b) => a.day - b.day);
    this.days = sorted.map((c) => c.day);
    this.closes = sorted.map((c) => c.close);
  }
  onOrBefore(day: number): Decimal | null {
    let lo = 0;
    let hi = this.days.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.days[mid]! <= day) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? null : this.closes[lo - 1]!;
  }
}

/**
 * Portfolio value at each day's close from `from` to `to`, with the day's external flows and
 * time-weighted return. Conventions (for users): days are UTC; a day's transactions all happen before
 * its close; external flows (deposits, implicit deposits, withdrawals, transfers) count as arriving at
 * the start of the day, right after the previous close, so the day's return is
 * value / (previous value + flows) − 1. Transfers are valued at the previous close, so moving coins in
 * or out is neither gain nor loss. Buying and selling are not flows; income raises the return and fees
 * lower it. A held coin without a candle that day is valued at its last earlier close. Throws
 * LedgerValidationError if the transactions up to `to` do not replay cleanly.
 */
export function dailyValueHistory(input: HistoryInput): DailyValuePoint[] {
  const first = startOfUtcDay(input.from);
  const last = startOfUtcDay(input.to);
  if (Number.isNaN(first) || Number.isNaN(last)) throw new RangeError('from and to must be valid dates');
  if (last < first) throw new RangeError('to is before from');
  if ((last - first) / DAY_MS + 1 > MAX_HISTORY_DAYS) throw new RangeError('history range is too long');

  const issues: LedgerIssue[] = [];
  const valid = input.transactions.map(normalizeTransaction).filter((tx) => {
    const found = validateTransactionFields(tx);
    issues.push(...found);
    return found.length === 0;
  });
  if (issues.length > 0) throw new LedgerValidationError(issues);
  const txs = sortTransactions(valid);
  const book = new LedgerBook(input.method);
  const series = new Map<string, CloseSeries>();
  const priceOn = (coinId: string, day: number): Decimal | null => {
    let found = series.get(coinId);
    if (!found) {
      found = new CloseSeries(closesFor(input.closes, coinId));
      series.set(coinId, found);
    }
    return found.onOrBefore(day);
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
        // Like cash, moved coins count as arriving at the start of the day: at the previous close.
        const close = priceOn(tx.coinId!, day - DAY_MS) ?? priceOn(tx.coinId!, day);
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
