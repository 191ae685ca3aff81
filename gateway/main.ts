import { z } from 'zod';
import { publicKeyFromPem } from '../lib/auth';
import { env, loadConfigOrExit } from '../lib/config';
import { KafkaBus } from '../lib/events';
import { createLogger } from '../lib/logger';
import { closeOnSignals } from '../lib/server/main';
import { GATEWAY_PORT, startGateway } from './server';
import { DEFAULT_SUPERGRAPH_PATH } from './subgraphs';
import { loadSupergraph, urlOverridesFromEnv } from './supergraph';

const schema = z.object({
  PORT: env.port(GATEWAY_PORT),
  KAFKA_BROKERS: env.kafkaBrokers,
  REDIS_URL: env.redisUrl,
  JWT_PUBLIC_KEY: env.pem('PUBLIC'),
  SUPERGRAPH_PATH: z.string().default(DEFAULT_SUPERGRAPH_PATH),
  NODE_ENV: env.nodeEnv,
  INTROSPECTION: env.bool.optional(),
  ALLOW_ANONYMOUS_MARKET_SUBSCRIPTIONS: env.bool.default(true),
  LOG_LEVEL: env.logLevel,
});

async function main() {
  const config = loadConfigOrExit(schema, 'gateway');
  const log = createLogger('gateway', config.LOG_LEVEL);
  const gateway = await startGateway({
    port: config.PORT,
    supergraphSdl: loadSupergraph(config.SUPERGRAPH_PATH, urlOverridesFromEnv()),
    jwtPublicKey: publicKeyFromPem(config.JWT_PUBLIC_KEY),
    bus: new KafkaBus({ brokers: config.KAFKA_BROKERS, clientId: 'gateway', log }),
    log,
    introspection: config.INTROSPECTION ?? config.NODE_ENV !== 'production',
    allowAnonymousMarketSubscriptions: config.ALLOW_ANONYMOUS_MARKET_SUBSCRIPTIONS,
    closeBus: true,
  });
  closeOnSignals([gateway], log);
}

void main();
