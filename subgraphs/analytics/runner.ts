import { AnalyticsPool, runComputation, type AnalyticsPoolOptions } from './core';
import { elementCount } from './core/transfer';
import type { Runner } from './metrics';

export interface PoolRunner {
  run: Runner;
  /** Stops the worker threads, if any were started. */
  close(): Promise<void>;
  /** True once a computation was large enough to start the pool. */
  readonly started: boolean;
}

/**
 * Runs computations on a worker pool sized to the container's CPU limit (core/cpu-limit.ts), started
 * on the first input large enough to need it: most requests (a few hundred daily candles) run inline
 * and never pay for threads, and a service that never sees a large input starts none.
 */
export function poolRunner(options: AnalyticsPoolOptions = {}): PoolRunner {
  const inlineBelow = options.inlineBelow ?? 50_000;
  let pool: AnalyticsPool | null = null;
  return {
    run: (name, args) =>
      elementCount(args) < inlineBelow
        ? Promise.resolve().then(() => runComputation(name, args))
        : (pool ??= new AnalyticsPool({ ...options, inlineBelow })).run(name, args),
    async close() {
      const p = pool;
      pool = null;
      await p?.destroy();
    },
    get started() {
      return pool !== null;
    },
  };
}
