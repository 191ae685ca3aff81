import {
  HeaderMap,
  type ApolloServerPlugin,
  type GraphQLRequestContext,
  type GraphQLResponse,
} from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import type { GatewayContext } from './context';

interface Shared {
  result: FormattedExecutionResult;
  status?: number;
}

export interface InflightHooks {
  /** A request answered with the result of an identical one already executing. */
  shared?(): void;
}

/**
 * The key of an operation's answer: the same document, operation name and variables with the
 * same verified credentials (the only caller-specific value forwarded to subgraphs besides
 * request ids and trace headers, which change no data). An unverified token counts as none, as
 * it does when the request executes. Different credentials never share.
 */
export function inflightKey(ctx: GraphQLRequestContext<GatewayContext>): string | null {
  if (ctx.operation?.operation !== 'query' || !ctx.queryHash) return null;
  return JSON.stringify([
    ctx.queryHash,
    ctx.request.operationName ?? null,
    ctx.request.variables ?? null,
    ctx.contextValue.authorization,
  ]);
}

/**
 * In-flight de-duplication of identical concurrent queries: while one executes, identical ones
 * (see `inflightKey`) wait for its result instead of running the query plan again. Nothing is
 * kept once the first answers, so no answer outlives its execution (this is no cache). It runs
 * after parsing, validation, operation limits and rate limits, which every request still passes
 * on its own; mutations and subscriptions always execute.
 *
 * Identical HTTP requests (same body bytes and headers) are answered earlier, in the HTTP shell
 * (lib/server/response-sharing.ts), with the first one's finished response, and never get here.
 * This plugin shares the execution among what that layer does not join: the same operation sent
 * differently (a persisted-query hash instead of the text, another Accept header, other
 * variables' key order), WebSocket queries and subscription hydrations through
 * `executeOperation`, and requests whose first answered with errors (never shared as bytes).
 */
export function inflightDedupePlugin(hooks: InflightHooks = {}): ApolloServerPlugin<GatewayContext> {
  const running = new Map<string, Promise<Shared | null>>();
  return {
    async requestDidStart() {
      let finish: ((shared: Shared | null) => void) | undefined;
      let key: string | null = null;
      const settle = (shared: Shared | null) => {
        if (!finish) return;
        finish(shared);
        finish = undefined;
        running.delete(key!);
      };
      return {
        async responseForOperation(ctx): Promise<GraphQLResponse | null> {
          key = inflightKey(ctx);
          if (key === null) return null;
          const pending = running.get(key);
          if (!pending) {
            running.set(key, new Promise((resolve) => (finish = resolve)));
            return null;
          }
          const shared = await pending;
          // The first one failed without a result (it threw): this one executes by itself.
          if (!shared) return null;
          hooks.shared?.();
          return {
            http: { status: shared.status, headers: new HeaderMap() },
            body: { kind: 'single', singleResult: shared.result },
          };
        },
        async willSendResponse({ response }) {
          if (!finish) return;
          settle(
            response.body.kind === 'single'
              ? { result: response.body.singleResult, status: response.http.status }
              : null,
          );
        },
        async executionDidStart() {
          return {
            async executionDidEnd(err) {
              // An execution that threw answers through sendErrorResponse: do not hand its error
              // to others; they execute themselves.
              if (err) settle(null);
            },
          };
        },
      };
    },
  };
}
