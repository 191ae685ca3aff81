import type { ExecutionResult } from 'graphql';
import type { FormattedExecutionResult } from 'graphql-ws';
import type { Resumable, StreamSink } from './stream';

/** The part of a `ws` WebSocket the outbox uses. */
export interface OutboxSocket {
  readonly readyState: number;
  readonly OPEN: number;
  /** Bytes accepted but not yet handed to the kernel (ws counts its TCP socket's buffer). */
  readonly bufferedAmount: number;
  /** Negotiated extensions: '' when frames go out as they are (no permessage-deflate). */
  readonly extensions: string;
  send(
    data: Buffer,
    options: { binary: boolean; compress: boolean; fin: boolean },
    cb: (err?: Error) => void,
  ): void;
}

/** The TCP socket under the WebSocket (the upgrade request's `socket`). */
export interface RawSocket {
  write(chunk: Buffer, cb: (err?: Error | null) => void): boolean;
}

// A text frame, whole, never compressed (the server has no permessage-deflate; saying so skips the check).
const SEND_OPTIONS = { binary: false, compress: false, fin: true };

/**
 * One whole, unmasked text frame (RFC 6455, 5.2) holding `head` (UTF-8, `headBytes` long) and
 * then `tail`: what ws's `send` writes, in one buffer and one write instead of two.
 */
export function textFrame(head: string, headBytes: number, tail: Buffer): Buffer {
  const length = headBytes + tail.length;
  const offset = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(offset + length);
  frame[0] = 0x81; // FIN, opcode 1 (text)
  if (offset === 2) frame[1] = length;
  else if (offset === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt16BE(0, 2);
    frame.writeUIntBE(length, 4, 6);
  }
  frame.write(head, offset, headBytes, 'utf8');
  tail.copy(frame, offset + headBytes);
  return frame;
}

/**
 * The serialised `payload` of each result, computed once however many subscribers receive it:
 * the bridge hands every member of a group the same result object per event. Kept as the tail of
 * a `next` message (`<payload JSON>}`), so a message is one subscriber's head plus this tail.
 * Weakly held: a result's bytes go when the last queue holding the result lets it go.
 */
export class PayloadCache {
  private readonly tails = new WeakMap<ExecutionResult, Buffer>();

  /** `format` is graphql-ws's `onNext` for the transport (error masking); called once per result. */
  constructor(private readonly format: (result: ExecutionResult) => FormattedExecutionResult) {}

  tail(result: ExecutionResult): Buffer {
    let tail = this.tails.get(result);
    if (!tail) {
      tail = Buffer.from(JSON.stringify(this.format(result)) + '}');
      this.tails.set(result, tail);
    }
    return tail;
  }
}

/**
 * Frames written by the outboxes of one WebSocket server, by path: `raw`, ready frames on the TCP
 * socket (no extension negotiated), or `send`, through ws. Plain numbers, read at scrape time
 * (`gateway_subscription_frames_written_total`): nothing but an increment per message.
 */
export interface FrameCounts {
  raw: number;
  send: number;
}

/**
 * Writes graphql-ws `next` messages for the subscriptions of one socket, byte for byte what
 * graphql-ws would send (`{"id":…,"type":"next","payload":…}`), without its per-message work
 * (an async iterator step, `onNext`, a validated and stringified message object and a promise
 * per send). With the raw TCP socket at hand and no extension negotiated, each message goes out
 * as one ready frame in one write: ws's `send` would frame the same bytes in two buffers
 * through cork/uncork and `writev`, ~13 % more CPU per message; ws sends nothing of its own
 * in between without an extension, so the order of frames on the socket is kept.
 * Backpressure as before: while more than `highWaterBytes` wait unsent in the socket,
 * the outbox takes nothing and the subscription's bounded buffer holds (and drops) results;
 * the socket's next write completion wakes them. `complete` and errors outside results still go
 * through graphql-ws, after the buffer is flushed (BoundedStream ends only then).
 */
export interface OutboxOptions {
  /** Counts frames by path (raw write or ws `send`), for the gateway's metrics. */
  frames?: FrameCounts;
  /** Bytes waiting unsent in the socket above which the outbox takes nothing more (default 16 KiB). */
  highWaterBytes?: number;
  /** How often a backed-up socket is checked when no write completion is due (default 50 ms). */
  pollMs?: number;
}

export class Outbox {
  // Created on first use: most sockets never back up, and idle subscribers cost memory each.
  private waiting?: Set<Resumable>;
  private written?: () => void;
  /** Sends of ours whose completion callback has not run: one of them will resume the waiting. */
  private pending = 0;
  private poll?: NodeJS.Timeout;

  private readonly raw?: RawSocket;
  private readonly frames: FrameCounts;
  private readonly highWaterBytes: number;
  private readonly pollMs: number;

  constructor(
    private readonly socket: OutboxSocket,
    raw: RawSocket | undefined,
    private readonly payloads: PayloadCache,
    options: OutboxOptions = {},
  ) {
    if (socket.extensions === '') this.raw = raw;
    this.frames = options.frames ?? { raw: 0, send: 0 };
    this.highWaterBytes = options.highWaterBytes ?? 16 * 1024;
    this.pollMs = options.pollMs ?? 50;
  }

  /** The sink for subscription `id` on this socket. */
  sink(id: string): StreamSink<ExecutionResult> {
    return new SubscriptionSink(this, `{"id":${JSON.stringify(id)},"type":"next","payload":`);
  }

  /** Writes `head` + the result's shared payload, or returns false (and queues `stream`) when backed up. */
  write(head: string, headBytes: number, result: ExecutionResult, stream: Resumable): boolean {
    const socket = this.socket;
    // A closing socket: graphql-ws drops what it would send then too.
    if (socket.readyState !== socket.OPEN) return true;
    if (socket.bufferedAmount >= this.highWaterBytes) {
      (this.waiting ??= new Set()).add(stream);
      this.watch();
      return false;
    }
    const tail = this.payloads.tail(result);
    const written = (this.written ??= () => this.onWritten());
    this.pending++;
    if (this.raw) {
      this.frames.raw++;
      this.raw.write(textFrame(head, headBytes, tail), written);
    } else {
      this.frames.send++;
      const message = Buffer.allocUnsafe(headBytes + tail.length);
      message.write(head, 0, headBytes, 'utf8');
      tail.copy(message, headBytes);
      socket.send(message, SEND_OPTIONS, written);
    }
    return true;
  }

  private onWritten() {
    this.pending--;
    this.resumeIfRoom();
  }

  private resumeIfRoom() {
    if (!this.waiting?.size) return;
    const socket = this.socket;
    if (socket.readyState === socket.OPEN && socket.bufferedAmount >= this.highWaterBytes) return;
    const streams = [...this.waiting];
    this.waiting.clear();
    for (const stream of streams) stream.resume();
  }

  /**
   * The backlog may be someone else's frames (graphql-ws's own sends, pings) with no send of
   * ours to call back: then look again shortly instead of waiting for a callback that never comes.
   */
  private watch() {
    if (this.pending > 0 || this.poll) return;
    this.poll = setTimeout(() => {
      this.poll = undefined;
      this.resumeIfRoom();
      if (this.waiting?.size) this.watch();
    }, this.pollMs);
    this.poll.unref();
  }
}

/** One subscription's sink: its message head, written before each shared payload. */
class SubscriptionSink implements StreamSink<ExecutionResult> {
  private readonly headBytes: number;

  constructor(
    private readonly outbox: Outbox,
    private readonly head: string,
  ) {
    this.headBytes = Buffer.byteLength(head);
  }

  write(result: ExecutionResult, stream: Resumable): boolean {
    return this.outbox.write(this.head, this.headBytes, result, stream);
  }
}
