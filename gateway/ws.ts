import { randomUUID, type KeyObject } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import {
  GraphQLError,
  getOperationAST,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import type { FormattedExecutionResult } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { bearerToken, verifyAccessToken, type AuthUser } from '../lib/auth';
import { ErrorCode, formatClientError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import type { ClientAddressOf } from './client-address';
import type { GatewayContext } from './context';
import type { OperationProtection } from './protection/operation-limits';
import { tokenExpiredError, type SubscriptionBridge } from './subscriptions/bridge';
import { Heartbeat } from './subscriptions/heartbeat';
import { Outbox, PayloadCache, type FrameCounts } from './subscriptions/outbox';

export interface WebSocketLimits {
  /** Open connections per client address (per replica); more are refused with HTTP 429. */
  maxConnectionsPerClient: number;
  /** Operations in flight per connection (subscriptions, queries); more get RATE_LIMITED. */
  maxOperationsPerConnection: number;
  maxPayloadBytes: number;
  /** graphql-ws closes with 4408 when `connection_init` does not come in time. */
  connectionInitTimeoutMs: number;
  /** Ping interval; a client that does not pong by the next ping is terminated. */
  keepAliveMs: number;
  /** After closing a stuck client with 1013, how long before the socket is destroyed. */
  slowConsumerGraceMs: number;
}

export const DEFAULT_WEBSOCKET_LIMITS: WebSocketLimits = {
  maxConnectionsPerClient: 50,
  maxOperationsPerConnection: 25,
  maxPayloadBytes: 64 * 1024,
  connectionInitTimeoutMs: 3000,
  keepAliveMs: 12_000,
  slowConsumerGraceMs: 5000,
};

/** Close codes the gateway uses on top of graphql-ws's own (4400, 4401, 4403, 4406, 4408, 4409, 4429). */
export const CloseCode = {
  /** Server shutting down: clients reconnect, to another replica. */
  GoingAway: 1001,
  /** The client stopped reading: standard "try again later", so graphql-ws clients reconnect. */
  SlowConsumer: 1013,
} as const;

export interface WebSocketServerOptions {
  server: Server;
  path: string;
  schema: () => GraphQLSchema | undefined;
  jwtPublicKey: KeyObject;
  clientAddressOf: ClientAddressOf;
  protection: OperationProtection;
  bridge: SubscriptionBridge;
  /** Runs a query or mutation through Apollo Server's pipeline (limits, rate limits, metrics). */
  run: (
    query: string,
    variables: Record<string, unknown> | undefined,
    operationName: string | undefined,
    context: GatewayContext,
  ) => Promise<ExecutionResult>;
  limits: WebSocketLimits;
  log: Logger;
  onSlowConsumer?: () => void;
  /** Masks internal errors like HTTP responses do. */
  onInternalError?: (error: GraphQLFormattedError) => void;
}

interface Connection {
  user: AuthUser | null;
  authorization: string | null;
  clientAddress: string;
}

type Extra = { socket: WebSocket; request: IncomingMessage } & Partial<Connection>;

interface OperationContext extends GatewayContext {
  query: string;
  /** The connection, so a stuck subscriber can be closed (graphql-ws does not pass it on). */
  socket: WebSocket;
  /** The graphql-ws message id, which the fast path writes into each `next` message. */
  operationId: string;
  request: IncomingMessage;
}

const isExpired = (user: AuthUser | null | undefined) => !!user && user.exp * 1000 <= Date.now();

/**
 * graphql-ws on the HTTP server's `/graphql` path: authentication from
 * `connectionParams.authorization` (a bad or expired token closes with 4403), per-client
 * connection limits (HTTP 429 before the upgrade), per-connection operation limits, the same
 * operation limits as HTTP, subscriptions through the Kafka bridge, queries and mutations
 * through Apollo Server, and slow consumers closed with 1013.
 */
export type WebSocketServerHandle = ReturnType<typeof startWebSocketServer>;

export function startWebSocketServer(options: WebSocketServerOptions) {
  const { limits, log } = options;
  const perClient = new Map<string, number>();
  const release = (client: string) => {
    const n = (perClient.get(client) ?? 1) - 1;
    if (n > 0) perClient.set(client, n);
    else perClient.delete(client);
  };

  const wss = new WebSocketServer({
    server: options.server,
    path: options.path,
    maxPayload: limits.maxPayloadBytes,
    verifyClient: (info, accept) => {
      const client = options.clientAddressOf(info.req);
      if ((perClient.get(client) ?? 0) >= limits.maxConnectionsPerClient) {
        log.warn({ client }, 'WebSocket connection refused: too many connections from this client');
        return accept(false, 429, 'Too Many Requests', { 'Retry-After': '30' });
      }
      accept(true);
    },
  });
  // graphql-ws's keep-alive is off (0 below): it runs two timers per socket and pings each on
  // its own, waking a client process per ping; this one pings in small batches on one timer.
  const heartbeat = new Heartbeat<WebSocket>(limits.keepAliveMs);
  wss.on('connection', (socket, request) => {
    const client = options.clientAddressOf(request);
    perClient.set(client, (perClient.get(client) ?? 0) + 1);
    heartbeat.add(socket);
    socket.once('close', () => release(client));
  });

  const format = (result: ExecutionResult | FormattedExecutionResult): FormattedExecutionResult => {
    if (!result.errors?.length) return result as FormattedExecutionResult;
    const errors = result.errors.map((e) => {
      const formatted =
        typeof (e as GraphQLError).toJSON === 'function'
          ? (e as GraphQLError).toJSON()
          : (e as GraphQLFormattedError);
      return formatClientError(formatted, options.onInternalError);
    });
    return { ...(result as FormattedExecutionResult), errors };
  };

  const closeSlowConsumer = (socket: WebSocket) => {
    if (socket.readyState !== socket.OPEN) return;
    options.onSlowConsumer?.();
    log.warn('closing a WebSocket whose client stopped reading');
    socket.close(CloseCode.SlowConsumer, 'Slow consumer: the client stopped reading updates');
    // The close frame waits behind unread data; do not keep the socket for ws's 30 s handshake.
    setTimeout(() => socket.terminate(), limits.slowConsumerGraceMs).unref();
  };

  // Subscription results skip graphql-ws's per-message path: each result is formatted and
  // serialised once for every subscriber of it, and written to each socket as a ready frame.
  const payloads = new PayloadCache(format);
  const frames: FrameCounts = { raw: 0, send: 0 };
  const outboxes = new WeakMap<WebSocket, Outbox>();
  const outboxOf = (socket: WebSocket, request: IncomingMessage) => {
    let outbox = outboxes.get(socket);
    // The upgrade request's socket is the TCP socket ws itself writes to.
    if (!outbox) outboxes.set(socket, (outbox = new Outbox(socket, request.socket, payloads, { frames })));
    return outbox;
  };

  const disposable = useServer<Record<string, unknown> | undefined, Partial<Connection>>(
    {
      connectionInitWaitTimeout: limits.connectionInitTimeoutMs,
      onConnect: async (ctx) => {
        const extra = ctx.extra as Extra;
        extra.clientAddress = options.clientAddressOf(extra.request);
        extra.user = null;
        extra.authorization = null;
        const header = ctx.connectionParams?.authorization;
        if (header === undefined || header === null || header === '') return true;
        if (typeof header !== 'string') return false;
        try {
          const token = bearerToken(header);
          extra.user = token ? await verifyAccessToken(options.jwtPublicKey, token) : null;
          extra.authorization = extra.user ? header : null;
          return true;
        } catch {
          return false; // graphql-ws closes with 4403 Forbidden
        }
      },
      onSubscribe: (ctx, id, payload) => {
        const extra = ctx.extra as Extra;
        const inFlight = Object.keys(ctx.subscriptions).length; // includes this one
        if (inFlight > limits.maxOperationsPerConnection) {
          return [
            new GraphQLError(
              `Too many operations on this connection: at most ${limits.maxOperationsPerConnection} at once.`,
              {
                extensions: { code: ErrorCode.RATE_LIMITED },
              },
            ),
          ];
        }
        if (isExpired(extra.user)) return [tokenExpiredError()];
        const schema = options.schema();
        if (!schema)
          return [
            new GraphQLError('The API schema is not loaded yet', {
              extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE },
            }),
          ];
        const checked = options.protection.parseAndValidate(schema, payload.query);
        if ('errors' in checked) return checked.errors;
        const contextValue: OperationContext = {
          requestId: randomUUID(),
          user: extra.user ?? null,
          authorization: extra.authorization ?? null,
          clientAddress: extra.clientAddress ?? 'unknown',
          query: payload.query,
          socket: extra.socket,
          request: extra.request,
          operationId: id,
        };
        return {
          schema,
          document: checked.document,
          operationName: payload.operationName ?? undefined,
          variableValues: payload.variables ?? undefined,
          contextValue,
        } satisfies ExecutionArgs;
      },
      subscribe: (args) => {
        const ctx = args.contextValue as OperationContext;
        return options.bridge.subscribe(args, {
          user: ctx.user,
          authorization: ctx.authorization,
          onStall: () => closeSlowConsumer(ctx.socket),
          sink: outboxOf(ctx.socket, ctx.request).sink(ctx.operationId),
        });
      },
      execute: (args) => {
        const ctx = args.contextValue as OperationContext;
        const operation = getOperationAST(args.document, args.operationName);
        return options.run(
          ctx.query,
          (args.variableValues ?? undefined) as Record<string, unknown> | undefined,
          operation?.name?.value ?? args.operationName ?? undefined,
          ctx,
        );
      },
      // Queries, mutations and subscribe-time errors; subscription results go through the outbox.
      onNext: (_ctx, _id, _payload, _args, result) => format(result),
    },
    wss,
    0,
  );

  return {
    wss,
    connections: () => wss.clients.size,
    clientsByAddress: () => new Map(perClient),
    /** Subscription results written by the outboxes, by path (see `FrameCounts`). */
    framesWritten: (): FrameCounts => ({ ...frames }),
    async close() {
      heartbeat.stop();
      for (const client of wss.clients) client.close(CloseCode.GoingAway, 'Server shutting down');
      await disposable.dispose();
    },
  };
}
