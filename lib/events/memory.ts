import type { Logger } from '../logger';
import type { BusHealth, ConsumerHandle, ConsumerOptions, DeadLetter, EventBus } from './bus';
import { processMessage } from './handle';
import { deadLetterTopic, encodeEvent, keyOf, type EventOf, type TopicName } from './topics';

const PARTITIONS = 3;
const RETAINED = 10_000;

interface Message {
  key: string | null;
  value: string;
  partition: number;
  offset: number;
}

type Deliver = (message: Message) => Promise<void>;

interface Group {
  members: Deliver[];
  /** Per-partition chains keep per-key order, like Kafka partitions. */
  chains: Promise<void>[];
}

function partitionOf(key: string | null, counter: number): number {
  if (key === null) return counter % PARTITIONS;
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(hash) % PARTITIONS;
}

/**
 * In-process event bus for the embedded mode. It keeps Kafka's semantics that the code relies
 * on: partitions by key with per-partition order, shared groups (each event handled once per
 * group) and broadcast consumers, a bounded retained log for `fromBeginning`, dead letters.
 */
export class MemoryBus implements EventBus {
  private readonly logs = new Map<string, Message[]>();
  private readonly groups = new Map<string, Map<string, Group>>();
  private counter = 0;
  private broadcastSeq = 0;
  private closed = false;

  constructor(private readonly log?: Logger) {}

  health(): BusHealth {
    return { connected: !this.closed };
  }

  async publish<T extends TopicName>(topic: T, events: EventOf<T> | EventOf<T>[]): Promise<void> {
    const list = Array.isArray(events) ? events : [events];
    await this.publishRaw(
      topic,
      list.map((event) => ({ key: keyOf(topic, event), value: encodeEvent(topic, event) })),
    );
  }

  async publishRaw(topic: string, messages: { key: string | null; value: string }[]): Promise<void> {
    if (this.closed) throw new Error('event bus is closed');
    const log = this.logs.get(topic) ?? [];
    this.logs.set(topic, log);
    for (const { key, value } of messages) {
      const message: Message = {
        key,
        value,
        partition: partitionOf(key, this.counter),
        offset: this.counter++,
      };
      log.push(message);
      if (log.length > RETAINED) log.shift();
      for (const group of this.groups.get(topic)?.values() ?? []) this.enqueue(group, message);
    }
  }

  private enqueue(group: Group, message: Message) {
    const p = message.partition;
    group.chains[p] = (group.chains[p] ?? Promise.resolve()).then(async () => {
      if (!group.members.length) return;
      const member = group.members[p % group.members.length]!;
      // Like Kafka, a failing delivery is retried rather than skipped.
      for (let attempt = 0; attempt < 100 && !this.closed; attempt++) {
        try {
          await member(message);
          return;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    });
  }

  private join(topic: string, groupId: string, deliver: Deliver, fromBeginning: boolean): ConsumerHandle {
    const byGroup = this.groups.get(topic) ?? new Map<string, Group>();
    this.groups.set(topic, byGroup);
    let group = byGroup.get(groupId);
    const isNew = !group;
    if (!group) {
      group = { members: [], chains: [] };
      byGroup.set(groupId, group);
    }
    group.members.push(deliver);
    if (isNew && fromBeginning)
      for (const message of this.logs.get(topic) ?? []) this.enqueue(group, message);
    const g = group;
    return {
      stop: async () => {
        g.members = g.members.filter((m) => m !== deliver);
      },
    };
  }

  private async sendDeadLetter(letter: DeadLetter) {
    await this.publishRaw(deadLetterTopic(letter.sourceTopic), [
      {
        key: letter.key,
        value: JSON.stringify({ value: letter.value, error: letter.error, sourceTopic: letter.sourceTopic }),
      },
    ]);
  }

  async subscribe<T extends TopicName>(options: ConsumerOptions<T>): Promise<ConsumerHandle> {
    const groupId = options.mode === 'broadcast' ? `${options.group}#${++this.broadcastSeq}` : options.group;
    return this.join(
      options.topic,
      groupId,
      (message) =>
        processMessage(
          options,
          message.value,
          {
            topic: options.topic,
            partition: message.partition,
            offset: String(message.offset),
            key: message.key,
          },
          (letter) => this.sendDeadLetter(letter),
          this.log,
        ),
      options.fromBeginning ?? options.mode === 'shared',
    );
  }

  async subscribeDeadLetters(
    topic: TopicName,
    group: string,
    handler: (letter: DeadLetter) => Promise<void>,
  ) {
    return this.join(
      deadLetterTopic(topic),
      group,
      async (message) => {
        const parsed = JSON.parse(message.value) as {
          value: string | null;
          error: string;
          sourceTopic: string;
        };
        await handler({
          sourceTopic: parsed.sourceTopic,
          key: message.key,
          value: parsed.value,
          error: parsed.error,
        });
      },
      true,
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    this.groups.clear();
  }
}
