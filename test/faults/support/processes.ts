// The platform as it runs in a cluster: one OS process per service, started from its real entry
// point (`gateway/main.ts`, `subgraphs/<name>/main.ts`) with a cluster-mode environment, so that
// tests can SIGTERM, SIGSTOP and SIGKILL one service and watch the others.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { generateKeyPairPem } from '../../../lib/auth';
import { SUBGRAPHS } from '../../../gateway/subgraphs';
import type { FaultServers } from './infra';
import { REPO_ROOT } from './infra';

export type SubgraphService = (typeof SUBGRAPHS)[number]['name'];
export type ServiceName = 'gateway' | SubgraphService;
export const SUBGRAPH_NAMES: SubgraphService[] = SUBGRAPHS.map((s) => s.name);

const entryOf = (name: ServiceName) =>
  path.join(REPO_ROOT, name === 'gateway' ? 'gateway/main.ts' : `subgraphs/${name}/main.ts`);

export interface ServiceProcess {
  name: ServiceName;
  port: number;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `<origin>/graphql` */
  url: string;
  child: ChildProcess;
  pid: number;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last 64 kB of its stdout and stderr (JSON log lines), for assertions and diagnostics. */
  output(): string;
  /** The V8 inspector's WebSocket URL, when started with `inspect`. */
  inspectorUrl?: string;
}

// Ports already handed out: the probe socket is closed before the service binds, so the kernel
// may offer the same port again; two services on one port would let a health check answered by
// one pass for the other.
const handedOut = new Set<number>();

/** A free TCP port on 127.0.0.1, never handed out before here (nor 4001-4005 / 8000). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port: p } = server.address() as net.AddressInfo;
        server.close(() => resolve(p));
      });
    });
    if (port !== 8000 && (port < 4001 || port > 4005) && !handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** GET `<origin><path>`; undefined when nothing answers within `timeoutMs`. */
export async function httpGet(
  url: string,
  timeoutMs = 2000,
): Promise<{ status: number; body: Record<string, unknown> } | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = { text };
    }
    return { status: res.status, body };
  } catch {
    return undefined;
  }
}

/**
 * Starts one service with `node --import tsx <entry>` (the node process is the service itself, so
 * signals reach it directly) and resolves once its `/health` answers 200.
 */
export async function spawnService(
  name: ServiceName,
  env: Record<string, string>,
  options: { port: number; inspect?: boolean; readyTimeoutMs?: number },
): Promise<ServiceProcess> {
  const { DATABASE_URL: _d, REDIS_URL: _r, KAFKA_BROKERS: _k, ...inherited } = process.env;
  const args = [...(options.inspect ? ['--inspect=127.0.0.1:0'] : []), '--import', 'tsx', entryOf(name)];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...inherited, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env, PORT: String(options.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let buffer = '';
  let inspectorUrl: string | undefined;
  const append = (chunk: Buffer) => {
    buffer = (buffer + chunk.toString('utf8')).slice(-65_536);
    inspectorUrl ??= /Debugger listening on (ws:\/\/\S+)/.exec(buffer)?.[1];
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    }),
  );
  const origin = `http://127.0.0.1:${options.port}`;
  const service: ServiceProcess = {
    name,
    port: options.port,
    origin,
    url: `${origin}/graphql`,
    child,
    pid: child.pid!,
    exited,
    output: () => buffer,
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 45_000);
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    if (gone) throw new Error(`${name} exited during start-up:\n${buffer}`);
    if ((await httpGet(`${origin}/health`, 1000))?.status === 200) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not answer /health on port ${options.port} in time:\n${buffer}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  if (options.inspect) service.inspectorUrl = inspectorUrl;
  return service;
}

/** Sends SIGTERM and waits for the exit; SIGKILL after `timeoutMs`. */
export async function terminate(
  service: ServiceProcess,
  timeoutMs = 30_000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  const started = Date.now();
  if (service.child.exitCode === null && service.child.signalCode === null) {
    service.child.kill('SIGCONT'); // a paused process cannot handle SIGTERM
    service.child.kill('SIGTERM');
  }
  const timer = setTimeout(() => service.child.kill('SIGKILL'), timeoutMs);
  const result = await service.exited;
  clearTimeout(timer);
  return { ...result, ms: Date.now() - started };
}

export interface PlatformProcessOptions {
  /** `simulator` runs market-data's offline feed; `none` serves stored prices only. */
  marketProvider?: 'simulator' | 'none';
  /** How many gateway replicas (each its own process and port). */
  gateways?: number;
  /** Extra environment per service. */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Start every process with the V8 inspector on a free port (heap measurements). */
  inspect?: boolean;
}

export interface ProcessPlatform {
  subgraphs: Record<SubgraphService, ServiceProcess>;
  gateways: ServiceProcess[];
  /** The first gateway's `/graphql`. */
  url: string;
  /** Starts a service again on its port with its environment (after a stop or crash). */
  restart(name: ServiceName, replica?: number): Promise<ServiceProcess>;
  /** SIGTERM every process; resolves when all have exited. */
  stop(): Promise<void>;
  jwt: { privateKeyPem: string; publicKeyPem: string };
}

/** Starts the five subgraphs and the gateway(s) as separate processes on `servers`. */
export async function spawnPlatform(
  servers: FaultServers,
  options: PlatformProcessOptions = {},
): Promise<ProcessPlatform> {
  const pair = generateKeyPairPem();
  const jwt = { privateKeyPem: pair.privateKey, publicKeyPem: pair.publicKey };
  const common: Record<string, string> = {
    DATABASE_URL: servers.databaseUrl,
    REDIS_URL: servers.redisUrl,
    KAFKA_BROKERS: servers.kafkaBrokers.join(','),
    JWT_PUBLIC_KEY: jwt.publicKeyPem,
    DB_POOL_SIZE: '5',
  };
  const ports = new Map<string, number>();
  for (const name of SUBGRAPH_NAMES) ports.set(name, await freePort());
  const gatewayCount = options.gateways ?? 1;
  for (let i = 0; i < gatewayCount; i++) ports.set(`gateway#${i}`, await freePort());

  const envOf = (name: ServiceName): Record<string, string> => {
    const own: Record<string, string> = {};
    if (name === 'users')
      Object.assign(own, { JWT_SECRET_KEY: jwt.privateKeyPem, ADMIN_EMAILS: 'admin@example.com' });
    if (name === 'market-data') own.MARKET_PROVIDER = options.marketProvider ?? 'none';
    if (name === 'gateway') {
      for (const s of SUBGRAPHS) own[s.urlEnv] = `http://127.0.0.1:${ports.get(s.name)}/graphql`;
    }
    return { ...common, ...own, ...options.env?.[name] };
  };
  const start = (name: ServiceName, replica = 0) =>
    spawnService(name, envOf(name), {
      port: ports.get(name === 'gateway' ? `gateway#${replica}` : name)!,
      inspect: options.inspect,
    });

  const results = await Promise.allSettled([
    ...SUBGRAPH_NAMES.map((n) => start(n)),
    ...Array.from({ length: gatewayCount }, (_, i) => start('gateway', i)),
  ]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  const startedOk = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (failed) {
    await Promise.all(startedOk.map((s) => terminate(s, 10_000)));
    throw failed.reason;
  }
  const subgraphs = Object.fromEntries(
    startedOk.slice(0, SUBGRAPH_NAMES.length).map((s) => [s.name, s]),
  ) as Record<SubgraphService, ServiceProcess>;
  const gateways = startedOk.slice(SUBGRAPH_NAMES.length);
  const platform: ProcessPlatform = {
    subgraphs,
    gateways,
    url: gateways[0]!.url,
    jwt,
    async restart(name, replica = 0) {
      const service = await start(name, replica);
      if (name === 'gateway') gateways[replica] = service;
      else subgraphs[name] = service;
      return service;
    },
    async stop() {
      await Promise.all([...gateways, ...Object.values(subgraphs)].map((s) => terminate(s, 30_000)));
    },
  };
  return platform;
}
