import { generateKeyPairPem } from '../../lib/auth';
import { createLogger } from '../../lib/logger';
import { simulatorProvider, startPlatform, type Platform } from '../../scripts/platform';
import { subscribe, sleep, waitFor, wsClient, type WsHandle } from './support/clients';
import { faultServers, startServer, stopServer } from './support/infra';
import { acquireFaultLock } from './support/lock';
import { httpGet } from './support/processes';
import { recordFigures } from './support/report';

// Kafka broker restart while 200 clients are subscribed to prices (RELIABILITY.md, Kafka).
// Pass: no WebSocket closes; every subscriber receives a price produced after the broker is back
// within 15 s of its return; the gateway's /ready answers 200 throughout and says `degraded`
// while the broker is away. Prices come from market-data's own simulator feed, so the producer's
// recovery is part of what is measured, not only the gateway's consumer.
jest.setTimeout(240_000);

const SUBSCRIBERS = 200;
const ADDRESSES = 10; // 20 connections per simulated client address (the limit is 50)
const OUTAGE_MS = 15_000; // more than the bus health probe's 5 s period, with polls left after it
const RECOVERY_LIMIT_MS = 15_000;

let release: () => void;
let platform: Platform;
const handles: WsHandle[] = [];
const subs: ReturnType<typeof subscribe<{ priceUpdated: { coinId: string; price: string; ts: string } }>>[] =
  [];

beforeAll(async () => {
  release = await acquireFaultLock();
  const servers = faultServers();
  const pair = generateKeyPairPem();
  platform = await startPlatform({
    databaseUrl: servers.databaseUrl,
    redisUrl: servers.redisUrl,
    kafkaBrokers: servers.kafkaBrokers,
    authRateLimitPerMinute: 100_000, // many sign-ups from one address; limits are tested elsewhere
    jwt: { privateKeyPem: pair.privateKey, publicKeyPem: pair.publicKey },
    gatewayPort: 0,
    log: createLogger('faults-kafka', 'silent'),
    marketProvider: () => simulatorProvider({ tickIntervalMs: 250 }),
    maxPriceEventsPerSecond: 4,
  });
});

afterAll(async () => {
  await startServer('kafka').catch(() => undefined); // never leave the instance's broker down
  for (const s of subs) s.dispose();
  await Promise.allSettled(handles.map((h) => h.client.dispose()));
  await platform?.close();
  release?.();
});

it('keeps 200 price subscribers connected through a broker restart and resumes prices within 15 s', async () => {
  const readyUrl = new URL('/ready', platform.url).toString();
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const handle = wsClient(platform.url, { address: `10.200.${i % ADDRESSES}.1` });
    handles.push(handle);
    subs.push(
      subscribe(handle.client, 'subscription { priceUpdated(coinIds: ["bitcoin"]) { coinId price ts } }'),
    );
  }
  await waitFor(
    () => (subs.every((s) => s.results.length > 0) ? true : undefined),
    45_000,
    'every subscriber to receive a first price',
    200,
  );
  expect(platform.gateway.connections()).toBe(SUBSCRIBERS);
  // Steady state first: the gateway may still be joining consumer groups just after start.
  await waitFor(
    async () => ((await httpGet(readyUrl))?.body.status === 'ok' ? true : undefined),
    30_000,
    `/ready ok before the outage (last: ${JSON.stringify((await httpGet(readyUrl))?.body)})`,
    250,
  );

  // Outage: the broker stops; /ready is polled twice a second the whole time.
  const polls: { at: number; status?: number; state?: unknown; events?: unknown }[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const at = Date.now();
      const res = await httpGet(readyUrl, 3000);
      polls.push({
        at,
        status: res?.status,
        state: res?.body.status,
        events: (res?.body.checks as Record<string, unknown> | undefined)?.events,
      });
      await sleep(500);
    }
  })();
  const downAt = Date.now();
  await stopServer('kafka');
  const stoppedAt = Date.now();
  await sleep(Math.max(0, OUTAGE_MS - (Date.now() - downAt)));
  const countsBefore = subs.map((s) => s.results.length);
  // The broker listens before startServer returns (it waits for it): polls after this instant may
  // rightly see it back.
  const restartAt = Date.now();
  await startServer('kafka');
  const upAt = Date.now();

  // Every subscriber gets a price produced after the return.
  const firstAfter = await waitFor(
    () => {
      const at = subs.map(
        (s) => s.results.find((r) => r.at > upAt && Date.parse(r.data!.priceUpdated.ts) > upAt)?.at,
      );
      return at.every((t) => t !== undefined) ? (at as number[]) : undefined;
    },
    RECOVERY_LIMIT_MS + 30_000,
    'a post-restart price at every subscriber',
    100,
  ).catch(() => subs.map((s) => s.results.find((r) => r.at > upAt)?.at));
  const delays = firstAfter.map((t) => (t === undefined ? Infinity : t - upAt));
  const readyAgain = await waitFor(
    async () => ((await httpGet(readyUrl))?.body.status === 'ok' ? Date.now() : undefined),
    30_000,
    '/ready to report ok again',
    250,
  ).catch(() => undefined);
  polling = false;
  await poller;

  const duringOutage = polls.filter((p) => p.at >= stoppedAt + 7000 && p.at < restartAt);
  const sorted = [...delays].sort((a, b) => a - b);
  recordFigures('kafka-restart', {
    subscribers: SUBSCRIBERS,
    outageMs: upAt - downAt,
    stopMs: stoppedAt - downAt,
    pricesBeforeOutagePerSubscriberMin: Math.min(...countsBefore),
    firstPriceAfterReturnMs: { p50: sorted[Math.floor(sorted.length / 2)], max: sorted[sorted.length - 1] },
    readyPolls: polls.length,
    readyStatuses: [...new Set(polls.map((p) => `${p.status}:${String(p.state)}`))],
    degradedPollsDuringOutage: duringOutage.filter((p) => p.state === 'degraded').length,
    readyOkAfterReturnMs: readyAgain === undefined ? null : readyAgain - upAt,
    closes: handles.reduce((n, h) => n + h.closes.length, 0),
  });

  expect(handles.flatMap((h) => h.closes)).toEqual([]);
  expect(handles.every((h) => h.connected())).toBe(true);
  expect(platform.gateway.connections()).toBe(SUBSCRIBERS);
  expect(subs.flatMap((s) => s.errors)).toEqual([]);
  expect(Math.max(...delays)).toBeLessThanOrEqual(RECOVERY_LIMIT_MS);
  expect(polls.every((p) => p.status === 200)).toBe(true);
  expect(duringOutage.length).toBeGreaterThan(5);
  expect(duringOutage.every((p) => p.state === 'degraded' && p.events === false)).toBe(true);
  expect(readyAgain).toBeDefined();
});
