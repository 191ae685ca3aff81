/**
 * `npm run bench`: every benchmark of the platform in one bounded run.
 *
 *   1. public  — the standard federation workload (four in-memory subgraphs, the nested query),
 *                ours vs @apollo/gateway (defaults) vs Hive Gateway, side by side.
 *   2. platform — the platform's own federated query across five subgraphs on real PostgreSQL,
 *                Redis and Kafka, with a unique authorization header per request.
 *   3. profiles — `node --cpu-prof` of the gateways under both workloads, summarised.
 *   4. subscriptions — 1,000 / 5,000 / 10,000 graphql-ws subscribers on one gateway process.
 *   5. domains — bench/market-data, analytics and sentiment (owned by their issues).
 * Results: bench/results/*.json; the summary tables: BENCHMARKS.md (between its markers).
 *
 * Options: --only public,platform,profiles,subscriptions,domains   --quick (a short smoke run)
 *   --gateways ours,apollo,hive,hive-tuned   --slice 5 --rounds 3 --warmup 5 --connections 50
 *   --subscribers 1000,5000,10000 --sub-measure 15   --max-minutes 30
 * Needs PostgreSQL, Redis and Kafka for platform and subscriptions: `scripts/infra up` is run
 * when they are not reachable (DATABASE_URL, REDIS_URL, KAFKA_BROKERS override the addresses).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateKeyPairPem, privateKeyFromPem, signAccessToken } from '../lib/auth';
import { composePublicSupergraph } from './federation/compose';
import { PUBLIC_QUERY } from './federation/subgraphs';
import type { GatewayId } from './gateways';
import { LoadGenerator } from './lib/load';
import { machineInfo, type MachineInfo } from './lib/machine';
import { freePort, NodeChild, REPO } from './lib/proc';
import type { ProfileSummary } from './lib/profile';
import type { HostCounters, HostReady } from './platform/host';
import { PLATFORM_QUERY } from './platform/query';
import { writeReport } from './report';
import { DOMAINS, runDomains } from './sections/domains';
import {
  profileGateway,
  runWorkload,
  type RunPlan,
  type WorkloadResult,
  type WorkloadSpec,
} from './sections/gateways';
import { runSubscriptions } from './sections/subscriptions';

const SECTIONS = ['public', 'platform', 'profiles', 'subscriptions', 'domains'] as const;
type Section = (typeof SECTIONS)[number];

const { values: opts } = parseArgs({
  options: {
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    gateways: { type: 'string', default: 'ours,apollo,hive,hive-tuned' },
    slice: { type: 'string' },
    rounds: { type: 'string' },
    warmup: { type: 'string' },
    connections: { type: 'string', default: '50' },
    subscribers: { type: 'string' },
    'sub-measure': { type: 'string' },
    'max-minutes': { type: 'string', default: '30' },
  },
});

const RESULTS = path.join(REPO, 'bench/results');
const WORK = path.join(REPO, 'bench/.work');
const sections = new Set<Section>((opts.only?.split(',') as Section[] | undefined) ?? SECTIONS);
const gateways = opts.gateways!.split(',') as GatewayId[];
const quick = opts.quick!;
const plan: RunPlan = {
  connections: Number(opts.connections),
  warmupS: Number(opts.warmup ?? (quick ? 2 : 5)),
  sliceS: Number(opts.slice ?? (quick ? 3 : 5)),
  rounds: Number(opts.rounds ?? (quick ? 1 : 3)),
  fixedRateFraction: 0.5,
  fixedRateSliceS: quick ? 3 : 6,
};
const started = Date.now();
const log = (s: string) =>
  console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`);

function writeJson(name: string, value: unknown) {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(path.join(RESULTS, name), JSON.stringify(value, null, 2) + '\n');
}

function reachable(hostPort: string): Promise<boolean> {
  const [host, port] = hostPort.split(':');
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port), timeout: 1500 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

/** PostgreSQL, Redis and Kafka addresses; runs `scripts/infra up` when one is not reachable. */
async function infrastructure() {
  const env = {
    DATABASE_URL:
      process.env.DATABASE_URL ?? 'postgresql://crypto_user:crypto_password@127.0.0.1:5432/crypto_db',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
  };
  const addresses = [
    new URL(env.DATABASE_URL).host,
    new URL(env.REDIS_URL).host,
    ...env.KAFKA_BROKERS.split(','),
  ];
  const up = await Promise.all(addresses.map(reachable));
  if (!up.every(Boolean)) {
    log('PostgreSQL, Redis or Kafka not reachable: running scripts/infra up');
    execFileSync('bash', [path.join(REPO, 'scripts/infra'), 'up'], { stdio: 'inherit', timeout: 600_000 });
  }
  return env;
}

async function mintTokens(privateKeyPem: string, userId: string, count: number, file: string) {
  const key = privateKeyFromPem(privateKeyPem);
  const lines: string[] = [];
  for (let i = 0; i < count; i++)
    lines.push((await signAccessToken(key, { id: userId, role: 'USER' })).token);
  writeFileSync(file, lines.join('\n') + '\n');
}

/** A profile is worth having, not worth failing the run for. */
async function profile(run: () => Promise<ProfileSummary[]>): Promise<ProfileSummary[]> {
  try {
    return await run();
  } catch (err) {
    log(`  profiling failed: ${(err as Error).message.split('\n')[0]}`);
    return [];
  }
}

async function main() {
  const machine: MachineInfo = machineInfo();
  log(
    `${machine.cpu}, ${machine.cores} cores, load average ${machine.loadAverageAtStart.join(' ')}; sections: ${[...sections].join(', ')}`,
  );
  mkdirSync(WORK, { recursive: true });
  const load = new LoadGenerator({ clients: 2, addressesPerClient: 4 });
  await load.start();
  log(`load clients on ${load.addresses.map((a) => a.join(',')).join(' | ')}`);
  const profiles: ProfileSummary[] = [];
  const profileConnections = plan.connections;
  const profileSeconds = quick ? 4 : 10;
  let host: NodeChild | undefined;
  try {
    const needsInfra = ['public', 'platform', 'subscriptions', 'profiles'].some((s) =>
      sections.has(s as Section),
    );
    const infra = needsInfra ? await infrastructure() : undefined;
    const ourKeys = generateKeyPairPem();

    if (sections.has('public') || (sections.has('profiles') && !sections.has('platform'))) {
      log('public workload: four in-memory subgraphs, the nested query');
      const subgraphs = new NodeChild('public-subgraphs', path.join(__dirname, 'federation/serve.ts'));
      const { urls } = await subgraphs.waitFor(
        (m) =>
          (m as { type?: string }).type === 'ready' ? (m as { urls: Record<string, string> }) : undefined,
        60_000,
        'subgraphs',
      );
      const dir = path.join(WORK, 'public');
      mkdirSync(dir, { recursive: true });
      const supergraphPath = path.join(dir, 'supergraph.graphql');
      writeFileSync(supergraphPath, composePublicSupergraph(urls));
      copyFileSync(
        path.join(__dirname, 'federation/supergraph.limits.yaml'),
        path.join(dir, 'supergraph.limits.yaml'),
      );
      const spec: WorkloadSpec = {
        name: 'public',
        title: 'Public workload: accounts, inventory, products, reviews; the nested query (issue 11)',
        query: PUBLIC_QUERY,
        gatewayEnv: {
          supergraphPath,
          forwardAuthorization: false,
          jwtPublicKeyPem: ourKeys.publicKey,
          kafkaBrokers: infra!.KAFKA_BROKERS,
          redisUrl: infra!.REDIS_URL,
        },
        gateways,
        subgraphPids: [subgraphs.pid],
        backendCounters: () => {
          const answer = subgraphs.waitFor(
            (m) =>
              (m as { type?: string }).type === 'counters' ? (m as { subgraphRequests: number }) : undefined,
            10_000,
            'counters',
          );
          subgraphs.send({ type: 'counters' });
          return answer.then(({ subgraphRequests }) => ({ subgraphRequests }));
        },
      };
      await load.useTokens(null);
      try {
        if (sections.has('public')) {
          const result = await runWorkload(spec, plan, load, log);
          writeJson('gateways-public.json', { machine, workload: result } satisfies {
            machine: MachineInfo;
            workload: WorkloadResult;
          });
        }
        if (sections.has('profiles'))
          for (const id of gateways.filter((g) => g !== 'hive-tuned'))
            profiles.push(
              ...(await profile(() =>
                profileGateway(id, spec, load, profileSeconds, profileConnections, log),
              )),
            );
      } finally {
        await subgraphs.stop();
      }
    }

    if (sections.has('platform') || sections.has('subscriptions')) {
      log('platform: five subgraphs on PostgreSQL, Redis and Kafka; seeding a user and a portfolio');
      const keys = generateKeyPairPem();
      const hostInspectPort = await freePort();
      host = new NodeChild('platform', path.join(__dirname, 'platform/host.ts'), {
        env: { ...infra, BENCH_JWT_PRIVATE_KEY: keys.privateKey, BENCH_JWT_PUBLIC_KEY: keys.publicKey },
        // For profiling the subgraphs over a measured window (DevTools protocol; idle otherwise).
        nodeArgs: sections.has('profiles') ? [`--inspect=127.0.0.1:${hostInspectPort}`] : [],
      });
      const platformHost = host;
      const ready = await host.waitFor(
        (m) => ((m as { type?: string }).type === 'ready' ? (m as HostReady) : undefined),
        180_000,
        'the platform',
      );
      const dir = path.join(WORK, 'platform');
      mkdirSync(dir, { recursive: true });
      const supergraphPath = path.join(dir, 'supergraph.graphql');
      writeFileSync(supergraphPath, ready.supergraphSdl);
      // The platform's production limits, beside the benchmark's copy of its supergraph.
      copyFileSync(
        path.join(REPO, 'gateway/supergraph.limits.yaml'),
        path.join(dir, 'supergraph.limits.yaml'),
      );
      const gatewayEnv = {
        supergraphPath,
        forwardAuthorization: true,
        jwtPublicKeyPem: keys.publicKey,
        kafkaBrokers: infra!.KAFKA_BROKERS,
        redisUrl: infra!.REDIS_URL,
      };
      if (sections.has('platform') || sections.has('profiles')) {
        const count = quick ? 5_000 : 40_000;
        log(`minting ${count} access tokens (a unique authorization header per request)`);
        const tokensFile = path.join(dir, 'tokens.txt');
        await mintTokens(keys.privateKey, ready.userId, count, tokensFile);
        const check = await signAccessToken(privateKeyFromPem(keys.privateKey), {
          id: ready.userId,
          role: 'USER',
        });
        await load.useTokens(tokensFile);
        const spec: WorkloadSpec = {
          name: 'platform',
          title: `Platform workload: me → portfolios → holdings (${ready.portfolioCoins.length} coins) → coin → quote, sentiment, analytics`,
          query: PLATFORM_QUERY,
          gatewayEnv,
          gateways,
          subgraphPids: [host.pid],
          checkAuthorization: `Bearer ${check.token}`,
          backendCounters: () => {
            const answer = platformHost.waitFor(
              (m) => ((m as { type?: string }).type === 'counters' ? (m as HostCounters) : undefined),
              10_000,
              'counters',
            );
            platformHost.send({ type: 'counters' });
            return answer.then(({ subgraphRequests, sql, redis }) => ({ subgraphRequests, sql, redis }));
          },
        };
        if (sections.has('platform')) {
          const result = await runWorkload(spec, plan, load, log);
          writeJson('gateways-platform.json', { machine, workload: result });
        }
        // Ours, and the subgraphs' process over the same window (it bounds this workload's throughput).
        if (sections.has('profiles'))
          profiles.push(
            ...(await profile(() =>
              profileGateway('ours', spec, load, profileSeconds, profileConnections, log, [
                { name: 'subgraphs-platform', inspectPort: hostInspectPort },
              ]),
            )),
          );
        await load.useTokens(null);
      }
      if (sections.has('subscriptions')) {
        log('subscriptions: graphql-ws subscribers on one gateway process, events through Kafka');
        const counts = (opts.subscribers ?? (quick ? '1000' : '1000,5000,10000')).split(',').map(Number);
        const subPlan = {
          counts,
          clientProcesses: 4,
          perAddress: 40,
          eventsPerSecond: 50,
          coins: ready.coins,
          measureS: Number(opts['sub-measure'] ?? (quick ? 5 : 15)),
          settleS: 3,
        };
        const runs = await runSubscriptions(subPlan, gatewayEnv, infra!.KAFKA_BROKERS.split(','), log);
        writeJson('subscriptions.json', { machine, plan: { ...subPlan, coins: subPlan.coins.length }, runs });
      }
    }
    if (profiles.length)
      writeJson('profiles.json', {
        machine,
        seconds: profileSeconds,
        connections: profileConnections,
        profiles,
      });
  } finally {
    if (host?.alive) {
      host.send({ type: 'cleanup' });
      await host.waitFor(() => undefined, 30_000, 'cleanup').catch(() => undefined);
      await host.stop();
    }
    await load.close();
  }

  if (sections.has('domains')) {
    log('domain benchmarks');
    const runs = await runDomains(DOMAINS, quick ? 120 : 240, log);
    writeJson('domains-run.json', { date: new Date().toISOString(), runs });
  }
  machine.loadAverageAtEnd = machineInfo().loadAverageAtStart;
  writeReport(machine);
  log(`done: BENCHMARKS.md and bench/results/ written`);
}

const watchdog = setTimeout(
  () => {
    log(`stopping: the run exceeded --max-minutes ${opts['max-minutes']}`);
    NodeChild.killAll();
    process.exit(2);
  },
  Number(opts['max-minutes']) * 60_000,
);
watchdog.unref();
process.once('SIGINT', () => {
  NodeChild.killAll();
  process.exit(130);
});

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err);
    NodeChild.killAll();
    process.exit(1);
  },
);
