import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** The stable `extensions.code` values clients may rely on (DESIGN.md, Style). */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  RATE_LIMITED: 'RATE_LIMITED',
  CONFLICT: 'CONFLICT',
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const httpStatusOf: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  CONFLICT: 409,
  UPSTREAM_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

export function appError(
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export const badInput = (message: string, extensions?: Record<string, unknown>) =>
  appError(ErrorCode.BAD_USER_INPUT, message, extensions);
export const unauthenticated = (message = 'You must be signed in') =>
  appError(ErrorCode.UNAUTHENTICATED, message);
/** A presented token that does not verify; `http.status` makes the whole response a 401. */
export const invalidCredentials = (message: string) =>
  appError(ErrorCode.UNAUTHENTICATED, message, { http: { status: 401 } });
export const forbidden = (message = 'Not allowed') => appError(ErrorCode.FORBIDDEN, message);
export const notFound = (what: string) => appError(ErrorCode.NOT_FOUND, `${what} not found`);
export const conflict = (message: string) => appError(ErrorCode.CONFLICT, message);
export const upstreamUnavailable = (message: string) => appError(ErrorCode.UPSTREAM_UNAVAILABLE, message);

export function isKnownCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && code in ErrorCode;
}

/** HTTP status that fits an error code, for transports that surface one. */
export function httpStatusFor(code: ErrorCode): number {
  return httpStatusOf[code];
}

const clientFacingCodes = new Set<string>([
  ...Object.values(ErrorCode),
  // Apollo Server's own request-validation codes are safe and informative.
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Apollo `formatError`: errors we raised on purpose pass through; anything else (a Prisma or
 * driver error, a bug) becomes a generic INTERNAL_SERVER_ERROR so no SQL, stack or secret leaks.
 */
export function formatClientError(
  formatted: GraphQLFormattedError,
  onInternal?: (formatted: GraphQLFormattedError) => void,
): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && clientFacingCodes.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  onInternal?.(formatted);
  return {
    message: 'Internal server error',
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
