import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { Kind, parse, type DocumentNode } from 'graphql';
import { authenticate, type AuthUser } from '../auth';
import type { RequestContext } from '../context';
import { dbReachable, isDatabaseUnavailable, isInvalidTextInput } from '../db';
import { ErrorCode, formatClientError } from '../errors';
import { createLogger, type Logger } from '../logger';
import { createMetrics, type Metrics } from '../metrics';
import type { Runtime } from '../runtime';
import { scalarResolvers } from '../scalars';
import { startHttpService, type ReadyStatus, type RunningService } from './http';

export interface SubgraphContext extends BaseContext {
  requestId: string;
  user: AuthUser | null;
  log: Logger;
  runtime: Runtime;
}

export interface SubgraphDefinition<TContext extends SubgraphContext> {
  name: string;
  /** Path of the subgraph's `schema.graphql`. */
  schemaPath: string;
  resolvers: GraphQLResolverMap<TContext>;
  /** Adds per-request state (DataLoaders and the like) to the base context. */
  extendContext?: (base: SubgraphContext) => TContext;
  /** Extra readiness checks that only degrade (never fail) readiness. */
  checks?: () => Promise<Record<string, boolean>>;
  /** Background work owned by the service (ingestion, relays); stopped on close. */
  background?: (runtime: Runtime, log: Logger) => Promise<{ stop(): Promise<void> }>;
}

/**
 * Marks the answer uncacheable when an entity is missing (Apollo Server's cache control, which
 * sets the Cache-Control header the gateway's shared cache obeys). An unknown id must not be
 * remembered as absent for its type's max-age: a coin added by the next catalog sync would stay
 * null everywhere until then. `info` is the resolver's GraphQLResolveInfo (`__resolveReference`
 * gets it as its third argument, which @apollo/subgraph's resolver map types loosely).
 */
export function uncachedIfMissing<T>(value: T | null | undefined, info: unknown): T | null {
  if (value === null || value === undefined) {
    (info as { cacheControl?: { setCacheHint(hint: { maxAge: number }): void } }).cacheControl?.setCacheHint({
      maxAge: 0,
    });
    return null;
  }
  return value;
}

export function loadTypeDefs(schemaPath: string) {
  return parse(readFileSync(schemaPath, 'utf8'));
}

function metricsPlugin(metrics: Metrics): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      const end = metrics.httpDuration.startTimer();
      return {
        async willSendResponse({ operationName, errors }) {
          const operation = operationName ?? 'anonymous';
          end({ operation });
          metrics.httpRequests.inc({ operation, outcome: errors?.length ? 'error' : 'ok' });
        },
        async didEncounterErrors({ errors }) {
          for (const e of errors)
            metrics.errors.inc({ code: String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
        },
      };
    },
  };
}

/**
 * Apollo Server's cache control computes a Cache-Control header from `@cacheControl` hints, and to
 * do so instruments every field resolver of every request. A subgraph whose schema declares no
 * hints (users, portfolio: per-user data) has nothing to compute: it answers `no-store` outright,
 * which is what the plugin would have said, without the per-field cost.
 */
function cacheControlPlugins(typeDefs: DocumentNode): ApolloServerPlugin<BaseContext>[] {
  const hinted = typeDefs.definitions.some(
    (d) => d.kind === Kind.DIRECTIVE_DEFINITION && d.name.value === 'cacheControl',
  );
  if (hinted) return [];
  return [
    ApolloServerPluginCacheControlDisabled(),
    {
      async requestDidStart() {
        return {
          async willSendResponse({ response }) {
            response.http.headers.set('cache-control', 'no-store');
          },
        };
      },
    },
  ];
}

/** Readiness per DESIGN.md: the database is required; cache and bus outages only degrade. */
export async function readiness(
  runtime: Runtime,
  extra?: () => Promise<Record<string, boolean>>,
): Promise<ReadyStatus> {
  const [database, cache, more] = await Promise.all([
    dbReachable(runtime.db),
    runtime.rawCache.ping(),
    extra ? extra() : Promise.resolve({} as Record<string, boolean>),
  ]);
  const checks: Record<string, boolean> = {
    database,
    cache,
    events: runtime.bus.health().connected,
    ...more,
  };
  if (!database) return { status: 'unavailable', checks };
  return { status: Object.values(checks).every(Boolean) ? 'ok' : 'degraded', checks };
}

/** Starts one subgraph: Apollo Server 5 over `buildSubgraphSchema`, behind the shared HTTP shell. */
export async function startSubgraph<TContext extends SubgraphContext>(
  definition: SubgraphDefinition<TContext>,
  runtime: Runtime,
  options: { port: number; host?: string; closeRuntime?: boolean },
): Promise<RunningService> {
  const log = runtime.log ?? createLogger(definition.name);
  const metrics = createMetrics(definition.name);
  const typeDefs = loadTypeDefs(definition.schemaPath);
  const schema = buildSubgraphSchema({
    typeDefs,
    resolvers: { ...scalarResolvers, ...definition.resolvers } as GraphQLResolverMap<unknown>,
  });
  const apollo = new ApolloServer<TContext>({
    schema,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => {
      const original = (error as { originalError?: unknown })?.originalError ?? error;
      // A lost database connection is not a bug: say "unavailable, retry" instead of an opaque
      // internal error. (A write whose connection dropped mid-commit may have committed: clients
      // retry writes with their idempotency key.)
      if (isDatabaseUnavailable(original)) {
        log.warn({ err: (original as Error)?.message }, 'database unavailable');
        return {
          message: 'The database is unavailable; try again shortly',
          path: formatted.path,
          locations: formatted.locations,
          extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE },
        };
      }
      // PostgreSQL cannot store a NUL character in text: the input is at fault, not the service.
      if (isInvalidTextInput(original)) {
        return {
          message: 'Text arguments must not contain NUL (\\u0000) characters',
          path: formatted.path,
          locations: formatted.locations,
          extensions: { code: ErrorCode.BAD_USER_INPUT },
        };
      }
      return formatClientError(formatted, () => log.error({ err: original }, 'internal error'));
    },
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // Inline traces only serve Apollo Studio, which this platform does not report to.
      ApolloServerPluginInlineTraceDisabled(),
      metricsPlugin(metrics) as ApolloServerPlugin<TContext>,
      ...(cacheControlPlugins(typeDefs) as ApolloServerPlugin<TContext>[]),
    ],
  });
  await apollo.start();
  const background = definition.background ? await definition.background(runtime, log) : undefined;

  const context = async (req: IncomingMessage, ctx: RequestContext): Promise<TContext> => {
    // Subgraphs verify the forwarded token themselves: a bare user-id header is never trusted.
    const user = await authenticate(runtime.jwtPublicKey, req.headers.authorization);
    if (user) ctx.userId = user.id;
    const base: SubgraphContext = { requestId: ctx.requestId, user, log, runtime };
    return definition.extendContext ? definition.extendContext(base) : (base as TContext);
  };

  return startHttpService<TContext>({
    name: definition.name,
    port: options.port,
    host: options.host,
    log,
    apollo,
    context,
    metrics: metrics.registry,
    ready: () => readiness(runtime, definition.checks),
    onClose: async () => {
      await background?.stop();
      if (options.closeRuntime) {
        await runtime.bus.close();
        await runtime.rawCache.close();
        await runtime.db.$disconnect();
      }
    },
  });
}
