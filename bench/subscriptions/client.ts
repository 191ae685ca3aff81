// Child process: many graphql-ws subscribers (one socket each, as browsers would be), each socket
// bound to a source address of its own group so per-address connection limits see ordinary
// clients. Records delivery latency (receipt time minus the event's `ts`, set when it was
// produced) into a 1-ms histogram. Driven over IPC by bench/sections/subscriptions.ts.
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { MsHistogram } from '../lib/stats';

export interface SubscriberSpec {
  coinId: string;
  hydrated: boolean;
  localAddress: string;
}

export interface ConnectCommand {
  type: 'connect';
  url: string;
  subscribers: SubscriberSpec[];
  /** Connection handshakes in flight at once from this process. */
  concurrency: number;
}

export interface ClientReport {
  type: 'report';
  subscribers: number;
  connected: number;
  received: number;
  /** Subscribers that got nothing since counting started. */
  silent: number;
  /** Hydrated subscribers whose result lacked `coin.name`. */
  incomplete: number;
  errors: number;
  closed: number;
  firstError?: string;
  histogram: [number, number][];
}

const query = (coinId: string, hydrated: boolean) =>
  `subscription { priceUpdated(coinIds: [${JSON.stringify(coinId)}]) { coinId price ts${hydrated ? ' coin { name }' : ''} } }`;

interface PriceResult {
  priceUpdated?: { ts: string; coin?: { name?: string | null } | null };
}

const clients: Client[] = [];
const counts: number[] = [];
let histogram = new MsHistogram();
let recording = false;
let received = 0;
let incomplete = 0;
let errors = 0;
let closed = 0;
let connected = 0;
let firstError: string | undefined;
// Closures of sockets this harness disposed (between sizes) are not the gateway's doing.
let generation = 0;

function boundWebSocket(localAddress: string) {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { localAddress });
    }
  };
}

async function connectAll(cmd: ConnectCommand) {
  const gen = generation;
  let next = 0;
  const one = async () => {
    for (let i = next++; i < cmd.subscribers.length; i = next++) {
      const s = cmd.subscribers[i]!;
      const index = counts.length;
      counts.push(0);
      await new Promise<void>((resolve) => {
        let settled = false;
        const settle = () => {
          if (!settled) {
            settled = true;
            resolve();
          }
        };
        const client = createClient({
          url: cmd.url,
          webSocketImpl: boundWebSocket(s.localAddress),
          lazy: false,
          retryAttempts: 0,
          on: {
            connected: () => {
              connected++;
              settle();
            },
            closed: (event) => {
              if (gen !== generation) return settle();
              closed++;
              firstError ??= `closed: ${(event as { code?: number; reason?: string })?.code} ${(event as { reason?: string })?.reason ?? ''}`;
              settle();
            },
            error: (err) => {
              firstError ??= `socket error: ${(err as Error)?.message ?? String(err)}`;
              settle();
            },
          },
        });
        clients.push(client);
        client.subscribe<PriceResult>(
          { query: query(s.coinId, s.hydrated) },
          {
            next: (result) => {
              const now = Date.now();
              const update = result.data?.priceUpdated;
              if (!update) {
                errors++;
                firstError ??= JSON.stringify(result.errors ?? result).slice(0, 500);
                return;
              }
              counts[index]!++;
              if (!recording) return;
              received++;
              histogram.record(now - Date.parse(update.ts));
              if (s.hydrated && !update.coin?.name) incomplete++;
            },
            error: (err) => {
              errors++;
              firstError ??= `subscription error: ${JSON.stringify(err).slice(0, 500)}`;
            },
            complete: () => undefined,
          },
        );
      });
    }
  };
  await Promise.all(Array.from({ length: cmd.concurrency }, one));
}

function report(): ClientReport {
  const sparse: [number, number][] = [];
  histogram.counts.forEach((c, ms) => c && sparse.push([ms, c]));
  return {
    type: 'report',
    subscribers: clients.length,
    connected,
    received,
    silent: counts.filter((c) => c === 0).length,
    incomplete,
    errors,
    closed,
    firstError,
    histogram: sparse,
  };
}

process.on('message', (m: ConnectCommand | { type: 'record' | 'pause' | 'report' | 'reset' | 'close' }) => {
  switch (m.type) {
    case 'connect':
      void connectAll(m).then(() => process.send!({ type: 'connected', connected, closed }));
      break;
    case 'reset':
      counts.fill(0);
      break;
    case 'record':
      histogram = new MsHistogram();
      received = incomplete = 0;
      counts.fill(0);
      recording = true;
      break;
    case 'pause':
      recording = false;
      break;
    case 'report':
      process.send!(report());
      break;
    case 'close':
      generation++;
      void Promise.all(clients.map((c) => c.dispose())).then(() => {
        clients.length = 0;
        counts.length = 0;
        connected = closed = errors = 0;
        firstError = undefined;
        process.send!({ type: 'closed' });
      });
      break;
  }
});
process.send!({ type: 'ready' });
// Gone with the harness: never outlive it.
process.on('disconnect', () => process.exit(0));
