import { EventEmitter } from 'node:events';
import { STATUS_CODES, type IncomingHttpHeaders } from 'node:http';
import { Agent } from 'undici';

export interface SubgraphPoolOptions {
  /** Whole request budget (queueing for a socket, connecting, headers and body). */
  timeoutMs: number;
  /** Sockets per subgraph origin; further requests queue until one is free (or time out). */
  connections: number;
  /** Idle keep-alive sockets close after this; below the subgraphs' own 65 s server timeout. */
  keepAliveTimeoutMs: number;
  connectTimeoutMs: number;
}

export const DEFAULT_SUBGRAPH_POOL: SubgraphPoolOptions = {
  timeoutMs: 10_000,
  connections: 64,
  keepAliveTimeoutMs: 30_000,
  connectTimeoutMs: 2_000,
};

export class SubgraphTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'SubgraphTimeoutError';
  }
}

/** A subgraph's whole answer, its body read as text. */
export interface SubgraphAnswer {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** POSTs `body` to `url` and reads the whole answer within the pool's deadline. */
export type SubgraphSend = (
  url: string,
  headers: Record<string, string>,
  body: string,
) => Promise<SubgraphAnswer>;

export interface SubgraphPool {
  send: SubgraphSend;
  close(): Promise<void>;
}

/**
 * How every subgraph data source reaches its subgraph. Apollo's default (make-fetch-happen) has
 * neither a timeout nor a socket bound: a stuck subgraph would hold gateway requests, and
 * sockets, forever. This is a keep-alive pool of `connections` sockets per subgraph with one
 * deadline per request. It uses undici's `request`, not WHATWG `fetch`: no Request/Response
 * objects or web streams per call, and the deadline is a plain timer rather than
 * `AbortSignal.timeout` (both showed in the gateway's profile: issue 11).
 */
export function subgraphPool(options: Partial<SubgraphPoolOptions> = {}): SubgraphPool {
  const o = { ...DEFAULT_SUBGRAPH_POOL, ...options };
  const agent = new Agent({
    connections: o.connections,
    keepAliveTimeout: o.keepAliveTimeoutMs,
    keepAliveMaxTimeout: o.keepAliveTimeoutMs,
    headersTimeout: o.timeoutMs,
    bodyTimeout: o.timeoutMs,
    connect: { timeout: o.connectTimeoutMs },
  });
  const targets = new Map<string, { origin: string; path: string }>();
  const targetOf = (url: string) => {
    let target = targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      target = { origin: parsed.origin, path: parsed.pathname + parsed.search };
      targets.set(url, target);
    }
    return target;
  };
  const send: SubgraphSend = async (url, headers, body) => {
    const { origin, path } = targetOf(url);
    // undici accepts an EventEmitter as the abort signal: cheaper than an AbortSignal per call.
    const signal = new EventEmitter();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      signal.emit('abort');
    }, o.timeoutMs);
    try {
      const res = await agent.request({ origin, path, method: 'POST', headers, body, signal });
      const text = await res.body.text();
      return {
        status: res.statusCode,
        statusText: STATUS_CODES[res.statusCode] ?? '',
        headers: res.headers,
        body: text,
      };
    } catch (err) {
      if (timedOut) throw new SubgraphTimeoutError(o.timeoutMs);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  };
  return { send, close: () => agent.close() };
}
