import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';

export type Db = PrismaClient;

/**
 * Prisma over the pg driver adapter (no query-engine binary). The pool size follows the
 * deployment guide's default of 10 connections per process.
 */
export function createDb(databaseUrl: string, poolSize = 10): Db {
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    max: poolSize,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
  });
  return new PrismaClient({ adapter });
}

/** True when the database answers a trivial query (readiness). */
export async function dbReachable(db: Db, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.$queryRawUnsafe('SELECT 1'),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

// Failures of the connection rather than of the statement: the database is restarting, failing
// over or out of connections. The same request can succeed a moment later.
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028']);
const UNAVAILABLE_ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);
/** SQLSTATE class 08 (connection exception), 57P01-03 (shutdown, crash, starting up), 53300 (too many connections). */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[1-3]|53300)$/;
// pg's "... is not queryable": a statement on a client whose connection already dropped, e.g. the
// next statement of an interactive transaction after the server terminated its backend. pg raises
// it as a bare Error (no code) and the adapter passes it through unconverted.
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Can't reach database server|the database system is (starting up|shutting down|in recovery)|Client has encountered a connection error and is not queryable|Client was closed and is not queryable/i;
/** 22021: a byte sequence PostgreSQL cannot store (a NUL character in text); 22P05: untranslatable. */
const INVALID_TEXT_SQLSTATE = new Set(['22021', '22P05']);

interface ErrorLike {
  code?: unknown;
  originalCode?: unknown;
  kind?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: unknown };
  cause?: unknown;
  originalError?: unknown;
}

/** The error and what it wraps: Prisma's driver-adapter error, its cause, a GraphQL error's original. */
function chain(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  const visit = (e: unknown, depth: number) => {
    if (!e || typeof e !== 'object' || depth > 5 || out.includes(e as ErrorLike)) return;
    const x = e as ErrorLike;
    out.push(x);
    visit(x.meta?.driverAdapterError, depth + 1);
    visit(x.cause, depth + 1);
    visit(x.originalError, depth + 1);
  };
  visit(err, 0);
  return out;
}

const sqlstateOf = (e: ErrorLike) =>
  typeof e.originalCode === 'string' ? e.originalCode : typeof e.code === 'string' ? e.code : undefined;

/**
 * True when `err` (a Prisma error, a driver-adapter error or a raw `pg` error, possibly wrapped
 * in a GraphQL error) says the database could not be reached or dropped the connection, so the
 * caller can answer "unavailable, retry" instead of an internal error.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  return chain(err).some((e) => {
    const code = sqlstateOf(e);
    if (code && (UNAVAILABLE_PRISMA_CODES.has(code) || UNAVAILABLE_NODE_CODES.has(code))) return true;
    if (code && UNAVAILABLE_SQLSTATE.test(code)) return true;
    if (typeof e.kind === 'string' && UNAVAILABLE_ADAPTER_KINDS.has(e.kind)) return true;
    return typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message);
  });
}

/**
 * True when PostgreSQL refused a text value it cannot store (a NUL character): the client's
 * input is at fault, so the caller answers BAD_USER_INPUT instead of an internal error.
 */
export function isInvalidTextInput(err: unknown): boolean {
  return chain(err).some((e) => {
    const code = sqlstateOf(e);
    return code !== undefined && INVALID_TEXT_SQLSTATE.has(code);
  });
}
