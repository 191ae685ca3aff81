import Decimal from 'decimal.js';
import fc from 'fast-check';
import { canonicalDecimal, DecimalFormatError, formatScaled, parseScaled, SCALE } from './scaled-decimal';

describe('scaled decimals', () => {
  it('round-trips any decimal with up to 18 places exactly (property, checked with decimal.js)', () => {
    const decimalText = fc
      .tuple(fc.bigInt({ min: 0n, max: 10n ** 24n }), fc.integer({ min: 0, max: 18 }), fc.boolean())
      .map(([digits, places, negative]) =>
        new Decimal(digits.toString())
          .div(new Decimal(10).pow(places))
          .mul(negative ? -1 : 1)
          .toFixed(),
      );
    fc.assert(
      fc.property(decimalText, (text) => {
        expect(formatScaled(parseScaled(text))).toBe(new Decimal(text).toFixed());
      }),
    );
  });

  it('parses plain text into 10^-18 units', () => {
    expect(parseScaled('1')).toBe(SCALE);
    expect(parseScaled('64123.55')).toBe(64123550000000000000000n);
    expect(parseScaled('-0.5')).toBe(-SCALE / 2n);
  });

  it('accepts JSON exponent notation exactly', () => {
    expect(formatScaled(parseScaled('1.234e-5'))).toBe('0.00001234');
    expect(formatScaled(parseScaled('2E+3'))).toBe('2000');
  });

  it('refuses what it cannot hold exactly, but keeps trailing zeros beyond 18 places', () => {
    expect(() => parseScaled('0.0000000000000000001')).toThrow(DecimalFormatError);
    expect(() => parseScaled('1e-19')).toThrow(DecimalFormatError);
    expect(formatScaled(parseScaled('1.50000000000000000000000'))).toBe('1.5');
    for (const bad of ['', '.5', '5.', '1,5', 'NaN', 'Infinity', ' 1', '0x10']) {
      expect(() => parseScaled(bad)).toThrow(DecimalFormatError);
    }
  });

  it('canonicalises without floats', () => {
    expect(canonicalDecimal('67187.3358936566')).toBe('67187.3358936566');
    expect(canonicalDecimal('0010.100')).toBe('10.1');
    expect(canonicalDecimal('-0')).toBe('0');
  });
});
