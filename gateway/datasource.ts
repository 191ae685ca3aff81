import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { FetcherResponse as Response } from '@apollo/utils.fetcher';
import { GraphQLError, Kind, OperationTypeNode } from 'graphql';
import { ErrorCode } from '../lib/errors';
import type { GatewayContext } from './context';
import { SubgraphTimeoutError, type SubgraphAnswer, type SubgraphSend } from './fetcher';
import {
  cacheDirectives,
  directiveSeconds,
  type CacheHit,
  type SubgraphResponseCache,
} from './subgraph-cache';

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
  /** A subgraph request not sent because an identical one was in flight. */
  shared?(subgraph: string): void;
  /**
   * The shared cache of public subgraph answers (subgraph-cache.ts), which the gateway makes from
   * its `SUBGRAPH_CACHE_MB`; none (or null) turns caching off.
   */
  cache?: SubgraphResponseCache | null;
}

type CacheHint = { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' };

// Tracing headers: they name a request, they change no answer, so they are left out of the
// in-flight key (the subgraph sees the first caller's request id).
const NOT_IN_KEY = new Set(['x-request-id', 'traceparent', 'tracestate']);

/**
 * Forwards the caller's credentials and tracing headers to subgraphs, which verify the token
 * again themselves (a subgraph never trusts a bare user id). Transport failures and 5xx answers
 * become UPSTREAM_UNAVAILABLE errors naming the subgraph, instead of an opaque internal error.
 */
export class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  /** Subgraph requests on their way, by URL, body and forwarded headers (see `sendRequest`). */
  private readonly inflight = new Map<string, Promise<SubgraphAnswer>>();
  private readonly cache: SubgraphResponseCache | null;
  /** Refreshes of expired public answers on their way, by cache key (see `forward`). */
  private readonly refreshing = new Map<string, Promise<void>>();
  /** Answers already offered to the cache (callers sharing one in-flight answer offer it once). */
  private readonly offered = new WeakSet<SubgraphAnswer>();

  constructor(
    readonly name: string,
    url: string,
    private readonly send: SubgraphSend,
    private readonly hooks: DataSourceHooks = {},
  ) {
    super({ url });
    this.cache = hooks.cache ?? null;
  }

  /**
   * Apollo's `process` without the parts we never use (APQ to subgraphs) and with our own
   * transport: Apollo's builds a node-fetch `Headers` and `Request` per call, the second only for
   * its error hooks. The hooks (`willSendRequest`, `errorFromResponse`, `didEncounterError`) and
   * the cache-control hint keep Apollo's meaning.
   */
  override async process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): Promise<GatewayGraphQLResponse> {
    const begin = performance.now();
    const seconds = () => (performance.now() - begin) / 1000;
    try {
      const { request } = options;
      const headers = new Map<string, string>();
      for (const [name, value] of request.http?.headers ?? []) headers.set(name.toLowerCase(), value);
      headers.set('content-type', 'application/json');
      request.http = { method: 'POST', url: this.url, headers: headersOf(headers) };
      await this.willSendRequest(options);
      if (!request.query) throw new Error('Missing query');
      const { http, ...payload } = request;
      const { response, hint, cached } = await this.forward(
        http.url,
        headers,
        JSON.stringify(payload),
        mayShare(options),
      );
      const policy =
        'incomingRequestContext' in options ? options.incomingRequestContext.overallCachePolicy : undefined;
      if (policy && 'restrict' in policy) policy.restrict(hint);
      // The fetch histogram times subgraph calls; a cache hit is none.
      if (!cached) this.hooks.observe?.(this.name, 'ok', seconds());
      return response;
    } catch (err) {
      this.hooks.observe?.(this.name, isTimeout(err) ? 'timeout' : 'error', seconds());
      throw err;
    }
  }

  /**
   * Only a query outside a mutation (`shareable`) is ever shared: a mutation's fetches, and
   * the reads of its plan, run once per caller even when two callers send the same bytes. A fresh
   * public answer in the shared cache serves any caller. Otherwise identical requests in flight
   * (same URL, body, and forwarded headers including `authorization`) share one subgraph call: concurrent identical gateway queries,
   * and the duplicate fetches one query plan makes in parallel. Callers share the answer's text,
   * and each parses its own copy, because plan execution merges into the objects it gets. An
   * answer without errors is offered to the cache, which keeps it only if the subgraph marked it
   * public with a max-age.
   */
  private async forward(
    url: string,
    headers: Map<string, string>,
    body: string,
    shareable: boolean,
  ): Promise<{ response: GatewayGraphQLResponse; hint: CacheHint; cached: boolean }> {
    const primary = `${url}\n${body}`;
    const cache = shareable ? this.cache : null;
    const found = cache?.search(this.name, primary, headers);
    if (found?.hit) return this.fromCache(url, found.hit);
    // An expired public answer: while one caller refreshes it, the others wait for that refresh
    // instead of each asking the subgraph (at a few hundred requests per second, every caller
    // between expiry and the refresh's answer would otherwise send its own: a burst every
    // max-age). Each caller's token differs, so the in-flight sharing below would not join them.
    const staleKey = found?.staleKey;
    let refreshed: (() => void) | undefined;
    if (cache && staleKey !== undefined) {
      const refresh = this.refreshing.get(staleKey);
      if (refresh) {
        await refresh;
        const after = cache.search(this.name, primary, headers, false);
        // Not stored again (no longer public, errors, a failure): ask for ourselves.
        if (after.hit) return this.fromCache(url, after.hit);
      } else {
        this.refreshing.set(staleKey, new Promise<void>((resolve) => (refreshed = resolve)));
      }
    }
    try {
      return await this.fetchAndOffer(url, headers, body, shareable, primary, cache, staleKey);
    } catch (error) {
      // What is no longer stored is no longer known to be public: later misses ask for themselves.
      if (staleKey !== undefined) cache?.forget(staleKey);
      throw error;
    } finally {
      if (refreshed) {
        this.refreshing.delete(staleKey!);
        refreshed();
      }
    }
  }

  private async fromCache(url: string, hit: CacheHit) {
    const response = await this.parse(url, hit.answer);
    return { response, hint: { maxAge: hit.remainingSeconds, scope: 'PUBLIC' as const }, cached: true };
  }

  private async fetchAndOffer(
    url: string,
    headers: Map<string, string>,
    body: string,
    shareable: boolean,
    primary: string,
    cache: SubgraphResponseCache | null,
    staleKey: string | undefined,
  ): Promise<{ response: GatewayGraphQLResponse; hint: CacheHint; cached: boolean }> {
    let key = primary;
    const plain: Record<string, string> = {};
    for (const [name, value] of headers) {
      plain[name] = value;
      if (!NOT_IN_KEY.has(name)) key += `\n${name}: ${value}`;
    }
    let pending = shareable ? this.inflight.get(key) : undefined;
    if (pending) this.hooks.shared?.(this.name);
    else {
      pending = this.send(url, plain, body);
      if (shareable) {
        this.inflight.set(key, pending);
        const done = () => void this.inflight.delete(key);
        pending.then(done, done);
      }
    }
    const answer = await pending.catch((error: unknown) => {
      this.didEncounterError(error as Error);
      throw error;
    });
    const response = await this.parse(url, answer);
    if (cache && !this.offered.has(answer)) {
      this.offered.add(answer);
      const stored = !response.errors?.length && cache.store(this.name, primary, headers, answer);
      if (!stored && staleKey !== undefined) cache.forget(staleKey);
    }
    return { response, hint: cacheHintOf(answer.headers['cache-control']), cached: false };
  }

  /** A subgraph answer as Apollo's executor expects it; non-2xx answers become errors. */
  private async parse(url: string, answer: SubgraphAnswer): Promise<GatewayGraphQLResponse> {
    try {
      const fetchResponse = responseOf(url, answer);
      if (!fetchResponse.ok) throw await this.errorFromResponse(fetchResponse);
      const type = String(answer.headers['content-type'] ?? '');
      const parsed: unknown =
        type.startsWith('application/json') || type.startsWith('application/graphql-response+json')
          ? JSON.parse(answer.body)
          : answer.body;
      if (parsed === null || typeof parsed !== 'object')
        throw new Error(`Expected JSON response body, but received: ${String(parsed)}`);
      return { ...(parsed as GatewayGraphQLResponse), http: fetchResponse };
    } catch (error) {
      this.didEncounterError(error as Error);
      throw error;
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

/** The `Headers` view `willSendRequest` and Apollo's types expect, over a plain map. */
function headersOf(map: Map<string, string>) {
  const view = {
    get: (name: string) => map.get(name.toLowerCase()) ?? null,
    set: (name: string, value: string) => void map.set(name.toLowerCase(), value),
    has: (name: string) => map.has(name.toLowerCase()),
    delete: (name: string) => void map.delete(name.toLowerCase()),
    append: (name: string, value: string) => {
      const prior = map.get(name.toLowerCase());
      map.set(name.toLowerCase(), prior === undefined ? value : `${prior}, ${value}`);
    },
    [Symbol.iterator]: () => map.entries(),
    entries: () => map.entries(),
    keys: () => map.keys(),
    values: () => map.values(),
    forEach: (fn: (value: string, name: string) => void) => map.forEach(fn),
  };
  return view as unknown as NonNullable<GraphQLDataSourceProcessOptions['request']['http']>['headers'];
}

/**
 * Whether a subgraph fetch may share an identical one in flight, or be answered from and stored in
 * the shared cache: queries made
 * for a client's operation only. Never a mutation's own fetch, nor any fetch of a mutation's plan
 * (what a mutation reads back must be current); never schema loading or health checks.
 */
function mayShare(options: GraphQLDataSourceProcessOptions<GatewayContext>): boolean {
  if (!('incomingRequestContext' in options)) return false;
  if (options.incomingRequestContext.operation?.operation !== OperationTypeNode.QUERY) return false;
  const operation = options.document?.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operation) return operation.operation === OperationTypeNode.QUERY;
  const text = options.request.query?.trimStart() ?? '';
  return text.startsWith('{') || /^query\b/.test(text);
}

/**
 * Apollo's reading of a subgraph's Cache-Control header (max-age, public or private), from the
 * shared cache's parser of the same header. A header naming both scopes reads as private.
 */
function cacheHintOf(header: string | string[] | undefined): CacheHint {
  const cc = cacheDirectives(header);
  const hint: CacheHint = { maxAge: directiveSeconds(cc.get('max-age')) ?? 0 };
  if (cc.has('public')) hint.scope = 'PUBLIC';
  if (cc.has('private')) hint.scope = 'PRIVATE';
  return hint;
}

/** The few parts of a fetch Response that Apollo's data source and error hooks read. */
function responseOf(url: string, answer: SubgraphAnswer): Response {
  const response = {
    url,
    ok: answer.status >= 200 && answer.status < 300,
    status: answer.status,
    statusText: answer.statusText,
    redirected: false,
    headers: {
      get(name: string) {
        const value = answer.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    text: async () => answer.body,
    json: async () => JSON.parse(answer.body) as unknown,
    clone: () => response,
  };
  return response as unknown as Response;
}

function isTimeout(err: unknown): boolean {
  if (err instanceof GraphQLError && err.originalError) return isTimeout(err.originalError);
  return (
    err instanceof SubgraphTimeoutError ||
    (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'))
  );
}
