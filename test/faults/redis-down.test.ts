import { Redis } from 'ioredis';
import { createDb, type Db } from '../../lib/db';
import { gql, gqlData, signUp, sleep, uniqueAddress, waitFor, type Account } from './support/clients';
import { faultServers, startServer, stopServer } from './support/infra';
import { acquireFaultLock } from './support/lock';
import { httpGet, spawnPlatform, SUBGRAPH_NAMES, type ProcessPlatform } from './support/processes';
import { recordFigures } from './support/report';

// Redis down (RELIABILITY.md, Redis), on the cluster-mode processes: five subgraphs and two
// gateway replicas sharing one Redis. Pass: with Redis up, the 5-a-minute login limit is shared
// by the replicas; with Redis stopped, queries and writes still answer from PostgreSQL, /ready
// stays 200 and says `degraded`, and each replica limits logins on its own (neither open nor
// closed to everyone); after Redis returns, caching and the shared limit resume without any
// process restarting.
jest.setTimeout(240_000);

const LIMIT = 5; // AUTH_RATE_LIMIT_PER_MINUTE's default
const LOGIN = 'mutation($i: LoginInput!) { login(input: $i) { accessToken } }';

let release: () => void;
let platform: ProcessPlatform;
let db: Db;
let redis: Redis;
let account: Account;

beforeAll(async () => {
  release = await acquireFaultLock();
  const servers = faultServers();
  platform = await spawnPlatform(servers, { gateways: 2 });
  db = createDb(servers.databaseUrl, 2);
  redis = new Redis(servers.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  await db.quote.upsert({
    where: { coinId: 'bitcoin' },
    create: { coinId: 'bitcoin', price: '50000', source: 'faults', updatedAt: new Date() },
    update: { price: '50000', source: 'faults', updatedAt: new Date() },
  });
  account = await signUp(platform.url, 'redis');
});

afterAll(async () => {
  await startServer('redis').catch(() => undefined);
  await platform?.stop();
  redis?.disconnect();
  await db?.$disconnect();
  release?.();
});

/** Fixed one-minute windows: start a counting sequence only with `ms` left in the window. */
async function windowHeadroom(ms: number) {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < ms) await sleep(left + 200);
}

/** `n` wrong-password logins from `address` through `gatewayUrl`; the codes they got. */
async function failedLogins(gatewayUrl: string, address: string, n: number) {
  const codes: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await gql(
      gatewayUrl,
      LOGIN,
      { i: { email: account.email, password: 'wrong password' } },
      { address },
    );
    codes.push(`${res.status}:${res.errors?.[0]?.extensions?.code ?? 'OK'}`);
  }
  return codes;
}

const WRONG = '200:UNAUTHENTICATED';
const LIMITED = '429:RATE_LIMITED';

async function readiness() {
  const all = [...platform.gateways, ...SUBGRAPH_NAMES.map((n) => platform.subgraphs[n])];
  return Promise.all(
    all.map(async (s) => {
      const res = await httpGet(`${s.origin}/ready`, 5000);
      const checks = res?.body.checks as Record<string, unknown> | undefined;
      return { name: s.name, status: res?.status, state: res?.body.status, cache: checks?.cache };
    }),
  );
}

it('serves from PostgreSQL while Redis is down, limits logins per replica, and recovers without restarts', async () => {
  const [a, b] = platform.gateways.map((g) => g.url) as [string, string];
  const pids = [...platform.gateways, ...Object.values(platform.subgraphs)].map((s) => s.pid);
  const query = '{ coin(id: "bitcoin") { name quote { price } } }';
  const me = '{ me { id email } }';

  // Redis up: the replicas share one counter per client.
  await windowHeadroom(20_000);
  const sharedX = uniqueAddress();
  const upCodes = [...(await failedLogins(a, sharedX, LIMIT)), ...(await failedLogins(b, sharedX, 1))];
  expect(upCodes).toEqual([...Array(LIMIT).fill(WRONG), LIMITED]);

  // Outage.
  await stopServer('redis');
  const downAt = Date.now();
  const latencies: number[] = [];
  for (let i = 0; i < 5; i++) {
    const coin = await gql<{ coin: { name: string; quote: { price: string } } }>(a, query);
    expect(coin.errors).toBeUndefined();
    expect(coin.data?.coin).toEqual({ name: 'Bitcoin', quote: { price: '50000' } });
    const profile = await gql<{ me: { id: string; email: string } }>(b, me, {}, { token: account.token });
    expect(profile.errors).toBeUndefined();
    expect(profile.data?.me).toEqual({ id: account.userId, email: account.email });
    latencies.push(coin.ms, profile.ms);
  }
  const portfolio = await gql<{ createPortfolio: { id: string } }>(
    a,
    'mutation { createPortfolio(input: { name: "No Redis" }) { id } }',
    {},
    { token: account.token },
  );
  expect(portfolio.errors).toBeUndefined();
  const ready = await waitFor(
    async () => {
      const r = await readiness();
      return r.every((s) => s.status === 200 && s.state === 'degraded' && s.cache === false) ? r : undefined;
    },
    15_000,
    'every service to report degraded (cache down) with 200',
    500,
  );
  expect(ready).toHaveLength(7);

  await windowHeadroom(25_000);
  const localY = uniqueAddress();
  const downCodesA = await failedLogins(a, localY, LIMIT + 1);
  const downCodesB = await failedLogins(b, localY, LIMIT + 1);
  // Per replica: each allows the limit, then refuses; a new client is not locked out.
  expect(downCodesA).toEqual([...Array(LIMIT).fill(WRONG), LIMITED]);
  expect(downCodesB).toEqual([...Array(LIMIT).fill(WRONG), LIMITED]);
  const fresh = await gql(
    a,
    LOGIN,
    { i: { email: account.email, password: account.password } },
    { address: uniqueAddress() },
  );
  expect(fresh.errors).toBeUndefined();

  // Recovery: Redis comes back empty; nothing is restarted.
  await startServer('redis');
  const upAt = Date.now();
  const recovered = await waitFor(
    async () =>
      (await readiness()).every((s) => s.status === 200 && s.cache === true) ? Date.now() : undefined,
    20_000,
    'every service to see the cache again',
    250,
  );
  await redis.connect();
  await gqlData(a, me, {}, { token: account.token });
  await gqlData(a, query);
  const cachedKeys = await waitFor(
    async () => {
      const keys = [...(await redis.keys(`user:${account.userId}`)), ...(await redis.keys('price:bitcoin'))];
      return keys.length ? keys : undefined;
    },
    5000,
    'the profile or price cached in Redis again',
  );
  await windowHeadroom(20_000);
  const sharedW = uniqueAddress();
  const againCodes = [...(await failedLogins(a, sharedW, LIMIT)), ...(await failedLogins(b, sharedW, 1))];
  expect(againCodes).toEqual([...Array(LIMIT).fill(WRONG), LIMITED]);
  const alive = [...platform.gateways, ...Object.values(platform.subgraphs)].map((s) => s.pid);
  expect(alive).toEqual(pids);
  expect(
    [...platform.gateways, ...Object.values(platform.subgraphs)].every((s) => s.child.exitCode === null),
  ).toBe(true);

  const sorted = [...latencies].sort((x, y) => x - y);
  recordFigures('redis-down', {
    queryLatencyWithoutRedisMs: {
      p50: sorted[Math.floor(sorted.length / 2)],
      max: sorted[sorted.length - 1],
    },
    readyDuringOutage: ready.map((r) => `${r.name}:${r.status}:${String(r.state)}`),
    loginsWithRedis: upCodes,
    loginsWithoutRedisReplicaA: downCodesA,
    loginsWithoutRedisReplicaB: downCodesB,
    recoveredAfterMs: recovered - upAt,
    outageMs: upAt - downAt,
    cachedKeysAfterReturn: cachedKeys,
    loginsAfterReturn: againCodes,
  });
  expect(Math.max(...latencies)).toBeLessThan(3000);
});
