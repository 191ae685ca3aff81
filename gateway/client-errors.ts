import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { formatClientError } from '../lib/errors';

/**
 * Request errors that Apollo Server or Apollo Gateway raise without one of our codes, mapped to a
 * stable client code and an HTTP 4xx instead of a masked 500: an unknown or ambiguous operation
 * name (the gateway's INVALID_GRAPHQL), a subscription sent over HTTP, and persisted-query
 * mistakes (a hash that does not match, an unsupported version), which carry only a 400 status.
 */
const SUBSCRIPTION_OVER_HTTP = /subscriptions not supported/i;

function reclassify(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (code === 'INVALID_GRAPHQL') return { ...formatted, extensions: { code: 'BAD_REQUEST' } };
  if (SUBSCRIPTION_OVER_HTTP.test(formatted.message)) {
    return {
      message: 'Subscriptions are served over WebSocket (graphql-transport-ws) on this path, not over HTTP',
      extensions: { code: 'BAD_REQUEST' },
    };
  }
  const status = (error as { extensions?: { http?: { status?: number } } } | null)?.extensions?.http?.status;
  if (code === 'INTERNAL_SERVER_ERROR' && status !== undefined && status >= 400 && status < 500) {
    return { ...formatted, extensions: { code: 'BAD_REQUEST' } };
  }
  return formatted;
}

/** The gateway's `formatError`: reclassify request errors, then mask anything unexpected. */
export function formatGatewayError(onInternal: (formatted: GraphQLFormattedError) => void) {
  return (formatted: GraphQLFormattedError, error: unknown) =>
    formatClientError(reclassify(formatted, error), onInternal);
}

/** Answers 400, not 500, when a response carries only request errors and no data. */
export function requestErrorStatusPlugin(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (data || !errors?.length || (response.http.status !== 500 && response.http.status !== undefined))
            return;
          const requestErrors = errors.every(
            (e) =>
              e.extensions?.code === 'BAD_REQUEST' ||
              e.extensions?.code === 'INVALID_GRAPHQL' ||
              SUBSCRIPTION_OVER_HTTP.test(e.message),
          );
          if (requestErrors) response.http.status = 400;
        },
      };
    },
  };
}
