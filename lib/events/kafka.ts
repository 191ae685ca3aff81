import { randomUUID } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import { Kafka, logLevel, type Consumer, type Producer, type LogEntry } from 'kafkajs';
import type { Logger } from '../logger';
import type { BusHealth, ConsumerHandle, ConsumerOptions, DeadLetter, EventBus } from './bus';
import { processMessage } from './handle';
import { deadLetterTopic, encodeEvent, keyOf, type EventOf, type TopicName } from './topics';

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  log: Logger;
  /** How long a send may keep retrying before it fails (callers such as the outbox retry later). */
  sendTimeoutMs?: number;
}

function kafkaLogCreator(log: Logger) {
  return () =>
    ({ level, log: entry }: LogEntry) => {
      const { message, ...rest } = entry;
      if (level === logLevel.ERROR) log.error({ kafka: rest }, message);
      else if (level === logLevel.WARN) log.warn({ kafka: rest }, message);
    };
}

/** Kafka (kafkajs) implementation: idempotent producer, validated consumers, dead-letter path. */
export class KafkaBus implements EventBus {
  private readonly kafka: Kafka;
  private producer?: Producer;
  private producerConnecting?: Promise<Producer>;
  private readonly consumers = new Set<Consumer>();
  private closed = false;
  // kafkajs restarts a crashed consumer on a timer it sets after its own disconnect; a crash while
  // close() runs would set that timer after close() has cleared it, and a consumer would come back
  // to life after the bus was closed. Once closed, nothing restarts.
  private readonly restartUnlessClosed = async () => !this.closed;
  private reachable = true;
  private readonly probe: NodeJS.Timeout;

  constructor(private readonly options: KafkaBusOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      connectionTimeout: 3000,
      requestTimeout: 10_000,
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator(options.log),
      retry: { initialRetryTime: 200, maxRetryTime: 3000, retries: 8 },
    });
    this.probe = setInterval(() => void this.checkReachable(), 5000);
    this.probe.unref();
    void this.checkReachable();
  }

  private async checkReachable() {
    const results = await Promise.all(this.options.brokers.map(tcpReachable));
    this.reachable = results.some(Boolean);
  }

  health(): BusHealth {
    return this.reachable ? { connected: true } : { connected: false, detail: 'no Kafka broker reachable' };
  }

  private async getProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    this.producerConnecting ??= (async () => {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        retry: { retries: 6, initialRetryTime: 200, maxRetryTime: this.options.sendTimeoutMs ?? 5000 },
      });
      await producer.connect();
      this.producer = producer;
      return producer;
    })().finally(() => {
      this.producerConnecting = undefined;
    });
    return this.producerConnecting;
  }

  async publish<T extends TopicName>(topic: T, events: EventOf<T> | EventOf<T>[]): Promise<void> {
    const list = Array.isArray(events) ? events : [events];
    if (!list.length) return;
    await this.publishRaw(
      topic,
      list.map((event) => ({ key: keyOf(topic, event), value: encodeEvent(topic, event) })),
    );
  }

  async publishRaw(
    topic: string,
    messages: { key: string | null; value: string; headers?: Record<string, string> }[],
  ) {
    if (!messages.length) return;
    const producer = await this.getProducer();
    await producer.send({ topic, acks: -1, messages });
  }

  private async sendDeadLetter(letter: DeadLetter) {
    await this.publishRaw(deadLetterTopic(letter.sourceTopic), [
      {
        key: letter.key,
        value: letter.value ?? '',
        headers: { 'x-dlq-error': letter.error.slice(0, 1000), 'x-dlq-source-topic': letter.sourceTopic },
      },
    ]);
  }

  async subscribe<T extends TopicName>(options: ConsumerOptions<T>): Promise<ConsumerHandle> {
    const groupId =
      options.mode === 'broadcast' ? `${options.group}.${os.hostname()}.${randomUUID()}` : options.group;
    const consumer = this.kafka.consumer({
      groupId,
      // A consumer that crashed while the broker was away rejoins as a new member, and the group
      // waits for its old member's session to lapse first: the broker's minimum (6 s) keeps
      // events flowing again about 6 s after a broker restart instead of 10 s.
      sessionTimeout: 6000,
      heartbeatInterval: 1000,
      rebalanceTimeout: 6000,
      allowAutoTopicCreation: false,
      retry: {
        retries: 10,
        initialRetryTime: 300,
        maxRetryTime: 5000,
        restartOnFailure: this.restartUnlessClosed,
      },
    });
    await consumer.connect();
    await consumer.subscribe({
      topic: options.topic,
      fromBeginning: options.fromBeginning ?? options.mode === 'shared',
    });
    const joined = waitForGroupJoin(consumer);
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) =>
        processMessage(
          options,
          message.value?.toString() ?? null,
          { topic, partition, offset: message.offset, key: message.key?.toString() ?? null },
          (letter) => this.sendDeadLetter(letter),
          this.options.log,
        ),
    });
    this.consumers.add(consumer);
    // Resolve once partitions are assigned, so events published after this are not missed.
    await joined;
    return {
      stop: async () => {
        this.consumers.delete(consumer);
        await consumer.disconnect();
      },
    };
  }

  async subscribeDeadLetters(
    topic: TopicName,
    group: string,
    handler: (letter: DeadLetter) => Promise<void>,
  ): Promise<ConsumerHandle> {
    const consumer = this.kafka.consumer({
      groupId: group,
      sessionTimeout: 10_000,
      heartbeatInterval: 1000,
      // kafkajs's default retries for a consumer (5), and no restart once the bus is closed
      retry: { retries: 5, restartOnFailure: this.restartUnlessClosed },
    });
    await consumer.connect();
    await consumer.subscribe({ topic: deadLetterTopic(topic), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) =>
        handler({
          sourceTopic: message.headers?.['x-dlq-source-topic']?.toString() ?? topic,
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          error: message.headers?.['x-dlq-error']?.toString() ?? 'unknown',
        }),
    });
    this.consumers.add(consumer);
    return {
      stop: async () => {
        this.consumers.delete(consumer);
        await consumer.disconnect();
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.probe);
    await Promise.allSettled([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
  }
}

function waitForGroupJoin(consumer: Consumer, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    const remove = consumer.on(consumer.events.GROUP_JOIN, () => {
      clearTimeout(timer);
      remove();
      resolve();
    });
  });
}

function tcpReachable(broker: string): Promise<boolean> {
  const idx = broker.lastIndexOf(':');
  const host = broker.slice(0, idx);
  const port = Number(broker.slice(idx + 1));
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
