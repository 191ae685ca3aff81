import { randomUUID } from 'node:crypto';
import { createLogger } from '../logger';
import { KAFKA_BROKERS, waitFor } from '../../test/support/servers';
import type { DeadLetter, EventBus } from './bus';
import { KafkaBus } from './kafka';
import { MemoryBus } from './memory';
import type { PriceUpdate } from './topics';

const log = createLogger('test', 'silent');

// One contract, two implementations: the embedded mode's bus must behave like Kafka.
const implementations: [string, () => EventBus][] = [
  [
    'KafkaBus (real Kafka)',
    () => new KafkaBus({ brokers: KAFKA_BROKERS, clientId: `test-${randomUUID()}`, log }),
  ],
  ['MemoryBus', () => new MemoryBus(log)],
];

function price(coinId: string, n: number): PriceUpdate {
  return {
    v: 1,
    id: randomUUID(),
    coinId,
    price: `${100 + n}.5`,
    high: `${100 + n}.5`,
    low: `${100 + n}.5`,
    source: 'test',
    ts: new Date().toISOString(),
  };
}

jest.setTimeout(90_000);

describe.each(implementations)('EventBus contract: %s', (_name, make) => {
  let bus: EventBus;
  beforeAll(() => {
    bus = make();
  });
  afterAll(() => bus.close());

  /** Publishes warm-up events for `coinId` until every collector has seen one (consumers are live). */
  async function warmUp(coinId: string, seen: (() => boolean)[]) {
    await waitFor(
      async () => {
        if (seen.every((s) => s())) return true;
        await bus.publish('price_updates', price(coinId, 0));
        await new Promise((r) => setTimeout(r, 200));
        return undefined;
      },
      30_000,
      'consumers to receive warm-up events',
    );
  }

  it('delivers every event to every broadcast consumer, validated and in per-key order', async () => {
    const coin = `test-broadcast-${randomUUID()}`;
    const warm = `${coin}-warm`;
    const received: PriceUpdate[][] = [[], []];
    const warmSeen = [false, false];
    const handles = await Promise.all(
      [0, 1].map((i) =>
        bus.subscribe({
          topic: 'price_updates',
          mode: 'broadcast',
          group: 'contract',
          handler: async (event) => {
            if (event.coinId === warm) warmSeen[i] = true;
            if (event.coinId === coin) received[i]!.push(event);
          },
        }),
      ),
    );
    try {
      await warmUp(warm, [() => warmSeen[0]!, () => warmSeen[1]!]);
      const events = Array.from({ length: 20 }, (_, n) => price(coin, n));
      await bus.publish('price_updates', events);
      await waitFor(() => (received.every((r) => r.length >= 20) ? true : undefined), 20_000, 'all events');
      for (const r of received) expect(r.map((e) => e.id)).toEqual(events.map((e) => e.id));
    } finally {
      await Promise.all(handles.map((h) => h.stop()));
    }
  });

  it('hands each event to exactly one member of a shared group', async () => {
    const group = `contract-shared-${randomUUID()}`;
    const prefix = `test-shared-${randomUUID()}`;
    const handled = new Map<string, number>();
    const byMember = [0, 0];
    const warmPartitions = new Set<number>();
    let bothJoined = false;
    const handles = await Promise.all(
      [0, 1].map((i) =>
        bus.subscribe({
          topic: 'price_updates',
          mode: 'shared',
          group,
          fromBeginning: false,
          handler: async (event, meta) => {
            if (event.coinId.startsWith(`${prefix}-warm`)) {
              if (bothJoined) warmPartitions.add(meta.partition);
              return;
            }
            if (!event.coinId.startsWith(prefix)) return;
            handled.set(event.id, (handled.get(event.id) ?? 0) + 1);
            byMember[i]!++;
          },
        }),
      ),
    );
    bothJoined = true;
    try {
      // A new group starts at the latest offsets once it first fetches: wait until every partition
      // has delivered a warm-up event, so no test event can fall before that point.
      await waitFor(
        async () => {
          if (warmPartitions.size === 3) return true;
          await bus.publish(
            'price_updates',
            Array.from({ length: 6 }, (_, n) => price(`${prefix}-warm-${randomUUID()}`, n)),
          );
          await new Promise((r) => setTimeout(r, 300));
          return undefined;
        },
        45_000,
        'the shared group to consume from every partition',
      );
      // Many keys spread over all partitions, so both members get work.
      const events = Array.from({ length: 30 }, (_, n) => price(`${prefix}-${n}`, n));
      await bus.publish('price_updates', events);
      await waitFor(
        () => (events.every((e) => handled.has(e.id)) ? true : undefined),
        30_000,
        'every event handled',
      );
      await new Promise((r) => setTimeout(r, 500));
      expect([...handled.values()].every((count) => count === 1)).toBe(true);
      expect(byMember[0]! + byMember[1]!).toBe(30);
    } finally {
      await Promise.all(handles.map((h) => h.stop()));
    }
  });

  it('sends a malformed message to the dead-letter topic and keeps consuming', async () => {
    const coin = `test-dlq-${randomUUID()}`;
    const marker = `poison-${randomUUID()}`;
    const good: PriceUpdate[] = [];
    const letters: DeadLetter[] = [];
    const consumer = await bus.subscribe({
      topic: 'price_updates',
      mode: 'broadcast',
      group: 'contract-dlq',
      handler: async (event) => {
        if (event.coinId === coin) good.push(event);
      },
    });
    const dlq = await bus.subscribeDeadLetters(
      'price_updates',
      `contract-dlq-reader-${randomUUID()}`,
      async (letter) => {
        if (letter.value?.includes(marker)) letters.push(letter);
      },
    );
    try {
      await warmUp(coin, [() => good.length > 0]);
      const before = good.length;
      await bus.publishRaw('price_updates', [
        { key: coin, value: `{"not": "a price update", "marker": "${marker}"}` },
        { key: coin, value: `${marker} is not even JSON` },
      ]);
      const after = price(coin, 7);
      await bus.publish('price_updates', after);
      await waitFor(
        () => (good.some((e) => e.id === after.id) ? true : undefined),
        20_000,
        'the event after the poison',
      );
      await waitFor(() => (letters.length >= 2 ? true : undefined), 30_000, 'dead letters');
      expect(good.length).toBeGreaterThan(before);
      // Every consumer of the topic dead-letters a poison message it meets, and on the shared
      // servers other tests' gateways consume price_updates alongside: count at least ours.
      expect(letters.every((l) => l.sourceTopic === 'price_updates')).toBe(true);
      expect(letters.some((l) => /not JSON/.test(l.error))).toBe(true);
      expect(letters.some((l) => !/not JSON/.test(l.error))).toBe(true);
    } finally {
      await consumer.stop();
      await dlq.stop();
    }
  });

  it('refuses to publish an event that breaks its schema', async () => {
    const bad = { ...price('bitcoin', 1), price: '12.3e4' };
    await expect(bus.publish('price_updates', bad)).rejects.toThrow(/decimal/);
  });
});
