import { EventEmitter } from 'node:events';
import { Heartbeat } from './heartbeat';

class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  pings = 0;
  terminated = false;
  constructor(private readonly answers: boolean) {
    super();
  }
  ping() {
    this.pings++;
    if (this.answers) this.emit('pong');
  }
  terminate() {
    this.terminated = true;
    this.readyState = 3;
    this.emit('close');
  }
}

describe('Heartbeat', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('pings every socket once per interval, in slices, and terminates one that did not answer', () => {
    const heartbeat = new Heartbeat<FakeSocket>(1000, 100);
    const live = Array.from({ length: 25 }, () => new FakeSocket(true));
    const dead = new FakeSocket(false);
    for (const s of [...live, dead]) heartbeat.add(s);

    jest.advanceTimersByTime(100);
    // One slice of ten per tick: 26 sockets, at most 3 pinged per tick.
    expect([...live, dead].filter((s) => s.pings > 0).length).toBeLessThanOrEqual(3);
    jest.advanceTimersByTime(900);
    expect(live.every((s) => s.pings === 1)).toBe(true);
    expect(dead.pings).toBe(1);
    expect(dead.terminated).toBe(false); // it has had one interval to answer

    jest.advanceTimersByTime(1000);
    expect(dead.terminated).toBe(true);
    expect(live.every((s) => s.pings === 2 && !s.terminated)).toBe(true);
    jest.advanceTimersByTime(1000);
    expect(dead.pings).toBe(1);
    heartbeat.stop();
  });

  it('leaves closing sockets alone and forgets closed ones', () => {
    const heartbeat = new Heartbeat<FakeSocket>(1000, 500);
    const closing = new FakeSocket(false);
    closing.readyState = 2;
    const closed = new FakeSocket(true);
    heartbeat.add(closing);
    heartbeat.add(closed);
    // Its 'close' event alone drops it: still claiming OPEN, it would be pinged if it were kept.
    closed.emit('close');
    jest.advanceTimersByTime(3000);
    expect(closing.pings).toBe(0);
    expect(closing.terminated).toBe(false);
    expect(closed.pings).toBe(0);
    heartbeat.stop();
  });
});
