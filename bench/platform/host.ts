// Child process: the platform's five subgraphs (scripts/platform.ts startPlatform, real
// PostgreSQL, Redis and Kafka), a benchmark user with a five-coin portfolio seeded through the
// API, and the composed supergraph, reported over IPC. On `cleanup` it deletes what it created.
import { randomUUID } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import { Redis } from 'ioredis';
import pg from 'pg';
import { Agent, fetch } from 'undici';
import { privateKeyFromPem, signAccessToken } from '../../lib/auth';
import { createLogger } from '../../lib/logger';
import { composeSupergraph } from '../../gateway/compose';
import { startPlatform } from '../../scripts/platform';

export const PORTFOLIO_COINS = 5;
export const SUBSCRIPTION_COINS = 20;

export interface HostReady {
  type: 'ready';
  supergraphSdl: string;
  subgraphUrls: Record<string, string>;
  gatewayUrl: string;
  userId: string;
  portfolioId: string;
  portfolioCoins: string[];
  /** The first coins of the catalog by rank (for subscriptions). */
  coins: string[];
}

// Benchmark instrumentation: count the SQL statements and Redis commands the subgraphs send, so
// the harness can report them per gateway request (N+1 shows up as a count that grows with data).
const counters = { subgraphRequests: 0, sql: 0, redis: 0 };
diagnostics.subscribe('http.server.request.start', () => counters.subgraphRequests++);
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  counters.sql++;
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;
const sendCommand = Redis.prototype.sendCommand;
Redis.prototype.sendCommand = function (this: Redis, ...args: Parameters<typeof sendCommand>) {
  counters.redis++;
  return sendCommand.apply(this, args);
};

export interface HostCounters {
  type: 'counters';
  subgraphRequests: number;
  sql: number;
  redis: number;
}

async function main() {
  const log = createLogger('bench-platform', 'warn');
  const platform = await startPlatform({
    databaseUrl: process.env.DATABASE_URL!,
    redisUrl: process.env.REDIS_URL!,
    kafkaBrokers: process.env.KAFKA_BROKERS!.split(','),
    jwt: {
      privateKeyPem: process.env.BENCH_JWT_PRIVATE_KEY!,
      publicKeyPem: process.env.BENCH_JWT_PUBLIC_KEY!,
    },
    gatewayPort: 0,
    log,
  });
  const db = platform.runtime.db;
  // What this run created, for cleanup (filled in as seeding goes).
  const created: { userId?: string } = {};
  const createdQuotes: string[] = [];

  const cleanup = async () => {
    // The portfolio and its transactions go with the user (ON DELETE CASCADE).
    if (created.userId) await db.user.delete({ where: { id: created.userId } }).catch(() => undefined);
    if (createdQuotes.length)
      await db.quote.deleteMany({ where: { coinId: { in: createdQuotes }, source: 'bench' } });
    await platform.close();
  };
  process.on('message', (m: { type?: string }) => {
    if (m?.type === 'counters') process.send!({ type: 'counters', ...counters } satisfies HostCounters);
    if (m?.type !== 'cleanup') return;
    cleanup().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  process.once('SIGTERM', () => void cleanup().finally(() => process.exit(0)));
  process.once('disconnect', () => void cleanup().finally(() => process.exit(0)));

  const coins = (
    await db.coin.findMany({ orderBy: { rank: 'asc' }, take: SUBSCRIPTION_COINS, select: { id: true } })
  ).map((c) => c.id);
  const portfolioCoins = coins.slice(0, PORTFOLIO_COINS);
  // A current price for each held coin, so valuation has something to value. Only quotes that
  // do not exist are created (and deleted again at cleanup): others' data stays as it is.
  for (const [i, coinId] of portfolioCoins.entries()) {
    const exists = await db.quote.findUnique({ where: { coinId } });
    if (exists) continue;
    await db.quote.create({
      data: { coinId, price: String(1000 + i * 111.25), source: 'bench', updatedAt: new Date() },
    });
    createdQuotes.push(coinId);
  }

  // Through the API, from a source address of its own so the platform's per-address
  // authentication rate limit counts only this call.
  const agent = new Agent({ connect: { localAddress: `127.0.9.${1 + Math.floor(Math.random() * 250)}` } });
  const gql = async <T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> => {
    const res = await fetch(platform.gateway.url, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: unknown[] };
    if (body.errors?.length || !body.data) throw new Error(`seeding failed: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  const registered = await gql<{ register: { user: { id: string } } }>(
    'mutation($i: RegisterInput!) { register(input: $i) { user { id } } }',
    { i: { email: `bench-${randomUUID()}@example.com`, password: randomUUID() } },
  );
  const userId = registered.register.user.id;
  created.userId = userId;
  const { token } = await signAccessToken(privateKeyFromPem(process.env.BENCH_JWT_PRIVATE_KEY!), {
    id: userId,
    role: 'USER',
  });
  const portfolio = await gql<{ createPortfolio: { id: string } }>(
    'mutation { createPortfolio(input: { name: "Benchmark" }) { id } }',
    {},
    token,
  );
  const portfolioId = portfolio.createPortfolio.id;
  for (const [i, coinId] of portfolioCoins.entries()) {
    await gql(
      'mutation($i: RecordTransactionInput!) { recordTransaction(input: $i) { id } }',
      { i: { portfolioId, type: 'BUY', coinId, quantity: `${i + 1}.5`, price: String(900 + i * 100) } },
      token,
    );
  }
  await agent.close();

  const urls: Record<string, string> = Object.fromEntries(
    Object.entries(platform.subgraphs).map(([name, service]) => [name, service.url]),
  );
  const ready: HostReady = {
    type: 'ready',
    supergraphSdl: composeSupergraph((name) => urls[name]!),
    subgraphUrls: urls,
    gatewayUrl: platform.gateway.url,
    userId,
    portfolioId,
    portfolioCoins,
    coins,
  };
  process.send!(ready);
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
