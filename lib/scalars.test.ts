import { Kind } from 'graphql';
import { DateTimeScalar, DecimalScalar } from './scalars';

describe('Decimal scalar', () => {
  it('keeps exact decimal text and refuses floats and exponents', () => {
    expect(DecimalScalar.parseValue('0.1')!.plus(DecimalScalar.parseValue('0.2')!).toFixed()).toBe('0.3');
    expect(DecimalScalar.parseValue(42)!.toFixed()).toBe('42');
    expect(() => DecimalScalar.parseValue(0.1)).toThrow(/Decimal/);
    expect(() => DecimalScalar.parseValue('1e5')).toThrow(/Decimal/);
    expect(() => DecimalScalar.parseValue('12.')).toThrow();
    expect(() => DecimalScalar.parseValue('0.1234567890123456789')).toThrow(/18 fraction/);
    expect(() => DecimalScalar.parseLiteral({ kind: Kind.FLOAT, value: '0.1' })).toThrow(/float literals/);
    expect(DecimalScalar.parseLiteral({ kind: Kind.STRING, value: '-12.50' })!.toFixed()).toBe('-12.5');
  });

  it('serializes without exponents', () => {
    expect(DecimalScalar.serialize('0.00000001')).toBe('0.00000001');
    expect(DecimalScalar.serialize(1e21)).toBe('1000000000000000000000');
  });

  it('gives BAD_USER_INPUT for bad input', () => {
    try {
      DecimalScalar.parseValue('abc');
      throw new Error('accepted');
    } catch (err) {
      expect((err as { extensions?: { code?: string } }).extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('DateTime scalar', () => {
  it('parses ISO 8601 and serializes in UTC', () => {
    expect(DateTimeScalar.parseValue('2024-01-31T12:00:00+02:00')!.toISOString()).toBe(
      '2024-01-31T10:00:00.000Z',
    );
    expect(DateTimeScalar.serialize(new Date(Date.UTC(2024, 0, 1)))).toBe('2024-01-01T00:00:00.000Z');
    expect(() => DateTimeScalar.parseValue('yesterday')).toThrow(/ISO 8601/);
    expect(() => DateTimeScalar.parseValue('2024-13-45T00:00:00Z')).toThrow();
    expect(() => DateTimeScalar.parseValue(1700000000000)).toThrow();
  });

  it('refuses calendar dates that do not exist instead of rolling them over', () => {
    for (const value of [
      '2024-02-30T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2024-04-31T00:00:00Z',
      '2024-02-31',
      '2024-00-10T00:00:00Z',
      '2024-01-00T00:00:00Z',
      '2024-01-01T24:00:00Z',
    ]) {
      expect(() => DateTimeScalar.parseValue(value)).toThrow(/ISO 8601/);
    }
    expect(DateTimeScalar.parseValue('2024-02-29T23:59:59Z')!.toISOString()).toBe('2024-02-29T23:59:59.000Z');
    expect(DateTimeScalar.parseValue('2024-12-31')!.toISOString()).toBe('2024-12-31T00:00:00.000Z');
  });

  // PostgreSQL cannot store the year 0 or a five-digit year, which a zone offset (or a period
  // subtracted from the date) reaches from the ends of the four-digit years.
  it('refuses instants before 1970 or after the year 9999, with a bad-input error', () => {
    for (const value of [
      '0000-06-01T00:00:00Z',
      '0001-01-01T00:00:00+05:00',
      '1969-12-31T23:59:59.999Z',
      '1970-01-01T00:30:00+01:00',
      '9999-12-31T23:59:59-01:00',
    ]) {
      expect(() => DateTimeScalar.parseValue(value)).toThrow(/from 1970-01-01T00:00:00Z to 9999-12-31/);
      expect(() => DateTimeScalar.parseValue(value)).toThrow(
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
      );
    }
    expect(DateTimeScalar.parseValue('1970-01-01T00:00:00Z')!.getTime()).toBe(0);
    expect(DateTimeScalar.parseValue('9999-12-31T23:59:59.999Z')!.toISOString()).toBe(
      '9999-12-31T23:59:59.999Z',
    );
  });
});
