import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * How many CPUs this process may use: the container's CPU limit when one is set (a Kubernetes
 * `limits.cpu` becomes a CFS quota), otherwise the CPUs the OS offers. os.availableParallelism() alone
 * reports the node's cores, so a pod limited to 2 CPUs on a 64-core node would start 64 threads and be
 * throttled.
 */

/** cgroup v2 `cpu.max`: "<quota> <period>" or "max <period>"; null when unlimited or unreadable. */
export function parseCgroupV2CpuMax(text: string): number | null {
  const [quota, period] = text.trim().split(/\s+/);
  if (quota === undefined || quota === 'max') return null;
  return quotaToCpus(Number(quota), Number(period ?? 100_000));
}

/** cgroup v1 `cpu.cfs_quota_us` (−1 when unlimited) and `cpu.cfs_period_us`. */
export function parseCgroupV1Quota(quotaText: string, periodText: string): number | null {
  return quotaToCpus(Number(quotaText.trim()), Number(periodText.trim()));
}

function quotaToCpus(quota: number, period: number): number | null {
  if (!Number.isFinite(quota) || !Number.isFinite(period) || quota <= 0 || period <= 0) return null;
  return quota / period;
}

type ReadText = (path: string) => string;
const readText: ReadText = (path) => readFileSync(path, 'utf8');

/** The container's CPU limit in CPUs (may be fractional, e.g. 1.5), or null when there is none. */
export function containerCpuLimit(read: ReadText = readText): number | null {
  try {
    return parseCgroupV2CpuMax(read('/sys/fs/cgroup/cpu.max'));
  } catch {
    // not cgroup v2 (or not Linux): try v1
  }
  for (const dir of ['/sys/fs/cgroup/cpu', '/sys/fs/cgroup/cpu,cpuacct']) {
    try {
      return parseCgroupV1Quota(read(`${dir}/cpu.cfs_quota_us`), read(`${dir}/cpu.cfs_period_us`));
    } catch {
      // try the next mount point
    }
  }
  return null;
}

/**
 * Worker threads for CPU-bound work: the CPU limit rounded up (a 1.5-CPU pod gets 2 threads, as Go's
 * GOMAXPROCS does; the quota throttles the excess), at most the CPUs present, at least 1.
 */
export function cpuCount(read: ReadText = readText, present: number = availableParallelism()): number {
  const limit = containerCpuLimit(read);
  const cpus = limit === null ? present : Math.min(Math.ceil(limit), present);
  return Math.max(1, cpus);
}
