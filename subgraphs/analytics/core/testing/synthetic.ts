/**
 * Seeded synthetic OHLCV candles for tests and benchmarks: a geometric random walk with intrabar ranges
 * and log-normal volumes, reproducible from the seed so that a failing comparison can be replayed.
 */

/** mulberry32: small, fast, seedable 32-bit PRNG; uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal variates (Box–Muller) from a uniform source. */
export function gaussian(uniform: () => number): () => number {
  return () => {
    const u = 1 - uniform(); // (0, 1]: log(0) would be -Infinity
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}

export interface Ohlcv {
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

export interface SyntheticOptions {
  seed?: number;
  startPrice?: number;
  /** Standard deviation of the per-bar log return; 0.0008 is roughly bitcoin's 1-minute figure. */
  sigma?: number;
}

export function syntheticOhlcv(n: number, options: SyntheticOptions = {}): Ohlcv {
  const uniform = mulberry32(options.seed ?? 42);
  const normal = gaussian(uniform);
  const sigma = options.sigma ?? 0.0008;
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  let price = options.startPrice ?? 30_000;
  for (let i = 0; i < n; i++) {
    const o = price;
    const c = o * Math.exp(sigma * normal());
    open[i] = o;
    close[i] = c;
    high[i] = Math.max(o, c) * (1 + Math.abs(normal()) * sigma * 0.5);
    low[i] = Math.min(o, c) * (1 - Math.abs(normal()) * sigma * 0.5);
    volume[i] = Math.exp(2 + 0.8 * normal());
    price = c;
  }
  return { open, high, low, close, volume };
}
