/** Nearest-rank percentile of an ascending array (p in 0..100). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarise(values: number[]): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    mean: round(sum / sorted.length),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? NaN),
  };
}

/** Fixed 1-ms buckets (0..size-1 ms, the last one open-ended): mergeable across processes. */
export class MsHistogram {
  readonly counts: Uint32Array;
  constructor(size = 30_001) {
    this.counts = new Uint32Array(size);
  }
  record(ms: number) {
    const i = Math.min(this.counts.length - 1, Math.max(0, Math.round(ms)));
    this.counts[i]!++;
  }
  merge(counts: ArrayLike<number>) {
    for (let i = 0; i < counts.length && i < this.counts.length; i++) this.counts[i]! += counts[i]!;
  }
  get total(): number {
    return this.counts.reduce((a, b) => a + b, 0);
  }
  percentile(p: number): number {
    const total = this.total;
    if (!total) return NaN;
    const rank = Math.ceil((p / 100) * total);
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return i;
    }
    return this.counts.length - 1;
  }
  summary(): LatencySummary {
    const total = this.total;
    let sum = 0;
    let max = NaN;
    this.counts.forEach((c, i) => {
      sum += c * i;
      if (c) max = i;
    });
    return {
      count: total,
      mean: round(sum / total),
      p50: this.percentile(50),
      p95: this.percentile(95),
      p99: this.percentile(99),
      max,
    };
  }
}

export const round = (x: number, digits = 2) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length
    ? s.length % 2
      ? s[(s.length - 1) / 2]!
      : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
    : NaN;
};
