// The platform the hostile-input tests attack: all six services in this process on the shared
// test servers (nothing here stops a server, so these run alongside the other integration tests).
import { generateKeyPairPem, privateKeyFromPem } from '../../lib/auth';
import { createDb, type Db } from '../../lib/db';
import { createLogger } from '../../lib/logger';
import { startPlatform, type Platform } from '../../scripts/platform';
import { DATABASE_URL, KAFKA_BROKERS, REDIS_URL } from '../support/servers';
import type { KeyObject } from 'node:crypto';

export interface Target {
  platform: Platform;
  url: string;
  /** The platform's signing key: tests forge expired and otherwise wrong tokens with it. */
  privateKey: KeyObject;
  jwt: { privateKeyPem: string; publicKeyPem: string };
  /** A separate connection for checking that nothing was written. */
  db: Db;
  close(): Promise<void>;
}

export async function startTarget(
  options: { adminEmails?: string[]; authRateLimitPerMinute?: number } = {},
): Promise<Target> {
  const pair = generateKeyPairPem();
  const jwt = { privateKeyPem: pair.privateKey, publicKeyPem: pair.publicKey };
  const platform = await startPlatform({
    databaseUrl: DATABASE_URL,
    redisUrl: REDIS_URL,
    kafkaBrokers: KAFKA_BROKERS,
    jwt,
    gatewayPort: 0,
    adminEmails: options.adminEmails,
    // Off unless a test asks for it: these suites sign many users up from one address.
    authRateLimitPerMinute: options.authRateLimitPerMinute ?? 0,
    // SECURITY_LOG_LEVEL=error shows what an unexpected internal error was.
    log: createLogger('security', (process.env.SECURITY_LOG_LEVEL ?? 'silent') as 'silent'),
  });
  const db = createDb(DATABASE_URL, 2);
  return {
    platform,
    url: platform.url,
    privateKey: privateKeyFromPem(jwt.privateKeyPem),
    jwt,
    db,
    async close() {
      await db.$disconnect();
      await platform.close();
    },
  };
}

/** Server errors a client may see: only the declared "upstream unavailable" (503). */
export function undeclared5xx(status: number, codes: (string | undefined)[]): boolean {
  if (status < 500) return false;
  return !(status === 503 && codes.length > 0 && codes.every((c) => c === 'UPSTREAM_UNAVAILABLE'));
}
