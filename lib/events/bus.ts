import type { EventOf, TopicName } from './topics';

export interface MessageMeta {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
}

export interface DeadLetter {
  sourceTopic: string;
  key: string | null;
  value: string | null;
  error: string;
}

export interface ConsumerOptions<T extends TopicName> {
  topic: T;
  /**
   * `shared`: one consumer group named `group`; each event is handled once across its members
   * (work queues). `broadcast`: a group of its own per consumer, so every consumer sees every
   * event (gateway fan-out: every replica must see every price).
   */
  mode: 'shared' | 'broadcast';
  group: string;
  /** Start from the earliest retained event when the group has no committed offset. */
  fromBeginning?: boolean;
  /** Failed handler calls are retried this many times before the message is dead-lettered. */
  maxAttempts?: number;
  handler: (event: EventOf<T>, meta: MessageMeta) => Promise<void>;
}

export interface ConsumerHandle {
  stop(): Promise<void>;
}

export interface BusHealth {
  connected: boolean;
  detail?: string;
}

/**
 * The event bus: Kafka in cluster mode, in-process in the embedded mode. Values are validated
 * against the shared zod schemas on both ends; poison messages go to `<topic>.dlq`.
 */
export interface EventBus {
  publish<T extends TopicName>(topic: T, events: EventOf<T> | EventOf<T>[]): Promise<void>;
  /** Sends bytes as they are (tests of the poison path; relays of pre-encoded outbox rows). */
  publishRaw(topic: string, messages: { key: string | null; value: string }[]): Promise<void>;
  subscribe<T extends TopicName>(options: ConsumerOptions<T>): Promise<ConsumerHandle>;
  /** Reads a topic's dead letters (operators and tests). */
  subscribeDeadLetters(
    topic: TopicName,
    group: string,
    handler: (letter: DeadLetter) => Promise<void>,
  ): Promise<ConsumerHandle>;
  health(): BusHealth;
  close(): Promise<void>;
}
