import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runComputation } from './computations';
import { AnalyticsInputError } from './errors';
import { AnalyticsPool, resolveWorkerEntry } from './pool';
import { simpleReturns } from './returns';
import { syntheticOhlcv } from './testing/synthetic';

describe('AnalyticsPool in worker mode (worker.ts through tsx)', () => {
  // inlineBelow 0: every task goes to a worker thread, however small
  const pool = new AnalyticsPool({ threads: 2, inlineBelow: 0 });
  const { high, low, close, volume } = syntheticOhlcv(5000, { seed: 99 });
  afterAll(() => pool.destroy());

  it('runs real worker threads from the TypeScript sources', () => {
    expect(pool.mode).toBe('worker');
    expect(pool.workerFile).toMatch(/worker\.ts$/);
  });

  it('computes exactly what the inline functions compute', async () => {
    const daily = close.slice(0, 400);
    const cases = [
      ['sma', [close, 20]],
      ['ema', [close, 50]],
      ['rsi', [close, 14]],
      ['macd', [close, { fast: 12, slow: 26, signal: 9 }]],
      ['bollinger', [close, { period: 20, stdDev: 2 }]],
      ['atr', [high, low, close, 14]],
      ['stochastic', [high, low, close, {}]],
      ['obv', [close, volume]],
      ['vwap', [high, low, close, volume]],
      ['rollingVwap', [high, low, close, volume, 60]],
      ['riskSummary', [daily, { riskFreeRate: 0.04 }]],
      ['correlationMatrix', [[simpleReturns(daily), simpleReturns(high.slice(0, 400))]]],
    ] as const;
    const results = await Promise.all(cases.map(([name, args]) => pool.run(name, args as never)));
    cases.forEach(([name, args], i) => {
      expect({ name, result: results[i] }).toEqual({ name, result: runComputation(name, args as never) });
    });
    expect(pool.stats().completed).toBeGreaterThanOrEqual(cases.length);
  });

  it('rejects invalid input with AnalyticsInputError, as the inline call throws', async () => {
    const failure = pool.run('sma', [close, 1]);
    await expect(failure).rejects.toBeInstanceOf(AnalyticsInputError);
    await expect(failure).rejects.toMatchObject({ code: 'BAD_USER_INPUT', argument: 'period' });
    await expect(pool.run('nope' as never, [] as never)).rejects.toBeInstanceOf(AnalyticsInputError);
  });

  it('copies inputs by default and moves them only when asked', async () => {
    const input = close.slice();
    await pool.run('sma', [input, 10]);
    expect(input.length).toBe(close.length);
    const moved = close.slice();
    const r = await pool.run('sma', [moved, 10], { transfer: true });
    expect(moved.length).toBe(0); // detached: the buffer now belongs to the worker
    expect(r.values).toEqual(runComputation('sma', [close, 10]).values);
  });
});

describe('AnalyticsPool without threads', () => {
  it('inline mode gives the same answers and starts no worker', async () => {
    const pool = new AnalyticsPool({ mode: 'inline' });
    const { close } = syntheticOhlcv(300, { seed: 5 });
    expect(pool.mode).toBe('inline');
    expect(await pool.run('rsi', [close, 14])).toEqual(runComputation('rsi', [close, 14]));
    await expect(pool.run('rsi', [close, 0])).rejects.toBeInstanceOf(AnalyticsInputError);
    expect(pool.stats()).toMatchObject({ threads: 0, completed: 0 });
    await pool.destroy();
  });

  it('runs tasks smaller than inlineBelow on the calling thread', async () => {
    const pool = new AnalyticsPool({ threads: 1, inlineBelow: 1000 });
    const { close } = syntheticOhlcv(999, { seed: 5 });
    await pool.run('sma', [close, 5]);
    expect(pool.stats().completed).toBe(0);
    await pool.destroy();
  });
});

describe('resolveWorkerEntry', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'analytics-pool-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prefers the compiled worker.js beside the pool, with no loader', () => {
    writeFileSync(join(dir, 'worker.js'), 'module.exports = () => 1;');
    writeFileSync(join(dir, 'worker.ts'), 'export default () => 1;');
    expect(resolveWorkerEntry(dir)).toEqual({ filename: join(dir, 'worker.js'), execArgv: [] });
  });

  it('is null when there is no worker file, so the pool runs inline', () => {
    expect(resolveWorkerEntry(dir)).toBeNull();
  });
});
