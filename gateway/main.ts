import { z } from 'zod';
import { publicKeyFromPem } from '../lib/auth';
import { RedisCache } from '../lib/cache';
import { env, loadConfigOrExit } from '../lib/config';
import { KafkaBus } from '../lib/events';
import { createLogger } from '../lib/logger';
import { closeOnSignals } from '../lib/server/main';
import { clientAddressResolver, DEFAULT_TRUSTED_PROXIES } from './client-address';
import { loadOperationLimits } from './protection/limits';
import { DEFAULT_AUTH_RATE_LIMIT_PER_MINUTE, GATEWAY_PORT, startGateway } from './server';
import { DEFAULT_SUPERGRAPH_PATH } from './subgraphs';
import { loadSupergraph, urlOverridesFromEnv } from './supergraph';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z.object({
  PORT: env.port(GATEWAY_PORT),
  KAFKA_BROKERS: env.kafkaBrokers,
  REDIS_URL: env.redisUrl,
  JWT_PUBLIC_KEY: env.pem('PUBLIC'),
  SUPERGRAPH_PATH: z.string().default(DEFAULT_SUPERGRAPH_PATH),
  /** Operation limits; default: `<supergraph>.limits.yaml` beside the supergraph. */
  OPERATION_LIMITS_PATH: z.string().optional(),
  NODE_ENV: env.nodeEnv,
  INTROSPECTION: env.bool.optional(),
  SANDBOX: env.bool.optional(),
  ALLOW_ANONYMOUS_MARKET_SUBSCRIPTIONS: env.bool.default(true),
  TRUSTED_PROXIES: z
    .string()
    .default(DEFAULT_TRUSTED_PROXIES)
    .refine((value) => {
      try {
        clientAddressResolver(value);
        return true;
      } catch {
        return false;
      }
    }, 'must be comma-separated IP addresses, CIDRs, or loopback/linklocal/uniquelocal'),
  AUTH_RATE_LIMIT_PER_MINUTE: positiveInt(DEFAULT_AUTH_RATE_LIMIT_PER_MINUTE),
  SUBGRAPH_TIMEOUT_MS: positiveInt(10_000),
  SUBGRAPH_MAX_CONNECTIONS: positiveInt(64),
  WS_MAX_CONNECTIONS_PER_CLIENT: positiveInt(50),
  WS_MAX_OPERATIONS_PER_CONNECTION: positiveInt(25),
  LOG_LEVEL: env.logLevel,
});

async function main() {
  const config = loadConfigOrExit(schema, 'gateway');
  const log = createLogger('gateway', config.LOG_LEVEL);
  const development = config.NODE_ENV !== 'production';
  const introspection = config.INTROSPECTION ?? development;
  const limits = loadOperationLimits(config.SUPERGRAPH_PATH, config.OPERATION_LIMITS_PATH);
  log.info({ source: limits.source }, 'operation limits loaded');
  const gateway = await startGateway({
    port: config.PORT,
    supergraphSdl: loadSupergraph(config.SUPERGRAPH_PATH, urlOverridesFromEnv()),
    jwtPublicKey: publicKeyFromPem(config.JWT_PUBLIC_KEY),
    bus: new KafkaBus({ brokers: config.KAFKA_BROKERS, clientId: 'gateway', log }),
    kafkaBrokers: config.KAFKA_BROKERS,
    cache: new RedisCache(config.REDIS_URL),
    closeCache: true,
    log,
    introspection,
    sandbox: config.SANDBOX ?? introspection,
    allowAnonymousMarketSubscriptions: config.ALLOW_ANONYMOUS_MARKET_SUBSCRIPTIONS,
    trustedProxies: config.TRUSTED_PROXIES,
    authRateLimitPerMinute: config.AUTH_RATE_LIMIT_PER_MINUTE,
    operationLimits: limits.limits,
    subgraphPool: { timeoutMs: config.SUBGRAPH_TIMEOUT_MS, connections: config.SUBGRAPH_MAX_CONNECTIONS },
    websocket: {
      maxConnectionsPerClient: config.WS_MAX_CONNECTIONS_PER_CLIENT,
      maxOperationsPerConnection: config.WS_MAX_OPERATIONS_PER_CONNECTION,
    },
    closeBus: true,
  });
  closeOnSignals([gateway], log);
}

void main();
