import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { KafkaBus, PortfolioUpdate } from '../../lib/events';
import type { RunningGateway } from '../../gateway/server';
import { collect, gql, gqlData, wsClient } from '../support/client';
import { waitFor } from '../support/servers';
import {
  kafkaBus,
  metricValue,
  metricsOf,
  priceEvent,
  randomClient,
  recordingProxy,
  shortLivedToken,
  signUp,
  startStack,
  uniqueCoin,
  warmUp as warmUpPrices,
  type Stack,
} from './gateway-harness';

// Subscriptions through the gateway on the real Kafka: shared hydration, scopes, token expiry,
// the graphql-transport-ws close codes and the WebSocket limits (issue 8).
jest.setTimeout(120_000);

let stack: Stack;
let proxy: Awaited<ReturnType<typeof recordingProxy>>;
let gateway: RunningGateway;
let strict: RunningGateway;
let producer: KafkaBus;

beforeAll(async () => {
  stack = await startStack();
  // Hydrations of coin fields go to market-data through this proxy, which counts them.
  proxy = await recordingProxy(stack.urls['market-data']!);
  gateway = await stack.gateway({
    bus: kafkaBus('e2e-gateway-subs'),
    closeBus: true,
    urls: { 'market-data': proxy.url },
    websocket: { maxConnectionsPerClient: 150 },
  });
  // Small limits, to reach them.
  strict = await stack.gateway({
    bus: kafkaBus('e2e-gateway-strict'),
    closeBus: true,
    authRateLimitPerMinute: 2,
    websocket: {
      maxConnectionsPerClient: 3,
      maxOperationsPerConnection: 2,
      connectionInitTimeoutMs: 500,
      keepAliveMs: 1000,
    },
  });
  producer = kafkaBus('e2e-producer-subs');
});

afterAll(async () => {
  await producer?.close();
  await proxy?.close();
  await stack?.close();
});

const warmUp = (coinId: string, ready: () => boolean) => warmUpPrices(producer, coinId, ready);

const hydrationsAtProxy = () => proxy.requests.filter((r) => r.body.includes('SubscriptionHydration')).length;

async function hydrationsAtSubgraph(): Promise<number> {
  const text = await metricsOf(stack.urls['market-data']!);
  const value = [...text.matchAll(/^graphql_requests_total\{([^}]*)\} (\S+)$/gm)]
    .filter((m) => m[1]!.includes('operation="SubscriptionHydration'))
    .reduce((sum, m) => sum + Number(m[2]), 0);
  return value;
}

describe('shared hydration', () => {
  it('100 identical subscribers cause one hydration per event, not 100', async () => {
    const coinId = uniqueCoin();
    const query =
      'subscription Live($ids: [ID!]) { priceUpdated(coinIds: $ids) { coinId price coin { id name } } }';
    const clients = Array.from({ length: 100 }, () => wsClient(gateway.url));
    const subs = clients.map((c) =>
      collect<{ priceUpdated: { price: string } }>(c, query, { ids: [coinId] }),
    );
    try {
      await waitFor(
        () => (gateway.bridge.stats().subscriptions >= 100 ? true : undefined),
        30_000,
        '100 subscriptions',
      );
      expect(gateway.bridge.stats().groups).toBe(1);
      await warmUp(coinId, () => subs.every((s) => s.results.length > 0));
      // Let warm-up stragglers land: wait until the bridge has been quiet for a second.
      let seen = -1;
      await waitFor(
        async () => {
          const now = gateway.bridge.stats().hydrations + gateway.bridge.stats().eventsReceived;
          if (now === seen) return true;
          seen = now;
          await new Promise((r) => setTimeout(r, 1000));
          return undefined;
        },
        30_000,
        'warm-up events to settle',
      );

      const before = {
        bridge: gateway.bridge.stats().hydrations,
        proxy: hydrationsAtProxy(),
        subgraph: await hydrationsAtSubgraph(),
      };
      const prices = ['101.5', '102.25', '103', '104.125', '105'];
      for (const price of prices) await producer.publish('price_updates', priceEvent(coinId, price));
      await waitFor(
        () =>
          subs.every((s) => prices.every((p) => s.results.some((r) => r.data?.priceUpdated.price === p)))
            ? true
            : undefined,
        20_000,
        'every subscriber to get every price',
      );
      const after = {
        bridge: gateway.bridge.stats().hydrations,
        proxy: hydrationsAtProxy(),
        subgraph: await hydrationsAtSubgraph(),
      };
      expect(after.bridge - before.bridge).toBe(prices.length);
      expect(after.proxy - before.proxy).toBe(prices.length);
      expect(after.subgraph - before.subgraph).toBe(prices.length);
      // Every subscriber got the hydrated selection (the coin is unknown, so null), no errors.
      const last = subs[99]!.results.at(-1)!;
      expect(last).toEqual({ data: { priceUpdated: { coinId, price: '105', coin: null } } });
      const metrics = await metricsOf(gateway.url);
      expect(metricValue(metrics, 'gateway_subscriptions_active')).toBeGreaterThanOrEqual(100);
      expect(
        metricValue(metrics, 'gateway_subscription_hydrations_total', { subscription: 'priceUpdated' }),
      ).toBeGreaterThanOrEqual(prices.length);
      expect(
        metricValue(metrics, 'gateway_events_fanned_out_total', { topic: 'price_updates' }),
      ).toBeGreaterThanOrEqual(500);
    } finally {
      subs.forEach((s) => s.dispose());
      await Promise.all(clients.map((c) => c.dispose()));
    }
    await waitFor(
      () => (gateway.bridge.stats().subscriptions === 0 ? true : undefined),
      10_000,
      'subscriptions to end',
    );
  });

  it("shares a private selection within one user's scope, never across users", async () => {
    const owner = await signUp(gateway.url);
    const other = await signUp(gateway.url);
    const { createPortfolio } = await gqlData<{ createPortfolio: { id: string } }>(
      gateway.url,
      'mutation { createPortfolio(input: { name: "Live" }) { id } }',
      {},
      owner.token,
    );
    const portfolioId = createPortfolio.id;
    // createPortfolio's own outbox event must be out before anyone subscribes, or its late
    // hydration would blur the per-event count below.
    await waitFor(
      async () => {
        const pending = await stack.platform.runtime.db.outboxEvent.count({
          where: { publishedAt: null, payload: { path: ['portfolioId'], equals: portfolioId } },
        });
        return pending === 0 ? true : undefined;
      },
      60_000,
      "createPortfolio's event to be published",
    );
    await new Promise((r) => setTimeout(r, 500));
    const query =
      'subscription($id: ID!) { portfolioUpdated(portfolioId: $id) { portfolioId kind portfolio { id name } } }';
    const ownerClients = [0, 1, 2].map(() =>
      wsClient(gateway.url, { authorization: `Bearer ${owner.token}` }),
    );
    const ownerSubs = ownerClients.map((c) =>
      collect<{ portfolioUpdated: { kind: string; portfolio: { name: string } } }>(c, query, {
        id: portfolioId,
      }),
    );
    const intruderClient = wsClient(gateway.url, { authorization: `Bearer ${other.token}` });
    const intruder = collect(intruderClient, query, { id: portfolioId });
    const anonymousClient = wsClient(gateway.url);
    const anonymous = collect(anonymousClient, query, { id: portfolioId });
    try {
      await waitFor(
        () => (intruder.isComplete() && anonymous.isComplete() ? true : undefined),
        10_000,
        'refusals',
      );
      expect(intruder.results[0]?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(anonymous.results[0]?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      await waitFor(
        () => (gateway.bridge.stats().subscriptions >= 3 ? true : undefined),
        10_000,
        'owner subscriptions',
      );
      const before = gateway.bridge.stats().hydrations;
      const event: PortfolioUpdate = {
        v: 1,
        id: randomUUID(),
        portfolioId,
        userId: owner.userId,
        kind: 'PORTFOLIO_CHANGED',
        ts: new Date().toISOString(),
      };
      await waitFor(
        async () => {
          if (ownerSubs.every((s) => s.results.length > 0)) return true;
          await producer.publish('portfolio_updates', { ...event, id: randomUUID() });
          await new Promise((r) => setTimeout(r, 400));
          return undefined;
        },
        30_000,
        'portfolio updates',
      );
      expect(ownerSubs[0]!.results[0]).toEqual({
        data: {
          portfolioUpdated: {
            portfolioId,
            kind: 'PORTFOLIO_CHANGED',
            portfolio: { id: portfolioId, name: 'Live' },
          },
        },
      });
      const published = ownerSubs[0]!.results.length;
      // An event claiming the portfolio belongs to someone else reaches no one (checked per event).
      await producer.publish('portfolio_updates', { ...event, id: randomUUID(), userId: other.userId });
      await new Promise((r) => setTimeout(r, 1000));
      expect(ownerSubs.map((s) => s.results.length)).toEqual([published, published, published]);
      // Three subscribers of one user: one hydration per event, not three.
      expect(gateway.bridge.stats().hydrations - before).toBe(published);
    } finally {
      [...ownerSubs, intruder, anonymous].forEach((s) => s.dispose());
      await Promise.all([...ownerClients, intruderClient, anonymousClient].map((c) => c.dispose()));
    }
  });
});

describe('price alerts', () => {
  it("pushes a triggered alert to its owner only, hydrated through the graph with the owner's token", async () => {
    const owner = await signUp(gateway.url);
    const other = await signUp(gateway.url);
    const { createPriceAlert } = await gqlData<{ createPriceAlert: { id: string } }>(
      gateway.url,
      'mutation { createPriceAlert(input: { coinId: "bitcoin", direction: ABOVE, threshold: "1000000" }) { id } }',
      {},
      owner.token,
    );
    const query = 'subscription { alertTriggered { id direction threshold coin { id } } }';
    const ownerClient = wsClient(gateway.url, { authorization: `Bearer ${owner.token}` });
    const otherClient = wsClient(gateway.url, { authorization: `Bearer ${other.token}` });
    const anonymousClient = wsClient(gateway.url);
    const mine = collect<{ alertTriggered: { id: string } }>(ownerClient, query);
    const theirs = collect(otherClient, query);
    const anonymous = collect(anonymousClient, query);
    try {
      await waitFor(() => (anonymous.isComplete() ? true : undefined), 5000, 'the anonymous refusal');
      expect(anonymous.results[0]?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      await waitFor(
        async () => {
          if (mine.results.length) return true;
          const event: PortfolioUpdate = {
            v: 1,
            id: randomUUID(),
            userId: owner.userId,
            kind: 'ALERT_TRIGGERED',
            alertId: createPriceAlert.id,
            ts: new Date().toISOString(),
          };
          await producer.publish('portfolio_updates', event);
          await new Promise((r) => setTimeout(r, 400));
          return undefined;
        },
        30_000,
        'the alert',
      );
      expect(mine.results[0]).toEqual({
        data: {
          alertTriggered: {
            id: createPriceAlert.id,
            direction: 'ABOVE',
            threshold: '1000000',
            coin: { id: 'bitcoin' },
          },
        },
      });
      expect(theirs.results).toEqual([]);
    } finally {
      [mine, theirs, anonymous].forEach((s) => s.dispose());
      await Promise.all([ownerClient, otherClient, anonymousClient].map((c) => c.dispose()));
    }
  });
});

describe('token expiry', () => {
  it('ends private subscriptions with a clear error when the token expires; public ones continue', async () => {
    const user = await signUp(gateway.url);
    const { createPortfolio } = await gqlData<{ createPortfolio: { id: string } }>(
      gateway.url,
      'mutation { createPortfolio(input: { name: "Expiring" }) { id } }',
      {},
      user.token,
    );
    const token = await shortLivedToken(stack.privateKeyPem, user.userId, 4);
    const client = wsClient(gateway.url, { authorization: `Bearer ${token}` });
    const coinId = uniqueCoin();
    const priv = collect(client, 'subscription($id: ID!) { portfolioUpdated(portfolioId: $id) { kind } }', {
      id: createPortfolio.id,
    });
    const pub = collect<{ priceUpdated: { price: string } }>(
      client,
      'subscription($ids: [ID!]) { priceUpdated(coinIds: $ids) { price } }',
      { ids: [coinId] },
    );
    try {
      await waitFor(() => (priv.isComplete() ? true : undefined), 15_000, 'the private subscription to end');
      expect(priv.results.at(-1)?.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/Access token expired/),
        extensions: { code: 'UNAUTHENTICATED' },
      });
      expect(pub.isComplete()).toBe(false);
      await warmUp(coinId, () => pub.results.length > 0);
      // New operations on the connection are refused until the client reconnects with a fresh token.
      const late = collect(client, '{ marketSentiment { index } }');
      await waitFor(
        () => (late.errors.length || late.isComplete() ? true : undefined),
        5000,
        'the late operation',
      );
      expect(JSON.stringify(late.errors)).toMatch(/Access token expired/);
    } finally {
      priv.dispose();
      pub.dispose();
      await client.dispose();
    }
  });
});

interface RawSocket {
  ws: WebSocket;
  messages: { type: string; id?: string; payload?: unknown }[];
  closed: Promise<{ code: number; reason: string }>;
  send(message: unknown): void;
}

function rawSocket(
  url: string,
  options: { protocol?: string; headers?: Record<string, string> } = {},
): Promise<RawSocket> {
  const protocol = options.protocol ?? 'graphql-transport-ws';
  const ws = new WebSocket(url.replace(/^http/, 'ws'), protocol ? [protocol] : [], {
    headers: options.headers,
  });
  const messages: RawSocket['messages'] = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({ ws, messages, closed, send: (m) => ws.send(typeof m === 'string' ? m : JSON.stringify(m)) }),
    );
    ws.once('unexpected-response', (_req, res) =>
      reject(
        Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode, headers: res.headers }),
      ),
    );
    ws.once('error', reject);
  });
}

async function acked(url: string, payload: Record<string, unknown> = {}, headers?: Record<string, string>) {
  const socket = await rawSocket(url, { headers });
  socket.send({ type: 'connection_init', payload });
  await waitFor(
    () => (socket.messages.some((m) => m.type === 'connection_ack') ? true : undefined),
    5000,
    'connection_ack',
  );
  return socket;
}

describe('graphql-transport-ws close codes', () => {
  it('4403 for a bad or expired token', async () => {
    const bad = await rawSocket(gateway.url);
    bad.send({ type: 'connection_init', payload: { authorization: 'Bearer not.a.token' } });
    expect(await bad.closed).toEqual({ code: 4403, reason: 'Forbidden' });

    const user = await signUp(gateway.url);
    const expired = await rawSocket(gateway.url);
    expired.send({
      type: 'connection_init',
      payload: { authorization: `Bearer ${await shortLivedToken(stack.privateKeyPem, user.userId, -5)}` },
    });
    expect((await expired.closed).code).toBe(4403);
  });

  it('4400 for a message that is not the protocol', async () => {
    const socket = await rawSocket(gateway.url);
    socket.send('{"type":"nonsense"');
    expect((await socket.closed).code).toBe(4400);
  });

  it('4401 for a subscribe before the connection is acknowledged', async () => {
    const socket = await rawSocket(gateway.url);
    socket.send({ type: 'subscribe', id: '1', payload: { query: '{ marketSentiment { index } }' } });
    expect(await socket.closed).toEqual({ code: 4401, reason: 'Unauthorized' });
  });

  it('4406 for another subprotocol (the legacy subscriptions-transport-ws)', async () => {
    // Sent as a plain header: the ws client would itself refuse a handshake without its protocol.
    const socket = await rawSocket(gateway.url, {
      protocol: '',
      headers: { 'sec-websocket-protocol': 'graphql-ws' },
    });
    expect(await socket.closed).toEqual({ code: 4406, reason: 'Subprotocol not acceptable' });
  });

  it('4408 when connection_init does not come in time', async () => {
    const socket = await rawSocket(strict.url);
    const started = Date.now();
    expect((await socket.closed).code).toBe(4408);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('4409 for a second subscriber with an id in use', async () => {
    const socket = await acked(gateway.url);
    const subscribe = {
      type: 'subscribe',
      id: 'same',
      payload: { query: `subscription { priceUpdated(coinIds: ["${uniqueCoin()}"]) { price } }` },
    };
    socket.send(subscribe);
    await waitFor(
      () => (gateway.bridge.stats().subscriptions > 0 ? true : undefined),
      5000,
      'the first subscription',
    );
    socket.send(subscribe);
    expect((await socket.closed).code).toBe(4409);
  });

  it('terminates a client that does not answer pings; one that does stays connected', async () => {
    const answering = await acked(strict.url, {}, { 'x-forwarded-for': randomClient() });
    const silentOne = new WebSocket(strict.url.replace(/^http/, 'ws'), ['graphql-transport-ws'], {
      autoPong: false,
      headers: { 'x-forwarded-for': randomClient() },
    });
    const pinged = new Promise((resolve) => silentOne.once('ping', resolve));
    const closed = new Promise<number>((resolve) => silentOne.once('close', (code) => resolve(code)));
    await new Promise((resolve) => silentOne.once('open', resolve));
    silentOne.send(JSON.stringify({ type: 'connection_init' }));
    const started = Date.now();
    await pinged;
    expect(await closed).toBe(1006); // terminated, no close frame
    expect(Date.now() - started).toBeLessThan(5000);
    expect(answering.ws.readyState).toBe(WebSocket.OPEN);
    answering.ws.terminate();
  });

  it('4429 for a second connection_init', async () => {
    const socket = await acked(gateway.url);
    socket.send({ type: 'connection_init' });
    expect((await socket.closed).code).toBe(4429);
  });
});

describe('wire format of subscription results', () => {
  it('sends each subscriber its own id around the shared payload, exactly the protocol message, and nothing after complete', async () => {
    const coinId = uniqueCoin();
    const hydrated =
      'subscription($ids: [ID!]) { priceUpdated(coinIds: $ids) { coinId price coin { id name } } }';
    const plain = 'subscription($ids: [ID!]) { priceUpdated(coinIds: $ids) { coinId price } }';
    const sockets = await Promise.all([acked(gateway.url), acked(gateway.url)]);
    const frames = sockets.map(() => [] as { text: string; binary: boolean }[]);
    sockets.forEach((s, i) =>
      s.ws.on('message', (data, binary) => frames[i]!.push({ text: String(data), binary })),
    );
    // Two subscribers per selection, on two sockets, with different ids (one needing JSON escapes).
    const subs = [
      { socket: 0, id: 'h1', query: hydrated },
      { socket: 0, id: 'p1', query: plain },
      { socket: 1, id: 'h"2', query: hydrated },
      { socket: 1, id: 'p\\2', query: plain },
    ];
    for (const sub of subs)
      sockets[sub.socket]!.send({
        type: 'subscribe',
        id: sub.id,
        payload: { query: sub.query, variables: { ids: [coinId] } },
      });
    const nextFor = (socket: number, id: string) =>
      sockets[socket]!.messages.filter((m) => m.type === 'next' && m.id === id);
    try {
      await warmUp(coinId, () => subs.every((s) => nextFor(s.socket, s.id).length > 0));
      const framesWith = (socket: number, price: string) =>
        frames[socket]!.filter((f) => f.text.includes(`"price":"${price}"`));
      /** The payload of subscription `id`'s frame, checking the frame is exactly graphql-ws's serialisation. */
      const payloadOf = (socket: number, id: string, price: string) => {
        const head = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
        const frame = framesWith(socket, price).find((f) => f.text.startsWith(head))!.text;
        expect(frame).toBe(JSON.stringify({ id, type: 'next', payload: JSON.parse(frame).payload }));
        return frame.slice(head.length, -1);
      };

      await producer.publish('price_updates', priceEvent(coinId, '7.25'));
      await waitFor(
        () => (framesWith(0, '7.25').length === 2 && framesWith(1, '7.25').length === 2 ? true : undefined),
        10_000,
        'the event on both sockets',
      );
      // One serialisation per selection, byte for byte the same for both of its subscribers.
      const hydratedPayload = payloadOf(0, 'h1', '7.25');
      const plainPayload = payloadOf(0, 'p1', '7.25');
      expect(payloadOf(1, 'h"2', '7.25')).toBe(hydratedPayload);
      expect(payloadOf(1, 'p\\2', '7.25')).toBe(plainPayload);
      // The unknown coin hydrates to null; the plain selection has no `coin` at all.
      expect(JSON.parse(hydratedPayload).data).toEqual({
        priceUpdated: { coinId, price: '7.25', coin: null },
      });
      expect(JSON.parse(plainPayload)).toEqual({ data: { priceUpdated: { coinId, price: '7.25' } } });
      expect(frames.flat().every((f) => !f.binary)).toBe(true);

      // The client completes one: the server says nothing more for that id, the others go on.
      sockets[0]!.send({ type: 'complete', id: 'p1' });
      await waitFor(
        () => (gateway.bridge.stats().subscriptions <= 3 ? true : undefined),
        5000,
        'the subscription to leave',
      );
      const before = sockets[0]!.messages.length;
      await producer.publish('price_updates', priceEvent(coinId, '8.5'));
      await waitFor(
        () => (framesWith(0, '8.5').length && framesWith(1, '8.5').length === 2 ? true : undefined),
        10_000,
        'the next event',
      );
      await new Promise((r) => setTimeout(r, 200));
      expect(sockets[0]!.messages.slice(before).map((m) => `${m.type} ${m.id}`)).toEqual(['next h1']);
    } finally {
      sockets.forEach((s) => s.ws.terminate());
    }
  });
});

describe('WebSocket limits', () => {
  it('refuses connections over the per-client limit with HTTP 429, counting each client address apart', async () => {
    const client = randomClient();
    const headers = { 'x-forwarded-for': client };
    const open = [
      await rawSocket(strict.url, { headers }),
      await rawSocket(strict.url, { headers }),
      await rawSocket(strict.url, { headers }),
    ];
    await expect(rawSocket(strict.url, { headers })).rejects.toMatchObject({ status: 429 });
    const elsewhere = await rawSocket(strict.url, { headers: { 'x-forwarded-for': randomClient() } });
    open[0]!.ws.close();
    await open[0]!.closed;
    await waitFor(
      async () => {
        try {
          open.push(await rawSocket(strict.url, { headers }));
          return true;
        } catch {
          return undefined;
        }
      },
      5000,
      'a slot to free up',
    );
    for (const s of [...open, elsewhere]) s.ws.terminate();
  });

  it('refuses operations over the per-connection limit with RATE_LIMITED', async () => {
    const socket = await acked(strict.url, {}, { 'x-forwarded-for': randomClient() });
    const sub = (id: string) => ({
      type: 'subscribe',
      id,
      payload: { query: `subscription { priceUpdated(coinIds: ["${uniqueCoin()}"]) { price } }` },
    });
    socket.send(sub('a'));
    socket.send(sub('b'));
    socket.send(sub('c'));
    await waitFor(
      () => (socket.messages.some((m) => m.type === 'error') ? true : undefined),
      5000,
      'the refusal',
    );
    const refusal = socket.messages.find((m) => m.type === 'error')!;
    expect(refusal.id).toBe('c');
    expect(refusal.payload).toEqual([expect.objectContaining({ extensions: { code: 'RATE_LIMITED' } })]);
    // Completing one frees a slot.
    socket.send({ type: 'complete', id: 'a' });
    socket.send(sub('d'));
    await new Promise((r) => setTimeout(r, 500));
    expect(socket.messages.filter((m) => m.type === 'error')).toHaveLength(1);
    socket.ws.terminate();
  });

  it('rate-limits authentication mutations sent over WebSocket like HTTP ones, each alias counting', async () => {
    const socket = await acked(strict.url, {}, { 'x-forwarded-for': randomClient() });
    const login = (alias: string) =>
      `${alias}: login(input: { email: "nobody-${randomUUID()}@example.com", password: "wrong password 123" }) { accessToken }`;
    socket.send({
      type: 'subscribe',
      id: '1',
      payload: { query: `mutation { ${login('a')} ${login('b')} }` },
    });
    socket.send({ type: 'subscribe', id: '2', payload: { query: `mutation { ${login('c')} }` } });
    await waitFor(
      () => (socket.messages.filter((m) => m.type === 'complete').length >= 2 ? true : undefined),
      10_000,
      'both answers',
    );
    const first = socket.messages.find((m) => m.id === '1' && m.type === 'next')!.payload as {
      errors: { extensions: { code: string } }[];
    };
    const second = socket.messages.find((m) => m.id === '2' && m.type === 'next')!.payload as {
      errors: { extensions: { code: string; retryAfter: number } }[];
    };
    expect(first.errors.map((e) => e.extensions.code)).not.toContain('RATE_LIMITED'); // two attempts: at the limit
    expect(second.errors[0]!.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfter: expect.any(Number),
    });
    socket.ws.terminate();
  });

  it('applies the operation limits to WebSocket operations too', async () => {
    const client = wsClient(gateway.url);
    const tooDeep = collect(
      client,
      '{ me { portfolios { owner { portfolios { owner { portfolios { owner { portfolios { owner { portfolios { id } } } } } } } } } } }',
    );
    await waitFor(() => (tooDeep.errors.length ? true : undefined), 5000, 'the refusal');
    expect(JSON.stringify(tooDeep.errors)).toMatch(/depth limit of 10 exceeded/);
    await client.dispose();
  });
});

describe('queries over WebSocket', () => {
  it('runs queries and mutations through the same pipeline, with masked, coded errors', async () => {
    const client = wsClient(gateway.url);
    const ok = collect<{ marketSentiment: unknown }>(client, '{ marketSentiment { index } }');
    const bad = collect(client, '{ coin(id: "bitcoin") { quote { price(x: 1) } } }');
    await waitFor(
      () => (ok.isComplete() && (bad.isComplete() || bad.errors.length) ? true : undefined),
      10_000,
      'answers',
    );
    expect(ok.errors).toEqual([]);
    expect(ok.results[0]).toHaveProperty('data');
    expect(bad.errors).toEqual([
      [
        expect.objectContaining({
          message: 'Unknown argument "x" on field "Quote.price".',
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        }),
      ],
    ]);
    await client.dispose();
    const res = await gql(gateway.url, '{ __typename }');
    expect(res.data).toEqual({ __typename: 'Query' });
  });
});
