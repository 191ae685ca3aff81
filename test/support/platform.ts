import { generateKeyPairPem } from '../../lib/auth';
import { createLogger } from '../../lib/logger';
import { startPlatform, type Platform, type PlatformOptions } from '../../scripts/platform';
import { DATABASE_URL, KAFKA_BROKERS, REDIS_URL } from './servers';

/**
 * All six services in this process on the real PostgreSQL, Redis and Kafka, on free ports, with
 * a fresh JWT key pair. Options override the defaults (e.g. `adminEmails`, a market provider).
 */
export function startTestPlatform(options: Partial<PlatformOptions> = {}): Promise<Platform> {
  const pair = generateKeyPairPem();
  return startPlatform({
    databaseUrl: DATABASE_URL,
    redisUrl: REDIS_URL,
    kafkaBrokers: KAFKA_BROKERS,
    jwt: { privateKeyPem: pair.privateKey, publicKeyPem: pair.publicKey },
    gatewayPort: 0,
    // Suites sign many users up from 127.0.0.1; the limit itself is tested in gateway suites.
    authRateLimitPerMinute: 100_000,
    log: createLogger('test', 'silent'),
    ...options,
  });
}
