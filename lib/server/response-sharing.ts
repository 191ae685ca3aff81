import type { IncomingMessage } from 'node:http';
import { Kind, parse, type OperationTypeNode } from 'graphql';
import { LRUCache } from 'lru-cache';

/** A finished GraphQL-over-HTTP answer, encoded once: what identical concurrent requests share. */
export interface FinishedResponse {
  status: number;
  /** Everything but the request id, which stays each request's own; includes content-length. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface ResponseSharingOptions {
  /**
   * Request headers (lower case) that never change the answer, besides the transport and tracing
   * headers every service ignores (`DEFAULT_IGNORED_HEADERS`). Every other header is part of the
   * key, so credentials (`authorization`, `cookie`) and anything a later feature reads are too.
   */
  ignoredHeaders?: readonly string[];
  /** The service's parser token limit: documents beyond it are never classified (nor shared). */
  maxTokens?: number;
  /**
   * Called when a request starts waiting for an identical one in flight; the returned function
   * is called once that request is answered with the shared response (not when the first could
   * not share and it runs by itself, through the ordinary path that accounts for it).
   */
  follower?(request: { operationName: string | null }): (() => void) | void;
}

/**
 * Headers that name a request or describe its connection; no GraphQL answer depends on them.
 * `host` and `accept-encoding` stay in the key: a virtual host or compression would change it.
 */
export const DEFAULT_IGNORED_HEADERS: readonly string[] = [
  'connection',
  'keep-alive',
  'content-length', // the body itself is in the key
  'user-agent',
  'x-request-id',
  'traceparent',
  'tracestate',
];

/** Answers are cached by document text; the tests' and the benchmark's documents are < 2 KiB. */
const MAX_CLASSIFIED_DOCUMENT = 64 * 1024;

interface GraphQLBody {
  query?: unknown;
  operationName?: unknown;
}

/**
 * Shares the finished HTTP response of a GraphQL query among identical concurrent requests: the
 * first executes through Apollo Server as usual; those that arrive while it runs get its status,
 * headers and the very same encoded body, so the result is serialised and UTF-8 encoded once
 * however many wait for it. Identical means the same method, URL, body bytes (document,
 * operation name, variables, extensions) and request headers (all but `ignoredHeaders`), so
 * different credentials never share. Only queries share, never mutations or subscriptions, and
 * only a 200 answer without errors or cookies: errors are counted per request by the service's
 * metrics, and anything that might be per-request content is not worth the risk. Nothing is kept
 * once the first is answered (this is no cache).
 *
 * Followers never reach Apollo Server, so its plugins do not see them: a service turning this on
 * counts them itself (`follower`), and must not rely on a plugin for anything per request that
 * an identical request could not inherit, such as a rate limit on queries (the gateway limits
 * only the auth mutations, which never share).
 */
export class ResponseSharing {
  private readonly running = new Map<string, InFlight>();
  private readonly ignored: ReadonlySet<string>;
  /**
   * Document text → operation name ('' for none) → its type, or null when it names none; empty
   * for a document that does not parse.
   */
  private readonly kinds = new LRUCache<string, Map<string, OperationTypeNode | null>>({
    max: 1000,
    maxSize: 4 * 1024 * 1024,
    sizeCalculation: (_value, key) => key.length || 1,
  });

  constructor(private readonly options: ResponseSharingOptions = {}) {
    this.ignored = new Set([...DEFAULT_IGNORED_HEADERS, ...(options.ignoredHeaders ?? [])]);
  }

  /**
   * The key of a POST: its URL, every request header but the ignored ones, and the body bytes
   * (document, operation name, variables, extensions); null for any other method.
   */
  keyOf(req: IncomingMessage, raw: string): string | null {
    if (req.method !== 'POST') return null;
    let key = `${req.url ?? ''}\n`;
    const headers = req.rawHeaders;
    for (let i = 0; i + 1 < headers.length; i += 2) {
      const name = headers[i]!.toLowerCase();
      if (!this.ignored.has(name)) key += `${name}:${headers[i + 1]!}\n`;
    }
    return `${key}\n${raw}`;
  }

  /**
   * Before the body is even parsed: the answer of an identical request in flight (it resolves to
   * null when that one could not share: then this one runs by itself), or the key under which
   * this one may `lead`, or null when it never shares. The same bytes as a request already
   * parsed, checked and found to be a query need none of that again.
   */
  follow(req: IncomingMessage, raw: string): Following | { key: string } | null {
    const key = this.keyOf(req, raw);
    if (key === null) return null;
    const pending = this.running.get(key);
    if (!pending) return { key };
    return {
      wait: pending.answer,
      answered: this.options.follower?.({ operationName: pending.operationName }) ?? undefined,
    };
  }

  /**
   * Makes the first request with this key the one others follow, once its body has been parsed
   * and accepted; to be called in the same tick as `follow`. Null when it must not share:
   * mutations, subscriptions, persisted-query hashes without their document, and documents that
   * do not parse or name no single operation go the ordinary way.
   */
  lead(key: string, body: unknown): Leader | null {
    if (!body || typeof body !== 'object' || this.running.has(key)) return null;
    const { query, operationName } = body as GraphQLBody;
    if (typeof query !== 'string') return null;
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string')
      return null;
    if (this.operationType(query, operationName ?? '') !== 'query') return null;
    let resolve!: (value: FinishedResponse | null) => void;
    const answer = new Promise<FinishedResponse | null>((r) => (resolve = r));
    this.running.set(key, { answer, operationName: operationName ?? null });
    let settled = false;
    return (response) => {
      if (settled) return;
      settled = true;
      this.running.delete(key);
      resolve(response);
    };
  }

  /** How many keys are in flight (nothing is kept after an answer). */
  get size(): number {
    return this.running.size;
  }

  private operationType(query: string, operationName: string): OperationTypeNode | null {
    if (query.length > MAX_CLASSIFIED_DOCUMENT) return null;
    let operations = this.kinds.get(query);
    if (!operations) {
      operations = classify(query, this.options.maxTokens);
      this.kinds.set(query, operations);
    }
    return operations.get(operationName) ?? null;
  }
}

/** Settles the requests waiting for the first: its response when they may share it, else null. */
export type Leader = (response: FinishedResponse | null) => void;

/** Waiting for an identical request in flight; `answered` once this one got its response. */
export interface Following {
  wait: Promise<FinishedResponse | null>;
  answered?: () => void;
}

interface InFlight {
  answer: Promise<FinishedResponse | null>;
  /** The first one's, which is every follower's too: the bodies are the same bytes. */
  operationName: string | null;
}

/**
 * The type of each operation a document holds, by name; `''` (no operation name given) resolves
 * only when the document holds exactly one operation, as GraphQL execution does. A document that
 * does not parse (or exceeds `maxTokens`) holds none.
 */
function classify(query: string, maxTokens: number | undefined): Map<string, OperationTypeNode | null> {
  const operations = new Map<string, OperationTypeNode | null>();
  try {
    const document = parse(query, { noLocation: true, maxTokens });
    let count = 0;
    let only: OperationTypeNode | null = null;
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      count++;
      only = definition.operation;
      const name = definition.name?.value;
      // A name used twice is invalid: the request fails validation, so it must not resolve here.
      if (name !== undefined) operations.set(name, operations.has(name) ? null : definition.operation);
    }
    operations.set('', count === 1 ? only : null);
  } catch {
    // Not classified: the request goes the ordinary way, which reports the syntax error.
  }
  return operations;
}

/**
 * Whether Apollo Server's answer may go to other requests: a complete 200 without errors and
 * without cookies. Apollo Server writes `errors` first (its `orderExecutionResultFields`), so an
 * answer without errors starts with `data`; should that order ever change, nothing is shared.
 */
export function isShareable(status: number, headers: Record<string, string>, body: string): boolean {
  return status === 200 && headers['set-cookie'] === undefined && body.startsWith('{"data":');
}
