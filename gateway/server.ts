import { randomUUID, type KeyObject } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type GraphQLRequest } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { ExecutionResult, GraphQLSchema } from 'graphql';
import { authenticate, bearerToken, verifyAccessToken } from '../lib/auth';
import { MemoryCache, resilientCache, type Cache, type RedisCache } from '../lib/cache';
import { requestContext, type RequestContext } from '../lib/context';
import { ALL_TOPICS, type EventBus } from '../lib/events';
import type { Logger } from '../lib/logger';
import { startHttpService, type ReadyStatus, type RunningService } from '../lib/server/http';
import { ResponseSharing } from '../lib/server/response-sharing';
import { APQ_TTL_SECONDS, persistedQueryCache } from './apq';
import { clientAddressResolver, DEFAULT_TRUSTED_PROXIES } from './client-address';
import { formatGatewayError, requestErrorStatusPlugin } from './client-errors';
import type { GatewayContext } from './context';
import { ForwardingDataSource } from './datasource';
import { subgraphPool, type SubgraphPoolOptions } from './fetcher';
import { inflightDedupePlugin } from './inflight';
import { sandboxLandingPagePlugin } from './landing-page';
import { createGatewayMetrics, metricsPlugin, requestRecorder, type GatewayMetrics } from './metrics';
import { DEFAULT_SUBGRAPH_CACHE_MB, replicaSubgraphCache } from './subgraph-cache';
import { authRateLimitPlugin } from './protection/auth-rate-limit';
import { loadOperationLimits, type OperationLimits } from './protection/limits';
import { operationProtection } from './protection/operation-limits';
import { RateLimiter } from './protection/rate-limit';
import { DEFAULT_AUTH_RATE_LIMIT_PER_MINUTE } from './defaults';
import { DEFAULT_SUPERGRAPH_PATH } from './subgraphs';
import { ConsumerLagMonitor } from './subscriptions/lag';
import { SubscriptionBridge, type GraphExecutor } from './subscriptions/bridge';
import { subgraphUrls } from './supergraph';
import {
  DEFAULT_WEBSOCKET_LIMITS,
  startWebSocketServer,
  type WebSocketLimits,
  type WebSocketServerHandle,
} from './ws';

export { DEFAULT_AUTH_RATE_LIMIT_PER_MINUTE, GATEWAY_PORT } from './defaults';

export interface GatewayOptions {
  port: number;
  host?: string;
  supergraphSdl: string;
  jwtPublicKey: KeyObject;
  bus: EventBus;
  log: Logger;
  /** Introspection (on in development). Off also hides "Did you mean" field suggestions. */
  introspection: boolean;
  /** Apollo Sandbox on `GET /graphql` for browsers; defaults to `introspection`. */
  sandbox?: boolean;
  allowAnonymousMarketSubscriptions?: boolean;
  /** Closes the event bus on shutdown (cluster mode). */
  closeBus?: boolean;
  /**
   * Rate-limit counters and persisted queries: Redis in cluster mode, so every replica shares
   * them. Defaults to an in-process cache (one process: the embedded mode).
   */
  cache?: Cache;
  closeCache?: boolean;
  /** `TRUSTED_PROXIES`: who may set X-Forwarded-For (default loopback only). */
  trustedProxies?: string;
  /**
   * register, login and refreshToken per client and minute. gateway/main.ts and the embedded
   * platform pass the validated `AUTH_RATE_LIMIT_PER_MINUTE` (default 5); left out, there is no
   * auth limit (in-process callers such as tests choose for themselves).
   */
  authRateLimitPerMinute?: number;
  /** Defaults to the limits file of gateway/supergraph.graphql. */
  operationLimits?: OperationLimits;
  subgraphPool?: Partial<SubgraphPoolOptions>;
  /**
   * `SUBGRAPH_CACHE_MB`: megabytes of the shared cache of public subgraph answers, 0 turns it off
   * (default 64). gateway/main.ts passes the validated environment's; the cache is the process's
   * for that size, shared by gateways in one process (subgraph-cache.ts, `replicaSubgraphCache`).
   */
  subgraphCacheMb?: number;
  websocket?: Partial<WebSocketLimits>;
  subscriptions?: { bufferSize?: number; stallTimeoutMs?: number; startTimeoutMs?: number };
  /** Kafka brokers, for the consumer-lag metric (cluster mode). */
  kafkaBrokers?: string[];
}

export interface RunningGateway extends RunningService {
  apollo: ApolloServer<GatewayContext>;
  bridge: SubscriptionBridge;
  metrics: GatewayMetrics;
  /** The graphql-ws server (its `wss` lets tests look at server-side sockets). */
  websocket: WebSocketServerHandle;
  /** Open WebSocket connections. */
  connections(): number;
}

async function probe(url: string): Promise<boolean> {
  try {
    const health = new URL('/health', url);
    const res = await fetch(health, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

/** The gateway: Apollo Federation over HTTP, plus Kafka-fed subscriptions over graphql-ws. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { log } = options;
  const metrics = createGatewayMetrics();
  const cache = options.cache ?? new MemoryCache();
  const clientAddressOf = clientAddressResolver(options.trustedProxies ?? DEFAULT_TRUSTED_PROXIES);
  const limits = options.operationLimits ?? loadOperationLimits(DEFAULT_SUPERGRAPH_PATH).limits;
  const protection = operationProtection(limits, { hideSuggestions: !options.introspection });
  const authLimit = options.authRateLimitPerMinute;
  const authLimiter = new RateLimiter({
    bucket: 'auth',
    limit: authLimit ?? DEFAULT_AUTH_RATE_LIMIT_PER_MINUTE,
    windowSeconds: 60,
    shared: cache,
    log,
    onFallback: () => metrics.rateLimitFallbacks.inc(),
  });
  const pool = subgraphPool(options.subgraphPool);
  // Counters split between Redis and the per-replica fallback if the first requests race the
  // connection; wait for it briefly (an unreachable Redis only degrades the gateway).
  await (cache as Partial<Pick<RedisCache, 'ready'>>)
    .ready?.(5000)
    .catch(() => log.warn('cache not reachable at start; rate limits count per replica until it is'));

  const subgraphCache = replicaSubgraphCache(options.subgraphCacheMb ?? DEFAULT_SUBGRAPH_CACHE_MB);
  subgraphCache?.registerMetrics(metrics.registry);
  let apiSchema: GraphQLSchema | undefined;
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) =>
      new ForwardingDataSource(name, url!, pool.send, {
        cache: subgraphCache,
        observe: (subgraph, outcome, seconds) =>
          metrics.subgraphFetch.observe({ subgraph, outcome }, seconds),
        shared: (subgraph) => metrics.subgraphFetchesShared.inc({ subgraph }),
      }),
  });
  gateway.onSchemaLoadOrUpdate(({ apiSchema: schema }) => {
    apiSchema = schema;
  });
  const recordRequest = requestRecorder(metrics, log);
  const requestMetrics = metricsPlugin(metrics, recordRequest);
  const logInternal = (formatted: unknown) => log.error({ error: formatted }, 'internal error');
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    csrfPrevention: true,
    introspection: options.introspection,
    hideSchemaDetailsFromClientErrors: !options.introspection,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    persistedQueries: { cache: persistedQueryCache(resilientCache(cache, log)), ttl: APQ_TTL_SECONDS },
    validationRules: protection.validationRules,
    parseOptions: protection.parseOptions,
    formatError: formatGatewayError(logInternal),
    plugins: [
      ...protection.plugins,
      ...(authLimit
        ? [authRateLimitPlugin(authLimiter, { onLimited: () => metrics.rateLimited.inc({ bucket: 'auth' }) })]
        : []),
      requestMetrics,
      requestErrorStatusPlugin(),
      inflightDedupePlugin({ shared: () => metrics.inflightShared.inc() }),
      (options.sandbox ?? options.introspection)
        ? sandboxLandingPagePlugin()
        : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  /** One operation through Apollo Server's pipeline, in a logging scope of its own. */
  const run = async (
    query: string,
    variables: Record<string, unknown> | undefined,
    operationName: string | undefined,
    context: GatewayContext,
  ): Promise<ExecutionResult> => {
    const scope: RequestContext = {
      requestId: context.requestId,
      userId: context.user?.id,
      traceparent: context.traceparent,
    };
    const response = await requestContext.run(scope, () =>
      apollo.executeOperation({ query, variables, operationName } satisfies GraphQLRequest, {
        contextValue: context,
      }),
    );
    if (response.body.kind !== 'single') return { errors: [] } as ExecutionResult;
    return response.body.singleResult as ExecutionResult;
  };

  // Hydrations and ownership checks for subscriptions run with the subscriber's credentials.
  const executor: GraphExecutor = async (query, variables, authorization) => {
    const token = authorization ? bearerToken(authorization) : undefined;
    const user = token ? await verifyAccessToken(options.jwtPublicKey, token).catch(() => null) : null;
    return run(query, variables, undefined, {
      requestId: randomUUID(),
      user,
      authorization: user ? authorization : null,
      clientAddress: 'internal',
    });
  };
  const lag = options.kafkaBrokers?.length
    ? new ConsumerLagMonitor(options.kafkaBrokers, ALL_TOPICS, log)
    : undefined;
  const bridge = new SubscriptionBridge(options.bus, executor, log, {
    allowAnonymousMarket: options.allowAnonymousMarketSubscriptions ?? true,
    bufferSize: options.subscriptions?.bufferSize,
    stallTimeoutMs: options.subscriptions?.stallTimeoutMs ?? 30_000,
    startTimeoutMs: options.subscriptions?.startTimeoutMs,
    hooks: {
      eventReceived: (topic, meta, event) => {
        metrics.eventsReceived.inc({ topic });
        lag?.observe(meta);
        const ts = Date.parse((event as { ts?: string }).ts ?? '');
        if (Number.isFinite(ts)) metrics.eventAge.observe({ topic }, Math.max(0, (Date.now() - ts) / 1000));
      },
      fannedOut: (topic, n) => metrics.eventsFannedOut.inc({ topic }, n),
      hydration: (subscription) => metrics.hydrations.inc({ subscription }),
      dropped: () => metrics.updatesDropped.inc(),
    },
  });
  await bridge.start();
  lag?.start();

  const subgraphs = subgraphUrls(options.supergraphSdl);
  const context = async (req: IncomingMessage, ctx: RequestContext): Promise<GatewayContext> => {
    const user = await authenticate(options.jwtPublicKey, req.headers.authorization);
    if (user) ctx.userId = user.id;
    return {
      requestId: ctx.requestId,
      user,
      authorization: user ? (req.headers.authorization ?? null) : null,
      traceparent: ctx.traceparent,
      clientAddress: clientAddressOf(req),
    };
  };

  /** 503 only without a supergraph (DESIGN.md, Health); outages elsewhere only degrade. */
  const ready = async (): Promise<ReadyStatus> => {
    const [results, cacheUp] = await Promise.all([
      Promise.all(subgraphs.map((s) => probe(s.url))),
      cache.ping(),
    ]);
    const bus = options.bus.health();
    const consuming = bridge.stats().consuming.length === ALL_TOPICS.length;
    const checks: Record<string, boolean> = {
      supergraph: !!apiSchema,
      events: bus.connected,
      eventConsumers: consuming,
      cache: cacheUp,
    };
    subgraphs.forEach((s, i) => (checks[`subgraph:${s.name}`] = results[i]!));
    if (!apiSchema) return { status: 'unavailable', checks };
    return { status: Object.values(checks).every(Boolean) ? 'ok' : 'degraded', checks };
  };

  // Two layers share work between identical concurrent queries: this one, in the HTTP shell, hands
  // the first request's finished response (one encoded body) to identical HTTP requests, which
  // then skip Apollo Server altogether; the inflight plugin shares the execution among the rest
  // (the same operation, variables and verified token arriving differently: a persisted-query
  // hash, another Accept header, a WebSocket query, or after a first answer with errors).
  const sharing = new ResponseSharing({
    // The client address only counts against the auth mutations' rate limit; queries never use it.
    ignoredHeaders: ['x-forwarded-for', 'forwarded', 'x-real-ip'],
    maxTokens: limits.maxTokens,
    // A shared answer never reaches Apollo Server's plugins: it is counted like any request here.
    follower: ({ operationName }) => {
      const answered = recordRequest();
      return () => {
        metrics.inflightShared.inc();
        answered(operationName, false);
      };
    },
  });

  let ws: ReturnType<typeof startWebSocketServer> | undefined = undefined;
  const service = await startHttpService<GatewayContext>({
    sharing,
    name: 'gateway',
    port: options.port,
    host: options.host,
    log,
    apollo,
    context,
    metrics: metrics.registry,
    ready,
    beforeClose: async () => {
      // Normal closure (1001 "going away") so clients reconnect to another replica.
      await ws?.close();
      await bridge.close();
    },
    onClose: async () => {
      await lag?.close();
      await pool.close();
      await authLimiter.close();
      if (options.closeBus) await options.bus.close();
      if (options.closeCache || !options.cache) await cache.close();
    },
  });

  ws = startWebSocketServer({
    server: service.server,
    path: '/graphql',
    schema: () => apiSchema,
    jwtPublicKey: options.jwtPublicKey,
    clientAddressOf,
    protection,
    bridge,
    run,
    limits: { ...DEFAULT_WEBSOCKET_LIMITS, ...options.websocket },
    log,
    onSlowConsumer: () => metrics.slowConsumersClosed.inc(),
    onInternalError: logInternal,
  });
  const websocket = ws;
  metrics.attach({
    subscriptions: () => bridge.stats(),
    connections: () => websocket.connections(),
    kafkaLag: () => lag?.current() ?? [],
    framesWritten: () => websocket.framesWritten(),
  });

  return Object.assign(service, {
    apollo,
    bridge,
    metrics,
    websocket,
    connections: () => websocket.connections(),
  });
}
