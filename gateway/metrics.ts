import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Logger } from '../lib/logger';
import { createMetrics } from '../lib/metrics';
import type { GatewayContext } from './context';

/** Distinct operation names kept as labels; the rest count as `other` (names are client input). */
const MAX_OPERATION_LABELS = 200;

/**
 * The gateway's Prometheus metrics: the shared request/latency/error series plus subgraph
 * fetches, subscriptions, fan-out, hydrations, Kafka lag and protection counters.
 */
export interface MetricSources {
  subscriptions(): { subscriptions: number; groups: number };
  connections(): number;
  kafkaLag(): { topic: string; partition: number; lag: number }[];
  framesWritten(): { raw: number; send: number };
}

export function createGatewayMetrics() {
  const base = createMetrics('gateway');
  const registers = [base.registry];
  // Filled in once the bridge and the WebSocket server exist; read at scrape time.
  let sources: MetricSources | undefined;
  const subgraphFetch = new Histogram({
    name: 'gateway_subgraph_fetch_duration_seconds',
    help: 'Subgraph calls by subgraph and outcome (ok, error, timeout)',
    labelNames: ['subgraph', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const activeSubscriptions = new Gauge({
    name: 'gateway_subscriptions_active',
    help: 'Open subscriptions',
    registers,
    collect() {
      if (sources) this.set(sources.subscriptions().subscriptions);
    },
  });
  const subscriptionGroups = new Gauge({
    name: 'gateway_subscription_groups',
    help: 'Groups of subscribers sharing one document, variables and scope (one hydration per event each)',
    registers,
    collect() {
      if (sources) this.set(sources.subscriptions().groups);
    },
  });
  const wsConnections = new Gauge({
    name: 'gateway_websocket_connections',
    help: 'Open WebSocket connections',
    registers,
    collect() {
      if (sources) this.set(sources.connections());
    },
  });
  const framesWritten = new Counter({
    name: 'gateway_subscription_frames_written_total',
    help:
      'Subscription results written to WebSockets by the outbox, by path: raw (a ready frame on the ' +
      'TCP socket, no extension negotiated) or send (through ws, an extension negotiated)',
    labelNames: ['path'] as const,
    registers,
    collect() {
      if (!sources) return;
      // Counted as plain numbers on the hot path; the counter takes their totals here.
      const { raw, send } = sources.framesWritten();
      this.reset();
      this.inc({ path: 'raw' }, raw);
      this.inc({ path: 'send' }, send);
    },
  });
  const eventsReceived = new Counter({
    name: 'gateway_events_received_total',
    help: 'Kafka events received by the subscription bridge',
    labelNames: ['topic'] as const,
    registers,
  });
  const eventsFannedOut = new Counter({
    name: 'gateway_events_fanned_out_total',
    help: 'Results pushed to subscribers',
    labelNames: ['topic'] as const,
    registers,
  });
  const hydrations = new Counter({
    name: 'gateway_subscription_hydrations_total',
    help: 'Queries run through the graph to complete subscription events (one per event and group)',
    labelNames: ['subscription'] as const,
    registers,
  });
  const updatesDropped = new Counter({
    name: 'gateway_subscription_updates_dropped_total',
    help: 'Updates skipped for slow subscribers (they get the latest value instead)',
    registers,
  });
  const slowConsumersClosed = new Counter({
    name: 'gateway_slow_consumers_closed_total',
    help: 'WebSocket connections closed because the client stopped reading',
    registers,
  });
  const eventAge = new Histogram({
    name: 'gateway_event_age_seconds',
    help: 'Age of an event (now minus its ts) when the bridge fans it out',
    labelNames: ['topic'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers,
  });
  const kafkaLag = new Gauge({
    name: 'gateway_kafka_consumer_lag',
    help: 'Messages between the high watermark and the bridge position, per topic partition',
    labelNames: ['topic', 'partition'] as const,
    registers,
    collect() {
      for (const { topic, partition, lag } of sources?.kafkaLag() ?? [])
        this.set({ topic, partition: String(partition) }, lag);
    },
  });
  const rateLimited = new Counter({
    name: 'gateway_rate_limited_total',
    help: 'Operations refused by rate limits',
    labelNames: ['bucket'] as const,
    registers,
  });
  const rateLimitFallbacks = new Counter({
    name: 'gateway_rate_limit_store_fallbacks_total',
    help: 'Rate-limit decisions taken per replica because the shared store (Redis) failed',
    registers,
  });
  const inflightShared = new Counter({
    name: 'gateway_inflight_shared_total',
    help: 'Queries answered with the result of an identical one in flight (same operation, variables and credentials)',
    registers,
  });
  const subgraphFetchesShared = new Counter({
    name: 'gateway_subgraph_fetches_shared_total',
    help: 'Subgraph requests not sent because an identical one (URL, body, forwarded headers) was in flight',
    labelNames: ['subgraph'] as const,
    registers,
  });
  return {
    ...base,
    attach(value: MetricSources) {
      sources = value;
    },
    subgraphFetch,
    activeSubscriptions,
    subscriptionGroups,
    wsConnections,
    framesWritten,
    eventsReceived,
    eventsFannedOut,
    hydrations,
    updatesDropped,
    slowConsumersClosed,
    eventAge,
    kafkaLag,
    rateLimited,
    rateLimitFallbacks,
    inflightShared,
    subgraphFetchesShared,
  };
}
export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;

/**
 * Times one GraphQL request from the moment it is called and returns what counts it when answered:
 * latency and requests by operation and outcome, with operation labels capped (unbounded client
 * names would grow the registry without end). Used by the plugin below and for requests answered
 * with a shared response, which never reach Apollo Server's plugins.
 */
export type RequestRecorder = () => (operationName: string | null | undefined, failed: boolean) => void;

export function requestRecorder(metrics: GatewayMetrics, log?: Logger): RequestRecorder {
  const names = new Set<string>();
  const label = (name: string | null | undefined) => {
    const operation = name ?? 'anonymous';
    if (names.has(operation)) return operation;
    if (names.size >= MAX_OPERATION_LABELS) return 'other';
    names.add(operation);
    return operation;
  };
  return () => {
    const end = metrics.httpDuration.startTimer();
    return (operationName, failed) => {
      const operation = label(operationName);
      const seconds = end({ operation });
      const outcome = failed ? 'error' : 'ok';
      metrics.httpRequests.inc({ operation, outcome });
      log?.debug(
        { operation: operationName ?? null, outcome, ms: Math.round(seconds * 1000) },
        'graphql operation',
      );
    };
  };
}

/**
 * Requests and latency by operation name, errors by `extensions.code`; at debug level one log
 * line per operation (it carries the request id like every line logged during the request).
 */
export function metricsPlugin(
  metrics: GatewayMetrics,
  record: RequestRecorder,
): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const answered = record();
      return {
        async willSendResponse({ operationName, errors }) {
          answered(operationName, Boolean(errors?.length));
        },
        async didEncounterErrors({ errors }) {
          for (const e of errors)
            metrics.errors.inc({ code: String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
        },
      };
    },
  };
}
