import { Decimal, toDecimal, type DecimalLike } from './decimal';

export type AlertDirection = 'ABOVE' | 'BELOW';

export interface PriceAlertState {
  id: string;
  coinId: string;
  direction: AlertDirection;
  threshold: DecimalLike;
  /** Set once the alert has fired; a fired alert never fires again. */
  triggeredAt: Date | null;
  /** Events stamped before this are ignored: their high/low describe prices the user never asked about. */
  createdAt?: Date;
}

/** The `price_updates` event (v1) fields the evaluation needs; decimals as strings or Decimals. */
export interface PriceEventInput {
  coinId: string;
  price: DecimalLike;
  /** Highest price since the previous event for the coin; defaults to `price`. */
  high?: DecimalLike | null;
  /** Lowest price since the previous event for the coin; defaults to `price`. */
  low?: DecimalLike | null;
  ts: Date | string;
}

export interface AlertTrigger {
  alertId: string;
  coinId: string;
  direction: AlertDirection;
  threshold: Decimal;
  /** The extreme that crossed: the event's high for ABOVE, its low for BELOW. */
  triggeredPrice: Decimal;
  triggeredAt: Date;
}

/**
 * Which alerts a price event fires. ABOVE fires when the event's high >= threshold, BELOW when its low
 * <= threshold, so a spike between throttled events still counts. Only untriggered alerts of the
 * event's coin are considered and each fires at most once; persist `triggeredAt` with a conditional
 * update (`WHERE triggered_at IS NULL`) so concurrent evaluators cannot fire one twice.
 */
export function evaluateAlerts(alerts: readonly PriceAlertState[], event: PriceEventInput): AlertTrigger[] {
  const price = toDecimal(event.price);
  // The last price is inside [low, high] by definition; widen in case a producer rounded differently.
  const high = Decimal.max(event.high == null ? price : toDecimal(event.high), price);
  const low = Decimal.min(event.low == null ? price : toDecimal(event.low), price);
  const ts = event.ts instanceof Date ? event.ts : new Date(event.ts);
  if (Number.isNaN(ts.getTime())) throw new RangeError(`invalid event time ${String(event.ts)}`);

  const fired: AlertTrigger[] = [];
  const seen = new Set<string>();
  for (const alert of alerts) {
    if (alert.coinId !== event.coinId || alert.triggeredAt !== null || seen.has(alert.id)) continue;
    if (alert.createdAt && ts.getTime() < alert.createdAt.getTime()) continue;
    seen.add(alert.id);
    const threshold = toDecimal(alert.threshold);
    const crossed = alert.direction === 'ABOVE' ? high.gte(threshold) : low.lte(threshold);
    if (!crossed) continue;
    fired.push({
      alertId: alert.id,
      coinId: alert.coinId,
      direction: alert.direction,
      threshold,
      triggeredPrice: alert.direction === 'ABOVE' ? high : low,
      triggeredAt: ts,
    });
  }
  return fired;
}

/** The alerts after the triggers are recorded (what the store does), for callers that keep them in memory. */
export function markTriggered<A extends PriceAlertState>(
  alerts: readonly A[],
  triggers: readonly AlertTrigger[],
): A[] {
  const byId = new Map(triggers.map((t) => [t.alertId, t]));
  return alerts.map((a) => {
    const t = byId.get(a.id);
    return t && a.triggeredAt === null ? { ...a, triggeredAt: t.triggeredAt } : a;
  });
}
