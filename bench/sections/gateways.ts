// Gateway throughput and latency: the same supergraph and subgraphs behind each gateway, load
// from separate processes, measured in interleaved rounds so that other work on the (shared)
// machine falls on every gateway alike.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  GATEWAY_LABELS,
  launchGateway,
  type GatewayEnvironment,
  type GatewayId,
  type RunningGateway,
} from '../gateways';
import type { LoadGenerator, LoadResult } from '../lib/load';
import { InspectorSession } from '../lib/inspector';
import { cpuSeconds, freePort, machineCpu, memory, REPO, RssSampler } from '../lib/proc';
import { summariseProfile, type ProfileSummary } from '../lib/profile';
import { round, summarise, type LatencySummary } from '../lib/stats';

export interface WorkloadSpec {
  name: string;
  title: string;
  query: string;
  gatewayEnv: GatewayEnvironment;
  gateways: GatewayId[];
  /** Processes serving the subgraphs (their CPU is reported beside the gateway's). */
  subgraphPids: number[];
  /** An authorization header for the correctness check (load requests carry their own). */
  checkAuthorization?: string;
  /**
   * Counters of the subgraphs' process so far (when instrumented): HTTP requests the subgraphs
   * served, SQL statements and Redis commands they sent.
   */
  backendCounters?: () => Promise<BackendCounters>;
}

export type BackendCounters = Partial<Record<'subgraphRequests' | 'sql' | 'redis', number>>;

export interface RunPlan {
  connections: number;
  warmupS: number;
  sliceS: number;
  rounds: number;
  /** Second stage: every gateway at the same fixed rate, this fraction of the slowest one's throughput. */
  fixedRateFraction: number;
  fixedRateSliceS: number;
}

interface Slice {
  round: number;
  result: LoadResult;
  gatewayCpuS: number;
  subgraphCpuS: number;
  machineBusyS: number;
  peakRss: number;
  backend?: BackendCounters;
}

export interface GatewayResult {
  id: GatewayId;
  label: string;
  startupMs: number;
  responseBytes: number;
  /** The start of the correctness check's response, to see what the workload returns. */
  responseSample: string;
  sameDataAsFirst: boolean;
  requests: number;
  rps: number;
  rpsPerRound: number[];
  latencyMs: LatencySummary;
  errors: { non2xx: number; graphql: number; transport: number; first?: string };
  tokensReused: number;
  /** Cores the gateway process used while loaded (1.0 = one core busy). */
  gatewayCpuCores: number;
  gatewayCpuMsPerRequest: number;
  subgraphCpuCores: number;
  subgraphCpuMsPerRequest: number;
  /** Subgraph requests, SQL statements and Redis commands per gateway request under load (when counted). */
  backendPerRequest?: BackendCounters;
  /** The same for one request alone (no concurrent requests to share or de-duplicate with). */
  backendPerIsolatedRequest?: BackendCounters;
  loadClientCpuCores: number;
  /** Cores busy with everything else on the machine (other engineers' work): the noise. */
  otherCpuCores: number;
  peakRssMB: number;
  /** The process's lifetime peak (VmHWM), start-up included. */
  hwmMB: number;
  fixedRate?: {
    rate: number;
    achievedRps: number;
    latencyMs: LatencySummary;
    errors: number;
    gatewayCpuCores: number;
  };
}

export interface WorkloadResult {
  name: string;
  title: string;
  plan: RunPlan;
  gateways: GatewayResult[];
  failures: { id: GatewayId; error: string }[];
  ratios: Record<string, number>;
}

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );

async function check(
  gw: RunningGateway,
  spec: WorkloadSpec,
): Promise<{ bytes: number; data: string; sample: string }> {
  const res = await fetch(gw.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(spec.checkAuthorization ? { authorization: spec.checkAuthorization } : {}),
    },
    body: JSON.stringify({ query: spec.query }),
  });
  const text = await res.text();
  const body = JSON.parse(text) as { data?: unknown; errors?: unknown[] };
  if (!res.ok || body.errors?.length || !body.data)
    throw new Error(`${gw.id}: the workload's query failed: HTTP ${res.status} ${text.slice(0, 1000)}`);
  return { bytes: Buffer.byteLength(text), data: canonical(body.data), sample: text.slice(0, 1200) };
}

export async function runWorkload(
  spec: WorkloadSpec,
  plan: RunPlan,
  load: LoadGenerator,
  log: (s: string) => void,
) {
  const running: RunningGateway[] = [];
  const failures: WorkloadResult['failures'] = [];
  const startup = new Map<GatewayId, number>();
  for (const id of spec.gateways) {
    const t0 = Date.now();
    try {
      running.push(await launchGateway(id, spec.gatewayEnv));
      startup.set(id, Date.now() - t0);
      log(`  ${id} up in ${Date.now() - t0} ms`);
    } catch (err) {
      failures.push({ id, error: (err as Error).message.slice(0, 4000) });
      log(`  ${id} FAILED to start: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  const body = JSON.stringify({ query: spec.query });
  const checks = new Map<GatewayId, { bytes: number; data: string; sample: string }>();
  const isolated = new Map<GatewayId, BackendCounters>();
  for (const gw of [...running]) {
    try {
      checks.set(gw.id, await check(gw, spec));
      // One more request alone, counted: how much subgraph work one query makes without concurrency.
      const before = await spec.backendCounters?.();
      await check(gw, spec);
      const after = await spec.backendCounters?.();
      if (before && after)
        isolated.set(
          gw.id,
          Object.fromEntries(
            Object.entries(after).map(([k, v]) => [k, v - (before[k as keyof BackendCounters] ?? 0)]),
          ),
        );
    } catch (err) {
      failures.push({ id: gw.id, error: (err as Error).message });
      log(`  ${gw.id} FAILED the correctness check: ${(err as Error).message.slice(0, 300)}`);
      await gw.child.stop();
      running.splice(running.indexOf(gw), 1);
    }
  }
  const slices = new Map<GatewayId, Slice[]>(running.map((g) => [g.id, []]));
  const loadRun = (gw: RunningGateway, durationS: number, record: boolean, rate?: number) =>
    load.run({ url: gw.url, body, connections: plan.connections, durationS, record, rate });

  const measure = async (
    gw: RunningGateway,
    roundNo: number,
    durationS: number,
    rate?: number,
  ): Promise<Slice> => {
    const cpu0 = cpuSeconds(gw.child.pid);
    const sub0 = spec.subgraphPids.reduce((s, p) => s + cpuSeconds(p), 0);
    const m0 = machineCpu();
    const counters0 = await spec.backendCounters?.();
    const rss = new RssSampler(gw.child.pid).start();
    const result = await loadRun(gw, durationS, true, rate);
    const peakRss = rss.stop();
    const m1 = machineCpu();
    const counters1 = await spec.backendCounters?.();
    return {
      backend:
        counters0 && counters1
          ? Object.fromEntries(
              Object.entries(counters1).map(([k, v]) => [
                k,
                v - (counters0[k as keyof BackendCounters] ?? 0),
              ]),
            )
          : undefined,
      round: roundNo,
      result,
      gatewayCpuS: cpuSeconds(gw.child.pid) - cpu0,
      subgraphCpuS: spec.subgraphPids.reduce((s, p) => s + cpuSeconds(p), 0) - sub0,
      machineBusyS: m1.busy - m0.busy,
      peakRss,
    };
  };

  try {
    for (const gw of running) {
      log(`  warm-up ${gw.id} ${plan.warmupS} s`);
      await loadRun(gw, plan.warmupS, false);
    }
    for (let r = 0; r < plan.rounds; r++) {
      // Rotate the order each round so no gateway always follows the same one.
      const order = running.map((_, i) => running[(i + r) % running.length]!);
      for (const gw of order) {
        const slice = await measure(gw, r, plan.sliceS);
        slices.get(gw.id)!.push(slice);
        log(
          `  round ${r + 1}/${plan.rounds} ${gw.id.padEnd(10)} ${round(slice.result.requests / slice.result.elapsedS, 1)} req/s, ` +
            `gateway ${round(slice.gatewayCpuS / slice.result.elapsedS)} cores, errors ${slice.result.non2xx + slice.result.graphqlErrors + slice.result.transportErrors}`,
        );
      }
    }
    const results = running.map((gw) => toResult(gw, slices.get(gw.id)!, startup.get(gw.id)!, checks));
    for (const r of results) r.backendPerIsolatedRequest = isolated.get(r.id);
    const first = checks.get(running[0]?.id ?? 'ours');
    for (const r of results) r.sameDataAsFirst = checks.get(r.id)?.data === first?.data;

    if (plan.fixedRateFraction > 0 && results.length) {
      const rate = Math.max(1, Math.floor(Math.min(...results.map((r) => r.rps)) * plan.fixedRateFraction));
      for (const gw of running) {
        const s = await measure(gw, 0, plan.fixedRateSliceS, rate);
        const res = results.find((x) => x.id === gw.id)!;
        res.fixedRate = {
          rate,
          achievedRps: round(s.result.requests / s.result.elapsedS, 1),
          latencyMs: summarise(s.result.latencies),
          errors: s.result.non2xx + s.result.graphqlErrors + s.result.transportErrors,
          gatewayCpuCores: round(s.gatewayCpuS / s.result.elapsedS),
        };
        log(
          `  fixed ${rate} req/s ${gw.id.padEnd(10)} p50 ${res.fixedRate.latencyMs.p50} ms p99 ${res.fixedRate.latencyMs.p99} ms`,
        );
      }
    }
    for (const r of results)
      r.hwmMB = round(memory(running.find((g) => g.id === r.id)!.child.pid).hwm / 2 ** 20, 1);
    return {
      name: spec.name,
      title: spec.title,
      plan,
      gateways: results,
      failures,
      ratios: ratios(results),
    } satisfies WorkloadResult;
  } finally {
    await Promise.all(running.map((g) => g.child.stop()));
  }
}

function toResult(
  gw: RunningGateway,
  slices: Slice[],
  startupMs: number,
  checks: Map<GatewayId, { bytes: number; data: string; sample: string }>,
): GatewayResult {
  const elapsed = slices.reduce((s, x) => s + x.result.elapsedS, 0);
  const requests = slices.reduce((s, x) => s + x.result.requests, 0);
  const gatewayCpu = slices.reduce((s, x) => s + x.gatewayCpuS, 0);
  const subgraphCpu = slices.reduce((s, x) => s + x.subgraphCpuS, 0);
  const clientCpu = slices.reduce((s, x) => s + x.result.clientCpuS, 0);
  const machineBusy = slices.reduce((s, x) => s + x.machineBusyS, 0);
  return {
    id: gw.id,
    label: GATEWAY_LABELS[gw.id],
    startupMs,
    responseBytes: checks.get(gw.id)?.bytes ?? 0,
    responseSample: checks.get(gw.id)?.sample ?? '',
    sameDataAsFirst: true,
    requests,
    rps: round(requests / elapsed, 1),
    rpsPerRound: slices.map((s) => round(s.result.requests / s.result.elapsedS, 1)),
    latencyMs: summarise(slices.flatMap((s) => s.result.latencies)),
    errors: {
      non2xx: slices.reduce((s, x) => s + x.result.non2xx, 0),
      graphql: slices.reduce((s, x) => s + x.result.graphqlErrors, 0),
      transport: slices.reduce((s, x) => s + x.result.transportErrors, 0),
      first: slices.find((s) => s.result.firstError)?.result.firstError,
    },
    tokensReused: Math.max(0, ...slices.map((s) => s.result.tokensReused)),
    gatewayCpuCores: round(gatewayCpu / elapsed),
    gatewayCpuMsPerRequest: round((1000 * gatewayCpu) / requests),
    subgraphCpuCores: round(subgraphCpu / elapsed),
    subgraphCpuMsPerRequest: round((1000 * subgraphCpu) / requests),
    backendPerRequest: slices.every((s) => s.backend)
      ? Object.fromEntries(
          Object.keys(slices[0]!.backend!).map((k) => [
            k,
            round(
              slices.reduce((n, s) => n + (s.backend![k as keyof BackendCounters] ?? 0), 0) / requests,
              1,
            ),
          ]),
        )
      : undefined,
    loadClientCpuCores: round(clientCpu / elapsed),
    otherCpuCores: round(Math.max(0, machineBusy - gatewayCpu - subgraphCpu - clientCpu) / elapsed),
    peakRssMB: round(Math.max(...slices.map((s) => s.peakRss)) / 2 ** 20, 1),
    hwmMB: 0,
  };
}

function ratios(results: GatewayResult[]): Record<string, number> {
  const ours = results.find((r) => r.id === 'ours');
  const out: Record<string, number> = {};
  if (!ours) return out;
  for (const other of results) {
    if (other.id === 'ours') continue;
    out[`rps ours/${other.id}`] = round(ours.rps / other.rps);
    out[`p99 ours/${other.id}`] = round(ours.latencyMs.p99 / other.latencyMs.p99);
    out[`cpu per request ours/${other.id}`] = round(
      ours.gatewayCpuMsPerRequest / other.gatewayCpuMsPerRequest,
    );
  }
  return out;
}

export interface ProfileTarget {
  /** The profile's file name (without extension). */
  name: string;
  /** The DevTools port the process was started with (`--inspect=127.0.0.1:<port>`). */
  inspectPort: number;
}

/**
 * Profiles one gateway under the workload, and any other processes named in `also` (the
 * subgraphs), over the same measured window: V8's sampling profiler (as `node --cpu-prof`),
 * started and stopped over the DevTools protocol after warm-up, so start-up is not in it.
 */
export async function profileGateway(
  id: GatewayId,
  spec: WorkloadSpec,
  load: LoadGenerator,
  seconds: number,
  connections: number,
  log: (s: string) => void,
  also: ProfileTarget[] = [],
): Promise<ProfileSummary[]> {
  const dir = path.join(REPO, 'bench/results/profiles');
  mkdirSync(dir, { recursive: true });
  const inspectPort = await freePort();
  const gw = await launchGateway(id, spec.gatewayEnv, { inspectPort });
  const targets = [{ name: `${id}-${spec.name}`, inspectPort }, ...also];
  const sessions: InspectorSession[] = [];
  try {
    const body = JSON.stringify({ query: spec.query });
    await load.run({ url: gw.url, body, connections, durationS: 3, record: false });
    for (const t of targets) sessions.push(await InspectorSession.connect(t.inspectPort));
    log(`  profiling ${targets.map((t) => t.name).join(' and ')} for ${seconds} s`);
    await Promise.all(sessions.map((s) => s.startProfiling()));
    await load.run({ url: gw.url, body, connections, durationS: seconds, record: true });
    const profiles = await Promise.all(sessions.map((s) => s.stopProfiling()));
    return targets.map((t, i) => {
      const file = path.join(dir, `${t.name}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profiles[i]));
      return summariseProfile(file);
    });
  } finally {
    sessions.forEach((s) => s.close());
    await gw.child.stop(30_000);
  }
}
