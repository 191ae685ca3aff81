import Decimal from 'decimal.js';

/**
 * Exact decimals as scaled bigints for the tick hot path.
 *
 * Every value is an integer count of 10^-18 units. 18 places cover every
 * venue we read (Binance and Coinbase quote at most 8-10 places, CoinGecko's
 * `precision` tops out at 18), so parsing never rounds: a value with more
 * places is refused instead of silently truncated. bigint (rather than
 * safe-integer scaling) because summed volumes of low-priced tokens overflow
 * 2^53 at this scale.
 */
export const SCALE_DIGITS = 18;
export const SCALE = 10n ** BigInt(SCALE_DIGITS);
const ZEROS = '0'.repeat(SCALE_DIGITS);

/** A decimal string that cannot be represented exactly at 18 places, or is not a number at all. */
export class DecimalFormatError extends Error {
  constructor(readonly input: string) {
    super(`not an exact decimal with at most ${SCALE_DIGITS} fractional digits: ${JSON.stringify(input)}`);
    this.name = 'DecimalFormatError';
  }
}

const PLAIN = /^-?\d+(\.\d+)?$/;
// JSON allows exponents ("1.234e-05"); such text takes the slower decimal.js path.
const EXPONENT = /^-?\d+(\.\d+)?[eE][+-]?\d+$/;

/** Parse a plain ("64123.55") or exponent ("1.2e-7") decimal string into 10^-18 units. */
export function parseScaled(text: string): bigint {
  if (PLAIN.test(text)) {
    const dot = text.indexOf('.');
    if (dot === -1) return BigInt(text) * SCALE;
    const fracLen = text.length - dot - 1;
    if (fracLen > SCALE_DIGITS) {
      // Trailing zeros beyond 18 places are still exact.
      const trimmed = text.replace(/0+$/, '');
      if (trimmed.length - dot - 1 > SCALE_DIGITS) throw new DecimalFormatError(text);
      return parseScaled(trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed);
    }
    return BigInt(text.slice(0, dot) + text.slice(dot + 1) + ZEROS.slice(fracLen));
  }
  if (EXPONENT.test(text)) {
    const d = new Decimal(text);
    if (d.decimalPlaces() > SCALE_DIGITS) throw new DecimalFormatError(text);
    return parseScaled(d.toFixed());
  }
  throw new DecimalFormatError(text);
}

/** Format 10^-18 units as the shortest plain decimal string ("1.1", "64123.55", "0"). */
export function formatScaled(value: bigint): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const int = abs / SCALE;
  const frac = abs % SCALE;
  let text = int.toString();
  if (frac !== 0n) {
    const digits = frac.toString().padStart(SCALE_DIGITS, '0').replace(/0+$/, '');
    text += '.' + digits;
  }
  return negative ? '-' + text : text;
}

/** Normalise any accepted decimal text to its canonical plain form (exactly, never via floats). */
export function canonicalDecimal(text: string): string {
  return formatScaled(parseScaled(text));
}

/** True when `text` is an exact decimal the core accepts. */
export function isExactDecimal(text: string): boolean {
  try {
    parseScaled(text);
    return true;
  } catch {
    return false;
  }
}
