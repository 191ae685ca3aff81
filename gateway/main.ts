import { publicKeyFromPem } from '../lib/auth';
import { RedisCache } from '../lib/cache';
import { loadConfigOrExit } from '../lib/config';
import { KafkaBus } from '../lib/events';
import { createLogger } from '../lib/logger';
import { closeOnSignals } from '../lib/server/main';
import { exposure, gatewayEnvSchema } from './config';
import { loadOperationLimits } from './protection/limits';
import { startGateway } from './server';
import { loadSupergraph, urlOverridesFromEnv } from './supergraph';

async function main() {
  const config = loadConfigOrExit(gatewayEnvSchema, 'gateway');
  const log = createLogger('gateway', config.LOG_LEVEL);
  const { introspection, sandbox } = exposure(config);
  const limits = loadOperationLimits(config.SUPERGRAPH_PATH, config.OPERATION_LIMITS_PATH);
  if (limits.source === 'defaults')
    log.warn(
      { supergraph: config.SUPERGRAPH_PATH },
      'no operation limits file beside the supergraph; using the built-in defaults',
    );
  else log.info({ source: limits.source }, 'operation limits loaded');
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
    sandbox,
    allowAnonymousMarketSubscriptions: config.ALLOW_ANONYMOUS_MARKET_SUBSCRIPTIONS,
    trustedProxies: config.TRUSTED_PROXIES,
    authRateLimitPerMinute: config.AUTH_RATE_LIMIT_PER_MINUTE,
    operationLimits: limits.limits,
    subgraphPool: { timeoutMs: config.SUBGRAPH_TIMEOUT_MS, connections: config.SUBGRAPH_MAX_CONNECTIONS },
    subgraphCacheMb: config.SUBGRAPH_CACHE_MB,
    websocket: {
      maxConnectionsPerClient: config.WS_MAX_CONNECTIONS_PER_CLIENT,
      maxOperationsPerConnection: config.WS_MAX_OPERATIONS_PER_CONNECTION,
    },
    closeBus: true,
  });
  closeOnSignals([gateway], log);
}

void main();
