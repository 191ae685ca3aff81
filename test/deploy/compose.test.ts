// docker-compose.yml: valid for Compose 1.29 (Debian's docker-compose, no Docker engine needed),
// the whole stack with the gateway on 8000, and a start-up order enforced by depends_on conditions.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './manifests';

interface ComposeService {
  image?: string;
  build?: { context: string; target?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: Record<string, unknown> & { test?: string[] };
  restart?: string;
}

const COMPOSE_FILE = path.join(REPO_ROOT, 'docker-compose.yml');
const compose = parse(readFileSync(COMPOSE_FILE, 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = compose.services;
const service = (name: string): ComposeService => {
  const s = services[name];
  if (!s) throw new Error(`compose service ${name} missing`);
  return s;
};
const text = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(' ') : (v ?? ''));

const APPS = {
  'api-gateway': 8000,
  'user-service': 4001,
  'market-data-service': 4002,
  'analytics-service': 4003,
  'sentiment-service': 4004,
  'portfolio-service': 4005,
} as const;
const SUBGRAPHS = Object.keys(APPS).filter((n) => n !== 'api-gateway');

const hasDockerCompose = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).error === undefined;
const withDockerCompose = hasDockerCompose ? it : it.skip;
if (!hasDockerCompose) {
  console.warn(
    'docker-compose is not installed: skipping `docker-compose config -q` (apt-get install -y docker-compose)',
  );
}

describe('docker-compose.yml', () => {
  withDockerCompose('passes `docker-compose -f docker-compose.yml config -q` (Compose 1.29)', () => {
    const result = spawnSync('docker-compose', ['-f', COMPOSE_FILE, 'config', '-q'], { encoding: 'utf8' });
    // On failure the diff shows Compose's reasons.
    expect({ status: result.status, stderr: result.stderr }).toEqual({
      status: 0,
      stderr: expect.any(String),
    });
  });

  it('runs the whole stack: stores, Kafka, the one-shot steps and the six services', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['postgres', 'redis', 'kafka', 'kafka-topics', 'migrate', ...Object.keys(APPS)].sort(),
    );
  });

  it('publishes the gateway on port 8000 and nothing else', () => {
    for (const [name, s] of Object.entries(services)) {
      expect([name, s.ports]).toEqual([name, name === 'api-gateway' ? ['8000:8000'] : undefined]);
    }
  });

  it('builds each service from its Dockerfile target under the guide’s image name, on its port', () => {
    const dockerfile = readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');
    for (const [name, port] of Object.entries(APPS)) {
      const s = service(name);
      expect(s.image).toBe(`crypto-${name}:latest`);
      expect(s.build).toEqual({ context: '.', target: name });
      expect(dockerfile).toMatch(new RegExp(`^FROM runtime AS ${name}$`, 'm'));
      expect(s.environment?.PORT).toBe(String(port));
    }
  });

  it('health-checks every service on its own /health, with keys Compose 1.29 accepts', () => {
    for (const name of Object.keys(APPS)) {
      const hc = service(name).healthcheck;
      expect(text(hc?.test)).toContain("'/health'");
      expect(text(hc?.test)).toContain('process.env.PORT');
      expect(Object.keys(hc ?? {}).sort()).toEqual([
        'interval',
        'retries',
        'start_period',
        'test',
        'timeout',
      ]);
    }
    for (const store of ['postgres', 'redis', 'kafka'])
      expect(service(store).healthcheck?.test).toBeDefined();
  });

  it('starts in order: stores healthy, then migrations and topics done, then subgraphs healthy, then the gateway', () => {
    const waitsFor = (name: string) =>
      Object.fromEntries(
        Object.entries(service(name).depends_on ?? {}).map(([dep, d]) => [dep, d.condition]),
      );
    expect(waitsFor('migrate')).toEqual({ postgres: 'service_healthy' });
    expect(waitsFor('kafka-topics')).toEqual({ kafka: 'service_healthy' });
    for (const name of SUBGRAPHS) {
      expect([name, waitsFor(name)]).toEqual([
        name,
        {
          postgres: 'service_healthy',
          redis: 'service_healthy',
          kafka: 'service_healthy',
          migrate: 'service_completed_successfully',
          'kafka-topics': 'service_completed_successfully',
        },
      ]);
    }
    const gateway = waitsFor('api-gateway');
    for (const name of SUBGRAPHS) expect(gateway[name]).toBe('service_healthy');

    // The dependency graph has no cycle, and the gateway is the last to start.
    const level = new Map<string, number>();
    const depth = (name: string, seen: string[] = []): number => {
      if (seen.includes(name)) throw new Error(`dependency cycle: ${[...seen, name].join(' -> ')}`);
      const known = level.get(name);
      if (known !== undefined) return known;
      const deps = Object.keys(service(name).depends_on ?? {});
      const d = deps.length ? 1 + Math.max(...deps.map((x) => depth(x, [...seen, name]))) : 0;
      level.set(name, d);
      return d;
    };
    const depths = Object.keys(services).map((n) => [n, depth(n)] as const);
    const last = Math.max(...depths.map(([, d]) => d));
    expect(depths.filter(([, d]) => d === last).map(([n]) => n)).toEqual(['api-gateway']);
    // One-shot steps must not be restarted once they succeed.
    expect([service('migrate').restart, service('kafka-topics').restart]).toEqual(['no', 'no']);
  });

  it('migrates and seeds the database, and creates the topics with their dead-letter topics', () => {
    const migrate = text(service('migrate').command);
    expect(migrate).toContain('node node_modules/prisma/build/index.js migrate deploy');
    expect(migrate).toContain('node dist/prisma/seed.js');
    const topics = text(service('kafka-topics').command);
    expect(topics).toContain('for t in price_updates sentiment_scores portfolio_updates; do');
    expect(topics).toContain('for topic in "$$t" "$$t.dlq"; do'); // $$: a literal $ for the shell
    expect(topics).toContain('--partitions 3');
  });

  it('points every service at the compose PostgreSQL, Redis and Kafka', () => {
    const kafkaEnv = service('kafka').environment ?? {};
    expect(kafkaEnv.KAFKA_ADVERTISED_LISTENERS).toBe('PLAINTEXT://kafka:9092');
    const pg = service('postgres').environment ?? {};
    for (const name of Object.keys(APPS)) {
      const env = service(name).environment ?? {};
      expect([name, env.REDIS_URL, env.KAFKA_BROKERS]).toEqual([name, 'redis://redis:6379', 'kafka:9092']);
      if (name === 'api-gateway') continue;
      const db = new URL(env.DATABASE_URL ?? '');
      expect([db.hostname, db.port, db.username, db.password, db.pathname]).toEqual([
        'postgres',
        '5432',
        pg.POSTGRES_USER,
        pg.POSTGRES_PASSWORD,
        `/${pg.POSTGRES_DB}`,
      ]);
    }
    expect([pg.POSTGRES_USER, pg.POSTGRES_DB]).toEqual(['crypto_user', 'crypto_db']);
    expect(service('migrate').environment?.DATABASE_URL).toBe(
      service('user-service').environment?.DATABASE_URL,
    );
  });

  it('runs Redis as a cache with TTL-based eviction', () => {
    const args = service('redis').command as string[];
    expect(args[args.indexOf('--maxmemory-policy') + 1]).toMatch(/^volatile-(lru|lfu|ttl)$/);
    expect(args[args.indexOf('--maxmemory') + 1]).toMatch(/^\d+mb$/);
  });
});
