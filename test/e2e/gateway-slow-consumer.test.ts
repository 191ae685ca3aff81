import type { Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { KafkaBus } from '../../lib/events';
import type { RunningGateway } from '../../gateway/server';
import { wsClient } from '../support/client';
import { waitFor } from '../support/servers';
import {
  metricValue,
  metricsOf,
  priceEvent,
  startKafkaGateway,
  uniqueCoin,
  type KafkaGateway,
} from './gateway-harness';

// A client that stops reading its socket must not grow the gateway's memory or slow anyone else
// down (DESIGN.md, subscriptions 5): its buffer keeps only the latest updates, fan-out to others
// goes on, and once it is stuck it is closed with 1013.
jest.setTimeout(120_000);

const BUFFER = 32;
let kafka: KafkaGateway;
let gateway: RunningGateway;
let producer: KafkaBus;

beforeAll(async () => {
  kafka = await startKafkaGateway('slow', {
    subscriptions: { bufferSize: BUFFER, stallTimeoutMs: 1500 },
    websocket: { slowConsumerGraceMs: 30_000 },
  });
  ({ gateway, producer } = kafka);
});

afterAll(() => kafka?.close());

/**
 * Publishes `n` prices for the coin ("<offset+i>"), 20 every 50 ms: a steady stream a client
 * that reads keeps up with (a burst beyond its buffer would drop updates for it too, by design).
 */
async function publish(coinId: string, offset: number, n: number) {
  for (let start = 0; start < n; start += 20) {
    const batch = Array.from({ length: Math.min(20, n - start) }, (_, i) =>
      priceEvent(coinId, String(offset + start + i)),
    );
    await producer.publish('price_updates', batch);
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('a client that stops reading keeps a bounded buffer, slows no one, and is closed with 1013', async () => {
  // A long coin id, selected 15 times, makes each update ~30 KB for the stuck client, so the
  // kernel's socket buffers fill after a few hundred updates and the rest must wait in ours.
  const coinId = uniqueCoin('slow') + '-' + 'x'.repeat(2000);
  const fat = `subscription($ids: [ID!]) { priceUpdated(coinIds: $ids) { price ${Array.from({ length: 15 }, (_, i) => `c${i}: coinId`).join(' ')} } }`;

  // The stuck client: a raw socket that stops reading once its subscription is live.
  const stuck = new WebSocket(gateway.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const stuckMessages: { type: string }[] = [];
  stuck.on('message', (data) => stuckMessages.push(JSON.parse(String(data))));
  const stuckClosed = new Promise<{ code: number; reason: string }>((resolve) =>
    stuck.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  await new Promise((resolve) => stuck.once('open', resolve));
  stuck.send(JSON.stringify({ type: 'connection_init' }));
  await waitFor(
    () => (stuckMessages.some((m) => m.type === 'connection_ack') ? true : undefined),
    5000,
    'connection_ack',
  );
  stuck.send(
    JSON.stringify({ type: 'subscribe', id: 's', payload: { query: fat, variables: { ids: [coinId] } } }),
  );

  // A healthy subscriber to the same coin, timing each update it gets.
  const healthy: Client = wsClient(gateway.url);
  const received = new Map<string, number>();
  const delays: number[] = [];
  let sampler: NodeJS.Timeout | undefined;
  const dispose = healthy.subscribe<{ priceUpdated: { price: string; ts: string } }>(
    {
      query: 'subscription($ids: [ID!]) { priceUpdated(coinIds: $ids) { price ts } }',
      variables: { ids: [coinId] },
    },
    {
      next: (r) => {
        const u = r.data!.priceUpdated;
        received.set(u.price, Date.now());
        delays.push(Date.now() - Date.parse(u.ts));
      },
      error: () => undefined,
      complete: () => undefined,
    },
  );
  try {
    await waitFor(
      () => (gateway.bridge.stats().subscriptions >= 2 ? true : undefined),
      10_000,
      'both subscriptions',
    );
    // Warm up until both see events, then stop reading on the stuck socket.
    await waitFor(
      async () => {
        if (received.size && stuckMessages.some((m) => m.type === 'next')) return true;
        await publish(coinId, 1_000_000, 1);
        await new Promise((r) => setTimeout(r, 300));
        return undefined;
      },
      30_000,
      'the subscriptions to go live',
    );
    stuck.pause();
    const heapBefore = process.memoryUsage().heapUsed;

    let maxQueued = 0;
    sampler = setInterval(() => (maxQueued = Math.max(maxQueued, gateway.bridge.stats().maxQueued)), 20);
    const N = 1000;
    await publish(coinId, 0, N);
    await waitFor(
      () => (Array.from({ length: N }, (_, i) => String(i)).every((p) => received.has(p)) ? true : undefined),
      30_000,
      'the healthy subscriber to get every update',
    );
    clearInterval(sampler);

    // Others are not slowed: every update reached the healthy client promptly.
    delays.sort((a, b) => a - b);
    const p99 = delays[Math.floor(delays.length * 0.99)]!;
    expect(p99).toBeLessThan(3000);
    // Memory stays bounded: at most BUFFER results wait per subscription, one unsent frame per socket.
    expect(maxQueued).toBeLessThanOrEqual(BUFFER);
    const stats = gateway.bridge.stats();
    expect(stats.dropped).toBeGreaterThan(N / 2);
    const buffered = [...gateway.websocket.wss.clients].map((c) => c.bufferedAmount);
    expect(Math.max(...buffered)).toBeLessThan(256 * 1024);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(50 * 1024 * 1024);

    // Still stuck after the stall timeout: the next updates close it with 1013.
    await new Promise((r) => setTimeout(r, 1800));
    await publish(coinId, N, 50);
    await waitFor(
      async () =>
        metricValue(await metricsOf(gateway.url), 'gateway_slow_consumers_closed_total') >= 1
          ? true
          : undefined,
      10_000,
      'the stuck client to be closed',
    );
    stuck.resume();
    const closed = await stuckClosed;
    expect(closed.code).toBe(1013);
    expect(closed.reason).toMatch(/Slow consumer/);
    // It got the latest values it could, not every update.
    const got = stuckMessages.filter((m) => m.type === 'next').length;
    expect(got).toBeLessThan(N);
    expect(
      metricValue(await metricsOf(gateway.url), 'gateway_subscription_updates_dropped_total'),
    ).toBeGreaterThan(N / 2);
    // The healthy subscriber is untouched and still live.
    await publish(coinId, 5000, 1);
    await waitFor(() => (received.has('5000') ? true : undefined), 10_000, 'a later update');
  } finally {
    clearInterval(sampler);
    dispose();
    await healthy.dispose();
    stuck.terminate();
  }
});
