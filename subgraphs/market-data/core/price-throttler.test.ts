import fc from 'fast-check';
import { PriceThrottler, type ThrottledPriceEvent } from './price-throttler';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const obs = (price: string, ts: number, coinId = 'bitcoin') => ({ coinId, price, ts, source: 'binance' });

describe('PriceThrottler', () => {
  it('drain releases every pending price at once, inside its window or not (shutdown)', () => {
    const c = clock();
    const th = new PriceThrottler({ maxEventsPerSecond: 1, now: c.now });
    th.offer(obs('100', 1));
    th.offer(obs('50', 1, 'ethereum'));
    c.advance(10);
    expect(th.offer(obs('105', 2))).toBeUndefined();
    expect(th.offer(obs('99', 3))).toBeUndefined();
    expect(th.takeDue()).toEqual([]);
    expect(th.drain()).toEqual([
      { coinId: 'bitcoin', price: '99', high: '105', low: '99', source: 'binance', ts: 3 },
    ]);
    expect(th.drain()).toEqual([]);
    expect(th.nextDueAt()).toBeUndefined();
  });

  it('publishes the first price at once and holds later ones until the window ends', () => {
    const c = clock();
    const th = new PriceThrottler({ maxEventsPerSecond: 2, now: c.now });
    expect(th.offer(obs('100', 1))).toMatchObject({ price: '100', high: '100', low: '100' });
    c.advance(100);
    expect(th.offer(obs('130', 2))).toBeUndefined();
    c.advance(100);
    expect(th.offer(obs('90', 3))).toBeUndefined();
    expect(th.offer(obs('101', 4))).toBeUndefined();
    expect(th.nextDueAt()).toBe(1_000_000 + 500);
    c.advance(299);
    expect(th.takeDue()).toEqual([]);
    c.advance(1);
    // Trailing edge: the latest price, with the spike and the dip it would otherwise hide.
    expect(th.takeDue()).toEqual([
      { coinId: 'bitcoin', price: '101', high: '130', low: '90', source: 'binance', ts: 4 },
    ]);
    expect(th.nextDueAt()).toBeUndefined();
  });

  it('publishes canonical decimals', () => {
    const th = new PriceThrottler({ maxEventsPerSecond: 1, now: clock().now });
    expect(th.offer(obs('0.01914100', 1))).toMatchObject({
      price: '0.019141',
      high: '0.019141',
      low: '0.019141',
    });
  });

  it('compares prices numerically, not as text', () => {
    const c = clock();
    const th = new PriceThrottler({ maxEventsPerSecond: 1, now: c.now });
    th.offer(obs('5', 1));
    th.offer(obs('10.5', 2));
    th.offer(obs('9.99', 3));
    c.advance(1000);
    expect(th.takeDue()[0]).toMatchObject({ high: '10.5', low: '9.99', price: '9.99' });
  });

  it('throttles each coin separately and carries 24h fields of the latest observation', () => {
    const c = clock();
    const th = new PriceThrottler({ maxEventsPerSecond: 1, now: c.now });
    expect(th.offer(obs('1', 1, 'bitcoin'))).toBeDefined();
    expect(th.offer({ ...obs('2', 1, 'ethereum'), volume24h: '123.4', change24hPct: -1.5 })).toMatchObject({
      coinId: 'ethereum',
      volume24h: '123.4',
      change24hPct: -1.5,
    });
  });

  it('never replaces a newer price with an out-of-order older one, but counts it in the extremes', () => {
    const c = clock();
    const th = new PriceThrottler({ maxEventsPerSecond: 1, now: c.now });
    th.offer(obs('100', 10));
    th.offer(obs('105', 30));
    th.offer(obs('200', 20));
    c.advance(1000);
    expect(th.takeDue()[0]).toMatchObject({ price: '105', high: '200', low: '105' });
  });

  it('never exceeds the rate, always ends on the latest price, and hides no extreme (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 1000 })), {
          minLength: 1,
          maxLength: 80,
        }),
        fc.integer({ min: 1, max: 10 }),
        (steps, rate) => {
          const c = clock();
          const th = new PriceThrottler({ maxEventsPerSecond: rate, now: c.now });
          const events: Array<ThrottledPriceEvent & { at: number }> = [];
          const take = () => th.takeDue().forEach((e) => events.push({ ...e, at: c.now() }));
          steps.forEach(([gap, price], i) => {
            c.advance(gap);
            take();
            const e = th.offer(obs(String(price), i));
            if (e) events.push({ ...e, at: c.now() });
          });
          c.advance(1000);
          take();
          for (let i = 1; i < events.length; i++) {
            expect(events[i]!.at - events[i - 1]!.at).toBeGreaterThanOrEqual(1000 / rate);
          }
          expect(events[events.length - 1]!.price).toBe(String(steps[steps.length - 1]![1]));
          const prices = steps.map(([, p]) => p);
          expect(Math.max(...events.map((e) => Number(e.high)))).toBe(Math.max(...prices));
          expect(Math.min(...events.map((e) => Number(e.low)))).toBe(Math.min(...prices));
        },
      ),
    );
  });
});
