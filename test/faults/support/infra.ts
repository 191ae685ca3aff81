// The fault tests' own PostgreSQL, Redis and Kafka: `scripts/infra` with INFRA_INSTANCE, on ports
// next to the shared servers. Tests stop, pause and restart these freely; the shared servers that
// every other test uses are never touched.
import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
/** Instance name (`.data/instances/<name>`); FAULTS_INFRA_INSTANCE picks another, e.g. for the soak. */
export const INSTANCE = process.env.FAULTS_INFRA_INSTANCE ?? 'faults';
const INFRA = path.join(REPO_ROOT, 'scripts', 'infra');

export type Server = 'postgres' | 'redis' | 'kafka';

export interface FaultServers {
  databaseUrl: string;
  redisUrl: string;
  kafkaBrokers: string[];
}

function infraEnv(): NodeJS.ProcessEnv {
  // The shared servers' URLs in our environment must not leak into the instance's commands.
  const { DATABASE_URL: _d, REDIS_URL: _r, KAFKA_BROKERS: _k, ...rest } = process.env;
  return { ...rest, INFRA_INSTANCE: INSTANCE };
}

/** Runs `scripts/infra <args>` on the fault instance; rejects with its stderr on failure. */
export async function infra(...args: string[]): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)('bash', [INFRA, ...args], {
      env: infraEnv(),
      cwd: REPO_ROOT,
      timeout: 180_000,
      maxBuffer: 10 * 1024 * 1024,
    });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`scripts/infra ${args.join(' ')} failed: ${e.message}\n${e.stderr ?? ''}`);
  }
}

let servers: FaultServers | undefined;
/** The instance's addresses (as `scripts/infra env` prints them). */
export function faultServers(): FaultServers {
  if (servers) return servers;
  const out = execFileSync('bash', [INFRA, 'env'], { env: infraEnv(), encoding: 'utf8' });
  const vars = Object.fromEntries(
    [...out.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!.replace(/^'(.*)'$/, '$1')]),
  );
  servers = {
    databaseUrl: vars.DATABASE_URL!,
    redisUrl: vars.REDIS_URL!,
    kafkaBrokers: vars.KAFKA_BROKERS!.split(','),
  };
  return servers;
}

/** Stops a server and resolves when it is down. */
export const stopServer = (server: Server) => infra('stop', server);
/** Starts a server and resolves once it serves requests again (Kafka: an ApiVersions round trip). */
export const startServer = (server: Server) => infra('start', server);
/** SIGSTOP every process of a server: connections stay open, nothing answers. */
export const pauseServer = (server: Server) => infra('pause', server);
export const resumeServer = (server: Server) => infra('resume', server);
