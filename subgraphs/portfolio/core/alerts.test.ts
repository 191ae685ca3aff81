import fc from 'fast-check';
import { evaluateAlerts, markTriggered, type PriceAlertState } from './alerts';
import { Decimal } from './decimal';

const alert = (
  id: string,
  direction: 'ABOVE' | 'BELOW',
  threshold: string,
  coinId = 'bitcoin',
): PriceAlertState => ({
  id,
  coinId,
  direction,
  threshold,
  triggeredAt: null,
});

describe('evaluateAlerts', () => {
  const alerts = [
    alert('up-70k', 'ABOVE', '70000'),
    alert('up-71k', 'ABOVE', '71000'),
    alert('down-60k', 'BELOW', '60000'),
    alert('down-65k', 'BELOW', '65000'),
    alert('eth-up', 'ABOVE', '1', 'ethereum'),
  ];

  it('fires on the high and low since the previous event, not just the last price', () => {
    // The last price is between every threshold; only the spike to 70000.5 and the dip to 64999 cross.
    const fired = evaluateAlerts(alerts, {
      coinId: 'bitcoin',
      price: '66000',
      high: '70000.5',
      low: '64999',
      ts: '2024-05-01T12:00:00Z',
    });
    expect(fired.map((f) => [f.alertId, f.triggeredPrice.toFixed()])).toEqual([
      ['up-70k', '70000.5'],
      ['down-65k', '64999'],
    ]);
    expect(fired[0]!.triggeredAt.toISOString()).toBe('2024-05-01T12:00:00.000Z');
  });

  it('fires exactly at the threshold', () => {
    const fired = evaluateAlerts(alerts, { coinId: 'bitcoin', price: '65000', ts: new Date() });
    expect(fired.map((f) => f.alertId)).toEqual(['down-65k']);
  });

  it('fires each alert once', () => {
    const event = { coinId: 'bitcoin', price: '75000', ts: '2024-05-01T12:00:00Z' };
    const first = evaluateAlerts(alerts, event);
    expect(first.map((f) => f.alertId)).toEqual(['up-70k', 'up-71k']);
    const after = markTriggered(alerts, first);
    expect(evaluateAlerts(after, event)).toEqual([]);
    // A list that names an alert twice still fires it once.
    expect(evaluateAlerts([alerts[0]!, alerts[0]!], event)).toHaveLength(1);
  });

  it('ignores events older than the alert', () => {
    const late = { ...alert('new', 'ABOVE', '1'), createdAt: new Date('2024-05-02T00:00:00Z') };
    expect(evaluateAlerts([late], { coinId: 'bitcoin', price: '2', ts: '2024-05-01T00:00:00Z' })).toEqual([]);
    expect(
      evaluateAlerts([late], { coinId: 'bitcoin', price: '2', ts: '2024-05-03T00:00:00Z' }),
    ).toHaveLength(1);
  });

  it('fires exactly the alerts whose condition holds (property)', () => {
    const money = fc.integer({ min: 1, max: 10_000_000 }).map((n) => new Decimal(n).div(100));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('ABOVE' as const, 'BELOW' as const), money), { maxLength: 20 }),
        money,
        money,
        money,
        (specs, a, b, c) => {
          const [low, price, high] = [a, b, c].sort((x, y) => x.comparedTo(y)) as [Decimal, Decimal, Decimal];
          const list = specs.map(([dir, t], i) => alert(`a${i}`, dir, t.toFixed()));
          const event = { coinId: 'bitcoin', price, high, low, ts: '2024-01-01T00:00:00Z' };
          const fired = new Set(evaluateAlerts(list, event).map((f) => f.alertId));
          for (const [i, [dir, t]] of specs.entries()) {
            expect(fired.has(`a${i}`)).toBe(dir === 'ABOVE' ? high.gte(t) : low.lte(t));
          }
          expect(evaluateAlerts(markTriggered(list, evaluateAlerts(list, event)), event)).toEqual([]);
        },
      ),
    );
  });
});
