import type { AlertDirection, PriceAlert } from '@prisma/client';
import type { Db } from '../../lib/db';
import { badInput, notFound } from '../../lib/errors';
import { Topic, type ConsumerHandle, type EventBus, type PriceUpdate } from '../../lib/events';
import type { Logger } from '../../lib/logger';
import { evaluateAlerts, type Decimal } from './core';
import { enqueuePortfolioEvent } from './outbox';
import { isUuid } from './portfolios';

/** The consumer group that evaluates alerts: each price event is handled by one replica. */
export const ALERTS_CONSUMER_GROUP = 'portfolio.alerts';

/** A user's price alerts; another user's ids find nothing. */
export class PriceAlerts {
  constructor(private readonly db: Db) {}

  async create(
    userId: string,
    input: { coinId: string; direction: AlertDirection; threshold: Decimal },
  ): Promise<PriceAlert> {
    if (!input.threshold.gt(0)) throw badInput('threshold must be positive', { field: 'threshold' });
    if (!(await this.db.coin.findUnique({ where: { id: input.coinId }, select: { id: true } }))) {
      throw badInput(`Unknown coin ${input.coinId}`, { field: 'coinId' });
    }
    return this.db.priceAlert.create({
      data: {
        userId,
        coinId: input.coinId,
        direction: input.direction,
        threshold: input.threshold.toFixed(),
      },
    });
  }

  async owned(userId: string, alertId: string): Promise<PriceAlert> {
    const alert = isUuid(alertId) ? await this.db.priceAlert.findUnique({ where: { id: alertId } }) : null;
    if (!alert || alert.userId !== userId) throw notFound('Price alert');
    return alert;
  }

  listFor(userId: string) {
    return this.db.priceAlert.findMany({ where: { userId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  async remove(userId: string, alertId: string): Promise<boolean> {
    if (!isUuid(alertId)) return false;
    const { count } = await this.db.priceAlert.deleteMany({ where: { id: alertId, userId } });
    return count > 0;
  }
}

/**
 * Evaluates active alerts against one price event (the core decides with the event's high and low,
 * so a spike between throttled events counts). Each alert fires once: the conditional update
 * (`triggeredAt IS NULL`) lets one evaluator win even if several see the event, and the winner
 * writes the ALERT_TRIGGERED outbox event in the same database transaction. Returns how many fired.
 */
export async function evaluatePriceEvent(db: Db, event: PriceUpdate): Promise<number> {
  const ts = new Date(event.ts);
  const active = await db.priceAlert.findMany({
    where: { coinId: event.coinId, triggeredAt: null, createdAt: { lte: ts } },
    select: {
      id: true,
      userId: true,
      coinId: true,
      direction: true,
      threshold: true,
      triggeredAt: true,
      createdAt: true,
    },
  });
  if (!active.length) return 0;
  const owners = new Map(active.map((a) => [a.id, a.userId]));
  const triggers = evaluateAlerts(
    active.map((a) => ({ ...a, threshold: a.threshold.toFixed() })),
    event,
  );
  let fired = 0;
  for (const t of triggers) {
    const won = await db.$transaction(async (tx) => {
      const { count } = await tx.priceAlert.updateMany({
        where: { id: t.alertId, triggeredAt: null },
        data: { triggeredAt: t.triggeredAt, triggeredPrice: t.triggeredPrice.toFixed() },
      });
      if (count === 0) return false;
      await enqueuePortfolioEvent(tx, {
        userId: owners.get(t.alertId)!,
        kind: 'ALERT_TRIGGERED',
        alertId: t.alertId,
      });
      return true;
    });
    if (won) fired += 1;
  }
  return fired;
}

/**
 * Consumes `price_updates` in one shared consumer group, so every event is evaluated by one replica
 * (a second evaluation would be harmless anyway, see above). A fresh group starts at the newest
 * events: older ones predate every alert that could care. Kafka being down at start only delays
 * the subscription; it never stops the service.
 */
export function startAlertEvaluation(
  bus: EventBus,
  db: Db,
  log: Logger,
  retryMs = 5000,
): { stop(): Promise<void> } {
  let stopped = false;
  let handle: ConsumerHandle | undefined;
  let timer: NodeJS.Timeout | undefined;
  const attempt = async () => {
    try {
      const subscribed = await bus.subscribe({
        topic: Topic.priceUpdates,
        mode: 'shared',
        group: ALERTS_CONSUMER_GROUP,
        fromBeginning: false,
        handler: async (event) => {
          const fired = await evaluatePriceEvent(db, event);
          if (fired) log.info({ coinId: event.coinId, fired, eventId: event.id }, 'price alerts triggered');
        },
      });
      if (stopped) await subscribed.stop();
      else handle = subscribed;
    } catch (err) {
      log.warn(
        { err: (err as Error).message },
        'alert evaluation could not subscribe to price updates; retrying',
      );
      if (!stopped) timer = setTimeout(() => void attempt(), retryMs);
    }
  };
  void attempt();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await handle?.stop();
    },
  };
}
