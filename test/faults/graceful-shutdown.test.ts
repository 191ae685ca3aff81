import { randomUUID } from 'node:crypto';
import { createDb, type Db } from '../../lib/db';
import { KafkaBus, type ConsumerHandle } from '../../lib/events';
import { createLogger } from '../../lib/logger';
import {
  createPortfolio,
  gql,
  RECORD_TRANSACTION,
  signUp,
  sleep,
  subscribe,
  uniqueAddress,
  uniqueEmail,
  waitFor,
  wsClient,
  type Account,
  type Response,
  type WsHandle,
} from './support/clients';
import { faultServers, pauseServer, resumeServer, startServer } from './support/infra';
import { acquireFaultLock } from './support/lock';
import { spawnPlatform, terminate, type ProcessPlatform, type ServiceName } from './support/processes';
import { recordFigures } from './support/report';

// Graceful shutdown of each service under load (RELIABILITY.md, Shutdown), on the cluster-mode
// processes. For every service in turn: requests that are provably in flight (their database -
// or, for the gateway, the analytics subgraph - is paused with SIGSTOP when they arrive) are
// running when the service gets SIGTERM; the service must wait for them, answer them in full,
// and exit with code 0; then it is started again. Meanwhile a steady mixed load runs through
// the gateway. Pass: every in-flight request completes; the load sees only declared errors
// (UPSTREAM_UNAVAILABLE naming the restarting subgraph; refused connections only while the
// gateway itself restarts); price subscribers stay connected through the subgraph restarts and
// are closed with 1001 (going away) when the gateway stops; no write that was answered is
// missing and every outbox event reaches Kafka.
jest.setTimeout(300_000);

const ORDER: ServiceName[] = ['analytics', 'sentiment', 'market-data', 'users', 'portfolio', 'gateway'];
const NORMAL_CLOSE = [1000, 1001];

let release: () => void;
let platform: ProcessPlatform;
let db: Db;
let bus: KafkaBus;
let consumer: ConsumerHandle | undefined;
let account: Account;
let portfolioId: string;
const handles: WsHandle[] = [];

beforeAll(async () => {
  release = await acquireFaultLock();
  const servers = faultServers();
  platform = await spawnPlatform(servers, { marketProvider: 'simulator' });
  db = createDb(servers.databaseUrl, 2);
  bus = new KafkaBus({
    brokers: servers.kafkaBrokers,
    clientId: 'faults-shutdown',
    log: createLogger('faults-shutdown', 'silent'),
  });
  account = await signUp(platform.url, 'shutdown');
  portfolioId = await createPortfolio(platform.url, account, 'Shutdown');
});

afterAll(async () => {
  await resumeServer('postgres').catch(() => undefined);
  await startServer('postgres').catch(() => undefined);
  for (const s of Object.values(platform?.subgraphs ?? {})) s.child.kill('SIGCONT');
  await Promise.allSettled(handles.map((h) => h.client.dispose()));
  await consumer?.stop().catch(() => undefined);
  await bus?.close();
  await platform?.stop();
  await db?.$disconnect();
  release?.();
});

interface Outcome {
  step: ServiceName;
  what: string;
  at: number;
  ok: boolean;
  code?: string;
  service?: unknown;
  status: number;
}

/** POSTs to a subgraph directly (as the gateway would). */
const direct = (url: string, query: string, variables: Record<string, unknown> = {}, token?: string) =>
  gql(url, query, variables, { token, timeoutMs: 60_000 });

/** Requests that need the database, sent straight to `service`. */
function dbBoundRequests(service: ServiceName): { what: string; send: () => Promise<Response> }[] {
  const url = platform.subgraphs[service as Exclude<ServiceName, 'gateway'>].url;
  switch (service) {
    case 'users':
      return [1, 2].map(() => {
        const email = uniqueEmail('drain');
        return {
          what: `register ${email}`,
          send: () =>
            direct(url, 'mutation($i: RegisterInput!) { register(input: $i) { user { id email } } }', {
              i: { email, password: 'correct horse battery staple' },
            }),
        };
      });
    case 'portfolio':
      return [1, 2].map(() => {
        const key = randomUUID();
        return {
          what: `recordTransaction ${key}`,
          send: () =>
            direct(
              url,
              RECORD_TRANSACTION,
              {
                i: {
                  portfolioId,
                  type: 'BUY',
                  coinId: 'bitcoin',
                  quantity: '0.5',
                  price: '100',
                  idempotencyKey: key,
                },
              },
              account.token,
            ),
        };
      });
    case 'market-data':
      return [1, 2].map(() => ({
        what: 'coins search',
        send: () =>
          direct(url, 'query($s: String) { coins(first: 3, search: $s) { totalCount } }', {
            s: randomUUID(),
          }),
      }));
    case 'analytics':
      return [1, 2].map(() => ({
        what: 'analytics entity',
        send: () =>
          direct(
            url,
            'query($r: [_Any!]!, $d: Int) { _entities(representations: $r) { ... on Coin { analytics(days: $d) { volatility } } } }',
            { r: [{ __typename: 'Coin', id: 'bitcoin' }], d: 30 + Math.floor(Math.random() * 300) },
          ),
      }));
    case 'sentiment':
      return [1, 2].map(() => ({
        what: 'news document',
        send: () => direct(url, 'query($id: ID!) { newsDocument(id: $id) { id } }', { id: randomUUID() }),
      }));
    default:
      throw new Error(`no database-bound request for ${service}`);
  }
}

it('drains in-flight requests, closes subscriptions normally and loses no write on SIGTERM of each service', async () => {
  const url = platform.url;
  const seen = new Set<string>();
  consumer = await bus.subscribe({
    topic: 'portfolio_updates',
    mode: 'broadcast',
    group: `faults-shutdown-${randomUUID()}`,
    fromBeginning: true,
    handler: async (event) => {
      seen.add(event.id);
    },
  });

  // Price subscribers, live before anything stops.
  const subs = Array.from({ length: 20 }, (_, i) => {
    const handle = wsClient(url, { address: `10.201.0.${i + 1}` });
    handles.push(handle);
    return subscribe<{ priceUpdated: { price: string } }>(
      handle.client,
      'subscription { priceUpdated(coinIds: ["bitcoin"]) { price } }',
    );
  });
  await waitFor(() => (subs.every((s) => s.results.length > 0) ? true : undefined), 30_000, 'live prices');

  // Steady load through the gateway: reads, transactions, registrations.
  let step: ServiceName = ORDER[0]!;
  let running = true;
  const outcomes: Outcome[] = [];
  const accepted = { transactions: [] as string[], users: [] as string[] };
  const note = (what: string, res: Response | undefined, err?: Error) => {
    const first = res?.errors?.[0];
    outcomes.push({
      step,
      what,
      at: Date.now(),
      ok: !!res && !res.errors?.length && res.status === 200,
      code: err ? 'TRANSPORT' : first?.extensions?.code,
      service: first?.extensions?.serviceName,
      status: res?.status ?? 0,
    });
  };
  const loop = async (kind: number) => {
    while (running) {
      try {
        if (kind === 0) {
          note(
            'coin',
            await gql(url, '{ coin(id: "bitcoin") { name quote { price } analytics { volatility } } }'),
          );
        } else if (kind === 1) {
          note('coins', await gql(url, '{ coins(first: 5) { edges { node { id sentiment { score } } } } }'));
        } else if (kind === 2) {
          const key = randomUUID();
          const res = await gql<{ recordTransaction: { id: string } }>(
            url,
            RECORD_TRANSACTION,
            {
              i: {
                portfolioId,
                type: 'BUY',
                coinId: 'bitcoin',
                quantity: '0.1',
                price: '100',
                idempotencyKey: key,
              },
            },
            { token: account.token },
          );
          note('recordTransaction', res);
          if (res.data?.recordTransaction?.id) accepted.transactions.push(res.data.recordTransaction.id);
        } else {
          const email = uniqueEmail('load');
          const res = await gql<{ register: { user: { id: string } } }>(
            url,
            'mutation($i: RegisterInput!) { register(input: $i) { user { id } } }',
            { i: { email, password: 'correct horse battery staple' } },
            { address: uniqueAddress() },
          );
          note('register', res);
          if (res.data?.register?.user.id) accepted.users.push(res.data.register.user.id);
        }
      } catch (err) {
        note(`transport ${kind}`, undefined, err as Error);
      }
      await sleep(kind === 3 ? 300 : 100);
    }
  };
  const load = Promise.all([0, 1, 2, 3].map(loop));

  const steps: Record<string, unknown>[] = [];
  for (const name of ORDER) {
    step = name;
    await sleep(1500);
    const service = name === 'gateway' ? platform.gateways[0]! : platform.subgraphs[name];
    // Hold requests in flight: pause what they wait for, then send them.
    let inflight: { what: string; promise: Promise<Response> }[];
    if (name === 'gateway') {
      platform.subgraphs.analytics.child.kill('SIGSTOP');
      inflight = [1, 2, 3].map((i) => ({
        what: `gateway query ${i}`,
        promise: gql(
          url,
          `query Q${i}($d: Int) { coin(id: "bitcoin") { name analytics(days: $d) { volatility } } }`,
          {
            d: 40 + i,
          },
        ),
      }));
    } else {
      await pauseServer('postgres');
      inflight = dbBoundRequests(name).map((r) => ({ what: r.what, promise: r.send() }));
    }
    await sleep(500);
    const signalledAt = Date.now();
    const exit = terminate(service, 40_000);
    await sleep(1000);
    const stillDraining = service.child.exitCode === null;
    if (name === 'gateway') platform.subgraphs.analytics.child.kill('SIGCONT');
    else await resumeServer('postgres');
    const results = await Promise.all(
      inflight.map(async (r) => {
        try {
          const res = await r.promise;
          return {
            what: r.what,
            ok: res.status === 200 && !res.errors?.length,
            detail: res.text.slice(0, 200),
          };
        } catch (err) {
          return { what: r.what, ok: false, detail: (err as Error).message };
        }
      }),
    );
    const exited = await exit;
    for (const r of results) {
      const id = /"id":"([0-9a-f-]{36})"/.exec(r.detail)?.[1];
      if (r.ok && r.what.startsWith('recordTransaction') && id) accepted.transactions.push(id);
      if (r.ok && r.what.startsWith('register') && id) accepted.users.push(id);
    }
    const closes = handles.map((h) => h.closes.at(-1)?.code).filter((c) => c !== undefined);
    steps.push({
      service: name,
      drainedBeforeExit: stillDraining,
      exitCode: exited.code,
      shutdownMs: exited.ms,
      inflight: results.map((r) => `${r.what.split(' ')[0]}:${r.ok ? 'ok' : r.detail}`),
      closeCodes: name === 'gateway' ? [...new Set(closes)] : undefined,
    });
    expect({ name, results: results.filter((r) => !r.ok) }).toEqual({ name, results: [] });
    expect({ name, stillDraining, code: exited.code, signal: exited.signal }).toEqual({
      name,
      stillDraining: true,
      code: 0,
      signal: null,
    });
    if (name === 'gateway') {
      await waitFor(
        () => (handles.every((h) => h.closes.length > 0) ? true : undefined),
        10_000,
        'socket closes',
      );
      expect(handles.map((h) => h.closes[0]!.code).every((c) => NORMAL_CLOSE.includes(c))).toBe(true);
    } else {
      expect({ name, closes: handles.flatMap((h) => h.closes) }).toEqual({ name, closes: [] });
    }
    // Drained promptly: idle keep-alive sockets do not hold the exit (1 s of it is our pause).
    expect(exited.ms).toBeLessThan(8000);
    expect(Date.now() - signalledAt).toBeLessThan(30_000);
    await platform.restart(name);
  }
  await sleep(2000);
  running = false;
  await load;

  // Declared errors only, and only from the service that was restarting.
  const bad = outcomes.filter(
    (o) =>
      !o.ok &&
      !(o.code === 'UPSTREAM_UNAVAILABLE' && o.service === o.step) &&
      !(o.step === 'gateway' && o.code === 'TRANSPORT'),
  );
  // Every answered write is stored; every outbox event of the portfolio reaches Kafka.
  const storedTransactions = await db.transaction.count({ where: { id: { in: accepted.transactions } } });
  const storedUsers = await db.user.count({ where: { id: { in: accepted.users } } });
  await waitFor(
    async () =>
      (await db.outboxEvent.count({ where: { key: portfolioId, publishedAt: null } })) === 0
        ? true
        : undefined,
    30_000,
    'the outbox to drain',
    250,
  );
  const events = await db.outboxEvent.findMany({ where: { key: portfolioId }, select: { id: true } });
  await waitFor(
    () => (events.every((e) => seen.has(e.id)) ? true : undefined),
    30_000,
    'every event at Kafka',
    250,
  );

  recordFigures('graceful-shutdown', {
    steps,
    loadRequests: outcomes.length,
    loadDeclaredErrors: outcomes.filter((o) => !o.ok).length - bad.length,
    loadUndeclaredErrors: bad.length,
    acceptedTransactions: accepted.transactions.length,
    storedTransactions,
    acceptedUsers: accepted.users.length,
    storedUsers,
    outboxEvents: events.length,
  });
  expect(bad).toEqual([]);
  expect(storedTransactions).toBe(accepted.transactions.length);
  expect(storedUsers).toBe(accepted.users.length);
});
