import { randomUUID } from 'node:crypto';
import type { Prisma } from '@prisma/client';
import type { Db } from '../../lib/db';
import { encodeEvent, keyOf, Topic, type EventBus, type PortfolioUpdate } from '../../lib/events';
import type { Logger } from '../../lib/logger';

type PortfolioEventInput = Omit<PortfolioUpdate, 'v' | 'id' | 'ts'>;

/** Writes a `portfolio_updates` event in the caller's database transaction (transactional outbox). */
export async function enqueuePortfolioEvent(
  tx: Prisma.TransactionClient,
  input: PortfolioEventInput,
): Promise<string> {
  const event: PortfolioUpdate = { v: 1, id: randomUUID(), ts: new Date().toISOString(), ...input };
  await tx.outboxEvent.create({
    data: {
      id: event.id,
      topic: Topic.portfolioUpdates,
      key: keyOf(Topic.portfolioUpdates, event),
      payload: JSON.parse(encodeEvent(Topic.portfolioUpdates, event)) as Prisma.InputJsonValue,
    },
  });
  return event.id;
}

/**
 * Publishes outbox rows in creation order and stamps them. If Kafka is down, rows stay and go
 * out later; a crash between send and stamp re-sends, and consumers drop the duplicate by id.
 */
export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly intervalMs = 200,
    private readonly batchSize = 200,
  ) {}

  start() {
    const loop = async () => {
      this.running = this.drain().then(
        () => undefined,
        (err: unknown) => this.log.warn({ err: (err as Error).message }, 'outbox relay pass failed'),
      );
      await this.running;
      if (this.timer !== undefined) this.timer = setTimeout(() => void loop(), this.intervalMs);
    };
    this.timer = setTimeout(() => void loop(), 0);
  }

  async stop() {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass: publish everything pending; returns how many rows went out. */
  async drain(): Promise<number> {
    let sent = 0;
    for (;;) {
      const rows = await this.db.outboxEvent.findMany({
        where: { publishedAt: null },
        orderBy: { createdAt: 'asc' },
        take: this.batchSize,
      });
      if (!rows.length) return sent;
      try {
        for (const topic of new Set(rows.map((r) => r.topic))) {
          const batch = rows.filter((r) => r.topic === topic);
          await this.bus.publishRaw(
            topic,
            batch.map((r) => ({ key: r.key, value: JSON.stringify(r.payload) })),
          );
        }
      } catch (err) {
        await this.db.outboxEvent.updateMany({
          where: { id: { in: rows.map((r) => r.id) } },
          data: { attempts: { increment: 1 }, lastError: (err as Error).message.slice(0, 500) },
        });
        throw err;
      }
      await this.db.outboxEvent.updateMany({
        where: { id: { in: rows.map((r) => r.id) } },
        data: { publishedAt: new Date() },
      });
      sent += rows.length;
      if (rows.length < this.batchSize) return sent;
    }
  }
}
