import { EventEmitter } from 'node:events';
import { Kafka } from 'kafkajs';
import pino from 'pino';
import { KafkaBus } from './kafka';

// kafkajs is a third-party client: here it is replaced at its boundary (Kafka#consumer) to see the
// options the bus gives it, which no broker can show. The broker-backed behaviour is in
// bus.contract.int.test.ts and the Kafka restart fault test.
type RetryOptions = { restartOnFailure?: (error: Error) => Promise<boolean> };

function fakeConsumer() {
  const events = new EventEmitter();
  return {
    events: { GROUP_JOIN: 'consumer.group_join' },
    connect: jest.fn(async () => undefined),
    subscribe: jest.fn(async () => undefined),
    run: jest.fn(async () => {
      setImmediate(() => events.emit('consumer.group_join'));
    }),
    disconnect: jest.fn(async () => undefined),
    on: (name: string, listener: () => void) => {
      events.on(name, listener);
      return () => events.off(name, listener);
    },
  };
}

describe('KafkaBus consumers after close', () => {
  const retries: RetryOptions[] = [];
  let consumerSpy: jest.SpyInstance;

  beforeEach(() => {
    retries.length = 0;
    consumerSpy = jest.spyOn(Kafka.prototype, 'consumer').mockImplementation(((config: {
      retry?: RetryOptions;
    }) => {
      retries.push(config.retry ?? {});
      return fakeConsumer();
    }) as unknown as Kafka['consumer']);
  });

  afterEach(() => consumerSpy.mockRestore());

  // A crash inside close() would otherwise let kafkajs restart the consumer after the bus closed.
  it('lets kafkajs restart a crashed consumer while open, and never once the bus is closed', async () => {
    const bus = new KafkaBus({ brokers: ['127.0.0.1:1'], clientId: 'test', log: pino({ level: 'silent' }) });
    await bus.subscribe({
      topic: 'price_updates',
      group: 'kafka-unit',
      mode: 'shared',
      handler: async () => undefined,
    });
    await bus.subscribeDeadLetters('price_updates', 'kafka-unit-dlq', async () => undefined);
    expect(retries).toHaveLength(2);
    for (const retry of retries) {
      expect(await retry.restartOnFailure!(new Error('crash'))).toBe(true);
    }
    await bus.close();
    for (const retry of retries) {
      expect(await retry.restartOnFailure!(new Error('crash during close'))).toBe(false);
    }
  });
});
