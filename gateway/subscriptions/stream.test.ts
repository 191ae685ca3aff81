import { BoundedStream } from './stream';

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
});
