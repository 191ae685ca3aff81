// Shared set-up for the gateway's end-to-end tests (issue 8): the five real subgraphs on the
// real PostgreSQL, Redis and Kafka, and extra gateways started with the options a test needs.
import { randomUUID } from 'node:crypto';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { generateKeyPairPem, privateKeyFromPem, signAccessToken } from '../../lib/auth';
import { KafkaBus, type EventBus } from '../../lib/events';
import { createLogger, type Logger } from '../../lib/logger';
import { composeSupergraph } from '../../gateway/compose';
import { startGateway, type GatewayOptions, type RunningGateway } from '../../gateway/server';
import { startPlatform, type Platform } from '../../scripts/platform';
import { gql, uniqueEmail } from '../support/client';
import { priceEvent } from '../support/events';
import { DATABASE_URL, KAFKA_BROKERS, REDIS_URL, waitFor } from '../support/servers';

export const silent: Logger = createLogger('e2e', 'silent');

export { priceEvent };

/** A bus on the real Kafka: a gateway's (with `closeBus: true`) or a test's producer. */
export const kafkaBus = (clientId: string) => new KafkaBus({ brokers: KAFKA_BROKERS, clientId, log: silent });

export interface Stack {
  platform: Platform;
  privateKeyPem: string;
  /** Subgraph URLs by name, as the platform started them. */
  urls: Record<string, string>;
  /** A gateway over the platform's subgraphs; `urls` replaces some (e.g. with a recording proxy). */
  gateway(
    options: Partial<GatewayOptions> & { bus: EventBus; urls?: Record<string, string> },
  ): Promise<RunningGateway>;
  close(): Promise<void>;
}

/** Starts the platform (its own gateway stays unused) and hands out extra gateways. */
export async function startStack(): Promise<Stack> {
  const pair = generateKeyPairPem();
  const platform = await startPlatform({
    databaseUrl: DATABASE_URL,
    redisUrl: REDIS_URL,
    kafkaBrokers: KAFKA_BROKERS,
    authRateLimitPerMinute: 100_000, // many sign-ups from one address; limits are tested elsewhere
    jwt: { privateKeyPem: pair.privateKey, publicKeyPem: pair.publicKey },
    gatewayPort: 0,
    log: silent,
  });
  const urls = Object.fromEntries(Object.entries(platform.subgraphs).map(([name, s]) => [name, s.url]));
  const gateways: RunningGateway[] = [];
  return {
    platform,
    privateKeyPem: pair.privateKey,
    urls,
    async gateway({ urls: overrides, ...options }) {
      const all = { ...urls, ...overrides };
      const gateway = await startGateway({
        port: 0,
        host: '127.0.0.1',
        supergraphSdl: composeSupergraph((name) => all[name]!),
        jwtPublicKey: platform.runtime.jwtPublicKey,
        log: silent,
        introspection: true,
        ...options,
      });
      gateways.push(gateway);
      return gateway;
    },
    async close() {
      await Promise.allSettled(gateways.map((g) => g.close()));
      await platform.close();
    },
  };
}

/** A stack with one gateway on the real Kafka and a producer, for a file that needs no more. */
export interface KafkaGateway {
  gateway: RunningGateway;
  producer: KafkaBus;
  /** Closes the producer, then the gateway (and its bus) and the platform. */
  close(): Promise<void>;
}

/** Starts a stack and its Kafka gateway (`options` on top); `name` names their Kafka clients. */
export async function startKafkaGateway(
  name: string,
  options: Partial<GatewayOptions> = {},
): Promise<KafkaGateway> {
  const stack = await startStack();
  try {
    const gateway = await stack.gateway({ bus: kafkaBus(`e2e-gateway-${name}`), closeBus: true, ...options });
    const producer = kafkaBus(`e2e-producer-${name}`);
    return {
      gateway,
      producer,
      async close() {
        await producer.close();
        await stack.close();
      },
    };
  } catch (err) {
    await stack.close();
    throw err;
  }
}

/**
 * Publishes warm-up prices for `coinId` until `ready()` holds: until the gateway's consumer group
 * has its partitions, events pass before the bridge reads them.
 */
export async function warmUp(producer: EventBus, coinId: string, ready: () => boolean) {
  await waitFor(
    async () => {
      if (ready()) return true;
      await producer.publish('price_updates', priceEvent(coinId, '1'));
      await new Promise((r) => setTimeout(r, 300));
      return undefined;
    },
    30_000,
    'subscriptions to go live',
  );
}

/** A random documentation-range address, so counters never meet another test's (or run's). */
export function randomClient(): string {
  return `198.51.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`;
}

/** Registers a user (as `client`, through a trusted loopback proxy) and returns its token. */
export async function signUp(
  url: string,
  client = randomClient(),
): Promise<{ token: string; userId: string }> {
  const res = await gql<{ register: { accessToken: string; user: { id: string } } }>(
    url,
    'mutation($i: RegisterInput!) { register(input: $i) { accessToken user { id } } }',
    { i: { email: uniqueEmail('gw'), password: 'correct horse battery staple' } },
    { headers: { 'x-forwarded-for': client } },
  );
  if (!res.data?.register) throw new Error(`register failed: ${JSON.stringify(res.errors)}`);
  return { token: res.data.register.accessToken, userId: res.data.register.user.id };
}

/** An access token for `userId` that expires in `seconds` (signed with the platform's key). */
export async function shortLivedToken(
  privateKeyPem: string,
  userId: string,
  seconds: number,
): Promise<string> {
  const lifetime = 15 * 60;
  const now = Math.floor(Date.now() / 1000) - lifetime + seconds;
  return (await signAccessToken(privateKeyFromPem(privateKeyPem), { id: userId, role: 'USER' }, now)).token;
}

/** A coin id no other test publishes, so foreign events on the shared topic never match. */
export const uniqueCoin = (prefix = 'e2e-coin') => `${prefix}-${randomUUID().slice(0, 8)}`;

export interface RecordedRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * An HTTP proxy in front of one subgraph that records every request (headers and body) and
 * can delay answers; it also reports how many connections the gateway held open at most.
 */
export async function recordingProxy(target: string, options: { delayMs?: number } = {}) {
  const requests: RecordedRequest[] = [];
  let open = 0;
  let maxOpen = 0;
  let delayMs = options.delayMs ?? 0;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    requests.push({ headers: req.headers, body });
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    try {
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(
          ([k]) => !['host', 'connection', 'content-length', 'keep-alive'].includes(k),
        ),
      ) as Record<string, string>;
      const upstream = await fetch(new URL(req.url ?? '/', target), {
        method: req.method,
        headers,
        body: req.method === 'POST' ? body : undefined,
      });
      const text = await upstream.text();
      res.writeHead(upstream.status, {
        'content-type': upstream.headers.get('content-type') ?? 'application/json',
      });
      res.end(text);
    } catch {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    }
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => {
    open++;
    maxOpen = Math.max(maxOpen, open);
    socket.once('close', () => open--);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    requests,
    maxOpenConnections: () => maxOpen,
    setDelay: (ms: number) => (delayMs = ms),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A TCP relay that can cut every connection and refuse new ones (a network outage to one server). */
export async function tcpRelay(targetHost: string, targetPort: number) {
  let up = true;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (!up) return client.destroy();
    const upstream = net.connect(targetPort, targetHost);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    cut() {
      up = false;
      for (const s of sockets) s.destroy();
    },
    restore() {
      up = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Reads one counter or gauge sample from a Prometheus text exposition. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  let found = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const match = /^[^{ ]+(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const present = Object.fromEntries(
      [...(match[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]),
    );
    if (Object.entries(labels).every(([k, v]) => present[k] === v)) {
      total += Number(match[2]);
      found = true;
    }
  }
  return found ? total : NaN;
}

export async function metricsOf(baseUrl: string): Promise<string> {
  return (await fetch(new URL('/metrics', baseUrl))).text();
}
