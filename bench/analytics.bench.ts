/**
 * Analytics core benchmark: every indicator over one year of 1-minute candles (525,600 points, seeded
 * synthetic OHLCV) for one coin, side by side with the npm package `technicalindicators` on the same
 * data in the same run. Reports the median ms per indicator over RUNS repetitions, the totals, the
 * speed ratio (target: ours ≥ 3× faster in total) and the largest difference where the conventions
 * agree. Also times all indicators through the worker pool against the same work inline.
 *
 * Inputs: ours take Float64Array (the core's intended input), technicalindicators plain number[]
 * (what it takes); conversions are not timed.
 *
 * The machine is shared: a full GC precedes every timed call, each side is timed in its own phase, and
 * the load average is recorded, because other processes' load shows up in every figure.
 *
 * Run: npx tsx bench/analytics.bench.ts   (about 30-60 s on 2 cores)
 * Writes bench/results/analytics.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import * as ti from 'technicalindicators';
import {
  AnalyticsPool,
  atr,
  bollinger,
  ema,
  macd,
  obv,
  rollingVwap,
  rsi,
  sma,
  stochastic,
  stochasticFast,
  vwap,
} from '../subgraphs/analytics/core';
import { maxRelDiff } from '../subgraphs/analytics/core/testing/expect-close';
import { syntheticOhlcv } from '../subgraphs/analytics/core/testing/synthetic';

// A full collection before each timed call, so that neither side pays for the other's garbage
// (technicalindicators allocates an object per point).
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const POINTS = 525_600;
const RUNS = 5;
const TARGET_RATIO = 3;

const data = syntheticOhlcv(POINTS, { seed: 2024 });
const { high, low, close, volume } = data;
const h = Array.from(high);
const l = Array.from(low);
const c = Array.from(close);
const v = Array.from(volume);

interface Comparison {
  /** What is compared and why it is (or is not) expected to be equal. */
  basis: string;
  /** 'relative': max |a − b| / max(|a|, |b|); 'absolute': max |a − b| in the indicator's unit. */
  measure: 'relative' | 'absolute';
  maxDiff: number;
  tolerance: number;
  agrees: boolean;
}

interface Case {
  name: string;
  params: string;
  ours: () => unknown;
  theirs?: () => unknown;
  compare?: (ours: never, theirs: never) => Comparison;
}

const rel = (basis: string, diffs: number[], tolerance = 1e-9): Comparison => {
  const maxDiff = Math.max(...diffs);
  return { basis, measure: 'relative', maxDiff, tolerance, agrees: maxDiff <= tolerance };
};
const abs = (basis: string, maxDiff: number, tolerance: number): Comparison => ({
  basis,
  measure: 'absolute',
  maxDiff,
  tolerance,
  agrees: maxDiff <= tolerance,
});

type S = { begin: number; values: Float64Array };
type Bands = ReturnType<typeof bollinger>;
type Stoch = ReturnType<typeof stochastic>;
type Macd = ReturnType<typeof macd>;

const cases: Case[] = [
  {
    name: 'SMA',
    params: '20',
    ours: () => sma(close, 20),
    theirs: () => ti.SMA.calculate({ period: 20, values: c }),
    compare: (o: S, t: number[]) => rel('same convention', [maxRelDiff(o.values, t)]),
  },
  {
    name: 'EMA',
    params: '20',
    ours: () => ema(close, 20),
    theirs: () => ti.EMA.calculate({ period: 20, values: c }),
    compare: (o: S, t: number[]) => rel('same convention (SMA seed)', [maxRelDiff(o.values, t)]),
  },
  {
    name: 'RSI',
    params: '14',
    ours: () => rsi(close, 14),
    theirs: () => ti.RSI.calculate({ period: 14, values: c }),
    compare: (o: S, t: number[]) => {
      let worst = 0;
      o.values.forEach((x, i) => (worst = Math.max(worst, Math.abs(x - t[i]!))));
      return abs('same Wilder smoothing; technicalindicators rounds to 2 decimals', worst, 0.005 + 1e-9);
    },
  },
  {
    name: 'MACD',
    params: '12/26/9',
    ours: () => macd(close),
    theirs: () =>
      ti.MACD.calculate({
        values: c,
        fastPeriod: 12,
        slowPeriod: 26,
        signalPeriod: 9,
        SimpleMAOscillator: false,
        SimpleMASignal: false,
      }),
    compare: (o: Macd, t: { MACD?: number; signal?: number }[]) => {
      // technicalindicators seeds the fast EMA at index 11 (TA-Lib at 25): compare once that has decayed.
      const aligned = t.slice(8);
      let worst = 0;
      for (let j = 1000; j < o.macd.length; j++) {
        worst = Math.max(
          worst,
          Math.abs(o.macd[j]! - aligned[j]!.MACD!),
          Math.abs(o.signal[j]! - aligned[j]!.signal!),
        );
      }
      return abs(
        'fast-EMA seed differs; compared from bar 1033, after it has decayed',
        worst,
        1e-9 * close[0]!,
      );
    },
  },
  {
    name: 'Bollinger',
    params: '20, 2σ',
    ours: () => bollinger(close, { period: 20, stdDev: 2 }),
    theirs: () => ti.BollingerBands.calculate({ period: 20, stdDev: 2, values: c }),
    compare: (o: Bands, t: { upper: number; middle: number; lower: number }[]) =>
      rel('same convention (population σ)', [
        maxRelDiff(
          o.upper,
          t.map((x) => x.upper),
        ),
        maxRelDiff(
          o.middle,
          t.map((x) => x.middle),
        ),
        maxRelDiff(
          o.lower,
          t.map((x) => x.lower),
        ),
      ]),
  },
  {
    name: 'ATR',
    params: '14',
    ours: () => atr(high, low, close, 14),
    theirs: () => ti.ATR.calculate({ period: 14, high: h, low: l, close: c }),
    compare: (o: S, t: number[]) => rel('same convention (Wilder, SMA seed)', [maxRelDiff(o.values, t)]),
  },
  {
    name: 'Stochastic (fast)',
    params: '14/3',
    ours: () => stochasticFast(high, low, close, { fastKPeriod: 14, fastDPeriod: 3 }),
    theirs: () => ti.Stochastic.calculate({ period: 14, signalPeriod: 3, high: h, low: l, close: c }),
    compare: (o: Stoch, t: { k: number; d?: number }[]) => {
      const aligned = t.slice(2);
      return rel('same convention (raw %K, SMA %D)', [
        maxRelDiff(
          o.k,
          aligned.map((x) => x.k),
        ),
        maxRelDiff(
          o.d,
          aligned.map((x) => x.d!),
        ),
      ]);
    },
  },
  {
    name: 'OBV',
    params: '',
    ours: () => obv(close, volume),
    theirs: () => ti.OBV.calculate({ close: c, volume: v }),
    compare: (o: S, t: number[]) => {
      // TA-Lib starts at the first bar's volume, technicalindicators at 0 one bar later.
      let worst = 0;
      for (let i = 1; i < POINTS; i++) worst = Math.max(worst, Math.abs(o.values[i]! - v[0]! - t[i - 1]!));
      const total = v.reduce((a, b) => a + b, 0);
      return abs(
        'starting level differs by the first volume; compared after removing it',
        worst,
        1e-12 * total,
      );
    },
  },
  {
    name: 'VWAP (cumulative)',
    params: '',
    ours: () => vwap(high, low, close, volume),
    theirs: () => ti.VWAP.calculate({ high: h, low: l, close: c, volume: v }),
    compare: (o: S, t: number[]) => rel('same convention (typical price)', [maxRelDiff(o.values, t)]),
  },
  // Ours only (technicalindicators has no equivalent): timed, not in the ratio.
  { name: 'Stochastic (slow)', params: '5/3/3', ours: () => stochastic(high, low, close) },
  { name: 'VWAP (rolling)', params: '1440', ours: () => rollingVwap(high, low, close, volume, 1440) },
];

function time<T>(fn: () => T): { ms: number; value: T } {
  gc();
  const t0 = process.hrtime.bigint();
  const value = fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

async function poolFigures(): Promise<Record<string, unknown>> {
  const tasks = (): [string, unknown[]][] => [
    ['sma', [close.slice(), 20]],
    ['ema', [close.slice(), 20]],
    ['rsi', [close.slice(), 14]],
    ['macd', [close.slice(), {}]],
    ['bollinger', [close.slice(), {}]],
    ['atr', [high.slice(), low.slice(), close.slice(), 14]],
    ['stochastic', [high.slice(), low.slice(), close.slice(), {}]],
    ['obv', [close.slice(), volume.slice()]],
    ['vwap', [high.slice(), low.slice(), close.slice(), volume.slice()]],
  ];
  const pool = new AnalyticsPool({ inlineBelow: 0 });
  const inline = new AnalyticsPool({ mode: 'inline' });
  const runAll = async (p: AnalyticsPool, transfer: boolean): Promise<number> => {
    const list = tasks(); // fresh copies, made before the clock starts
    gc();
    const t0 = process.hrtime.bigint();
    await Promise.all(list.map(([name, args]) => p.run(name as never, args as never, { transfer })));
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  await runAll(pool, false); // start the threads and compile the worker before timing
  await runAll(pool, false);
  const copied: number[] = [];
  const moved: number[] = [];
  const sequential: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    copied.push(await runAll(pool, false));
    moved.push(await runAll(pool, true));
    sequential.push(await runAll(inline, false));
  }
  const result = {
    mode: pool.mode,
    threads: pool.threads,
    tasks: 9,
    inlineMs: round(median(sequential)),
    pooledCopyingInputsMs: round(median(copied)),
    pooledTransferringInputsMs: round(median(moved)),
    speedupCopying: round(median(sequential) / median(copied)),
    speedupTransferring: round(median(sequential) / median(moved)),
    loadAverage1mAtEnd: round(os.loadavg()[0]!),
  };
  await pool.destroy();
  return result;
}

async function main(): Promise<void> {
  const loadAtStart = os.loadavg()[0]!;
  // Warm-up: let the JIT compile both sides before anything is timed.
  for (const k of cases) {
    k.ours();
    k.theirs?.();
  }

  const rows = cases.map((k) => {
    const ours: number[] = [];
    const theirs: number[] = [];
    let oursValue: unknown;
    let theirsValue: unknown;
    for (let r = 0; r < RUNS; r++) {
      const o = time(k.ours);
      ours.push(o.ms);
      oursValue = o.value;
    }
    for (let r = 0; r < RUNS && k.theirs; r++) {
      const t = time(k.theirs);
      theirs.push(t.ms);
      theirsValue = t.value;
    }
    const comparison = k.compare ? k.compare(oursValue as never, theirsValue as never) : null;
    return {
      indicator: k.name,
      params: k.params,
      oursMs: round(median(ours)),
      theirsMs: k.theirs ? round(median(theirs)) : null,
      oursMinMs: round(Math.min(...ours)),
      theirsMinMs: k.theirs ? round(Math.min(...theirs)) : null,
      ratio: k.theirs ? round(median(theirs) / median(ours), 1) : null,
      oursRunsMs: ours.map((x) => round(x)),
      theirsRunsMs: theirs.map((x) => round(x)),
      comparison,
    };
  });

  const compared = rows.filter((r) => r.theirsMs !== null);
  const oursTotal = compared.reduce((a, r) => a + r.oursMs, 0);
  const theirsTotal = compared.reduce((a, r) => a + r.theirsMs!, 0);
  const ratio = theirsTotal / oursTotal;
  const oursMinTotal = compared.reduce((a, r) => a + r.oursMinMs, 0);
  const theirsMinTotal = compared.reduce((a, r) => a + r.theirsMinMs!, 0);
  const pool = await poolFigures();

  const result = {
    benchmark: 'analytics indicators vs technicalindicators',
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    points: POINTS,
    data: 'syntheticOhlcv(525600, { seed: 2024 }): 1-minute geometric random walk from 30,000, σ 0.08 %/bar',
    runs: RUNS,
    statistic: 'median of runs, ms (minimums alongside); the ratio and target use medians',
    loadAverage1mAtStart: round(loadAtStart),
    technicalindicatorsVersion: (
      JSON.parse(readFileSync(require.resolve('technicalindicators/package.json'), 'utf8')) as {
        version: string;
      }
    ).version,
    indicators: rows,
    totals: {
      comparedIndicators: compared.length,
      oursMs: round(oursTotal),
      theirsMs: round(theirsTotal),
      speedRatio: round(ratio, 1),
      oursMinMs: round(oursMinTotal),
      theirsMinMs: round(theirsMinTotal),
      speedRatioOfMinimums: round(theirsMinTotal / oursMinTotal, 1),
      targetRatio: TARGET_RATIO,
      meetsTarget: ratio >= TARGET_RATIO,
      allComparisonsAgree: compared.every((r) => r.comparison?.agrees === true),
    },
    pool,
  };

  const out = path.join(__dirname, 'results', 'analytics.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');

  console.log(`analytics: ${POINTS} points, ${RUNS} runs, median ms (${result.cpu}, node ${result.node})`);
  console.log(
    'indicator            params     ours ms  theirs ms   ratio  max diff (measure)          agrees',
  );
  for (const r of rows) {
    const cmp = r.comparison
      ? `${r.comparison.maxDiff.toExponential(2)} (${r.comparison.measure})`.padEnd(28) +
        String(r.comparison.agrees)
      : '-';
    console.log(
      `${r.indicator.padEnd(20)} ${r.params.padEnd(10)} ${r.oursMs.toFixed(1).padStart(8)} ${(r.theirsMs?.toFixed(1) ?? '-').padStart(10)} ${(r.ratio?.toFixed(1) ?? '-').padStart(7)}  ${cmp}`,
    );
  }
  console.log(
    `total (compared)                ${oursTotal.toFixed(1).padStart(8)} ${theirsTotal.toFixed(1).padStart(10)} ${ratio.toFixed(1).padStart(7)}  target ≥ ${TARGET_RATIO}: ${result.totals.meetsTarget}`,
  );
  console.log(
    `pool (${String(pool.mode)}, ${String(pool.threads)} threads), 9 indicators at once: inline ${String(pool.inlineMs)} ms, ` +
      `pooled ${String(pool.pooledCopyingInputsMs)} ms copying inputs (×${String(pool.speedupCopying)}), ` +
      `${String(pool.pooledTransferringInputsMs)} ms transferring them (×${String(pool.speedupTransferring)}); ` +
      `load average ${String(pool.loadAverage1mAtEnd)}`,
  );
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
