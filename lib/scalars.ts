import { GraphQLScalarType, Kind } from 'graphql';
import { Decimal } from 'decimal.js';
import { badInput } from './errors';
import { INSTANT_RANGE_TEXT, isWithinInstantRange } from './instants';

// Exact decimals as strings: digits with an optional sign and fraction, no exponent, so that
// what a client sends is exactly what is stored.
const DECIMAL_PATTERN = /^-?\d{1,20}(\.\d{1,18})?$/;

function parseDecimal(value: unknown): Decimal {
  if (typeof value === 'string' && DECIMAL_PATTERN.test(value.trim())) return new Decimal(value.trim());
  if (typeof value === 'number' && Number.isSafeInteger(value)) return new Decimal(value);
  throw badInput(
    `Decimal must be a string like "0.1" or an integer (at most 20 integer and 18 fraction digits); got ${JSON.stringify(value)?.slice(0, 40)}`,
  );
}

export const DecimalScalar = new GraphQLScalarType<Decimal, string>({
  name: 'Decimal',
  description:
    'An exact decimal number serialized as a string, e.g. "0.1" or "64123.55". Input: a string or an integer literal; float literals are refused so no precision is lost.',
  serialize(value) {
    if (Decimal.isDecimal(value)) return (value as Decimal).toFixed();
    if (typeof value === 'string') return new Decimal(value).toFixed();
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'number') return new Decimal(value).toFixed();
    // Prisma.Decimal is decimal.js under another class identity.
    if (value && typeof (value as { toFixed?: unknown }).toFixed === 'function')
      return new Decimal(String(value)).toFixed();
    throw new TypeError(`Cannot serialize ${typeof value} as Decimal`);
  },
  parseValue: parseDecimal,
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING) return parseDecimal(ast.value);
    if (ast.kind === Kind.INT) return parseDecimal(ast.value);
    throw badInput('Decimal literals must be strings or integers; float literals are refused');
  },
});

const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(T(\d{2}):\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

// V8 rolls impossible calendar dates over ("2024-02-30" is 1 March, "T24:00" the next day), so
// the day and hour are checked against the calendar before the string is trusted.
function isCalendarValid(match: RegExpExecArray): boolean {
  const [year, month, day, hour] = [match[1], match[2], match[3], match[5]].map(Number) as [
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && !(hour > 23);
}

function parseDateTime(value: unknown): Date {
  const match = typeof value === 'string' ? ISO_PATTERN.exec(value) : null;
  if (typeof value === 'string' && match && isCalendarValid(match)) {
    const date = new Date(value);
    if (isWithinInstantRange(date.getTime())) return date;
    if (!Number.isNaN(date.getTime())) {
      throw badInput(
        `DateTime must be from ${INSTANT_RANGE_TEXT}; got ${JSON.stringify(value).slice(0, 40)}`,
      );
    }
  }
  throw badInput(
    `DateTime must be an ISO 8601 string such as "2024-01-31T12:00:00Z"; got ${JSON.stringify(value)?.slice(0, 40)}`,
  );
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: `An instant in time as an ISO 8601 string in UTC, e.g. "2024-01-31T12:00:00.000Z", from ${INSTANT_RANGE_TEXT}.`,
  serialize(value) {
    const date = value instanceof Date ? value : new Date(value as string | number);
    if (Number.isNaN(date.getTime())) throw new TypeError('Invalid DateTime');
    return date.toISOString();
  },
  parseValue: parseDateTime,
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING) return parseDateTime(ast.value);
    throw badInput('DateTime literals must be ISO 8601 strings');
  },
});

export const scalarResolvers = { Decimal: DecimalScalar, DateTime: DateTimeScalar };
