import type { KeyObject } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type GraphQLRequest } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { print, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { authenticate, bearerToken, verifyAccessToken, type AuthUser } from '../lib/auth';
import type { RequestContext } from '../lib/context';
import { formatClientError } from '../lib/errors';
import type { EventBus } from '../lib/events';
import type { Logger } from '../lib/logger';
import { createMetrics } from '../lib/metrics';
import { startHttpService, type RunningService } from '../lib/server/http';
import type { GatewayContext } from './context';
import { ForwardingDataSource } from './datasource';
import { subgraphUrls } from './supergraph';
import { SubscriptionBridge, type GraphExecutor } from './subscriptions/bridge';

export const GATEWAY_PORT = 8000;

export interface GatewayOptions {
  port: number;
  host?: string;
  supergraphSdl: string;
  jwtPublicKey: KeyObject;
  bus: EventBus;
  log: Logger;
  /** Introspection and Apollo Sandbox (on in development). */
  introspection: boolean;
  allowAnonymousMarketSubscriptions?: boolean;
  /** Closes the event bus on shutdown (cluster mode). */
  closeBus?: boolean;
}

export interface RunningGateway extends RunningService {
  apollo: ApolloServer<GatewayContext>;
  bridge: SubscriptionBridge;
}

type WsExtra = {
  user: AuthUser | null;
  authorization: string | null;
};

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
  const metrics = createMetrics('gateway');
  let apiSchema: GraphQLSchema | undefined;
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ url }) => new ForwardingDataSource({ url }),
  });
  gateway.onSchemaLoadOrUpdate(({ apiSchema: schema }) => {
    apiSchema = schema;
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    csrfPrevention: true,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    formatError: (formatted) => formatClientError(formatted, (f) => log.error({ error: f }, 'internal error')),
    plugins: [
      options.introspection ? ApolloServerPluginLandingPageLocalDefault({ embed: true }) : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  const executor: GraphExecutor = async (query, variables, authorization) => {
    const user = authorization ? await verifyAccessToken(options.jwtPublicKey, bearerToken(authorization)!).catch(() => null) : null;
    const response = await apollo.executeOperation(
      { query, variables } satisfies GraphQLRequest,
      { contextValue: { requestId: `sub-${Date.now()}`, user, authorization: user ? authorization : null } },
    );
    if (response.body.kind !== 'single') return { errors: [] } as ExecutionResult;
    return response.body.singleResult as ExecutionResult;
  };
  const bridge = new SubscriptionBridge(options.bus, executor, log, {
    allowAnonymousMarket: options.allowAnonymousMarketSubscriptions ?? true,
  });
  await bridge.start();

  const subgraphs = subgraphUrls(options.supergraphSdl);
  const context = async (req: IncomingMessage, ctx: RequestContext): Promise<GatewayContext> => {
    const user = await authenticate(options.jwtPublicKey, req.headers.authorization);
    if (user) ctx.userId = user.id;
    return {
      requestId: ctx.requestId,
      user,
      authorization: user ? (req.headers.authorization ?? null) : null,
      traceparent: ctx.traceparent,
    };
  };

  let wsServer: WebSocketServer | undefined;
  let wsDispose: { dispose(): void | Promise<void> } | undefined;
  const service = await startHttpService<GatewayContext>({
    name: 'gateway',
    port: options.port,
    host: options.host,
    log,
    apollo,
    context,
    metrics: metrics.registry,
    ready: async () => {
      const results = await Promise.all(subgraphs.map((s) => probe(s.url)));
      const checks: Record<string, boolean> = { supergraph: !!apiSchema, events: options.bus.health().connected };
      subgraphs.forEach((s, i) => (checks[`subgraph:${s.name}`] = results[i]!));
      if (!apiSchema) return { status: 'unavailable', checks };
      return { status: Object.values(checks).every(Boolean) ? 'ok' : 'degraded', checks };
    },
    beforeClose: async () => {
      // Normal closure (1001 "going away") so clients reconnect to another replica.
      for (const client of wsServer?.clients ?? []) client.close(1001, 'Server shutting down');
      await wsDispose?.dispose();
      await bridge.close();
    },
    onClose: async () => {
      if (options.closeBus) await options.bus.close();
    },
  });

  wsServer = new WebSocketServer({ server: service.server, path: '/graphql', maxPayload: 64 * 1024 });
  wsDispose = useServer<Record<string, unknown> | undefined, WsExtra>(
    {
      schema: () => {
        if (!apiSchema) throw new Error('Supergraph not loaded');
        return apiSchema;
      },
      onConnect: async (ctx) => {
        const header = ctx.connectionParams?.authorization;
        const authorization = typeof header === 'string' ? header : null;
        if (!authorization) {
          ctx.extra.user = null;
          ctx.extra.authorization = null;
          return true;
        }
        try {
          const token = bearerToken(authorization);
          ctx.extra.user = token ? await verifyAccessToken(options.jwtPublicKey, token) : null;
          ctx.extra.authorization = authorization;
          return true;
        } catch {
          return false; // graphql-ws closes with 4403 Forbidden
        }
      },
      context: (ctx) => ({ user: ctx.extra.user ?? null, authorization: ctx.extra.authorization ?? null }),
      subscribe: (args) => {
        const ctx = args.contextValue as { user: AuthUser | null; authorization: string | null };
        return bridge.subscribe(args, ctx);
      },
      execute: async (args) => {
        const ctx = args.contextValue as { authorization: string | null };
        return executor(print(args.document), (args.variableValues ?? {}) as Record<string, unknown>, ctx.authorization);
      },
    },
    wsServer,
  ) as unknown as { dispose(): Promise<void> };

  return Object.assign(service, { apollo, bridge });
}
