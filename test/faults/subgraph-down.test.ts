import { Redis } from 'ioredis';
import { createDb, type Db } from '../../lib/db';
import { gql, leaks, signUp, sleep, waitFor, type Account, type Response } from './support/clients';
import { faultServers } from './support/infra';
import { acquireFaultLock } from './support/lock';
import { httpGet, spawnPlatform, type ProcessPlatform } from './support/processes';
import { recordFigures } from './support/report';

// A subgraph down (killed) or hanging (SIGSTOP) (RELIABILITY.md, Subgraphs), on the cluster-mode
// processes with the gateway's subgraph timeout at 4 s (SUBGRAPH_TIMEOUT_MS). Pass: the gateway
// answers with the data the other subgraphs have and an UPSTREAM_UNAVAILABLE error for the
// missing fields, within the timeout (plus 1.5 s); queries that do not touch the sick subgraph
// stay fast; /ready stays 200 and says `degraded`; everything answers in full again, without
// restarting the gateway, once the subgraph is back.
jest.setTimeout(180_000);

const TIMEOUT_MS = 4000;
const COIN =
  '{ coin(id: "bitcoin") { id name quote { price } sentiment { score } analytics { volatility } } }';

type CoinData = {
  coin: { id: string; name: string; quote: { price: string } | null; sentiment: unknown; analytics: unknown };
};

let release: () => void;
let platform: ProcessPlatform;
let db: Db;
let account: Account;

beforeAll(async () => {
  release = await acquireFaultLock();
  const servers = faultServers();
  // Without the shared subgraph cache: it would answer for a dead subgraph from what it stored
  // before (public data, until its max-age), and this test is about the answers without it
  // (the cache itself: gateway/subgraph-cache.int.test.ts).
  platform = await spawnPlatform(servers, {
    env: { gateway: { SUBGRAPH_TIMEOUT_MS: String(TIMEOUT_MS), SUBGRAPH_CACHE_MB: '0' } },
  });
  db = createDb(servers.databaseUrl, 2);
  await db.quote.upsert({
    where: { coinId: 'bitcoin' },
    create: { coinId: 'bitcoin', price: '50000', source: 'faults', updatedAt: new Date() },
    update: { price: '50000', source: 'faults', updatedAt: new Date() },
  });
  // A simulator of an earlier test may have left a fresher price in the cache (5 s).
  const redis = new Redis(servers.redisUrl, { maxRetriesPerRequest: 1 });
  await redis.del('price:bitcoin');
  redis.disconnect();
  account = await signUp(platform.url, 'subgraph');
});

afterAll(async () => {
  for (const s of Object.values(platform?.subgraphs ?? {})) s.child.kill('SIGCONT');
  await platform?.stop();
  await db?.$disconnect();
  release?.();
});

const codes = (res: Response) => (res.errors ?? []).map((e) => e.extensions?.code);

async function gatewayReady() {
  const res = await httpGet(new URL('/ready', platform.url).toString(), 5000);
  return {
    status: res?.status,
    state: res?.body.status,
    checks: res?.body.checks as Record<string, boolean>,
  };
}

/** Waits until the full query answers without errors; returns how long that took. */
async function recovered(): Promise<number> {
  const begin = Date.now();
  await waitFor(
    async () => {
      const res = await gql(platform.url, COIN, {}, { timeoutMs: TIMEOUT_MS + 5000 });
      return !res.errors?.length ? true : undefined;
    },
    20_000,
    'the full answer again',
    250,
  );
  return Date.now() - begin;
}

it('answers partially while a subgraph is down or hanging, within the timeout, and recovers', async () => {
  const url = platform.url;
  const gatewayPid = platform.gateways[0]!.pid;
  const baseline = await gql<CoinData>(url, COIN);
  expect(baseline.errors).toBeUndefined();
  expect(baseline.data?.coin).toMatchObject({ id: 'bitcoin', name: 'Bitcoin', quote: { price: '50000' } });

  // Down: the sentiment process is killed.
  platform.subgraphs.sentiment.child.kill('SIGKILL');
  await platform.subgraphs.sentiment.exited;
  const down = await gql<CoinData>(url, COIN);
  expect(down.status).toBe(200);
  expect(down.data?.coin).toMatchObject({
    id: 'bitcoin',
    name: 'Bitcoin',
    quote: { price: '50000' },
    sentiment: null,
  });
  expect(codes(down)).toEqual(['UPSTREAM_UNAVAILABLE']);
  // @apollo/gateway gives a failed fetch no `path`; the error names the service instead.
  expect(down.errors?.[0]?.extensions?.serviceName).toBe('sentiment');
  expect(leaks(down.text)).toEqual([]);
  const readyDown = await waitFor(
    async () => {
      const r = await gatewayReady();
      return r.checks?.['subgraph:sentiment'] === false ? r : undefined;
    },
    5000,
    'the gateway to report the sentiment subgraph down',
  );
  expect(readyDown).toMatchObject({ status: 200, state: 'degraded' });
  await platform.restart('sentiment');
  const sentimentBackMs = await recovered();

  // A root field of a dead subgraph: the rest of the query still answers.
  platform.subgraphs.users.child.kill('SIGKILL');
  await platform.subgraphs.users.exited;
  const noUsers = await gql<{ me: unknown; coin: { name: string } }>(
    url,
    '{ me { id email } coin(id: "bitcoin") { name } }',
    {},
    { token: account.token },
  );
  expect(noUsers.data).toEqual({ me: null, coin: { name: 'Bitcoin' } });
  expect(codes(noUsers)).toEqual(['UPSTREAM_UNAVAILABLE']);
  expect(noUsers.errors?.[0]?.extensions?.serviceName).toBe('users');
  await platform.restart('users');
  const usersBack = await waitFor(
    async () => {
      const res = await gql<{ me: { id: string } }>(url, '{ me { id } }', {}, { token: account.token });
      return res.data?.me?.id === account.userId ? true : undefined;
    },
    20_000,
    'me again',
    250,
  );
  expect(usersBack).toBe(true);

  // Hanging: the analytics process is paused; connections open, nothing answers.
  platform.subgraphs.analytics.child.kill('SIGSTOP');
  const hangStart = Date.now();
  const [hung, other] = await Promise.all([
    gql<CoinData>(url, COIN, {}, { timeoutMs: TIMEOUT_MS + 10_000 }),
    (async () => {
      await sleep(500);
      return gql<{ coin: { name: string; sentiment: unknown } }>(
        url,
        '{ coin(id: "bitcoin") { name sentiment { score } } }',
      );
    })(),
  ]);
  const hangMs = Date.now() - hangStart;
  expect(hung.data?.coin).toMatchObject({
    id: 'bitcoin',
    name: 'Bitcoin',
    quote: { price: '50000' },
    analytics: null,
  });
  expect(codes(hung)).toEqual(['UPSTREAM_UNAVAILABLE']);
  expect(hung.errors?.[0]?.extensions?.serviceName).toBe('analytics');
  expect(hung.errors?.[0]?.message).toMatch(/did not answer in time/);
  expect(hangMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 100);
  expect(hangMs).toBeLessThanOrEqual(TIMEOUT_MS + 1500);
  expect(other.errors).toBeUndefined();
  expect(other.ms).toBeLessThan(1500); // the hang does not hold up queries elsewhere
  const readyHung = await gatewayReady();
  expect(readyHung.status).toBe(200);
  expect(readyHung.checks['subgraph:analytics']).toBe(false);
  platform.subgraphs.analytics.child.kill('SIGCONT');
  const analyticsBackMs = await recovered();
  expect((await gatewayReady()).state).toBe('ok');
  expect(platform.gateways[0]!.pid).toBe(gatewayPid);
  expect(platform.gateways[0]!.child.exitCode).toBeNull();

  recordFigures('subgraph-down', {
    gatewayTimeoutMs: TIMEOUT_MS,
    downAnswerMs: down.ms,
    sentimentBackAfterRestartMs: sentimentBackMs,
    hungAnswerMs: hangMs,
    otherQueryDuringHangMs: other.ms,
    analyticsBackAfterResumeMs: analyticsBackMs,
    readyWhileDown: `${readyDown.status}:${String(readyDown.state)}`,
    readyWhileHung: `${readyHung.status}:${String(readyHung.state)}`,
  });
});
