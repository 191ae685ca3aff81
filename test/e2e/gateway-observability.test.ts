import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { KafkaBus, MemoryBus } from '../../lib/events';
import { RedisCache } from '../../lib/cache';
import { createLogger } from '../../lib/logger';
import type { RunningGateway } from '../../gateway/server';
import { gql } from '../support/client';
import { KAFKA_BROKERS, REDIS_URL, waitFor } from '../support/servers';
import { metricValue, metricsOf, recordingProxy, silent, startStack, type Stack } from './gateway-harness';

// Request ids and trace context, readiness, metrics, persisted queries and the subgraph
// connection pool, on the real servers (issue 8).
jest.setTimeout(120_000);

let stack: Stack;
let proxy: Awaited<ReturnType<typeof recordingProxy>>;
let gateway: RunningGateway;
let replica: RunningGateway;
let broken: RunningGateway;
let slow: Awaited<ReturnType<typeof recordingProxy>>;
let timeouts: RunningGateway;
const logLines: Record<string, unknown>[] = [];
const redis = new RedisCache(REDIS_URL);

beforeAll(async () => {
  stack = await startStack();
  proxy = await recordingProxy(stack.urls['market-data']!);
  slow = await recordingProxy(stack.urls['market-data']!, { delayMs: 200 });
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line.trim()) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  gateway = await stack.gateway({
    bus: new KafkaBus({ brokers: KAFKA_BROKERS, clientId: 'e2e-gateway-obs', log: silent }),
    closeBus: true,
    kafkaBrokers: KAFKA_BROKERS,
    cache: new RedisCache(REDIS_URL),
    closeCache: true,
    urls: { 'market-data': proxy.url },
    log: createLogger('gateway', 'debug', capture),
  });
  replica = await stack.gateway({ bus: new MemoryBus(), cache: new RedisCache(REDIS_URL), closeCache: true });
  // A gateway whose analytics subgraph is gone (nothing listens on port 9).
  broken = await stack.gateway({ bus: new MemoryBus(), urls: { analytics: 'http://127.0.0.1:9/graphql' } });
  // Two sockets to market-data at most, 2.5 s per call.
  timeouts = await stack.gateway({
    bus: new MemoryBus(),
    urls: { 'market-data': slow.url },
    subgraphPool: { connections: 2, timeoutMs: 2500 },
  });
});

afterAll(async () => {
  await stack?.close();
  await proxy?.close();
  await slow?.close();
  await redis.close();
});

describe('request ids and trace context', () => {
  it('keeps a valid x-request-id, returns it, forwards it and traceparent to subgraphs, and logs it', async () => {
    const requestId = `e2e-${Date.now()}`;
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const res = await gql(
      gateway.url,
      'query CoinName { coin(id: "bitcoin") { name } }',
      {},
      { headers: { 'x-request-id': requestId, traceparent } },
    );
    expect(res.data).toEqual({ coin: { name: 'Bitcoin' } });
    expect(res.headers.get('x-request-id')).toBe(requestId);
    const forwarded = proxy.requests.filter((r) => r.headers['x-request-id'] === requestId);
    expect(forwarded).toHaveLength(1);
    expect(forwarded[0]!.headers.traceparent).toBe(traceparent);
    await waitFor(
      () => (logLines.some((l) => l.requestId === requestId) ? true : undefined),
      5000,
      'the log line',
    );
    expect(logLines.find((l) => l.requestId === requestId)).toMatchObject({
      service: 'gateway',
      operation: 'CoinName',
      msg: 'graphql operation',
    });
  });

  it('replaces an invalid x-request-id with a generated one, used the same way', async () => {
    const res = await gql(
      gateway.url,
      '{ coin(id: "ethereum") { name } }',
      {},
      { headers: { 'x-request-id': 'no spaces allowed; <script>' } },
    );
    const generated = res.headers.get('x-request-id')!;
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    expect(proxy.requests.some((r) => r.headers['x-request-id'] === generated)).toBe(true);
  });
});

describe('readiness', () => {
  it('is ok with everything up, and 200 degraded (never 503) with a subgraph down', async () => {
    const ok = await fetch(new URL('/ready', gateway.url));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      status: 'ok',
      checks: {
        supergraph: true,
        events: true,
        eventConsumers: true,
        cache: true,
        'subgraph:market-data': true,
      },
    });
    const degraded = await fetch(new URL('/ready', broken.url));
    expect(degraded.status).toBe(200);
    expect(await degraded.json()).toMatchObject({
      status: 'degraded',
      checks: { supergraph: true, 'subgraph:analytics': false, 'subgraph:users': true },
    });
    // The other subgraphs still answer, and the missing one is a coded, partial error.
    const res = await gql(broken.url, '{ coin(id: "bitcoin") { name analytics { volatility } } }');
    expect(res.data).toEqual({ coin: { name: 'Bitcoin', analytics: null } });
    expect(res.errors?.[0]).toMatchObject({
      message: 'The analytics service is unavailable',
      extensions: { code: 'UPSTREAM_UNAVAILABLE' },
    });
    expect((await fetch(new URL('/health', broken.url))).status).toBe(200);
  });
});

describe('metrics', () => {
  it('exposes requests and latency by operation, errors by code, subgraph fetches and Kafka lag', async () => {
    await gql(gateway.url, 'query MetricsProbe { coin(id: "bitcoin") { name } }');
    await gql(gateway.url, 'query MetricsProbe { coin(id: "bitcoin") { name } }');
    await gql(gateway.url, 'query Broken { coin(id: "bitcoin") { nope } }');
    const text = await metricsOf(gateway.url);
    expect(metricValue(text, 'graphql_requests_total', { operation: 'MetricsProbe', outcome: 'ok' })).toBe(2);
    expect(metricValue(text, 'graphql_request_duration_seconds_count', { operation: 'MetricsProbe' })).toBe(
      2,
    );
    expect(
      metricValue(text, 'graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      metricValue(text, 'gateway_subgraph_fetch_duration_seconds_count', {
        subgraph: 'market-data',
        outcome: 'ok',
      }),
    ).toBeGreaterThanOrEqual(2);
    // The recording proxy in front of market-data passes only content-type, so nothing is marked
    // public and both probes are fetches; the shared cache still counts them as misses.
    expect(
      metricValue(text, 'gateway_subgraph_cache_misses_total', { subgraph: 'market-data' }),
    ).toBeGreaterThanOrEqual(2);
    expect(metricValue(text, 'gateway_subscriptions_active')).toBe(0);
    expect(metricValue(text, 'gateway_websocket_connections')).toBe(0);
    await waitFor(
      async () => {
        const lag = metricValue(await metricsOf(gateway.url), 'gateway_kafka_consumer_lag', {
          topic: 'price_updates',
        });
        return Number.isNaN(lag) ? undefined : lag;
      },
      30_000,
      'the consumer lag gauge',
    );
  });
});

describe('automatic persisted queries', () => {
  it('registers a query once in Redis and any replica answers by hash', async () => {
    const query = `query Apq { coin(id: "bitcoin") { name symbol } } # ${Date.now()}`;
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const post = (url: string, body: unknown) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] },
      }));
    const unknown = await post(gateway.url, { extensions });
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await post(gateway.url, { query, extensions });
    expect(registered.body.data).toEqual({ coin: { name: 'Bitcoin', symbol: 'BTC' } });
    await waitFor(
      async () => ((await redis.get(`apq:${sha256Hash}`)) === query ? true : undefined),
      5000,
      'the Redis entry',
    );
    const byHash = await post(replica.url, { extensions });
    expect(byHash.body.data).toEqual({ coin: { name: 'Bitcoin', symbol: 'BTC' } });
    expect((await redis.pttl(`apq:${sha256Hash}`)) / 1000).toBeGreaterThan(23 * 3600);
  });
});

describe('subgraph calls', () => {
  it('use a bounded keep-alive pool and time out', async () => {
    slow.setDelay(200);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        gql(timeouts.url, `query Pool${i} { coin(id: "bitcoin") { name } }`),
      ),
    );
    expect(results.map((r) => r.data)).toEqual(
      Array.from({ length: 10 }, () => ({ coin: { name: 'Bitcoin' } })),
    );
    expect(slow.maxOpenConnections()).toBeLessThanOrEqual(2);

    slow.setDelay(5000);
    const started = Date.now();
    const late = await gql(timeouts.url, '{ coin(id: "bitcoin") { name } }');
    const elapsed = Date.now() - started;
    expect(late.errors?.[0]).toMatchObject({
      message: 'The market-data service did not answer in time',
      extensions: { code: 'UPSTREAM_UNAVAILABLE' },
    });
    expect(elapsed).toBeGreaterThanOrEqual(2400);
    expect(elapsed).toBeLessThan(4500);
    const metrics = await metricsOf(timeouts.url);
    expect(
      metricValue(metrics, 'gateway_subgraph_fetch_duration_seconds_count', {
        subgraph: 'market-data',
        outcome: 'timeout',
      }),
    ).toBe(1);
    slow.setDelay(200);
  });
});
