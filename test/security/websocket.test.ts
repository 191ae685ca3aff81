import WebSocket from 'ws';
import { sleep, uniqueAddress, waitFor } from '../faults/support/clients';
import { startTarget, type Target } from './platform';

// Hostile WebSocket clients (RELIABILITY.md, WebSocket), speaking graphql-transport-ws by hand.
// Pass: each misbehaviour gets the protocol's close code (4400 bad message, 4401 before
// connection_init, 4408 no init, 4409 duplicate id, 4429 repeated init, 1009 too big, 4406 wrong
// subprotocol) or a per-operation RATE_LIMITED error; floods of connections from one client are
// refused with HTTP 429 at the upgrade; and the gateway keeps serving everyone else throughout.
jest.setTimeout(120_000);

let target: Target;

beforeAll(async () => {
  target = await startTarget();
});

afterAll(async () => {
  await target?.close();
});

interface Raw {
  ws: WebSocket;
  messages: { type: string; id?: string; payload?: unknown }[];
  closed: Promise<{ code: number; reason: string }>;
  opened: Promise<void>;
  send(message: unknown): void;
}

function connect(options: { protocol?: string; address?: string } = {}): Raw {
  const ws = new WebSocket(target.url.replace(/^http/, 'ws'), options.protocol ?? 'graphql-transport-ws', {
    headers: { 'x-forwarded-for': options.address ?? uniqueAddress() },
  });
  const messages: Raw['messages'] = [];
  ws.on('message', (data) => {
    try {
      messages.push(JSON.parse(String(data)) as Raw['messages'][number]);
    } catch {
      messages.push({ type: '(not JSON)' });
    }
  });
  ws.on('error', () => undefined);
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) =>
      reject(Object.assign(new Error('refused'), { status: res.statusCode })),
    );
    ws.once('error', reject);
  });
  return {
    ws,
    messages,
    closed,
    opened,
    send: (message) =>
      ws.send(typeof message === 'string' || Buffer.isBuffer(message) ? message : JSON.stringify(message)),
  };
}

async function initialised(options: { address?: string } = {}): Promise<Raw> {
  const raw = connect(options);
  await raw.opened;
  raw.send({ type: 'connection_init', payload: {} });
  await waitFor(
    () => (raw.messages.some((m) => m.type === 'connection_ack') ? true : undefined),
    5000,
    'ack',
  );
  return raw;
}

const PRICES = { query: 'subscription { priceUpdated(coinIds: ["bitcoin"]) { price } }' };

async function closeCode(raw: Raw, within = 5000): Promise<number> {
  const result = await Promise.race([
    raw.closed,
    sleep(within).then(() => ({ code: -1, reason: 'still open' })),
  ]);
  return result.code;
}

async function stillServing() {
  const res = await fetch(new URL('/health', target.url));
  expect(res.status).toBe(200);
  const raw = await initialised();
  raw.send({ type: 'ping' });
  await waitFor(() => (raw.messages.some((m) => m.type === 'pong') ? true : undefined), 5000, 'pong');
  raw.ws.close(1000);
}

describe('protocol violations', () => {
  it.each([
    ['text that is not JSON', 'hello'],
    ['an unknown message type', { type: 'hack' }],
    ['a subscribe without an id', { type: 'subscribe', payload: PRICES }],
    ['a subscribe without a payload', { type: 'subscribe', id: '1' }],
    ['a JSON array', [1, 2, 3]],
  ])('closes with 4400 on %s', async (_, message) => {
    const raw = await initialised();
    raw.send(message);
    expect(await closeCode(raw)).toBe(4400);
  });

  it('closes with 4401 when a subscribe comes before connection_init', async () => {
    const raw = connect();
    await raw.opened;
    raw.send({ type: 'subscribe', id: '1', payload: PRICES });
    expect(await closeCode(raw)).toBe(4401);
  });

  it('closes with 4408 when connection_init never comes', async () => {
    const raw = connect();
    await raw.opened;
    expect(await closeCode(raw, 10_000)).toBe(4408);
  });

  it('closes with 4429 on a second connection_init', async () => {
    const raw = await initialised();
    raw.send({ type: 'connection_init', payload: {} });
    expect(await closeCode(raw)).toBe(4429);
  });

  it('closes with 4409 on a duplicate subscription id', async () => {
    const raw = await initialised();
    raw.send({ type: 'subscribe', id: 'same', payload: PRICES });
    raw.send({ type: 'subscribe', id: 'same', payload: PRICES });
    expect(await closeCode(raw)).toBe(4409);
  });

  it('closes with 1009 on a message over 64 kB', async () => {
    const raw = await initialised();
    raw.send({
      type: 'subscribe',
      id: '1',
      payload: { query: `subscription { priceUpdated { price } } #${'x'.repeat(70_000)}` },
    });
    expect(await closeCode(raw)).toBe(1009);
  });

  it('refuses the legacy subscriptions-transport-ws subprotocol', async () => {
    const raw = connect({ protocol: 'graphql-ws' });
    const outcome = await raw.opened.then(
      async () => `closed ${await closeCode(raw)}`,
      (err: { status?: number; message?: string }) => `refused ${err.status ?? err.message}`,
    );
    // graphql-ws answers the upgrade without the subprotocol (clients give up: "Server sent no
    // subprotocol") and closes with 4406; either way the legacy protocol is never spoken.
    expect(outcome).toMatch(/^(closed 4406|refused 400|refused Server sent no subprotocol)$/);
  });

  it('answers bad operations with an error message and keeps the connection', async () => {
    const raw = await initialised();
    raw.send({ type: 'subscribe', id: 'a', payload: { query: 'subscription { nope }' } });
    raw.send({ type: 'subscribe', id: 'b', payload: { query: 'subscription {' } });
    raw.send({ type: 'complete', id: 'never-started' });
    await waitFor(
      () => (raw.messages.filter((m) => m.type === 'error').length >= 2 ? true : undefined),
      5000,
      'errors',
    );
    const codes = raw.messages
      .filter((m) => m.type === 'error')
      .flatMap((m) => (m.payload as { extensions?: { code?: string } }[]).map((e) => e.extensions?.code));
    expect(codes).toEqual(expect.arrayContaining(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']));
    raw.send({ type: 'ping' });
    await waitFor(() => (raw.messages.some((m) => m.type === 'pong') ? true : undefined), 5000, 'pong');
    expect(raw.ws.readyState).toBe(WebSocket.OPEN);
    raw.ws.close(1000);
  });
});

describe('floods', () => {
  it('limits operations per connection with RATE_LIMITED and keeps the connection', async () => {
    const raw = await initialised();
    for (let i = 0; i < 40; i++) raw.send({ type: 'subscribe', id: `s${i}`, payload: PRICES });
    await waitFor(
      () => (raw.messages.filter((m) => m.type === 'error').length >= 15 ? true : undefined),
      10_000,
      'refusals',
    );
    await sleep(300);
    const refused = raw.messages.filter((m) => m.type === 'error');
    expect(refused).toHaveLength(15); // 25 at once are allowed
    expect(
      refused.every(
        (m) => (m.payload as { extensions?: { code?: string } }[])[0]?.extensions?.code === 'RATE_LIMITED',
      ),
    ).toBe(true);
    expect(raw.ws.readyState).toBe(WebSocket.OPEN);
    raw.ws.close(1000);
  });

  it('refuses connections over 50 per client address with HTTP 429, not other clients', async () => {
    const address = uniqueAddress();
    const sockets = Array.from({ length: 60 }, () => connect({ address }));
    const outcomes = await Promise.all(
      sockets.map((s) =>
        s.opened.then(
          () => 'open',
          (err: { status?: number }) => `refused ${err.status}`,
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'open')).toHaveLength(50);
    expect(outcomes.filter((o) => o === 'refused 429')).toHaveLength(10);
    await stillServing();
    for (const s of sockets) s.ws.close(1000);
  });

  it('survives a flood of messages and of short-lived connections', async () => {
    const raw = await initialised();
    for (let i = 0; i < 3000; i++) raw.send({ type: 'ping' });
    await waitFor(
      () => (raw.messages.filter((m) => m.type === 'pong').length >= 3000 ? true : undefined),
      20_000,
      'every pong',
      50,
    );
    raw.ws.close(1000);
    for (let round = 0; round < 10; round++) {
      const batch = Array.from({ length: 20 }, () => connect());
      await Promise.allSettled(batch.map((b) => b.opened));
      for (const b of batch) b.ws.terminate();
    }
    await stillServing();
    await waitFor(
      () => (target.platform.gateway.connections() === 0 ? true : undefined),
      10_000,
      'sockets released',
    );
  });
});
