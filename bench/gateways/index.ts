import path from 'node:path';
import { freePort, NodeChild, REPO, waitForHttp } from '../lib/proc';

export type GatewayId = 'ours' | 'ours-semispace' | 'apollo' | 'hive' | 'hive-tuned';

export const GATEWAY_LABELS: Record<GatewayId, string> = {
  ours: 'ours (gateway/main.ts, production settings)',
  'ours-semispace': 'ours with node --max-semi-space-size=64 (a larger young generation: fewer scavenges)',
  apollo: '@apollo/gateway + @apollo/server standalone, defaults',
  hive: '@graphql-hive/gateway CLI, defaults',
  'hive-tuned': '@graphql-hive/gateway CLI, --jit + inbound de-duplication (public benchmark settings)',
};

export interface GatewayEnvironment {
  supergraphPath: string;
  /** Forward the caller's authorization header to subgraphs (Apollo and Hive need configuring). */
  forwardAuthorization: boolean;
  jwtPublicKeyPem: string;
  kafkaBrokers: string;
  redisUrl: string;
}

export interface RunningGateway {
  id: GatewayId;
  child: NodeChild;
  port: number;
  url: string;
}

/** Starts one gateway in its own process and waits until it answers a query. */
export async function launchGateway(
  id: GatewayId,
  env: GatewayEnvironment,
  options: { nodeArgs?: string[]; port?: number; inspectPort?: number } = {},
): Promise<RunningGateway> {
  const port = options.port ?? (await freePort());
  if (options.inspectPort)
    options = {
      ...options,
      nodeArgs: [...(options.nodeArgs ?? []), `--inspect=127.0.0.1:${options.inspectPort}`],
    };
  const common = { NODE_ENV: 'production', PORT: String(port), SUPERGRAPH_PATH: env.supergraphPath };
  let child: NodeChild;
  if (id === 'ours' || id === 'ours-semispace') {
    child = new NodeChild(id, path.join(REPO, 'gateway/main.ts'), {
      nodeArgs: [
        ...(id === 'ours-semispace' ? ['--max-semi-space-size=64'] : []),
        ...(options.nodeArgs ?? []),
      ],
      env: {
        ...common,
        KAFKA_BROKERS: env.kafkaBrokers,
        REDIS_URL: env.redisUrl,
        JWT_PUBLIC_KEY: env.jwtPublicKeyPem,
        LOG_LEVEL: 'warn',
        INTROSPECTION: 'false',
      },
    });
  } else if (id === 'apollo') {
    child = new NodeChild(id, path.join(__dirname, 'apollo.ts'), {
      nodeArgs: options.nodeArgs,
      env: { ...common, FORWARD_AUTHORIZATION: env.forwardAuthorization ? '1' : '0' },
    });
  } else {
    // The CLI as users run it; tsx only so it can load the TypeScript config file.
    child = new NodeChild(id, path.join(REPO, 'node_modules/@graphql-hive/gateway/dist/bin.js'), {
      nodeArgs: ['--import', 'tsx', ...(options.nodeArgs ?? [])],
      args: [
        'supergraph',
        env.supergraphPath,
        '--port',
        String(port),
        '--host',
        '127.0.0.1',
        '-c',
        path.join(__dirname, 'hive.config.ts'),
      ],
      env: {
        ...common,
        FORWARD_AUTHORIZATION: env.forwardAuthorization ? '1' : '0',
        HIVE_TUNED: id === 'hive-tuned' ? '1' : '0',
      },
    });
  }
  const url = `http://127.0.0.1:${port}/graphql`;
  try {
    await waitForQuery(url, 60_000, child);
  } catch (err) {
    await child.stop(2000);
    throw err;
  }
  return { id, child, port, url };
}

async function waitForQuery(url: string, timeoutMs: number, child: NodeChild) {
  await waitForHttp(url.replace('/graphql', '/health'), 5_000, child).catch(() => undefined);
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (!child.alive)
      throw new Error(`${child.name} exited before answering\n${child.recentOutput.slice(-4000)}`);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ __typename }"}',
        signal: AbortSignal.timeout(2000),
      });
      const body = await res.text();
      if (res.ok && body.includes('"Query"')) return;
      last = `HTTP ${res.status} ${body.slice(0, 300)}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `${child.name}: no answer at ${url} after ${timeoutMs} ms (${last})\n${child.recentOutput.slice(-4000)}`,
  );
}
