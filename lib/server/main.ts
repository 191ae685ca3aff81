import type { Runtime } from '../runtime';
import type { Logger } from '../logger';
import { createLogger } from '../logger';
import { publicKeyFromPem } from '../auth';
import { createDb } from '../db';
import { RedisCache, resilientCache } from '../cache';
import { KafkaBus } from '../events';
import type { SubgraphEnv } from '../config';
import type { RunningService } from './http';

/** Builds a cluster-mode runtime (real PostgreSQL, Redis and Kafka) from a validated environment. */
export function clusterRuntime(
  service: string,
  env: SubgraphEnv,
  log: Logger = createLogger(service, env.LOG_LEVEL),
): Runtime {
  const rawCache = new RedisCache(env.REDIS_URL);
  return {
    db: createDb(env.DATABASE_URL, env.DB_POOL_SIZE),
    databaseUrl: env.DATABASE_URL,
    rawCache,
    cache: resilientCache(rawCache, log),
    bus: new KafkaBus({ brokers: env.KAFKA_BROKERS, clientId: service, log }),
    jwtPublicKey: publicKeyFromPem(env.JWT_PUBLIC_KEY),
    log,
  };
}

/** Stops the services on SIGTERM/SIGINT after in-flight work drains; exits non-zero on failure. */
export function closeOnSignals(services: RunningService[], log: Logger, extra?: () => Promise<void>) {
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      log.error('shutdown timed out; exiting');
      process.exit(1);
    }, 25_000);
    try {
      await Promise.all(services.map((s) => s.close()));
      await extra?.();
      clearTimeout(timer);
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
