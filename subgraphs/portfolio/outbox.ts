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
  // Stamped here, after the caller took the portfolio's row lock, rather than by the column default
  // (the database transaction's start): writes to one portfolio then order their events as they
  // committed, which is the order the relay publishes in.
  const now = new Date();
  const event: PortfolioUpdate = { v: 1, id: randomUUID(), ts: now.toISOString(), ...input };
  await tx.outboxEvent.create({
    data: {
      id: event.id,
      createdAt: now,
      topic: Topic.portfolioUpdates,
      key: keyOf(Topic.portfolioUpdates, event),
      payload: JSON.parse(encodeEvent(Topic.portfolioUpdates, event)) as Prisma.InputJsonValue,
    },
  });
  return event.id;
}

/** Published rows are kept this long (for operators tracing an event), then pruned. */
export const OUTBOX_RETENTION_MS = 7 * 24 * 3600 * 1000;
const PRUNE_EVERY_MS = 10 * 60 * 1000;

/**
 * Publishes outbox rows in creation order and stamps them. If Kafka is down, rows stay and go
 * out later; a crash between send and stamp re-sends, and consumers drop the duplicate by id.
 */
export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private lastPrune = 0;

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
        async () => {
          if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
          this.lastPrune = Date.now();
          await this.prune().catch((err: unknown) =>
            this.log.warn({ err: (err as Error).message }, 'outbox prune failed'),
          );
        },
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

  /** Deletes rows published more than `retentionMs` ago; unpublished rows are never deleted. */
  async prune(retentionMs = OUTBOX_RETENTION_MS): Promise<number> {
    const { count } = await this.db.outboxEvent.deleteMany({
      where: { publishedAt: { lt: new Date(Date.now() - retentionMs) } },
    });
    return count;
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
