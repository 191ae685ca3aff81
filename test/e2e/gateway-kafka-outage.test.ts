import type { Socket } from 'node:net';
import type { KafkaBus } from '../../lib/events';
import type { RunningGateway } from '../../gateway/server';
import { collect, wsClient } from '../support/client';
import { waitFor } from '../support/servers';
import { priceEvent, startKafkaGateway, uniqueCoin, warmUp, type KafkaGateway } from './gateway-harness';

// Kafka goes away and comes back: WebSocket connections stay open and events resume. The outage
// is a network partition between this test process and the broker (every connection to the
// broker's port is cut and new ones are refused), so the shared broker other tests use keeps
// running. kafkajs's own reconnection is what gets exercised. (A real broker restart belongs to
// the fault tests of issue 10, on their own servers.)
const mockKafkaGate = { down: false, sockets: new Set<Socket>() };
const mockKafkaPorts = new Set(
  (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => Number(b.split(':').pop())),
);

function mockNet() {
  const actual = jest.requireActual<typeof import('node:net')>('node:net');
  const portOf = (args: unknown[]) => {
    const first = args[0];
    return typeof first === 'object' && first !== null
      ? Number((first as { port?: unknown }).port)
      : Number(first);
  };
  const connect = (...args: unknown[]): Socket => {
    const call = actual.connect as (...a: unknown[]) => Socket;
    if (!mockKafkaPorts.has(portOf(args))) return call(...args);
    if (mockKafkaGate.down) {
      const listener = args.find((a) => typeof a === 'function');
      return call({ host: '127.0.0.1', port: 1 }, listener); // ECONNREFUSED, like a dead broker
    }
    const socket = call(...args);
    mockKafkaGate.sockets.add(socket);
    socket.once('close', () => mockKafkaGate.sockets.delete(socket));
    return socket;
  };
  return { ...actual, connect, createConnection: connect };
}
jest.mock('net', () => mockNet());
jest.mock('node:net', () => mockNet());

jest.setTimeout(180_000);

let kafka: KafkaGateway;
let gateway: RunningGateway;
let producer: KafkaBus;

beforeAll(async () => {
  kafka = await startKafkaGateway('outage');
  ({ gateway, producer } = kafka);
});

afterAll(async () => {
  mockKafkaGate.down = false;
  await kafka?.close();
});

async function ready(): Promise<{
  status: number;
  body: { status: string; checks: Record<string, boolean> };
}> {
  const res = await fetch(new URL('/ready', gateway.url));
  return {
    status: res.status,
    body: (await res.json()) as { status: string; checks: Record<string, boolean> },
  };
}

it('keeps WebSocket connections open through a Kafka outage and resumes events when it returns', async () => {
  const coinId = uniqueCoin('outage');
  const client = wsClient(gateway.url);
  let closed = false;
  client.on('closed', () => (closed = true));
  const sub = collect<{ priceUpdated: { price: string } }>(
    client,
    'subscription($ids: [ID!]) { priceUpdated(coinIds: $ids) { price } }',
    { ids: [coinId] },
  );
  try {
    await warmUp(producer, coinId, () => sub.results.length > 0);
    await waitFor(
      async () => ((await ready()).body.checks.events ? true : undefined),
      20_000,
      'Kafka to show as reachable',
    );

    // Outage: every broker connection of this process is reset and new ones are refused, as
    // when the broker goes away.
    mockKafkaGate.down = true;
    for (const socket of mockKafkaGate.sockets)
      socket.destroy(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    const degraded = await waitFor(
      async () => {
        const r = await ready();
        return r.body.checks.events === false ? r : undefined;
      },
      20_000,
      'readiness to show the outage',
    );
    expect(degraded.status).toBe(200); // degraded, still serving: never NotReady for a Kafka outage
    expect(degraded.body.status).toBe('degraded');
    await new Promise((r) => setTimeout(r, 5000));
    expect(closed).toBe(false);
    expect(sub.errors).toEqual([]);
    expect(sub.isComplete()).toBe(false);
    // HTTP keeps working meanwhile.
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ coin(id: "bitcoin") { name } }' }),
    });
    expect(((await res.json()) as { data: unknown }).data).toEqual({ coin: { name: 'Bitcoin' } });

    // Kafka returns: events published now reach the same, still open, subscription.
    mockKafkaGate.down = false;
    const returnedAt = Date.now();
    await waitFor(
      async () => {
        if (sub.results.some((r) => r.data?.priceUpdated.price === '2')) return true;
        await producer.publish('price_updates', priceEvent(coinId, '2')).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 1000));
        return undefined;
      },
      120_000,
      'events to resume',
    );
    process.stdout.write(`events resumed ${Date.now() - returnedAt} ms after Kafka returned\n`);
    expect(closed).toBe(false);
    expect(sub.errors).toEqual([]);
    await waitFor(
      async () => ((await ready()).body.checks.events ? true : undefined),
      20_000,
      'readiness to recover',
    );
  } finally {
    sub.dispose();
    await client.dispose();
  }
});
