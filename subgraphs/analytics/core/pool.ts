/**
 * A worker-thread pool for the analytics computations, so that one pod uses all the CPUs its limit
 * grants (the deployment guide gives analytics 2 CPUs and scales on 75 % CPU) while the event loop
 * keeps serving requests.
 *
 * Which worker file runs, and why:
 * - compiled (`dist/`): `worker.js` beside this file. The production path.
 * - from TypeScript sources (jest, tsx): Piscina needs a file a worker thread can load, and a worker
 *   thread does not inherit jest's transform. When only `worker.ts` exists and `tsx` is installed (a dev
 *   dependency), the workers load it through `--require tsx/cjs`, so tests exercise real threads.
 * - neither: the pool runs every computation inline on the calling thread (`mode === 'inline'`) and
 *   says so, rather than failing: the answers are identical, only the parallelism is lost.
 * Small tasks also run inline (`inlineBelow`): a thread hop costs about 0.1 ms, more than an indicator
 * over a few thousand points.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import {
  runComputation,
  type ComputationArgs,
  type ComputationName,
  type ComputationResult,
} from './computations';
import { cpuCount } from './cpu-limit';
import { AnalyticsInputError } from './errors';
import { elementCount, transferableBuffers } from './transfer';
import type { WorkerReply, WorkerTask } from './worker';

export type PoolMode = 'worker' | 'inline';

export interface AnalyticsPoolOptions {
  /** Worker threads; default: the container's CPU limit (see cpu-limit.ts). */
  threads?: number;
  /** 'auto' (default) uses workers when a worker file can be loaded; 'inline' never starts threads. */
  mode?: 'auto' | PoolMode;
  /** Tasks whose arguments hold fewer array elements than this run on the calling thread. Default 50 000. */
  inlineBelow?: number;
  /** Idle workers above one exit after this many milliseconds. Default 30 000. */
  idleTimeoutMs?: number;
  /** Tasks waiting for a thread beyond this are rejected. Default: unbounded. */
  maxQueue?: number;
}

export interface RunOptions {
  /**
   * Move (not copy) the arguments' typed-array buffers to the worker: faster for large inputs, but the
   * caller's arrays are detached (empty) afterwards. Default false, because a detached array silently
   * reads as an empty series.
   */
  transfer?: boolean;
  signal?: AbortSignal;
}

interface WorkerEntry {
  filename: string;
  execArgv: string[];
}

/** The worker file to load, or null when none can be loaded (see the module comment). */
export function resolveWorkerEntry(dir: string = __dirname): WorkerEntry | null {
  const js = join(dir, 'worker.js');
  if (existsSync(js)) return { filename: js, execArgv: [] };
  const ts = join(dir, 'worker.ts');
  if (!existsSync(ts)) return null;
  try {
    const tsx = createRequire(join(dir, 'pool.ts')).resolve('tsx/cjs');
    return { filename: ts, execArgv: [...process.execArgv, '--require', tsx] };
  } catch {
    return null; // running from sources without tsx installed
  }
}

export class AnalyticsPool {
  readonly mode: PoolMode;
  readonly threads: number;
  readonly inlineBelow: number;
  readonly workerFile: string | null;
  private readonly piscina: Piscina | null;

  constructor(options: AnalyticsPoolOptions = {}) {
    this.threads = Math.max(1, Math.floor(options.threads ?? cpuCount()));
    this.inlineBelow = options.inlineBelow ?? 50_000;
    const entry = options.mode === 'inline' ? null : resolveWorkerEntry();
    if (options.mode === 'worker' && entry === null) {
      throw new Error('analytics pool: no loadable worker file (build with `npm run build`, or install tsx)');
    }
    this.workerFile = entry?.filename ?? null;
    this.mode = entry === null ? 'inline' : 'worker';
    this.piscina =
      entry === null
        ? null
        : new Piscina({
            filename: entry.filename,
            execArgv: entry.execArgv,
            minThreads: 1,
            maxThreads: this.threads,
            idleTimeout: options.idleTimeoutMs ?? 30_000,
            ...(options.maxQueue !== undefined ? { maxQueue: options.maxQueue } : {}),
          });
  }

  /**
   * Runs a named computation (see computations.ts) and resolves to exactly what calling the function
   * directly returns. Validation errors reject with AnalyticsInputError in both modes.
   */
  async run<K extends ComputationName>(
    name: K,
    args: ComputationArgs<K>,
    options: RunOptions = {},
  ): Promise<ComputationResult<K>> {
    if (this.piscina === null || elementCount(args) < this.inlineBelow) return runComputation(name, args);
    const task: WorkerTask = { name, args: args as unknown[] };
    const reply = (await this.piscina.run(task, {
      transferList: options.transfer ? transferableBuffers(args) : [],
      ...(options.signal ? { signal: options.signal } : {}),
    })) as WorkerReply;
    if (!reply.ok) throw new AnalyticsInputError(reply.message, reply.argument);
    return reply.value as ComputationResult<K>;
  }

  /** Figures for /metrics: queued tasks, busy share of the threads' time, completed tasks. */
  stats(): { mode: PoolMode; threads: number; queueSize: number; utilization: number; completed: number } {
    const p = this.piscina;
    return {
      mode: this.mode,
      threads: p ? p.threads.length : 0,
      queueSize: p ? p.queueSize : 0,
      utilization: p ? p.utilization : 0,
      completed: p ? p.completed : 0,
    };
  }

  async destroy(): Promise<void> {
    await this.piscina?.destroy();
  }
}

let shared: AnalyticsPool | null = null;

/** The process-wide pool, created on first use with the default options. */
export function getAnalyticsPool(): AnalyticsPool {
  shared ??= new AnalyticsPool();
  return shared;
}

/** Stops the process-wide pool's threads (graceful shutdown). */
export async function closeAnalyticsPool(): Promise<void> {
  const pool = shared;
  shared = null;
  await pool?.destroy();
}
