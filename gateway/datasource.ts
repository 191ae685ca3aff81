import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from './context';

type FetcherResponse = Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0];

// Codes a subgraph may answer with a 4xx status whose message is meant for the client.
const PASS_THROUGH_CODES = new Set(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'BAD_REQUEST']);

/**
 * Forwards the caller's credentials and tracing headers to subgraphs, which verify the token
 * again themselves (a subgraph never trusts a bare user id).
 */
export class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
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
    const body = await response
      .clone()
      .json()
      .catch(() => null) as { errors?: { message?: string; extensions?: { code?: string } }[] } | null;
    const first = body?.errors?.[0];
    const code = first?.extensions?.code;
    if (response.status < 500 && code && PASS_THROUGH_CODES.has(code) && first?.message) {
      return new GraphQLError(first.message, { extensions: { code: code === 'GRAPHQL_VALIDATION_FAILED' ? 'BAD_USER_INPUT' : code } });
    }
    return super.errorFromResponse(response);
  }
}
