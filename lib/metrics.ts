import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const EXPENSIVE_DEFAULT_METRICS = [
  'process_open_fds',
  'nodejs_active_handles',
  'nodejs_active_handles_total',
  'nodejs_active_resources',
  'nodejs_active_resources_total',
  'nodejs_active_requests',
  'nodejs_active_requests_total',
];

/** One registry per service, so the embedded mode (six services, one process) keeps them apart. */
export function createMetrics(service: string) {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  // These walk every open handle or /proc/self/fd synchronously on each scrape: at 10,000
  // WebSocket subscribers that stalls the gateway's event loop for 40-150 ms per scrape.
  // Kubernetes (cAdvisor) reports a container's file descriptors without that cost.
  for (const name of EXPENSIVE_DEFAULT_METRICS) registry.removeSingleMetric(name);
  const httpRequests = new Counter({
    name: 'graphql_requests_total',
    help: 'GraphQL requests by operation name and outcome',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'GraphQL request latency by operation name',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'graphql_errors_total',
    help: 'GraphQL errors by extensions.code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  return { registry, httpRequests, httpDuration, errors };
}
export type Metrics = ReturnType<typeof createMetrics>;
