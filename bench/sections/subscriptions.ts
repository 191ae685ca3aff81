// Subscriptions: N graphql-ws subscribers on one gateway process (ours), price events for 20
// coins produced to Kafka at a fixed total rate, half of the subscribers selecting a field the
// gateway hydrates through the graph (coin { name }). Delivery latency is receipt time minus the
// `ts` the producer stamped just before producing.
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { KafkaBus, type PriceUpdate } from '../../lib/events';
import { createLogger } from '../../lib/logger';
import { launchGateway, type GatewayEnvironment } from '../gateways';
import { InspectorSession } from '../lib/inspector';
import { cpuSeconds, freePort, machineCpu, memory, NodeChild, sleep } from '../lib/proc';
import { MsHistogram, round, type LatencySummary } from '../lib/stats';
import type { ClientReport, ConnectCommand, SubscriberSpec } from '../subscriptions/client';

export interface SubscriptionPlan {
  counts: number[];
  clientProcesses: number;
  /** Sockets per source address (the gateway allows 50 per client address by default). */
  perAddress: number;
  eventsPerSecond: number;
  coins: string[];
  measureS: number;
  settleS: number;
}

export interface SubscriptionRun {
  subscribers: number;
  hydratedSubscribers: number;
  connectS: number;
  connected: number;
  live: boolean;
  eventsProduced: number;
  expectedDeliveries: number;
  delivered: number;
  deliveryRatio: number;
  latencyMs: LatencySummary;
  /** The same events read by a plain Kafka consumer in the harness: the broker's share of the latency. */
  kafkaOnlyLatencyMs: LatencySummary;
  /**
   * From the gateway's metrics: mean age of an event when its bridge began dispatching it, and the
   * share dispatched within 100 ms of production (the rest waited in the consumer).
   */
  gatewayDispatchAgeMs?: { mean: number; within100msPct: number };
  incompleteHydrations: number;
  errors: number;
  closedSockets: number;
  firstError?: string;
  gatewayCpuCores: number;
  clientCpuCores: number;
  otherCpuCores: number;
  /** RSS and live heap (after a forced full GC) before any subscriber, and with all of them idle. */
  rssBaseMB: number;
  rssIdleMB: number;
  rssLoadedPeakMB: number;
  heapBaseMB: number;
  heapIdleMB: number;
  /** (idle RSS − base RSS) / subscribers. */
  kibPerIdleSubscriber: number;
  /** (idle live heap − base live heap) / subscribers. */
  kibHeapPerIdleSubscriber: number;
}

/** Sum of a metric's samples whose labels include every `labels` pair (Prometheus text format). */
async function metric(url: string, name: string, labels: string[] = []): Promise<number | undefined> {
  try {
    const text = await (await fetch(url, { signal: AbortSignal.timeout(3000) })).text();
    const lines = text
      .split('\n')
      .filter(
        (l) => (l.startsWith(name + ' ') || l.startsWith(name + '{')) && labels.every((x) => l.includes(x)),
      );
    return lines.length
      ? lines.reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The gateway's own view: how old events are when its bridge starts dispatching them. */
async function eventAge(url: string) {
  const topic = 'topic="price_updates"';
  return {
    sum: await metric(url, 'gateway_event_age_seconds_sum', [topic]),
    count: await metric(url, 'gateway_event_age_seconds_count', [topic]),
    within100ms: await metric(url, 'gateway_event_age_seconds_bucket', [topic, 'le="0.1"']),
  };
}

/** The source address of the k-th group of sockets: 127.0.1.1, ..., 127.0.1.250, 127.0.2.1, ... */
const address = (k: number) => `127.0.${1 + Math.floor(k / 250)}.${1 + (k % 250)}`;

export async function runSubscriptions(
  plan: SubscriptionPlan,
  gatewayEnv: GatewayEnvironment,
  kafkaBrokers: string[],
  log: (s: string) => void,
): Promise<SubscriptionRun[]> {
  const producer = new KafkaBus({
    brokers: kafkaBrokers,
    clientId: 'bench-producer',
    log: createLogger('bench', 'error'),
  });
  // The floor: a plain consumer of the same events in this process, produce → consume.
  const kafkaOnly = { histogram: new MsHistogram(), recording: false };
  const floor = await producer.subscribe({
    topic: 'price_updates',
    mode: 'broadcast',
    group: 'bench-kafka-floor',
    handler: async (event) => {
      if (kafkaOnly.recording && event.source === 'bench')
        kafkaOnly.histogram.record(Date.now() - Date.parse(event.ts));
    },
  });
  const clients = Array.from(
    { length: plan.clientProcesses },
    (_, i) => new NodeChild(`subscribers-${i}`, path.join(__dirname, '../subscriptions/client.ts')),
  );
  const runs: SubscriptionRun[] = [];
  try {
    await Promise.all(
      clients.map((c) => c.waitFor((m) => (isType(m, 'ready') ? true : undefined), 30_000, 'ready')),
    );
    await producer.publish('price_updates', priceEvent(plan.coins[0]!, 0)); // connects the producer
    for (const n of plan.counts) {
      log(`  ${n} subscribers`);
      runs.push(await runOne(n, plan, gatewayEnv, producer, kafkaOnly, clients, log));
    }
    return runs;
  } finally {
    await Promise.all(clients.map((c) => c.stop(5000)));
    await floor.stop();
    await producer.close();
  }
}

async function ask<T>(children: NodeChild[], message: object, type: string, timeoutMs: number): Promise<T[]> {
  return Promise.all(
    children.map((c) => {
      const answer = c.waitFor((m) => (isType(m, type) ? (m as T) : undefined), timeoutMs, type);
      c.send(message);
      return answer;
    }),
  );
}

async function runOne(
  n: number,
  plan: SubscriptionPlan,
  gatewayEnv: GatewayEnvironment,
  producer: KafkaBus,
  kafkaOnly: { histogram: MsHistogram; recording: boolean },
  clients: NodeChild[],
  log: (s: string) => void,
): Promise<SubscriptionRun> {
  const inspectPort = await freePort();
  // BENCH_SUB_PROFILE=<dir>: a CPU profile of the gateway over the whole run, for diagnosis.
  const profileDir = process.env.BENCH_SUB_PROFILE;
  const gw = await launchGateway('ours', gatewayEnv, {
    nodeArgs: [
      `--inspect=127.0.0.1:${inspectPort}`,
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    ],
  });
  const inspector = await InspectorSession.connect(inspectPort);
  const metricsUrl = gw.url.replace('/graphql', '/metrics');
  const producing = { timer: undefined as NodeJS.Timeout | undefined, started: 0, failed: 0 };
  try {
    await sleep(2000);
    await inspector.collectGarbage();
    const heapBase = await inspector.heapUsed();
    const base = memory(gw.child.pid).rss;

    // Subscriber j: coin j mod 20, hydrated when j is odd, process j mod P, address group j / perAddress.
    const specs: SubscriberSpec[][] = clients.map(() => []);
    for (let j = 0; j < n; j++) {
      specs[j % clients.length]!.push({
        coinId: plan.coins[j % plan.coins.length]!,
        hydrated: j % 2 === 1,
        localAddress: address(Math.floor(j / plan.perAddress)),
      });
    }
    const t0 = Date.now();
    const wsUrl = gw.url.replace(/^http/, 'ws');
    await Promise.all(
      clients.map((c, i) => {
        const done = c.waitFor((m) => (isType(m, 'connected') ? m : undefined), 180_000, 'connected');
        c.send({
          type: 'connect',
          url: wsUrl,
          subscribers: specs[i]!,
          concurrency: 50,
        } satisfies ConnectCommand);
        return done;
      }),
    );
    const connectS = (Date.now() - t0) / 1000;
    // Subscriptions register after the handshake; wait for the gateway to count them all when it can say.
    for (let i = 0; i < 40; i++) {
      const active = await metric(metricsUrl, 'gateway_subscriptions_active');
      if (active === undefined || active >= n) break;
      await sleep(250);
    }
    await sleep(plan.settleS * 1000);
    await inspector.collectGarbage();
    const heapIdle = await inspector.heapUsed();
    const idle = memory(gw.child.pid).rss;
    inspector.close();
    log(
      `    connected in ${round(connectS, 1)} s; idle: RSS +${round((idle - base) / 2 ** 20, 1)} MB, ` +
        `live heap +${round((heapIdle - heapBase) / 2 ** 20, 1)} MB`,
    );

    // Events: one every 1/rate s, round-robin over the coins, `ts` stamped just before producing.
    let seq = 0;
    producing.timer = setInterval(() => {
      const event = priceEvent(plan.coins[seq % plan.coins.length]!, seq++);
      producing.started++;
      producer.publish('price_updates', event).catch(() => producing.failed++);
    }, 1000 / plan.eventsPerSecond);

    // Live when every subscriber has received something (or after 20 s, reported as not live).
    clients.forEach((c) => c.send({ type: 'reset' }));
    let live = false;
    for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
      await sleep(1000);
      const reports = await ask<ClientReport>(clients, { type: 'report' }, 'report', 10_000);
      if (reports.every((r) => r.silent === 0)) {
        live = true;
        break;
      }
    }
    const cpu0 = cpuSeconds(gw.child.pid);
    const clientCpu0 = clients.reduce((s, c) => s + cpuSeconds(c.pid), 0);
    const m0 = machineCpu();
    const started0 = producing.started;
    let peak = memory(gw.child.pid).rss;
    const age0 = await eventAge(metricsUrl);
    clients.forEach((c) => c.send({ type: 'record' }));
    kafkaOnly.histogram = new MsHistogram();
    kafkaOnly.recording = true;
    const started = Date.now();
    while (Date.now() - started < plan.measureS * 1000) {
      await sleep(250);
      peak = Math.max(peak, memory(gw.child.pid).rss);
    }
    // Stop producing at the end of the window; what was produced in it may still be arriving.
    clearInterval(producing.timer);
    const elapsedS = (Date.now() - started) / 1000;
    const eventsProduced = producing.started - started0;
    const cpu = cpuSeconds(gw.child.pid) - cpu0;
    const clientCpu = clients.reduce((s, c) => s + cpuSeconds(c.pid), 0) - clientCpu0;
    const machine = machineCpu().busy - m0.busy;
    await sleep(2000);
    clients.forEach((c) => c.send({ type: 'pause' }));
    kafkaOnly.recording = false;
    const age1 = await eventAge(metricsUrl);
    const dispatched = (age1.count ?? NaN) - (age0.count ?? NaN);
    const reports = await ask<ClientReport>(clients, { type: 'report' }, 'report', 10_000);
    const histogram = new MsHistogram();
    for (const r of reports) for (const [ms, c] of r.histogram) histogram.counts[ms]! += c;
    const delivered = reports.reduce((s, r) => s + r.received, 0);
    // Each subscriber listens to one coin of plan.coins: n / coins.length deliveries per event.
    const expected = Math.round((eventsProduced * n) / plan.coins.length);
    return {
      subscribers: n,
      hydratedSubscribers: Math.floor(n / 2),
      connectS: round(connectS, 1),
      connected: reports.reduce((s, r) => s + r.connected, 0),
      live,
      eventsProduced,
      expectedDeliveries: expected,
      delivered,
      deliveryRatio: round(delivered / Math.max(1, expected), 3),
      latencyMs: histogram.summary(),
      kafkaOnlyLatencyMs: kafkaOnly.histogram.summary(),
      gatewayDispatchAgeMs: Number.isFinite(dispatched)
        ? {
            mean: round((1000 * ((age1.sum ?? 0) - (age0.sum ?? 0))) / dispatched, 1),
            within100msPct: round(
              (100 * ((age1.within100ms ?? 0) - (age0.within100ms ?? 0))) / dispatched,
              1,
            ),
          }
        : undefined,
      incompleteHydrations: reports.reduce((s, r) => s + r.incomplete, 0),
      errors: reports.reduce((s, r) => s + r.errors, 0),
      closedSockets: reports.reduce((s, r) => s + r.closed, 0),
      firstError: reports.find((r) => r.firstError)?.firstError,
      gatewayCpuCores: round(cpu / elapsedS),
      clientCpuCores: round(clientCpu / elapsedS),
      otherCpuCores: round(Math.max(0, machine - cpu - clientCpu) / elapsedS),
      rssBaseMB: round(base / 2 ** 20, 1),
      rssIdleMB: round(idle / 2 ** 20, 1),
      rssLoadedPeakMB: round(peak / 2 ** 20, 1),
      heapBaseMB: round(heapBase / 2 ** 20, 1),
      heapIdleMB: round(heapIdle / 2 ** 20, 1),
      kibPerIdleSubscriber: round((idle - base) / 1024 / n, 1),
      kibHeapPerIdleSubscriber: round((heapIdle - heapBase) / 1024 / n, 1),
    };
  } finally {
    clearInterval(producing.timer);
    inspector.close();
    await ask(clients, { type: 'close' }, 'closed', 60_000).catch(() => undefined);
    await gw.child.stop();
  }
}

function priceEvent(coinId: string, seq: number): PriceUpdate {
  const price = (1000 + (seq % 1000) / 100).toFixed(2);
  return {
    v: 1,
    id: randomUUID(),
    coinId,
    price,
    high: price,
    low: price,
    source: 'bench',
    ts: new Date().toISOString(),
  };
}

const isType = (m: unknown, type: string) =>
  typeof m === 'object' && m !== null && (m as { type?: string }).type === type;
