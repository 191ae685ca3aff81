import { GraphQLError, parse, type ExecutionResult } from 'graphql';
import { makeServer, type FormattedExecutionResult } from 'graphql-ws';
import { WebSocket } from 'ws';
import {
  Outbox,
  PayloadCache,
  textFrame,
  type FrameCounts,
  type OutboxOptions,
  type OutboxSocket,
  type RawSocket,
} from './outbox';
import { BoundedStream, type Resumable } from './stream';

const noResume: Resumable = { resume: () => undefined };

/** What ws.ts does as graphql-ws's `onNext`: errors to their JSON form, extensions kept. */
const format = (result: ExecutionResult): FormattedExecutionResult =>
  result.errors?.length
    ? { ...(result as FormattedExecutionResult), errors: result.errors.map((e) => e.toJSON()) }
    : (result as FormattedExecutionResult);

/**
 * A WebSocket that records each message sent, through ws's `send` or as raw frames on its TCP
 * socket (decoded here), and completes writes when told to.
 */
class FakeSocket implements OutboxSocket {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  frames: { text: string; binary: boolean; compress: boolean; fin: boolean; via: 'raw' | 'send' }[] = [];
  private callbacks: (() => void)[] = [];
  readonly raw: RawSocket = {
    write: (chunk, cb) => {
      const length =
        chunk[1]! < 126 ? chunk[1]! : chunk[1] === 126 ? chunk.readUInt16BE(2) : chunk.readUIntBE(4, 6);
      const offset = chunk[1]! < 126 ? 2 : chunk[1] === 126 ? 4 : 10;
      expect(chunk.length).toBe(offset + length);
      this.frames.push({
        text: chunk.subarray(offset).toString('utf8'),
        binary: (chunk[0]! & 0x0f) !== 1,
        compress: (chunk[0]! & 0x40) !== 0,
        fin: (chunk[0]! & 0x80) !== 0,
        via: 'raw',
      });
      this.callbacks.push(cb);
      return true;
    },
  };
  constructor(readonly extensions = '') {}
  send(data: Buffer, options: { binary: boolean; compress: boolean; fin: boolean }, cb: () => void) {
    this.frames.push({ text: data.toString('utf8'), ...options, via: 'send' });
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

const outbox = (socket: FakeSocket, options: OutboxOptions = {}, payloads = new PayloadCache(format)) =>
  new Outbox(socket, socket.raw, payloads, options);

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
    // Raw frames on the TCP socket, and ws's `send` when an extension is negotiated.
    for (const extensions of ['', 'permessage-deflate'])
      for (const id of ['1', 'a-subscription', 'quote"and\\slash\u00e9']) {
        const socket = new FakeSocket(extensions);
        const counts: FrameCounts = { raw: 0, send: 0 };
        const sink = outbox(socket, { frames: counts }).sink(id);
        for (const result of results) expect(sink.write(result, noResume)).toBe(true);
        expect(socket.frames.map((f) => f.text)).toEqual(await graphqlWsMessages(id, results));
        expect(socket.frames.every((f) => !f.binary && !f.compress && f.fin)).toBe(true);
        // An extension may transform frames: then only ws may frame them.
        expect(socket.frames.every((f) => f.via === (extensions ? 'send' : 'raw'))).toBe(true);
        // Each message counted once, under the path it took.
        expect(counts).toEqual(
          extensions ? { raw: 0, send: results.length } : { raw: results.length, send: 0 },
        );
      }
  });

  it('serialises a result once for all its subscribers, each message with its own id', () => {
    let formatted = 0;
    const payloads = new PayloadCache((r) => (formatted++, format(r)));
    const a = new FakeSocket();
    const b = new FakeSocket();
    const sinks = [outbox(a, {}, payloads).sink('x'), outbox(b, {}, payloads).sink('y')];
    const shared = results[2]!;
    for (const sink of sinks) sink.write(shared, noResume);
    expect(formatted).toBe(1);
    const payload = JSON.stringify(format(shared));
    expect(a.frames[0]!.text).toBe(`{"id":"x","type":"next","payload":${payload}}`);
    expect(b.frames[0]!.text).toBe(`{"id":"y","type":"next","payload":${payload}}`);
  });

  it('takes nothing while the socket is backed up and wakes the queue, in order, when it drains', () => {
    const socket = new FakeSocket();
    const stream = new BoundedStream<ExecutionResult>({
      capacity: 3,
      onReturn: () => undefined,
      sink: outbox(socket, { highWaterBytes: 1000 }).sink('s'),
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
    const stream = new BoundedStream<ExecutionResult>({
      capacity: 3,
      onReturn: () => undefined,
      sink: outbox(socket, { highWaterBytes: 1000, pollMs: 10 }).sink('s'),
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
    const sink = outbox(socket).sink('s');
    expect(sink.write(results[0]!, noResume)).toBe(true);
    expect(socket.frames).toHaveLength(0);
  });

  it('frames messages of every length as ws does', () => {
    const sender = (WebSocket as unknown as { Sender: { frame(data: Buffer, options: object): Buffer[] } })
      .Sender;
    for (const size of [0, 80, 125, 126, 1000, 65_535, 65_536, 200_000]) {
      const tail = Buffer.from('x'.repeat(size) + '}');
      const head = '{"id":"é","payload":';
      const bytes = Buffer.byteLength(head);
      const expected = Buffer.concat(
        sender.frame(Buffer.concat([Buffer.from(head), tail]), {
          fin: true,
          opcode: 1,
          mask: false,
          readOnly: false,
          rsv1: false,
        }),
      );
      expect(textFrame(head, bytes, tail).equals(expected)).toBe(true);
    }
  });
});
