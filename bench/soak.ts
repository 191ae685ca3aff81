/**
 * Soak: the whole platform under steady mixed load for SOAK_MINUTES (default 10), outside CI.
 *
 * Runs on the fault tests' own servers (`INFRA_INSTANCE=faults scripts/infra up`, started here if
 * needed), with every service as its own process started from its real entry point (as in a
 * cluster) and the V8 inspector on, so each service's heap can be measured after a forced GC.
 * Load: 500 WebSocket price subscribers (ten coins, coin names hydrated through the graph) fed by
 * market-data's simulator, plus SOAK_RATE (default 20) HTTP operations a second from 20 users:
 * quotes, market lists, profiles, portfolio valuations, analytics, transactions recorded, price
 * alerts created and deleted. Nothing is injected, so any error counts.
 *
 * Pass: no errors and no dropped subscribers; per service, heap used after GC at the end within
 * 10 % of the start. The start is measured after a one-minute warm-up under the same load (caches,
 * JIT and pools fill up first; measuring a cold process would call warm-up a leak), and both
 * measurements pause the HTTP load for 3 s with the subscribers connected.
 *
 * Run: npm run soak   (SOAK_MINUTES=2 npm run soak for a short check). Writes bench/results/soak.json.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import {
  createPortfolio,
  gql,
  RECORD_TRANSACTION,
  signUp,
  sleep,
  waitFor,
  wsClient,
  type Account,
  type WsHandle,
} from '../test/faults/support/clients';
import { faultServers, infra, REPO_ROOT } from '../test/faults/support/infra';
import { acquireFaultLock } from '../test/faults/support/lock';
import { spawnPlatform, type ProcessPlatform, type ServiceProcess } from '../test/faults/support/processes';
import { seedCoins } from '../prisma/seed';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const WARMUP_MS = Number(process.env.SOAK_WARMUP_SECONDS ?? 60) * 1000;
const RATE = Number(process.env.SOAK_RATE ?? 20);
const SUBSCRIBERS = Number(process.env.SOAK_SUBSCRIBERS ?? 500);
const COINS = [
  'bitcoin',
  'ethereum',
  'solana',
  'ripple',
  'cardano',
  'dogecoin',
  'tron',
  'polkadot',
  'litecoin',
  'chainlink',
];
const HEAP_TOLERANCE = 0.1;

/** Heap used after two forced collections, through the service's inspector (Chrome DevTools Protocol). */
async function heapAfterGc(service: ServiceProcess): Promise<number> {
  if (!service.inspectorUrl) throw new Error(`${service.name} has no inspector`);
  const ws = new WebSocket(service.inspectorUrl);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let id = 0;
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const mine = ++id;
      const onMessage = (data: WebSocket.RawData) => {
        const msg = JSON.parse(String(data)) as {
          id?: number;
          result?: Record<string, unknown>;
          error?: unknown;
        };
        if (msg.id !== mine) return;
        ws.off('message', onMessage);
        if (msg.error) reject(new Error(JSON.stringify(msg.error)));
        else resolve(msg.result ?? {});
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id: mine, method, params }));
    });
  try {
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    const result = await call('Runtime.evaluate', {
      expression: 'process.memoryUsage().heapUsed',
      returnByValue: true,
    });
    return Number((result.result as { value: number }).value);
  } finally {
    ws.close();
  }
}

interface Tally {
  ok: number;
  errors: Map<string, number>;
  latencies: number[];
}

function record(
  tally: Tally,
  what: string,
  res: { status: number; errors?: { extensions?: { code?: string } }[]; ms: number },
) {
  if (res.status === 200 && !res.errors?.length) {
    tally.ok++;
    tally.latencies.push(res.ms);
  } else {
    const key = `${what}: ${res.status} ${res.errors?.map((e) => e.extensions?.code).join(',') ?? ''}`;
    tally.errors.set(key, (tally.errors.get(key) ?? 0) + 1);
  }
}

async function main() {
  console.log(
    `soak: ${MINUTES} min after ${WARMUP_MS / 1000} s warm-up, ${SUBSCRIBERS} subscribers, ${RATE} ops/s`,
  );
  // The fault tests stop and restart these servers: never at the same time as the soak.
  const release = await acquireFaultLock();
  process.once('exit', release);
  await infra('up');
  const servers = faultServers();
  await seedCoins(servers.databaseUrl);
  const platform: ProcessPlatform = await spawnPlatform(servers, {
    marketProvider: 'simulator',
    inspect: true,
    env: {
      'market-data': { PRICE_EVENTS_PER_SECOND: '1' },
      gateway: { AUTH_RATE_LIMIT_PER_MINUTE: '1000' },
    },
  });
  const url = platform.url;
  const services = [...platform.gateways, ...Object.values(platform.subgraphs)];
  const handles: WsHandle[] = [];
  const tally: Tally = { ok: 0, errors: new Map(), latencies: [] };
  let updates = 0;
  try {
    const users: { account: Account; portfolioId: string }[] = [];
    for (let i = 0; i < 20; i++) {
      const account = await signUp(url, 'soak');
      users.push({ account, portfolioId: await createPortfolio(url, account, `Soak ${i}`) });
    }

    // 500 subscribers, 10 per simulated client address.
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const handle = wsClient(url, { address: `10.210.${Math.floor(i / 10)}.${(i % 10) + 1}` });
      handles.push(handle);
      // Count updates, keep none: the load generator's own memory stays flat too.
      handle.client.subscribe(
        {
          query:
            'subscription($c: [ID!]) { priceUpdated(coinIds: $c) { coinId price ts coin { name symbol } } }',
          variables: { c: [COINS[i % COINS.length]] },
        },
        {
          next: (value) => {
            updates++;
            if (value.errors?.length)
              record(tally, 'subscription', { status: 200, errors: [...value.errors], ms: 0 });
          },
          error: () => record(tally, 'subscription ended with an error', { status: 0, ms: 0 }),
          complete: () => record(tally, 'subscription completed early', { status: 0, ms: 0 }),
        },
      );
    }
    await waitFor(
      () => (platform.gateways[0] && updates >= SUBSCRIBERS ? true : undefined),
      60_000,
      'prices at the subscribers',
      500,
    );

    let paused = false;
    let running = true;
    const ops: (() => Promise<void>)[] = [
      async () =>
        record(
          tally,
          'coin',
          await gql(url, '{ coin(id: "bitcoin") { name quote { price change24hPct stale } } }'),
        ),
      async () =>
        record(
          tally,
          'coins',
          await gql(url, '{ coins(first: 20) { totalCount edges { node { id symbol quote { price } } } } }'),
        ),
      async () =>
        record(
          tally,
          'overview',
          await gql(url, '{ marketOverview { totalMarketCap topGainers(limit: 3) { id } } }'),
        ),
      async () => {
        const u = users[Math.floor(Math.random() * users.length)]!;
        record(
          tally,
          'me',
          await gql(url, '{ me { id email portfolios { id name } } }', {}, { token: u.account.token }),
        );
      },
      async () => {
        const u = users[Math.floor(Math.random() * users.length)]!;
        record(
          tally,
          'portfolio',
          await gql(
            url,
            'query($id: ID!) { portfolio(id: $id) { totalValue totalCostBasis unrealizedPnl holdings { quantity marketValue coin { symbol } } } }',
            { id: u.portfolioId },
            { token: u.account.token },
          ),
        );
      },
      async () =>
        record(
          tally,
          'analytics',
          await gql(
            url,
            '{ coin(id: "ethereum") { analytics(days: 30) { volatility maxDrawdown rsi { v } } } }',
          ),
        ),
      async () => {
        const u = users[Math.floor(Math.random() * users.length)]!;
        const res = await gql(
          url,
          RECORD_TRANSACTION,
          {
            i: {
              portfolioId: u.portfolioId,
              type: 'BUY',
              coinId: COINS[Math.floor(Math.random() * COINS.length)],
              quantity: '0.01',
              price: '100',
              idempotencyKey: randomUUID(),
            },
          },
          { token: u.account.token },
        );
        record(tally, 'recordTransaction', res);
      },
      async () => {
        const u = users[Math.floor(Math.random() * users.length)]!;
        const created = await gql<{ createPriceAlert: { id: string } }>(
          url,
          'mutation { createPriceAlert(input: { coinId: "bitcoin", direction: ABOVE, threshold: "10000000" }) { id } }',
          {},
          { token: u.account.token },
        );
        record(tally, 'createPriceAlert', created);
        const id = created.data?.createPriceAlert.id;
        if (id)
          record(
            tally,
            'deletePriceAlert',
            await gql(
              url,
              'mutation($id: ID!) { deletePriceAlert(id: $id) }',
              { id },
              { token: u.account.token },
            ),
          );
      },
    ];
    const workers = 8;
    const load = Promise.all(
      Array.from({ length: workers }, async (_, w) => {
        let n = w;
        while (running) {
          const began = Date.now();
          if (!paused)
            await ops[n++ % ops.length]!().catch((err: Error) =>
              record(tally, `transport ${err.message}`, { status: 0, ms: 0 }),
            );
          await sleep(Math.max(0, (workers * 1000) / RATE - (Date.now() - began)));
        }
      }),
    );

    const measure = async (label: string) => {
      paused = true;
      await sleep(3000);
      const heaps: Record<string, number> = {};
      for (const s of services) heaps[`${s.name}:${s.port}`] = await heapAfterGc(s);
      paused = false;
      console.log(
        `soak: ${label} heap after GC (MB)`,
        Object.fromEntries(Object.entries(heaps).map(([k, v]) => [k, +(v / 1e6).toFixed(1)])),
      );
      return heaps;
    };

    console.log('soak: warming up');
    await sleep(WARMUP_MS);
    const start = await measure('start');
    const startedAt = Date.now();
    const errorsAtStart = [...tally.errors.values()].reduce((a, b) => a + b, 0);
    const samples: { minute: number; heaps: Record<string, number>; ok: number; updates: number }[] = [];
    for (let minute = 1; minute <= MINUTES; minute++) {
      await sleep(Math.max(0, startedAt + minute * 60_000 - Date.now()));
      if (minute < MINUTES) {
        const heaps: Record<string, number> = {};
        for (const s of services)
          heaps[`${s.name}:${s.port}`] = (await heapAfterGc(s).catch(() => NaN)) as number;
        samples.push({ minute, heaps, ok: tally.ok, updates });
        console.log(
          `soak: minute ${minute}: ${tally.ok} ok, ${[...tally.errors.values()].reduce((a, b) => a + b, 0)} errors, ${updates} updates`,
        );
      }
    }
    const end = await measure('end');
    running = false;
    await load;

    const closes = handles.flatMap((h) => h.closes);
    const growth = Object.fromEntries(
      Object.keys(start).map((k) => [k, +((end[k]! - start[k]!) / start[k]!).toFixed(4)]),
    );
    const sorted = [...tally.latencies].sort((a, b) => a - b);
    const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? null;
    const errors = Object.fromEntries(tally.errors);
    const pass =
      tally.errors.size === 0 &&
      closes.length === 0 &&
      Object.values(growth).every((g) => g <= HEAP_TOLERANCE);
    const result = {
      date: new Date().toISOString(),
      node: process.version,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cpus: os.cpus().length,
      minutes: MINUTES,
      warmupSeconds: WARMUP_MS / 1000,
      subscribers: SUBSCRIBERS,
      ratePerSecond: RATE,
      operations: tally.ok + [...tally.errors.values()].reduce((a, b) => a + b, 0),
      ok: tally.ok,
      errors,
      errorsDuringWarmup: errorsAtStart,
      subscriptionUpdates: updates,
      subscriberCloses: closes.length,
      latencyMs: { p50: q(0.5), p95: q(0.95), p99: q(0.99), max: sorted.at(-1) ?? null },
      heapAfterGcBytes: { start, end },
      heapGrowth: growth,
      heapTolerance: HEAP_TOLERANCE,
      samples,
      pass,
    };
    const out = path.join(REPO_ROOT, 'bench', 'results', 'soak.json');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log('\nservice                 heap start MB  heap end MB  growth');
    for (const k of Object.keys(start))
      console.log(
        `${k.padEnd(24)}${(start[k]! / 1e6).toFixed(1).padStart(13)}${(end[k]! / 1e6).toFixed(1).padStart(13)}${`${(growth[k]! * 100).toFixed(1)} %`.padStart(9)}`,
      );
    console.log(
      `\noperations ${result.operations}, errors ${JSON.stringify(errors)}, updates ${updates}, closes ${closes.length}`,
    );
    console.log(
      `latency p50 ${result.latencyMs.p50} ms, p95 ${result.latencyMs.p95} ms, p99 ${result.latencyMs.p99} ms`,
    );
    console.log(`${pass ? 'PASS' : 'FAIL'}; wrote ${path.relative(REPO_ROOT, out)}`);
    process.exitCode = pass ? 0 : 1;
  } finally {
    await Promise.allSettled(handles.map((h) => h.client.dispose()));
    await platform.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
