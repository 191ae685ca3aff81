import type { AuthUser } from '../../lib/auth';
import type { PortfolioUpdate, PriceUpdate, SentimentScoreUpdate, TopicName } from '../../lib/events';

/**
 * How each Subscription field of the API maps onto a Kafka topic: which events match a
 * subscriber's arguments, which fields the event carries, and which entity is fetched through
 * the graph for the rest.
 */
export interface SubscriptionSpec<E = unknown> {
  topic: TopicName;
  requiresAuth: boolean;
  /** The event's routing key, used to index subscribers. */
  routeOf(event: E): string;
  /** Routing keys a subscriber listens on; `*` means every event of the topic. */
  routesFor(args: Record<string, unknown>, user: AuthUser | null): string[];
  matches(event: E, args: Record<string, unknown>, user: AuthUser | null): boolean;
  /** The scalar fields the event itself provides. */
  payload(event: E): Record<string, unknown>;
  /**
   * The entity to hydrate: `field` is where it sits in the payload (null: the root value itself),
   * `query` is the Query field that fetches it by id.
   */
  entity: { field: string | null; query: string; idOf(event: E): string | undefined };
  /** A query run with the subscriber's credentials at subscribe time (ownership check). */
  authorize?: (args: Record<string, unknown>) => { query: string; variables: Record<string, unknown> };
}

const coinRoutes = (args: Record<string, unknown>) => {
  const ids = args.coinIds as string[] | null | undefined;
  return ids && ids.length ? [...new Set(ids)] : ['*'];
};

const priceUpdated: SubscriptionSpec<PriceUpdate> = {
  topic: 'price_updates',
  requiresAuth: false,
  routeOf: (e) => e.coinId,
  routesFor: coinRoutes,
  matches: () => true,
  payload: (e) => ({
    coinId: e.coinId,
    price: e.price,
    high: e.high,
    low: e.low,
    change24hPct: e.change24hPct ?? null,
    ts: e.ts,
  }),
  entity: { field: 'coin', query: 'coin', idOf: (e) => e.coinId },
};

const sentimentUpdated: SubscriptionSpec<SentimentScoreUpdate> = {
  topic: 'sentiment_scores',
  requiresAuth: false,
  routeOf: (e) => e.coinId,
  routesFor: coinRoutes,
  matches: (e, args) => e.window === ((args.window as string | undefined) ?? '24h'),
  payload: (e) => ({ coinId: e.coinId, score: e.score, label: e.label, window: e.window, ts: e.ts }),
  entity: { field: 'coin', query: 'coin', idOf: (e) => e.coinId },
};

const portfolioUpdated: SubscriptionSpec<PortfolioUpdate> = {
  topic: 'portfolio_updates',
  requiresAuth: true,
  routeOf: (e) => e.portfolioId ?? `user:${e.userId}`,
  routesFor: (args) => [String(args.portfolioId)],
  // Checked again per event: the owner only, whatever the subscription arguments say.
  matches: (e, args, user) =>
    e.portfolioId === args.portfolioId && !!user && e.userId === user.id && e.kind !== 'ALERT_TRIGGERED',
  payload: (e) => ({ portfolioId: e.portfolioId, kind: e.kind, ts: e.ts }),
  entity: { field: 'portfolio', query: 'portfolio', idOf: (e) => e.portfolioId },
  authorize: (args) => ({
    query: 'query SubscriptionOwnership($id: ID!) { portfolio(id: $id) { id } }',
    variables: { id: args.portfolioId },
  }),
};

const alertTriggered: SubscriptionSpec<PortfolioUpdate> = {
  topic: 'portfolio_updates',
  requiresAuth: true,
  routeOf: (e) => e.portfolioId ?? `user:${e.userId}`,
  routesFor: (_args, user) => [`user:${user?.id}`],
  matches: (e, _args, user) => e.kind === 'ALERT_TRIGGERED' && !!user && e.userId === user.id && !!e.alertId,
  payload: () => ({}),
  entity: { field: null, query: 'priceAlert', idOf: (e) => e.alertId },
};

export const SUBSCRIPTION_SPECS: Record<string, SubscriptionSpec<never>> = {
  priceUpdated,
  sentimentUpdated,
  portfolioUpdated,
  alertTriggered,
} as unknown as Record<string, SubscriptionSpec<never>>;
