import { BoundedStream, type Resumable } from './stream';

describe('BoundedStream', () => {
  it('hands values to a waiting consumer directly, in order', async () => {
    const stream = new BoundedStream<number>({ capacity: 2, onReturn: () => undefined });
    const first = stream.next();
    stream.push(1);
    stream.push(2);
    expect(await first).toEqual({ value: 1, done: false });
    expect(await stream.next()).toEqual({ value: 2, done: false });
  });

  it('drops the oldest values when the consumer falls behind, keeping the latest', async () => {
    const stream = new BoundedStream<number>({ capacity: 3, onReturn: () => undefined });
    for (let i = 1; i <= 10; i++) stream.push(i);
    expect(stream.size).toBe(3);
    expect(stream.dropped).toBe(7);
    const read = [];
    for (let i = 0; i < 3; i++) read.push((await stream.next()).value);
    expect(read).toEqual([8, 9, 10]);
  });

  it('reports a stall once when the buffer is full and nobody pulled for the timeout', () => {
    let clock = 0;
    let stalls = 0;
    const stream = new BoundedStream<number>({
      capacity: 2,
      onReturn: () => undefined,
      onStall: () => stalls++,
      stallTimeoutMs: 1000,
      now: () => clock,
    });
    void stream.next(); // the consumer takes one value, then stops reading
    stream.push(0);
    for (let i = 1; i <= 5; i++) stream.push(i);
    expect(stalls).toBe(0); // full, but the last pull was just now: slow, not stuck
    clock = 1500;
    stream.push(6);
    stream.push(7);
    expect(stalls).toBe(1);
  });

  it('ends after the queued values and tells the owner it left', async () => {
    let left = 0;
    const stream = new BoundedStream<number>({ capacity: 2, onReturn: () => left++ });
    stream.push(1);
    stream.end();
    expect(left).toBe(1);
    expect(await stream.next()).toEqual({ value: 1, done: false });
    expect(await stream.next()).toEqual({ value: undefined, done: true });
    stream.push(2);
    expect(stream.size).toBe(0);
  });

  it('resolves a waiting consumer with done when returned', async () => {
    const stream = new BoundedStream<number>({ capacity: 2, onReturn: () => undefined });
    const pending = stream.next();
    await stream.return();
    expect(await pending).toEqual({ value: undefined, done: true });
  });

  describe('with a sink', () => {
    /** A sink that takes values while `open`, remembering the stream to resume. */
    function sink() {
      const state = { open: true, taken: [] as number[], waiting: undefined as Resumable | undefined };
      return Object.assign(state, {
        write(value: number, stream: Resumable) {
          if (!state.open) {
            state.waiting = stream;
            return false;
          }
          state.taken.push(value);
          return true;
        },
      });
    }

    /** A stream of capacity 2 on a sink, with a stall timeout of 1 s on a clock the test moves. */
    function watched() {
      const s = sink();
      const clock = { now: 0 };
      let stalls = 0;
      const stream = new BoundedStream<number>({
        capacity: 2,
        onReturn: () => undefined,
        sink: s,
        onStall: () => stalls++,
        stallTimeoutMs: 1000,
        now: () => clock.now,
      });
      return { s, stream, clock, stalls: () => stalls };
    }

    it('writes values straight to the sink; the iterator yields none and only ends', async () => {
      const s = sink();
      const stream = new BoundedStream<number>({ capacity: 2, onReturn: () => undefined, sink: s });
      let settled: IteratorResult<number> | undefined;
      void stream.next().then((r) => (settled = r));
      stream.push(1);
      stream.push(2);
      expect(s.taken).toEqual([1, 2]);
      await Promise.resolve();
      expect(settled).toBeUndefined();
      stream.end();
      await Promise.resolve();
      expect(settled).toEqual({ value: undefined, done: true });
    });

    it('queues (bounded, oldest dropped) while the sink is backed up, flushes in order on wake, and ends after', async () => {
      const { s, stream, stalls } = watched();
      let settled: IteratorResult<number> | undefined;
      void stream.next().then((r) => (settled = r));
      stream.push(1);
      s.open = false;
      for (let i = 2; i <= 5; i++) stream.push(i);
      expect(stream.size).toBe(2);
      expect(stream.dropped).toBe(2);
      expect(stalls()).toBe(0);
      stream.end(); // e.g. an error then the end: the end waits for what is queued
      await Promise.resolve();
      expect(settled).toBeUndefined();
      s.open = true;
      s.waiting!.resume();
      expect(s.taken).toEqual([1, 4, 5]);
      await Promise.resolve();
      expect(settled).toEqual({ value: undefined, done: true });
    });

    it('reports a stall when the sink took nothing for the timeout and the buffer is full', () => {
      const { s, stream, stalls, clock } = watched();
      stream.push(0);
      s.open = false;
      for (let i = 1; i <= 5; i++) stream.push(i);
      expect(stalls()).toBe(0);
      clock.now = 1500;
      stream.push(6);
      expect(stalls()).toBe(1);
    });

    it('drops what is queued when returned (the client completed or left)', async () => {
      const s = sink();
      let left = 0;
      const stream = new BoundedStream<number>({ capacity: 4, onReturn: () => left++, sink: s });
      const pending = stream.next();
      s.open = false;
      stream.push(1);
      await stream.return();
      expect(await pending).toEqual({ value: undefined, done: true });
      expect(left).toBe(1);
      s.open = true;
      s.waiting!.resume();
      stream.push(2);
      expect(s.taken).toEqual([]);
    });
  });
});
