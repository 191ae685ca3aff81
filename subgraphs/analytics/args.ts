/**
 * Argument checks at the API edge. They are stricter than the core's (periods up to 1000, not TA-Lib's
 * 100000) because a period also decides how much history one request reads, and they run before any
 * cache or database access, so an invalid request costs nothing.
 */
import { badInput } from '../../lib/errors';

/** Longest indicator period the API accepts. */
export const API_MAX_PERIOD = 1000;

export function intArg(argument: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw badInput(`${argument} must be an integer from ${min} to ${max}, got ${String(value)}`, {
      argument,
    });
  return value;
}

export const periodArg = (argument: string, value: unknown, min = 2) =>
  intArg(argument, value, min, API_MAX_PERIOD);

/** A finite number in (min, max], or [min, max] when `minInclusive`. */
export function floatArg(
  argument: string,
  value: unknown,
  min: number,
  max: number,
  minInclusive = false,
): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (minInclusive ? value >= min : value > min) &&
    value <= max;
  if (!ok) {
    const range = `${minInclusive ? 'from' : 'greater than'} ${min} ${minInclusive ? 'to' : 'and at most'} ${max}`;
    throw badInput(`${argument} must be a number ${range}, got ${String(value)}`, { argument });
  }
  return value as number;
}

/** An annual risk-free rate as a fraction: greater than −1 (−100 %), at most 1 (100 %). */
export const riskFreeRateArg = (value: unknown) => floatArg('riskFreeRate', value ?? 0, -1, 1);

const COIN_ID = /^[a-z0-9][a-z0-9._-]{0,99}$/;

/** A coin id as the catalog spells them (CoinGecko slugs: lower case, digits, `-`, `.`, `_`). */
export function coinIdArg(argument: string, value: unknown): string {
  if (typeof value !== 'string' || !COIN_ID.test(value))
    throw badInput(`${argument} must be a coin id such as "bitcoin", got ${JSON.stringify(value)}`, {
      argument,
    });
  return value;
}
