// A load-generating child process: autocannon, with every connection bound to one of this
// client's own 127.0.0.x source addresses, so per-address limits in a gateway see several
// ordinary clients instead of one. Driven over IPC by bench/lib/load.ts.
import { readFileSync } from 'node:fs';
import net from 'node:net';

const addresses = (process.argv[2] ?? '127.0.0.1').split(',');

// autocannon opens its sockets with `net.connect(port, host)` and has no option for the source
// address; binding it here is the only change to how it connects.
const connect = net.connect;
let next = 0;
(net as { connect: unknown }).connect = (...args: unknown[]) => {
  if (typeof args[0] === 'number' && typeof args[1] === 'string') {
    const localAddress = addresses[next++ % addresses.length];
    return connect({ port: args[0], host: args[1], localAddress });
  }
  return (connect as (...a: unknown[]) => net.Socket)(...args);
};

interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: AutocannonRequest) => AutocannonRequest;
  onResponse?: (status: number, body: string) => void;
}
interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  on(event: 'reqError', listener: (err: Error) => void): void;
  stop(): void;
}
type Autocannon = (
  opts: Record<string, unknown>,
  cb: (err: Error | null, result: Record<string, unknown>) => void,
) => AutocannonInstance;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Autocannon;

export interface RunCommand {
  type: 'run';
  id: number;
  url: string;
  body: string;
  headers: Record<string, string>;
  connections: number;
  durationS: number;
  /** Requests per second over all of this client's connections (open-loop pacing); none: as fast as answered. */
  rate?: number;
  /** Record latencies and counts (false for warm-up). */
  record: boolean;
}

export interface TokensCommand {
  type: 'tokens';
  /** null: no authorization header from now on. */
  file: string | null;
  /** This client takes tokens start, start + step, start + 2·step, ... */
  start: number;
  step: number;
}

export interface RunResult {
  type: 'result';
  id: number;
  requests: number;
  non2xx: number;
  graphqlErrors: number;
  transportErrors: number;
  firstError?: string;
  bytes: number;
  latencies: number[];
  elapsedS: number;
  tokensReused: number;
}

let tokens: string[] = [];
let tokenIndex = 0;
let tokenStep = 1;
let tokensUsed = 0;
let tokensAvailable = 0;

function nextAuthorization(): string | undefined {
  if (!tokens.length) return undefined;
  const token = tokens[tokenIndex % tokens.length]!;
  tokenIndex += tokenStep;
  tokensUsed++;
  return `Bearer ${token}`;
}

function run(cmd: RunCommand): Promise<RunResult> {
  const latencies: number[] = [];
  let non2xx = 0;
  let graphqlErrors = 0;
  let transportErrors = 0;
  let bytes = 0;
  let firstError: string | undefined;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request: AutocannonRequest = {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...cmd.headers },
      body: cmd.body,
      onResponse: (status, body) => {
        if (!cmd.record) return;
        if (status >= 200 && status < 300 && body.includes('"errors"')) {
          graphqlErrors++;
          firstError ??= body.slice(0, 500);
        } else if (status >= 300) firstError ??= `HTTP ${status}: ${body.slice(0, 500)}`;
      },
    };
    if (tokens.length) {
      request.setupRequest = (req) => ({
        ...req,
        headers: { ...req.headers, authorization: nextAuthorization()! },
      });
    }
    const instance = autocannon(
      {
        url: cmd.url,
        connections: cmd.connections,
        duration: cmd.durationS,
        timeout: 30,
        requests: [request],
        ...(cmd.rate ? { overallRate: cmd.rate } : {}),
      },
      (err) => {
        if (err) return reject(err);
        resolve({
          type: 'result',
          id: cmd.id,
          requests: latencies.length,
          non2xx,
          graphqlErrors,
          transportErrors,
          firstError,
          bytes,
          latencies,
          elapsedS: (performance.now() - started) / 1000,
          // Unique authorization per request holds while no token is used twice.
          tokensReused: tokens.length ? Math.max(0, tokensUsed - tokensAvailable) : 0,
        });
      },
    );
    instance.on('response', (_client, status, resBytes, ms) => {
      if (!cmd.record) return;
      if (status < 200 || status >= 300) non2xx++;
      latencies.push(Math.round(ms * 100) / 100);
      bytes += resBytes;
    });
    instance.on('reqError', (err) => {
      if (!cmd.record) return;
      transportErrors++;
      firstError ??= err.message;
    });
  });
}

process.on('message', (message: RunCommand | TokensCommand | { type: 'exit' }) => {
  if (message.type === 'exit') process.exit(0);
  if (message.type === 'tokens') {
    const all = message.file ? readFileSync(message.file, 'utf8').split('\n').filter(Boolean) : [];
    tokensUsed = 0;
    tokens = all;
    tokenIndex = message.start;
    tokenStep = message.step;
    tokensAvailable = Math.ceil((all.length - message.start) / message.step);
    process.send!({ type: 'tokens-loaded', count: all.length });
    return;
  }
  run(message).then(
    (result) => process.send!(result),
    (err: Error) => process.send!({ type: 'error', id: message.id, message: err.message }),
  );
});
process.send!({ type: 'ready', addresses });
// Gone with the harness: never outlive it.
process.on('disconnect', () => process.exit(0));
