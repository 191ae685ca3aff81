/**
 * Market-data core benchmark: ticks per second through the candle
 * aggregation core alone (parse exact decimals, de-duplicate, 1-minute
 * OHLCV, incremental roll-ups to 5m..1d, flush to upsertable candles), on
 * one core, no I/O. Target: >= 200,000 ticks/s.
 *
 * Run: npx tsx bench/market-data.bench.ts   (about 10-20 s)
 * Writes bench/results/market-data.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CandleAggregator, PriceThrottler, type Tick } from '../subgraphs/market-data/core';
import { generateTicks } from '../subgraphs/market-data/providers/simulator';

const COINS = 50;
const TICKS = 1_000_000;
const FLUSH_EVERY = 5_000; // a flush per ~25 ms of input at 200k ticks/s, like a live pipeline flushing often
const RUNS = 5;
const TARGET = 200_000;

function buildTicks(): Tick[] {
  const start = Date.UTC(2024, 0, 1);
  const coins = Array.from({ length: COINS }, (_, i) => ({
    coinId: `coin-${i}`,
    startPrice: i === 0 ? '64123.55' : (1 + i * 13.37).toFixed(4),
    drift: 0.05,
    volatility: 0.8,
    priceDecimals: i % 3 === 0 ? 2 : 8,
  }));
  // 1,000,000 ticks spread over ~3.3 hours of market time: 50 coins, one tick each per 600 ms.
  return generateTicks({ seed: 'bench', coins, startTime: start, tickIntervalMs: 600 }, TICKS);
}

/**
 * The same ticks with venue disorder: every 10th tick swapped with one up to
 * 20 positions later (out of order, still inside the grace window) and every
 * 100th tick delivered twice (a duplicate to drop).
 */
function disorder(ticks: Tick[]): Tick[] {
  const out = [...ticks];
  for (let i = 0; i + 20 < out.length; i += 10) {
    const j = i + 1 + (i % 20);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  const withDuplicates: Tick[] = [];
  out.forEach((t, i) => {
    withDuplicates.push(t);
    if (i % 100 === 0) withDuplicates.push({ ...t });
  });
  return withDuplicates;
}

function runAggregation(ticks: Tick[], expectedAccepted = ticks.length): { ms: number; candles: number } {
  const last = ticks[ticks.length - 1]!.ts;
  const agg = new CandleAggregator({ now: () => last, graceMs: 5000 });
  let candles = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < ticks.length; i++) {
    agg.ingest(ticks[i]!);
    if (i % FLUSH_EVERY === FLUSH_EVERY - 1) candles += agg.flush().length;
  }
  candles += agg.flush().length;
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (agg.stats().accepted !== expectedAccepted) throw new Error('benchmark ticks were not all accepted');
  return { ms, candles };
}

function runThrottler(ticks: Tick[]): number {
  let now = 0;
  const th = new PriceThrottler({ maxEventsPerSecond: 2, now: () => now });
  const t0 = process.hrtime.bigint();
  for (const t of ticks) {
    now = t.ts;
    th.offer({ coinId: t.coinId, price: t.price, ts: t.ts, source: t.source });
  }
  th.takeDue();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function main(): void {
  const ticks = buildTicks();
  runAggregation(ticks.slice(0, 100_000)); // warm-up (JIT)
  const runs = Array.from({ length: RUNS }, () => runAggregation(ticks));
  const rates = runs.map((r) => Math.round((TICKS / r.ms) * 1000)).sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)]!;
  const messy = disorder(ticks);
  const messyRates = Array.from({ length: RUNS }, () => runAggregation(messy, TICKS))
    .map((r) => Math.round((messy.length / r.ms) * 1000))
    .sort((a, b) => a - b);
  const messyMedian = messyRates[Math.floor(messyRates.length / 2)]!;
  const throttleMs = runThrottler(ticks);
  const result = {
    benchmark: 'market-data core aggregation',
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    ticksPerRun: TICKS,
    coins: COINS,
    flushEvery: FLUSH_EVERY,
    runs: RUNS,
    candlesEmittedPerRun: runs[0]!.candles,
    aggregationTicksPerSecond: { median, min: rates[0], max: rates[rates.length - 1], all: rates },
    withDisorder: {
      description: '10% of ticks out of order, 1% duplicated (dropped)',
      ticksPerRun: messy.length,
      ticksPerSecond: {
        median: messyMedian,
        min: messyRates[0],
        max: messyRates[messyRates.length - 1],
        all: messyRates,
      },
    },
    throttlerOffersPerSecond: Math.round((TICKS / throttleMs) * 1000),
    targetTicksPerSecond: TARGET,
    meetsTarget: median >= TARGET && messyMedian >= TARGET,
  };
  const dir = path.join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'market-data.json'), JSON.stringify(result, null, 2) + '\n');
  console.table({
    'aggregation ticks/s (median)': median,
    'aggregation ticks/s (min)': rates[0],
    'aggregation ticks/s (max)': rates[rates.length - 1],
    'with disorder ticks/s (median)': messyMedian,
    'throttler offers/s': result.throttlerOffersPerSecond,
    'target ticks/s': TARGET,
    'meets target': result.meetsTarget,
  });
}

main();
