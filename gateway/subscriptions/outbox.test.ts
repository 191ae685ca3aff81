import { GraphQLError, parse, type ExecutionResult } from 'graphql';
import { makeServer, type FormattedExecutionResult } from 'graphql-ws';
import { Outbox, PayloadCache, type OutboxSocket } from './outbox';
import { BoundedStream, type Resumable } from './stream';

const noResume: Resumable = { resume: () => undefined };

/** What ws.ts does as graphql-ws's `onNext`: errors to their JSON form, extensions kept. */
const format = (result: ExecutionResult): FormattedExecutionResult =>
  result.errors?.length
    ? { ...(result as FormattedExecutionResult), errors: result.errors.map((e) => e.toJSON()) }
    : (result as FormattedExecutionResult);

/** A socket that records what is sent and completes writes when told to. */
class FakeSocket implements OutboxSocket {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  frames: { text: string; binary: boolean; compress: boolean; fin: boolean }[] = [];
  private callbacks: (() => void)[] = [];
  send(data: Buffer, options: { binary: boolean; compress: boolean; fin: boolean }, cb: () => void) {
    this.frames.push({ text: data.toString('utf8'), ...options });
    this.callbacks.push(cb);
  }
  /** The kernel took everything: clears the backlog and runs the write callbacks. */
  drain() {
    this.bufferedAmount = 0;
    const cbs = this.callbacks;
    this.callbacks = [];
    for (const cb of cbs) cb();
  }
}

/** The `next` messages graphql-ws itself sends for these results, subscription `id`. */
async function graphqlWsMessages(id: string, results: ExecutionResult[]): Promise<string[]> {
  const sent: string[] = [];
  let onMessage!: (data: string) => Promise<void>;
  const server = makeServer({
    connectionInitWaitTimeout: 0,
    onSubscribe: () => ({ schema: undefined as never, document: parse('subscription { x }') }),
    subscribe: () =>
      (async function* () {
        yield* results;
      })(),
    onNext: (_ctx, _id, _payload, _args, result) => format(result as ExecutionResult),
  });
  server.opened(
    {
      protocol: 'graphql-transport-ws',
      send: (data) => void sent.push(data),
      close: () => undefined,
      onMessage: (cb) => (onMessage = cb),
    },
    {},
  );
  await onMessage(JSON.stringify({ type: 'connection_init' }));
  await onMessage(JSON.stringify({ type: 'subscribe', id, payload: { query: 'subscription { x }' } }));
  return sent.filter((m) => (JSON.parse(m) as { type: string }).type === 'next');
}

const results: ExecutionResult[] = [
  { data: { priceUpdated: { coinId: 'bitcoin', price: '64000.5', ts: '2026-11-26T12:00:00.000Z' } } },
  {
    data: { priceUpdated: { coinId: 'é"\u2028', price: '1', coin: null } },
  },
  {
    errors: [
      new GraphQLError('Not found', { path: ['priceUpdated', 'coin'], extensions: { code: 'NOT_FOUND' } }),
    ],
    data: { priceUpdated: { price: '2', coin: null } },
  },
];

describe('Outbox', () => {
  it('writes byte for byte the `next` messages graphql-ws would send, as unmasked whole text frames', async () => {
    for (const id of ['1', 'a-subscription', 'quote"and\\slash\u00e9']) {
      const socket = new FakeSocket();
      const sink = new Outbox(socket, new PayloadCache(format)).sink(id);
      for (const result of results) expect(sink.write(result, noResume)).toBe(true);
      expect(socket.frames.map((f) => f.text)).toEqual(await graphqlWsMessages(id, results));
      expect(socket.frames.every((f) => !f.binary && !f.compress && f.fin)).toBe(true);
    }
  });

  it('serialises a result once for all its subscribers, each message with its own id', () => {
    let formatted = 0;
    const payloads = new PayloadCache((r) => (formatted++, format(r)));
    const a = new FakeSocket();
    const b = new FakeSocket();
    const sinks = [new Outbox(a, payloads).sink('x'), new Outbox(b, payloads).sink('y')];
    const shared = results[2]!;
    for (const sink of sinks) sink.write(shared, noResume);
    expect(formatted).toBe(1);
    const payload = JSON.stringify(format(shared));
    expect(a.frames[0]!.text).toBe(`{"id":"x","type":"next","payload":${payload}}`);
    expect(b.frames[0]!.text).toBe(`{"id":"y","type":"next","payload":${payload}}`);
  });

  it('takes nothing while the socket is backed up and wakes the queue, in order, when it drains', () => {
    const socket = new FakeSocket();
    const outbox = new Outbox(socket, new PayloadCache(format), 1000);
    const stream = new BoundedStream<ExecutionResult>({
      capacity: 3,
      onReturn: () => undefined,
      sink: outbox.sink('s'),
    });
    const price = (p: number): ExecutionResult => ({ data: { p } });
    stream.push(price(1));
    socket.bufferedAmount = 5000; // the client stopped reading
    for (let p = 2; p <= 6; p++) stream.push(price(p));
    expect(socket.frames).toHaveLength(1);
    expect(stream.size).toBe(3);
    expect(stream.dropped).toBe(2);
    socket.drain();
    expect(stream.size).toBe(0);
    expect(
      socket.frames.map((f) => (JSON.parse(f.text) as { payload: { data: { p: number } } }).payload.data.p),
    ).toEqual([1, 4, 5, 6]);
  });

  it('looks again when the backlog is not its own (no write callback of its to wait for)', async () => {
    const socket = new FakeSocket();
    const outbox = new Outbox(socket, new PayloadCache(format), 1000, 10);
    const stream = new BoundedStream<ExecutionResult>({
      capacity: 3,
      onReturn: () => undefined,
      sink: outbox.sink('s'),
    });
    socket.bufferedAmount = 5000; // e.g. a large graphql-ws message, sent with its own callback
    stream.push({ data: { p: 1 } });
    expect(socket.frames).toHaveLength(0);
    socket.bufferedAmount = 0;
    await new Promise((r) => setTimeout(r, 50));
    expect(socket.frames).toHaveLength(1);
  });

  it('drops results for a socket that is closing, as graphql-ws does', () => {
    const socket = new FakeSocket();
    socket.readyState = 2;
    const sink = new Outbox(socket, new PayloadCache(format)).sink('s');
    expect(sink.write(results[0]!, noResume)).toBe(true);
    expect(socket.frames).toHaveLength(0);
  });
});
