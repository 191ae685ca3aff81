/**
 * Input validation for the analytics core. Every check throws {@link AnalyticsInputError}, whose `code`
 * is the platform's `BAD_USER_INPUT`, so a resolver can map it without knowing which check failed.
 */

/** A caller-fixable input problem (period out of range, series of different lengths, ...). */
export class AnalyticsInputError extends Error {
  readonly code = 'BAD_USER_INPUT' as const;
  /** The offending argument's name, for `extensions.argument`-style reporting. */
  readonly argument: string | undefined;

  constructor(message: string, argument?: string) {
    super(message);
    this.name = 'AnalyticsInputError';
    this.argument = argument;
  }
}

/** Narrowing helper for resolvers: `if (isAnalyticsInputError(e)) throw badUserInput(e.message)`. */
export function isAnalyticsInputError(e: unknown): e is AnalyticsInputError {
  return e instanceof AnalyticsInputError;
}

/** TA-Lib's upper bound for every time period; also caps the work one request can ask for. */
export const MAX_PERIOD = 100_000;

/**
 * Checks that `value` is an integer in [min, max] and returns it. The minimums the indicators use are
 * TA-Lib's (2 for SMA/EMA/RSI/Bollinger/MACD fast and slow, 1 for ATR, MACD signal and the stochastic
 * periods), so a request TA-Lib would refuse is refused here too.
 */
export function validatePeriod(name: string, value: number, min = 2, max = MAX_PERIOD): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new AnalyticsInputError(`${name} must be an integer from ${min} to ${max}, got ${value}`, name);
  }
  return value;
}

/** Checks that `value` is a finite number strictly inside (min, max). */
export function validateOpenRange(name: string, value: number, min: number, max: number): number {
  if (!Number.isFinite(value) || value <= min || value >= max) {
    throw new AnalyticsInputError(
      `${name} must be a number greater than ${min} and less than ${max}, got ${value}`,
      name,
    );
  }
  return value;
}

export function assertSameLength(names: readonly string[], arrays: readonly ArrayLike<number>[]): number {
  const n = arrays[0]?.length ?? 0;
  for (let i = 1; i < arrays.length; i++) {
    if (arrays[i]!.length !== n) {
      throw new AnalyticsInputError(`${names.join(', ')} must have the same length`, names[i]);
    }
  }
  return n;
}
