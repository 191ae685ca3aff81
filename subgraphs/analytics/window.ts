import { badInput } from '../../lib/errors';

export type IntervalName = 'MINUTE_1' | 'MINUTE_5' | 'MINUTE_15' | 'HOUR_1' | 'HOUR_4' | 'DAY_1';

export const DAY_MS = 86_400_000;

export const INTERVAL_MS: Readonly<Record<IntervalName, number>> = {
  MINUTE_1: 60_000,
  MINUTE_5: 5 * 60_000,
  MINUTE_15: 15 * 60_000,
  HOUR_1: 3_600_000,
  HOUR_4: 4 * 3_600_000,
  DAY_1: DAY_MS,
};

/** Ten years: the longest window any interval allows. */
export const MAX_DAYS = 3650;
/**
 * One year of 1-minute candles (the benchmark's size): the most candles one window may hold, so that
 * one request cannot load millions of rows. It caps MINUTE_1 at 365 days and MINUTE_5 at 1825.
 */
export const MAX_WINDOW_CANDLES = 525_600;

/** The longest `days` an interval allows: MAX_DAYS, or fewer where the window would exceed MAX_WINDOW_CANDLES. */
export function maxDays(interval: IntervalName): number {
  return Math.min(MAX_DAYS, Math.floor((MAX_WINDOW_CANDLES * INTERVAL_MS[interval]) / DAY_MS));
}

/** Checks `days` for an interval; BAD_USER_INPUT naming the allowed range otherwise. */
export function validateDays(interval: IntervalName, days: number): number {
  const max = maxDays(interval);
  if (!Number.isInteger(days) || days < 1 || days > max)
    throw badInput(`days must be an integer from 1 to ${max} for ${interval} candles, got ${days}`, {
      argument: 'days',
    });
  return days;
}

/**
 * An analytics window: the candles of `interval` that opened in the last `days` days before `now`
 * (openTime ≥ now − days). `now` is fixed once per request so that every field sees the same window.
 */
export interface AnalyticsWindow {
  interval: IntervalName;
  days: number;
  /** Window start, ms since the epoch. */
  from: number;
}

export function analyticsWindow(interval: IntervalName, days: number, now: number): AnalyticsWindow {
  return { interval, days: validateDays(interval, days), from: now - days * DAY_MS };
}
