import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';
import { Agent, fetch } from 'undici';

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

export interface SubgraphPool {
  fetcher: Fetcher;
  close(): Promise<void>;
}

/**
 * The fetcher every subgraph data source uses. Apollo's default (make-fetch-happen) has neither
 * a timeout nor a socket bound: a stuck subgraph would hold gateway requests, and sockets,
 * forever. This one is undici's fetch over a keep-alive pool of `connections` sockets per
 * subgraph with one deadline per request.
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
  const fetcher: Fetcher = async (url, init) => {
    const signal = AbortSignal.timeout(o.timeoutMs);
    try {
      const response = await fetch(url, {
        method: init?.method,
        headers: init?.headers,
        body: init?.body,
        signal,
        dispatcher: agent,
      });
      return response as unknown as FetcherResponse;
    } catch (err) {
      if (signal.aborted) throw new SubgraphTimeoutError(o.timeoutMs);
      throw err;
    }
  };
  return { fetcher, close: () => agent.close() };
}
