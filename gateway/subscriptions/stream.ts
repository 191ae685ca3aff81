/**
 * A pull-based async iterator with a bounded buffer. When the consumer (a WebSocket that is not
 * draining) falls behind, the oldest queued values are dropped so the subscriber still receives
 * the latest value and memory stays bounded; `dropped` counts what was skipped.
 */
export class BoundedStream<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private waiting?: (result: IteratorResult<T>) => void;
  private done = false;
  dropped = 0;

  constructor(
    private readonly capacity: number,
    private readonly onReturn: () => void,
  ) {}

  push(value: T): void {
    if (this.done) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value, done: false });
      return;
    }
    if (this.queue.length >= this.capacity) {
      this.queue.shift();
      this.dropped++;
    }
    this.queue.push(value);
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
    this.onReturn();
  }

  next(): Promise<IteratorResult<T>> {
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
