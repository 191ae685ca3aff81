import { GraphQLError } from 'graphql';
import { isDatabaseUnavailable, isInvalidTextInput } from './db';

// Error shapes as Prisma 6 with @prisma/adapter-pg 7 and pg 8 produce them (recorded against a
// stopped and a restarting PostgreSQL 15).
const prismaError = (code: string, cause?: Record<string, unknown>) =>
  Object.assign(new Error('Invalid `db.user.findFirst()` invocation'), {
    name: 'PrismaClientKnownRequestError',
    code,
    meta: cause ? { driverAdapterError: { name: 'DriverAdapterError', cause } } : {},
  });

describe('isDatabaseUnavailable', () => {
  it.each([
    [
      'server not reachable (P1001)',
      prismaError('P1001', { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5433 }),
    ],
    ['raw query, server not reachable', prismaError('P2010', { kind: 'DatabaseNotReachable' })],
    ['connection reset', prismaError('P2010', { kind: 'ConnectionClosed' })],
    ['too many connections', prismaError('P2010', { kind: 'TooManyConnections' })],
    [
      'admin shutdown (57P01) mid-query',
      prismaError('P2010', { kind: 'postgres', code: '57P01', originalCode: '57P01', severity: 'FATAL' }),
    ],
    ['starting up (57P03)', prismaError('P2010', { kind: 'postgres', code: '57P03', originalCode: '57P03' })],
    ['pool timeout (P2024)', prismaError('P2024')],
    [
      'raw pg error',
      Object.assign(new Error('terminating connection'), { code: '57P01', severity: 'FATAL' }),
    ],
    [
      'socket error',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' }),
    ],
    ['pg client message', new Error('Connection terminated unexpectedly')],
    [
      'a statement on a client whose connection dropped (mid-transaction)',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
    ['a statement on a closed client', new Error('Client was closed and is not queryable')],
    ['wrapped in a GraphQL error', new GraphQLError('x', { originalError: prismaError('P1001') })],
    [
      'a bare driver-adapter error',
      Object.assign(new Error(''), { name: 'DriverAdapterError', cause: { kind: 'DatabaseNotReachable' } }),
    ],
  ])('recognises %s', (_, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['a unique violation', prismaError('P2002')],
    ['a query error', prismaError('P2010', { kind: 'postgres', code: '22012', originalCode: '22012' })],
    ['a record not found', prismaError('P2025')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['nothing', undefined],
  ])('does not mistake %s for an outage', (_, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});

describe('isInvalidTextInput', () => {
  // What Prisma throws for a NUL character in a string (PostgreSQL cannot store it).
  const nul = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
    name: 'DriverAdapterError',
    cause: { originalCode: '22021', kind: 'postgres', code: '22021', severity: 'ERROR' },
  });

  it('recognises a NUL character refused by PostgreSQL, also when wrapped', () => {
    expect(isInvalidTextInput(nul)).toBe(true);
    expect(isInvalidTextInput(new GraphQLError('x', { originalError: nul }))).toBe(true);
    expect(
      isInvalidTextInput(prismaError('P2010', { kind: 'postgres', code: '22021', originalCode: '22021' })),
    ).toBe(true);
  });

  it('leaves other errors alone', () => {
    expect(isInvalidTextInput(prismaError('P1001', { kind: 'DatabaseNotReachable' }))).toBe(false);
    expect(
      isInvalidTextInput(prismaError('P2010', { kind: 'postgres', code: '22012', originalCode: '22012' })),
    ).toBe(false);
    expect(isDatabaseUnavailable(nul)).toBe(false);
  });
});
