import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../lib/errors';
import type { GatewayContext } from './context';
import { SubgraphTimeoutError } from './fetcher';

type FetcherResponse = Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0];

// Codes a subgraph may answer with a 4xx status whose message is meant for the client.
const PASS_THROUGH_CODES = new Set([
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_REQUEST',
]);

export interface DataSourceHooks {
  /** Seconds one subgraph call took and how it ended (`ok`, `error`, `timeout`). */
  observe?(subgraph: string, outcome: 'ok' | 'error' | 'timeout', seconds: number): void;
}

/**
 * Forwards the caller's credentials and tracing headers to subgraphs, which verify the token
 * again themselves (a subgraph never trusts a bare user id). Transport failures and 5xx answers
 * become UPSTREAM_UNAVAILABLE errors naming the subgraph, instead of an opaque internal error.
 */
export class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly name: string,
    url: string,
    fetcher: Fetcher,
    private readonly hooks: DataSourceHooks = {},
  ) {
    super({ url, fetcher });
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const begin = performance.now();
    const seconds = () => (performance.now() - begin) / 1000;
    try {
      const response = await super.process(options);
      this.hooks.observe?.(this.name, 'ok', seconds());
      return response;
    } catch (err) {
      this.hooks.observe?.(this.name, isTimeout(err) ? 'timeout' : 'error', seconds());
      throw err;
    }
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const headers = request.http?.headers;
    if (!headers || !context) return;
    if (context.authorization) headers.set('authorization', context.authorization);
    if (context.requestId) headers.set('x-request-id', context.requestId);
    if (context.traceparent) headers.set('traceparent', context.traceparent);
  }

  /**
   * A subgraph rejects some bad input with HTTP 400 (for example a Decimal float literal fails
   * its scalar's parseLiteral during validation). Keep its coded message instead of turning it
   * into an opaque upstream failure.
   */
  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    const body = (await response
      .clone()
      .json()
      .catch(() => null)) as { errors?: { message?: string; extensions?: { code?: string } }[] } | null;
    const first = body?.errors?.[0];
    const code = first?.extensions?.code;
    if (response.status < 500 && code && PASS_THROUGH_CODES.has(code) && first?.message) {
      return new GraphQLError(first.message, {
        extensions: { code: code === 'GRAPHQL_VALIDATION_FAILED' ? 'BAD_USER_INPUT' : code },
      });
    }
    return super.errorFromResponse(response);
  }

  override didEncounterError(error: Error): void {
    // Coded answers (the pass-through above, 401/403) keep their meaning.
    if (error instanceof GraphQLError && typeof error.extensions.code === 'string') throw error;
    const message = isTimeout(error)
      ? `The ${this.name} service did not answer in time`
      : `The ${this.name} service is unavailable`;
    throw new GraphQLError(message, {
      originalError: error,
      extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE, serviceName: this.name },
    });
  }
}

function isTimeout(err: unknown): boolean {
  if (err instanceof GraphQLError && err.originalError) return isTimeout(err.originalError);
  return (
    err instanceof SubgraphTimeoutError ||
    (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'))
  );
}
