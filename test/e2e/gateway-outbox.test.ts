import type { IncomingMessage } from 'node:http';
import { validateMessage, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { KafkaBus } from '../../lib/events';
import type { RunningGateway } from '../../gateway/server';
import { collect, wsClient } from '../support/client';
import { waitFor } from '../support/servers';
import {
  metricValue,
  metricsOf,
  priceEvent,
  startKafkaGateway,
  uniqueCoin,
  warmUp,
  type KafkaGateway,
} from './gateway-harness';

// Subscription results leave the gateway through its outbox (gateway/subscriptions/outbox.ts),
// not graphql-ws's per-message path. Both put the same bytes on the wire, so the clients alone
// cannot tell them apart: the outbox's frame counter (gateway_subscription_frames_written_total)
// says who wrote them, and by which path. The gateway accepts no WebSocket extension (ws's server
// default: no permessage-deflate), so a client that offers one still gets the raw path; the
// outbox's other path, through ws's send, is covered by its unit test only.
jest.setTimeout(120_000);

let kafka: KafkaGateway;
let gateway: RunningGateway;
let producer: KafkaBus;

beforeAll(async () => {
  kafka = await startKafkaGateway('outbox');
  ({ gateway, producer } = kafka);
});

afterAll(() => kafka?.close());

/** ws's client offers permessage-deflate unless told not to. */
class NoDeflateWebSocket extends WebSocket {
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols, { perMessageDeflate: false });
  }
}

interface Observed {
  client: Client;
  /** Text of every frame received, and whether it was binary. */
  frames: { text: string; binary: boolean }[];
  /** Extensions the handshake settled on, as the client saw them. */
  extensions?: string;
}

/** A real graphql-ws client whose subscription ids are `id`, with its frames recorded. */
function observedClient(url: string, id: string, webSocketImpl: unknown): Observed {
  const observed: Observed = {
    frames: [],
    client: wsClient(url, {}, { webSocketImpl, generateID: () => id }),
  };
  observed.client.on('opened', (socket) => {
    const ws = socket as WebSocket;
    observed.extensions = ws.extensions;
    ws.on('message', (data, binary) => observed.frames.push({ text: String(data), binary }));
  });
  return observed;
}

const framesWritten = async () => {
  const text = await metricsOf(gateway.url);
  return {
    raw: metricValue(text, 'gateway_subscription_frames_written_total', { path: 'raw' }),
    send: metricValue(text, 'gateway_subscription_frames_written_total', { path: 'send' }),
  };
};

it('writes subscription results through the outbox, as valid `next` messages with each subscriber its own id, for clients that offer permessage-deflate and clients that do not', async () => {
  const coinId = uniqueCoin('outbox');
  const query = 'subscription($ids: [ID!]) { priceUpdated(coinIds: $ids) { coinId price } }';
  // What each upgrade request offered, to show the second client really asked for compression.
  const offers: (string | undefined)[] = [];
  const onUpgrade = (req: IncomingMessage) => offers.push(req.headers['sec-websocket-extensions']);
  gateway.server.on('upgrade', onUpgrade);
  const plain = observedClient(gateway.url, 'plain-1', NoDeflateWebSocket);
  const deflate = observedClient(gateway.url, 'deflate-1', WebSocket);
  const observed = [plain, deflate];
  const subs = observed.map((o) =>
    collect<{ priceUpdated: { coinId: string; price: string } }>(o.client, query, { ids: [coinId] }),
  );
  const nextFrames = () =>
    observed.reduce(
      (n, o) => n + o.frames.filter((f) => (JSON.parse(f.text) as { type: string }).type === 'next').length,
      0,
    );
  try {
    await waitFor(
      () => (gateway.bridge.stats().subscriptions >= 2 ? true : undefined),
      15_000,
      'both subscriptions',
    );
    await warmUp(producer, coinId, () => subs.every((s) => s.results.length > 0));
    // Let warm-up stragglers land: a frame counted before the snapshot must also arrive before it.
    let seen = -1;
    await waitFor(
      async () => {
        if (nextFrames() === seen) return true;
        seen = nextFrames();
        await new Promise((r) => setTimeout(r, 1000));
        return undefined;
      },
      20_000,
      'warm-up frames to settle',
    );

    const before = { written: await framesWritten(), received: nextFrames() };
    await producer.publish('price_updates', priceEvent(coinId, '42.5'));
    await waitFor(
      () =>
        subs.every((s) => s.results.some((r) => r.data?.priceUpdated.price === '42.5')) ? true : undefined,
      15_000,
      'the price at both clients',
    );
    const after = { written: await framesWritten(), received: nextFrames() };

    // One client offered permessage-deflate and the other did not; the gateway accepted it from
    // neither, so every result took the raw path: a ready frame on the TCP socket.
    expect(offers.filter((o) => o?.includes('permessage-deflate'))).toHaveLength(1);
    expect(observed.map((o) => o.extensions)).toEqual(['', '']);
    // Every `next` frame the clients received was written by the outbox, and nothing else was.
    expect(after.received - before.received).toBeGreaterThanOrEqual(2);
    expect(after.written.raw - before.written.raw).toBe(after.received - before.received);
    expect(after.written.send).toBe(0);

    for (const [o, id] of [
      [plain, 'plain-1'],
      [deflate, 'deflate-1'],
    ] as const) {
      const messages = o.frames.map((f) => {
        expect(f.binary).toBe(false);
        return { text: f.text, message: validateMessage(JSON.parse(f.text)) };
      });
      const next = messages.filter((m) => m.message.type === 'next');
      expect(next.length).toBeGreaterThan(0);
      for (const { text, message } of next) {
        expect(message).toMatchObject({ id, type: 'next' });
        // Exactly graphql-ws's own serialisation of the message.
        expect(text).toBe(
          JSON.stringify({ id, type: 'next', payload: (message as { payload: unknown }).payload }),
        );
      }
      expect(next.at(-1)!.message).toEqual({
        id,
        type: 'next',
        payload: { data: { priceUpdated: { coinId, price: '42.5' } } },
      });
    }
    // The graphql-ws clients took them as results of their subscriptions.
    for (const s of subs) expect(s.errors).toEqual([]);
  } finally {
    gateway.server.off('upgrade', onUpgrade);
    subs.forEach((s) => s.dispose());
    await Promise.all(observed.map((o) => o.client.dispose()));
  }
});
