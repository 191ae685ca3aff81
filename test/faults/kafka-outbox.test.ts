import { randomUUID } from 'node:crypto';
import { generateKeyPairPem } from '../../lib/auth';
import { KafkaBus, type ConsumerHandle } from '../../lib/events';
import { createLogger } from '../../lib/logger';
import { startPlatform, type Platform } from '../../scripts/platform';
import {
  createPortfolio,
  gql,
  RECORD_TRANSACTION,
  signUp,
  sleep,
  subscribe,
  waitFor,
  wsClient,
  type Account,
  type WsHandle,
} from './support/clients';
import { faultServers, startServer, stopServer } from './support/infra';
import { acquireFaultLock } from './support/lock';
import { recordFigures } from './support/report';

// Kafka down for 30 s while users record transactions (RELIABILITY.md, Kafka). The portfolio
// service writes each event to its outbox table in the transaction's own database transaction;
// the relay publishes when Kafka is back. Pass: every mutation succeeds during the outage; every
// event reaches a plain Kafka consumer after the return; each owner's `portfolioUpdated`
// subscription (the gateway's consumer, which drops redeliveries by event id) receives each
// event exactly once, none missing and none twice.
jest.setTimeout(240_000);

const USERS = 3;
const OUTAGE_MS = 30_000;

type Update = { portfolioUpdated: { portfolioId: string; kind: string; ts: string } };

let release: () => void;
let platform: Platform;
let consumerBus: KafkaBus;
let consumer: ConsumerHandle | undefined;
const handles: WsHandle[] = [];

beforeAll(async () => {
  release = await acquireFaultLock();
  const servers = faultServers();
  const pair = generateKeyPairPem();
  const log = createLogger('faults-outbox', 'silent');
  platform = await startPlatform({
    databaseUrl: servers.databaseUrl,
    redisUrl: servers.redisUrl,
    kafkaBrokers: servers.kafkaBrokers,
    authRateLimitPerMinute: 100_000, // many sign-ups from one address; limits are tested elsewhere
    jwt: { privateKeyPem: pair.privateKey, publicKeyPem: pair.publicKey },
    gatewayPort: 0,
    log,
  });
  consumerBus = new KafkaBus({ brokers: servers.kafkaBrokers, clientId: 'faults-outbox-consumer', log });
});

afterAll(async () => {
  await startServer('kafka').catch(() => undefined);
  await Promise.allSettled(handles.map((h) => h.client.dispose()));
  await consumer?.stop().catch(() => undefined);
  await consumerBus?.close();
  await platform?.close();
  release?.();
});

it('delivers every outbox event recorded during a 30 s Kafka outage, exactly once per event id', async () => {
  const url = platform.url;
  const db = platform.runtime.db;
  const accounts: Account[] = [];
  const portfolios: string[] = [];
  for (let i = 0; i < USERS; i++) {
    const account = await signUp(url, 'outbox');
    accounts.push(account);
    portfolios.push(await createPortfolio(url, account, `Outbox ${i}`));
  }
  // Subscriptions start once the portfolios' own events are out, so that every later row is
  // expected at the subscriber.
  await waitFor(
    async () =>
      (await db.outboxEvent.count({ where: { key: { in: portfolios }, publishedAt: null } })) === 0
        ? true
        : undefined,
    20_000,
    'the creation events to be relayed',
  );
  const baseline = new Set(
    (await db.outboxEvent.findMany({ where: { key: { in: portfolios } }, select: { id: true } })).map(
      (r) => r.id,
    ),
  );

  const raw = new Map<string, number>(); // event id -> deliveries
  consumer = await consumerBus.subscribe({
    topic: 'portfolio_updates',
    mode: 'broadcast',
    group: `faults-outbox-${randomUUID()}`,
    handler: async (event) => {
      if (event.portfolioId && portfolios.includes(event.portfolioId))
        raw.set(event.id, (raw.get(event.id) ?? 0) + 1);
    },
  });
  const subs = accounts.map((account, i) => {
    const handle = wsClient(url, { connectionParams: { authorization: `Bearer ${account.token}` } });
    handles.push(handle);
    return subscribe<Update>(
      handle.client,
      'subscription($id: ID!) { portfolioUpdated(portfolioId: $id) { portfolioId kind ts } }',
      { id: portfolios[i] },
    );
  });

  let sequence = 0;
  const record = (i: number) =>
    gql(
      url,
      RECORD_TRANSACTION,
      {
        i: {
          portfolioId: portfolios[i],
          type: 'BUY',
          coinId: 'bitcoin',
          quantity: `0.00${++sequence}`,
          price: '30000',
          idempotencyKey: randomUUID(),
        },
      },
      { token: accounts[i]!.token },
    );

  // Warm-up: one event each, through Kafka to both consumers, proves the paths are live.
  for (let i = 0; i < USERS; i++) expect((await record(i)).errors).toBeUndefined();
  await waitFor(
    () => (subs.every((s) => s.results.length >= 1) && raw.size >= USERS ? true : undefined),
    30_000,
    'warm-up events at both consumers',
  );

  // The outage: users keep recording, one transaction a second each.
  const downAt = Date.now();
  await stopServer('kafka');
  const failures: string[] = [];
  let recorded = 0;
  await Promise.all(
    accounts.map(async (_, i) => {
      while (Date.now() - downAt < OUTAGE_MS) {
        const res = await record(i);
        if (res.errors?.length || res.status !== 200) failures.push(res.text.slice(0, 300));
        else recorded++;
        await sleep(1000);
      }
    }),
  );
  const pendingAtReturn = await db.outboxEvent.count({
    where: { key: { in: portfolios }, publishedAt: null },
  });
  const deliveredDuringOutage = subs.map((s) => s.results.length);
  await startServer('kafka');
  const upAt = Date.now();

  const expected = (
    await db.outboxEvent.findMany({ where: { key: { in: portfolios } }, select: { id: true, payload: true } })
  ).filter((r) => !baseline.has(r.id));
  const expectedIds = expected.map((r) => r.id);
  const allRaw = await waitFor(
    () => (expectedIds.every((id) => raw.has(id)) ? Date.now() : undefined),
    90_000,
    'every event at the Kafka consumer',
    200,
  );
  const allSubscribers = await waitFor(
    () =>
      subs.every((s, i) => {
        const want = expected.filter(
          (r) => (r.payload as { portfolioId?: string }).portfolioId === portfolios[i],
        );
        return s.results.length >= want.length;
      })
        ? Date.now()
        : undefined,
    60_000,
    'every event at the subscribers',
    200,
  );
  await sleep(5000); // a late duplicate would arrive here

  const duplicatesAtKafka = [...raw.values()].reduce((n, c) => n + c - 1, 0);
  recordFigures('kafka-outbox', {
    users: USERS,
    outageMs: upAt - downAt,
    mutationsDuringOutage: recorded,
    mutationFailures: failures.length,
    pendingOutboxRowsAtReturn: pendingAtReturn,
    deliveredToSubscribersDuringOutage: deliveredDuringOutage.reduce((a, b) => a + b, 0) - USERS,
    expectedEvents: expected.length,
    allAtKafkaConsumerMs: allRaw - upAt,
    allAtSubscribersMs: allSubscribers - upAt,
    kafkaRedeliveries: duplicatesAtKafka,
  });

  expect(failures).toEqual([]);
  expect(recorded).toBeGreaterThanOrEqual(USERS * 20);
  expect(pendingAtReturn).toBeGreaterThan(0); // the relay really held them back
  expect(expected).toHaveLength(recorded + USERS);
  expect(deliveredDuringOutage).toEqual(accounts.map(() => 1)); // nothing could pass during the outage
  for (const [i, s] of subs.entries()) {
    const want = expected
      .map((r) => r.payload as { portfolioId?: string; kind: string; ts: string })
      .filter((p) => p.portfolioId === portfolios[i])
      .map((p) => `${p.kind}@${Date.parse(p.ts)}`)
      .sort();
    const got = s.results
      .map((r) => `${r.data!.portfolioUpdated.kind}@${Date.parse(r.data!.portfolioUpdated.ts)}`)
      .sort();
    expect(got).toEqual(want);
    expect(s.errors).toEqual([]);
  }
  expect(handles.flatMap((h) => h.closes)).toEqual([]);
});
