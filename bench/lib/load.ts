import path from 'node:path';
import type { RunCommand, RunResult } from './load-client';
import { cpuSeconds, NodeChild } from './proc';

export interface LoadOptions {
  /** Load-generating processes. */
  clients: number;
  /** Source addresses per process (127.0.0.<first>, <first+1>, ...). */
  addressesPerClient: number;
  firstAddress?: number;
}

export interface LoadRequest {
  url: string;
  body: string;
  headers?: Record<string, string>;
  /** Concurrent connections over all clients (closed loop: each sends its next request when answered). */
  connections: number;
  durationS: number;
  record: boolean;
  /** Fixed total request rate (requests/s over all clients), instead of as fast as answered. */
  rate?: number;
}

export interface LoadResult {
  requests: number;
  non2xx: number;
  graphqlErrors: number;
  transportErrors: number;
  firstError?: string;
  bytes: number;
  latencies: number[];
  elapsedS: number;
  tokensReused: number;
  /** CPU seconds the load clients themselves used in this run. */
  clientCpuS: number;
}

/** Load clients in separate processes, each bound to its own 127.0.0.x source addresses. */
export class LoadGenerator {
  private children: NodeChild[] = [];
  private nextId = 1;
  readonly addresses: string[][];

  constructor(private readonly options: LoadOptions) {
    const first = options.firstAddress ?? 11;
    this.addresses = Array.from({ length: options.clients }, (_, c) =>
      Array.from(
        { length: options.addressesPerClient },
        (_, a) => `127.0.0.${first + c * options.addressesPerClient + a}`,
      ),
    );
  }

  get pids(): number[] {
    return this.children.map((c) => c.pid);
  }

  async start(): Promise<void> {
    this.children = this.addresses.map(
      (addrs, i) =>
        new NodeChild(`load-${i}`, path.join(__dirname, 'load-client.ts'), { args: [addrs.join(',')] }),
    );
    await Promise.all(
      this.children.map((c) => c.waitFor((m) => (isType(m, 'ready') ? true : undefined), 30_000, 'ready')),
    );
  }

  /** Tokens for a unique `authorization` per request: one per line, shared out among clients. */
  async useTokens(file: string | null): Promise<void> {
    await Promise.all(
      this.children.map((c, i) => {
        const loaded = c.waitFor((m) => (isType(m, 'tokens-loaded') ? true : undefined), 30_000, 'tokens');
        c.send({ type: 'tokens', file, start: i, step: this.children.length });
        return loaded;
      }),
    );
  }

  async run(request: LoadRequest): Promise<LoadResult> {
    const id = this.nextId++;
    const n = this.children.length;
    const cpuBefore = this.children.map((c) => cpuSeconds(c.pid));
    const results = await Promise.all(
      this.children.map((child, i) => {
        const connections = Math.floor(request.connections / n) + (i < request.connections % n ? 1 : 0);
        const rate = request.rate ? Math.max(1, Math.round(request.rate / n)) : undefined;
        const done = child.waitFor(
          (m): RunResult | { error: string } | undefined => {
            if (isType(m, 'error') && (m as { id: number }).id === id)
              return { error: (m as { message: string }).message };
            return isType(m, 'result') && (m as RunResult).id === id ? (m as RunResult) : undefined;
          },
          (request.durationS + 60) * 1000,
          'load result',
        );
        const cmd: RunCommand = {
          type: 'run',
          id,
          url: request.url,
          body: request.body,
          headers: request.headers ?? {},
          connections,
          durationS: request.durationS,
          rate,
          record: request.record,
        };
        child.send(cmd);
        return done.then((r) => {
          if ('error' in r) throw new Error(`${child.name}: ${r.error}`);
          return r;
        });
      }),
    );
    const clientCpuS = this.children.reduce((sum, c, i) => sum + cpuSeconds(c.pid) - cpuBefore[i]!, 0);
    return {
      requests: sum(results.map((r) => r.requests)),
      non2xx: sum(results.map((r) => r.non2xx)),
      graphqlErrors: sum(results.map((r) => r.graphqlErrors)),
      transportErrors: sum(results.map((r) => r.transportErrors)),
      firstError: results.find((r) => r.firstError)?.firstError,
      bytes: sum(results.map((r) => r.bytes)),
      latencies: results.flatMap((r) => r.latencies),
      elapsedS: Math.max(...results.map((r) => r.elapsedS)),
      tokensReused: sum(results.map((r) => r.tokensReused)),
      clientCpuS,
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.children.map((c) => c.stop(5000)));
  }
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const isType = (m: unknown, type: string) =>
  typeof m === 'object' && m !== null && (m as { type?: string }).type === type;
