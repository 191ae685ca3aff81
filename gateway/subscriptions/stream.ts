export interface BoundedStreamOptions {
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
  now?: () => number;
}

/**
 * A pull-based async iterator with a bounded buffer. When the consumer (a WebSocket that is not
 * draining) falls behind, the oldest queued values are dropped so the subscriber still receives
 * the latest value and memory stays bounded; `dropped` counts what was skipped. graphql-ws asks
 * for the next value only once the previous one was written to the socket, so a client that
 * stops reading stops pulling, and `onStall` lets the connection be closed.
 */
export class BoundedStream<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private waiting?: (result: IteratorResult<T>) => void;
  private done = false;
  private lastPull: number;
  private stalled = false;
  dropped = 0;

  constructor(private readonly options: BoundedStreamOptions) {
    this.lastPull = this.now();
  }

  private now() {
    return (this.options.now ?? Date.now)();
  }

  push(value: T): void {
    if (this.done) return;
    if (this.waiting) {
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

  /** Ends the stream after the queued values have been read. */
  end(): void {
    if (this.done) return;
    this.done = true;
    if (this.waiting && this.queue.length === 0) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: undefined, done: true });
    }
    this.options.onReturn();
  }

  next(): Promise<IteratorResult<T>> {
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
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}
