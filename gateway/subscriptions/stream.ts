/**
 * A transport that writes values itself, synchronously, instead of pulling them through the
 * async iterator (the WebSocket fast path: one shared serialisation per result, no promise chain
 * per message).
 */
export interface StreamSink<T> {
  /**
   * Writes `value` now and returns true, or returns false when the transport is backed up: the
   * value was not taken, and `stream.resume()` is called once the transport can take more.
   */
  write(value: T, stream: Resumable): boolean;
}

export interface Resumable {
  resume(): void;
}

export interface BoundedStreamOptions<T = unknown> {
  /** Results queued before the oldest are dropped. */
  capacity: number;
  /** Called when the consumer returns or the stream ends, to leave the fan-out. */
  onReturn: () => void;
  /**
   * Called once when the buffer is full and the consumer has not asked for a value for
   * `stallTimeoutMs`: it is not slow but stuck (a client that stopped reading its socket).
   */
  onStall?: () => void;
  stallTimeoutMs?: number;
  /** Called for every value dropped to make room (metrics). */
  onDrop?: () => void;
  /**
   * When set, values go to the sink as they come and the iterator yields none: it only ends
   * (after the sink took every queued value), so the consumer can send its `complete` in order.
   */
  sink?: StreamSink<T>;
  now?: () => number;
}

/**
 * A pull-based async iterator with a bounded buffer. When the consumer (a WebSocket that is not
 * draining) falls behind, the oldest queued values are dropped so the subscriber still receives
 * the latest value and memory stays bounded; `dropped` counts what was skipped. graphql-ws asks
 * for the next value only once the previous one was written to the socket, so a client that
 * stops reading stops pulling, and `onStall` lets the connection be closed. With a `sink` the
 * same holds, with "the sink took a value" in place of "the consumer pulled one".
 */
export class BoundedStream<T> implements AsyncIterableIterator<T>, Resumable {
  private readonly queue: T[] = [];
  private waiting?: (result: IteratorResult<T>) => void;
  private done = false;
  private lastPull: number;
  private stalled = false;
  private readonly sink?: StreamSink<T>;
  dropped = 0;

  constructor(private readonly options: BoundedStreamOptions<T>) {
    this.lastPull = this.now();
    this.sink = options.sink;
  }

  private now() {
    return (this.options.now ?? Date.now)();
  }

  push(value: T): void {
    if (this.done) return;
    if (this.sink) {
      // Queued values go first, so a value is written straight away only behind an empty queue.
      if (this.queue.length === 0 && this.sink.write(value, this)) {
        this.lastPull = this.now();
        return;
      }
    } else if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value, done: false });
      return;
    }
    if (this.queue.length >= this.options.capacity) {
      this.queue.shift();
      this.dropped++;
      this.options.onDrop?.();
      this.checkStall();
    }
    this.queue.push(value);
  }

  /** The sink has room again: hands it the queued values, in order, while it takes them. */
  resume(): void {
    if (!this.sink) return;
    while (this.queue.length) {
      if (!this.sink.write(this.queue[0]!, this)) return;
      this.queue.shift();
      this.lastPull = this.now();
    }
    if (this.done) this.finish();
  }

  private finish() {
    if (!this.waiting) return;
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve({ value: undefined, done: true });
  }

  private checkStall() {
    const timeout = this.options.stallTimeoutMs;
    if (this.stalled || !this.options.onStall || timeout === undefined) return;
    if (this.now() - this.lastPull < timeout) return;
    this.stalled = true;
    this.options.onStall();
  }

  get size(): number {
    return this.queue.length;
  }

  /** Ends the stream after the queued values have been read (or taken by the sink). */
  end(): void {
    if (this.done) return;
    this.done = true;
    if (this.queue.length === 0) this.finish();
    this.options.onReturn();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.sink) {
      // Values go to the sink; the iterator only reports the end, once nothing is queued.
      if (this.done && this.queue.length === 0) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        this.waiting = resolve;
      });
    }
    this.lastPull = this.now();
    const value = this.queue.shift();
    if (value !== undefined) return Promise.resolve({ value, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.queue.length = 0;
    this.end();
    this.finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}
