import { z } from 'zod';

/**
 * Topic names and event shapes, one definition for producers and consumers (DESIGN.md, Events).
 * Decimals travel as strings and times as ISO 8601 UTC strings; every event has a unique id.
 */
export const Topic = {
  priceUpdates: 'price_updates',
  sentimentScores: 'sentiment_scores',
  portfolioUpdates: 'portfolio_updates',
} as const;
export type TopicName = (typeof Topic)[keyof typeof Topic];
export const ALL_TOPICS: TopicName[] = Object.values(Topic);
export const deadLetterTopic = (topic: string) => `${topic}.dlq`;

const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string');
const isoTime = z.string().datetime({ offset: true });

export const PriceUpdateEvent = z.object({
  v: z.literal(1),
  id: z.string().uuid(),
  coinId: z.string().min(1),
  price: decimalString,
  /** Extremes since the previous event for this coin, so throttling hides no spike. */
  high: decimalString,
  low: decimalString,
  volume24h: decimalString.optional(),
  change24hPct: z.number().finite().optional(),
  source: z.string(),
  ts: isoTime,
});

export const SentimentLabelSchema = z.enum([
  'VERY_NEGATIVE',
  'NEGATIVE',
  'NEUTRAL',
  'POSITIVE',
  'VERY_POSITIVE',
]);

export const SentimentScoreEvent = z.object({
  v: z.literal(1),
  id: z.string().uuid(),
  coinId: z.string().min(1),
  score: z.number().min(-1).max(1),
  label: SentimentLabelSchema,
  documents: z.number().int().nonnegative(),
  window: z.string(),
  ts: isoTime,
});

export const PortfolioUpdateKind = z.enum([
  'TRANSACTION_RECORDED',
  'TRANSACTION_UPDATED',
  'TRANSACTION_DELETED',
  'PORTFOLIO_CHANGED',
  'ALERT_TRIGGERED',
]);

export const PortfolioUpdateEvent = z.object({
  v: z.literal(1),
  id: z.string().uuid(),
  portfolioId: z.string().uuid().optional(),
  userId: z.string().uuid(),
  kind: PortfolioUpdateKind,
  transactionId: z.string().uuid().optional(),
  alertId: z.string().uuid().optional(),
  ts: isoTime,
});

export const eventSchemas = {
  price_updates: PriceUpdateEvent,
  sentiment_scores: SentimentScoreEvent,
  portfolio_updates: PortfolioUpdateEvent,
} as const;

export type EventOf<T extends TopicName> = z.infer<(typeof eventSchemas)[T]>;
export type PriceUpdate = EventOf<'price_updates'>;
export type SentimentScoreUpdate = EventOf<'sentiment_scores'>;
export type PortfolioUpdate = EventOf<'portfolio_updates'>;

/** The partition key of an event: per-key order holds (coin id, or portfolio / user id). */
export function keyOf<T extends TopicName>(topic: T, event: EventOf<T>): string {
  switch (topic) {
    case 'portfolio_updates': {
      const e = event as PortfolioUpdate;
      return e.portfolioId ?? e.userId;
    }
    default:
      return (event as PriceUpdate | SentimentScoreUpdate).coinId;
  }
}

export type DecodeResult<T extends TopicName> =
  { ok: true; event: EventOf<T> } | { ok: false; error: string };

/** Parses and validates a raw message value; never throws. */
export function decodeEvent<T extends TopicName>(topic: T, raw: string | Buffer | null): DecodeResult<T> {
  if (raw === null) return { ok: false, error: 'empty message value' };
  let json: unknown;
  try {
    json = JSON.parse(raw.toString());
  } catch {
    return { ok: false, error: 'value is not JSON' };
  }
  const parsed = eventSchemas[topic].safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    };
  }
  return { ok: true, event: parsed.data as EventOf<T> };
}

/** Validates before sending, so a producer bug fails loudly instead of poisoning a topic. */
export function encodeEvent<T extends TopicName>(topic: T, event: EventOf<T>): string {
  return JSON.stringify(eventSchemas[topic].parse(event));
}
