/**
 * The analytics core: pure indicator and risk functions over arrays of numbers, and the worker pool
 * that runs them off the event loop. Resolvers (analytics subgraph) and portfolio analytics import
 * from here only.
 */
export * from './errors';
export * from './series';
export * from './moving-averages';
export * from './momentum';
export * from './volatility';
export * from './volume';
export * from './returns';
export * from './risk';
export {
  computations,
  runComputation,
  isComputationName,
  type ComputationName,
  type ComputationArgs,
  type ComputationResult,
} from './computations';
export { containerCpuLimit, cpuCount, parseCgroupV1Quota, parseCgroupV2CpuMax } from './cpu-limit';
export {
  AnalyticsPool,
  getAnalyticsPool,
  closeAnalyticsPool,
  resolveWorkerEntry,
  type AnalyticsPoolOptions,
  type PoolMode,
  type RunOptions,
} from './pool';
