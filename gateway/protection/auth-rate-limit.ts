import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { ErrorCode } from '../../lib/errors';
import type { GatewayContext } from '../context';
import type { RateLimitDecision, RateLimiter } from './rate-limit';

/** The deployment guide's authentication endpoints: 5 per minute per client (data queries are unlimited). */
export const AUTH_RATE_LIMITED_FIELDS: readonly string[] = ['register', 'login', 'refreshToken'];

/**
 * How many root fields of the operation are rate limited. Every occurrence counts, so
 * `a: login(...) b: login(...)` is two attempts, including fields reached through fragments.
 */
export function countLimitedFields(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  names: ReadonlySet<string>,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions)
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode): number => {
    let count = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (names.has(selection.name.value)) count++;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        count += walk(selection.selectionSet);
      } else {
        const fragment = fragments.get(selection.name.value);
        // Validation forbids fragment cycles; the guard only keeps a bad document from looping.
        if (!fragment || seen.has(fragment.name.value)) continue;
        seen.add(fragment.name.value);
        count += walk(fragment.selectionSet);
        seen.delete(fragment.name.value);
      }
    }
    return count;
  };
  return walk(operation.selectionSet);
}

/** RATE_LIMITED with HTTP 429 and `Retry-After`; `extensions.retryAfter` says the same to WebSocket clients. */
export function rateLimitedError(
  decision: RateLimitDecision,
  what = 'authentication attempts',
): GraphQLError {
  const seconds = decision.retryAfterSeconds;
  // Apollo Server reads `extensions.http` (status and a HeaderMap) and strips it from the response.
  const extensions: Record<string, unknown> = {
    code: ErrorCode.RATE_LIMITED,
    retryAfter: seconds,
    http: { status: 429, headers: new HeaderMap([['retry-after', String(seconds)]]) },
  };
  return new GraphQLError(
    `Too many ${what}: at most ${decision.limit} per minute. Try again in ${seconds} s.`,
    { extensions },
  );
}

/**
 * Counts the limited mutations of each operation against the caller's client address before
 * anything executes. It runs for HTTP and for operations sent over WebSocket alike, because
 * both go through Apollo Server's request pipeline.
 */
export function authRateLimitPlugin(
  limiter: RateLimiter,
  options: { fields?: readonly string[]; onLimited?: (decision: RateLimitDecision) => void } = {},
): ApolloServerPlugin<GatewayContext> {
  const names = new Set(options.fields ?? AUTH_RATE_LIMITED_FIELDS);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, contextValue }) {
          if (operation?.operation !== 'mutation') return;
          const hits = countLimitedFields(document, operation, names);
          if (!hits) return;
          const decision = await limiter.consume(contextValue.clientAddress, hits);
          if (decision.allowed) return;
          options.onLimited?.(decision);
          throw rateLimitedError(decision);
        },
      };
    },
  };
}
