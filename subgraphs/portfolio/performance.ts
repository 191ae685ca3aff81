import { badInput } from '../../lib/errors';
// The analytics core's pure risk functions: one definition of each metric for coins and portfolios.
import { annualizedVolatility, historicalVaR, maxDrawdown, sharpeRatio } from '../analytics/core';
import { timeWeightedReturn, type DailyValuePoint } from './core';

const DAY_MS = 86_400_000;
/** Longest period one request may ask for (ten years of daily points). */
export const MAX_PERIOD_DAYS = 3650;

export interface HistoryWindow {
  /** 00:00 UTC of the first day. */
  from: Date;
  /** 00:00 UTC of the last day. */
  to: Date;
}

const dayOf = (d: Date) => Math.floor(d.getTime() / DAY_MS) * DAY_MS;
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The period of a history, TWR or analytics request: it ends on `to` (default today, UTC; a later
 * day is cut to today, whose values are not known yet) and starts on `from`, or `days` days before
 * the end. At most MAX_PERIOD_DAYS days; anything else is BAD_USER_INPUT.
 */
export function historyWindow(
  args: { days?: number | null; from?: Date | null; to?: Date | null },
  now: Date,
): HistoryWindow {
  const today = dayOf(now);
  const end = args.to ? Math.min(dayOf(args.to), today) : today;
  let start: number;
  if (args.from) {
    start = dayOf(args.from);
    if (start > end) throw badInput('from must not be after to (or after today)', { field: 'from' });
  } else {
    const days = args.days ?? 90;
    if (!Number.isInteger(days) || days < 1 || days > MAX_PERIOD_DAYS) {
      throw badInput(`days must be between 1 and ${MAX_PERIOD_DAYS}`, { field: 'days' });
    }
    start = end - (days - 1) * DAY_MS;
  }
  if ((end - start) / DAY_MS + 1 > MAX_PERIOD_DAYS) {
    throw badInput(`the period must not be longer than ${MAX_PERIOD_DAYS} days`, { field: 'from' });
  }
  return { from: new Date(start), to: new Date(end) };
}

export interface PortfolioRisk {
  from: string;
  to: string;
  observations: number;
  volatility: number | null;
  maxDrawdown: number | null;
  valueAtRisk95: number | null;
  /** The Sharpe ratio for an annual risk-free rate (a fraction). */
  sharpeRatio(riskFreeRate: number): number | null;
}

/**
 * Risk of a portfolio from its daily value history. The metrics use the days' time-weighted returns,
 * not the raw values, so a deposit is not a gain and a withdrawal not a drawdown: the drawdown is
 * measured on the wealth index 1, Π(1 + r) built from those returns. Days without a return (empty
 * portfolio, unknown price) are left out. Returns become floats here on purpose: these are
 * statistics, not money.
 */
export function portfolioRisk(points: readonly DailyValuePoint[], window: HistoryWindow): PortfolioRisk {
  const returns: number[] = [];
  for (const p of points) if (p.dailyReturn !== null) returns.push(p.dailyReturn.toNumber());
  const wealth = new Float64Array(returns.length + 1);
  wealth[0] = 1;
  returns.forEach((r, i) => (wealth[i + 1] = wealth[i]! * (1 + r)));
  return {
    from: isoDay(window.from),
    to: isoDay(window.to),
    observations: returns.length,
    volatility: annualizedVolatility(returns),
    maxDrawdown: returns.length ? (maxDrawdown(wealth)?.maxDrawdown ?? null) : null,
    valueAtRisk95: historicalVaR(returns, 0.95),
    sharpeRatio: (riskFreeRate) => {
      if (!Number.isFinite(riskFreeRate) || riskFreeRate <= -1) {
        throw badInput('riskFreeRate must be a fraction greater than -1 (0.04 = 4 %)', {
          field: 'riskFreeRate',
        });
      }
      return sharpeRatio(returns, { riskFreeRate });
    },
  };
}

/** The time-weighted return of a value history, as the API shows it. */
export function twrOf(points: readonly DailyValuePoint[], window: HistoryWindow) {
  const twr = timeWeightedReturn(points);
  return {
    from: isoDay(window.from),
    to: isoDay(window.to),
    value: twr.twr === null ? null : twr.twr.toNumber(),
    days: twr.days,
    skippedDays: twr.skippedDays,
  };
}
