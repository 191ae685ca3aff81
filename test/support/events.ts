import { randomUUID } from 'node:crypto';
import type { PriceUpdate } from '../../lib/events';

/** A valid `price_updates` event as market-data would publish it; high/low default to the price. */
export function priceEvent(
  coinId: string,
  price: string,
  extremes: { high?: string; low?: string } = {},
): PriceUpdate {
  return {
    v: 1,
    id: randomUUID(),
    coinId,
    price,
    high: extremes.high ?? price,
    low: extremes.low ?? price,
    source: 'e2e',
    ts: new Date().toISOString(),
  };
}
