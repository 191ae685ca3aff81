import DecimalJs from 'decimal.js';

/**
 * The ledger's own Decimal constructor. A clone, so no other module's global `Decimal.set` can change
 * our precision or rounding.
 *
 * Why 80 significant digits: inputs carry at most {@link MAX_SCALE} decimal places and stay below
 * {@link MAX_MAGNITUDE}, so a quantity × price product needs at most 36 + 36 = 72 digits. Sums and
 * products of inputs are therefore exact; the only inexact operations are divisions (average cost,
 * partial lots, percentages), and the ledger quantises those to {@link BASIS_SCALE} places at once so
 * that every later sum stays exact.
 */
export const Decimal = DecimalJs.clone({
  precision: 80,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  // toString() never switches to exponent notation for values the ledger can hold.
  toExpNeg: -80,
  toExpPos: 80,
});
export type Decimal = DecimalJs;

/** Most decimal places accepted on quantities, prices and fees (the storage scale: wei has 18). */
export const MAX_SCALE = 18;
/** Inputs must be strictly below this magnitude (1e18), which keeps all sums and products exact. */
export const MAX_MAGNITUDE = new Decimal('1e18');
/** Decimal places kept for cost basis split by a division (partial lots, average cost). */
export const BASIS_SCALE = 18;

export const ZERO = new Decimal(0);

/** Anything that prints as a decimal number: our Decimal, Prisma's Decimal, or a decimal string. */
export type DecimalLike = DecimalJs | string | { toString(): string };

/** Plain decimal notation: optional sign, digits, optional fraction. No exponents, no separators. */
const PLAIN_DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
/** What stored and transported decimals may look like: Prisma's Decimal prints 1e-7 for 0.0000001. */
const STORED_DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Converts a stored or transported value (our Decimal, Prisma's Decimal, a decimal string such as
 * "0.1" or "1e-7") to the ledger's Decimal. JS numbers are accepted only when they are safe integers,
 * so a float never sneaks into money. Throws TypeError on anything else (NaN, Infinity, hex, "").
 * For user input use the stricter {@link parseDecimal}.
 */
export function toDecimal(value: DecimalLike | number): Decimal {
  if (value instanceof Decimal) return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`refusing a non-integer JS number ${value}`);
    return new Decimal(value);
  }
  const text = typeof value === 'string' ? value.trim() : value.toString();
  if (!STORED_DECIMAL.test(text)) throw new TypeError(`not a decimal number: "${text}"`);
  return new Decimal(text);
}

/** User input: plain notation only ("1234.5", no exponent or separators); null when it is not. */
export function parseDecimal(text: string): Decimal | null {
  const trimmed = text.trim();
  return PLAIN_DECIMAL.test(trimmed) ? new Decimal(trimmed) : null;
}

/** True when the value fits the ledger's exact range: at most MAX_SCALE places, below MAX_MAGNITUDE. */
export function withinLedgerRange(value: Decimal): boolean {
  return value.isFinite() && value.decimalPlaces() <= MAX_SCALE && value.abs().lt(MAX_MAGNITUDE);
}

/** Rounds a division result to BASIS_SCALE places (half-even), the ledger's only rounding step. */
export function quantize(value: Decimal): Decimal {
  return value.toDecimalPlaces(BASIS_SCALE, DecimalJs.ROUND_HALF_EVEN);
}

/** Serialises for GraphQL and events: plain notation, no exponent, no trailing zeros ("0.3"). */
export function toDecimalString(value: Decimal): string {
  return value.toFixed();
}
