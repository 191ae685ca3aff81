import { CandleAggregator } from '../core';
import {
  GbmSimulator,
  generateTicks,
  Rolling24h,
  SimulatorProvider,
  type SimulatorConfig,
} from './simulator';
import type { Tick } from './types';

const config: SimulatorConfig & { startTime: number } = {
  seed: 'demo-seed',
  startTime: Date.UTC(2024, 0, 1),
  tickIntervalMs: 1000,
  coins: [
    { coinId: 'bitcoin', startPrice: '64123.55', drift: 0.05, volatility: 0.8 },
    { coinId: 'ethereum', startPrice: '3100.1', drift: 0, volatility: 1, priceDecimals: 4 },
  ],
};

describe('GBM simulator', () => {
  it('produces the same ticks for the same seed', () => {
    expect(generateTicks(config, 500)).toEqual(generateTicks(config, 500));
  });

  it('produces different ticks for a different seed', () => {
    const a = generateTicks(config, 50).map((t) => t.price);
    const b = generateTicks({ ...config, seed: 'other' }, 50).map((t) => t.price);
    expect(a).not.toEqual(b);
  });

  it('emits valid exact-decimal trades, round-robin over coins, at the configured rate', () => {
    const ticks = generateTicks(config, 10);
    expect(ticks.map((t) => t.coinId)).toEqual(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? 'ethereum' : 'bitcoin')),
    );
    expect(ticks.map((t) => t.ts - config.startTime)).toEqual([
      0, 0, 1000, 1000, 2000, 2000, 3000, 3000, 4000, 4000,
    ]);
    expect(ticks.filter((t) => t.coinId === 'bitcoin').map((t) => t.tradeId)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
    for (const t of ticks) expect(t.price).toMatch(t.coinId === 'bitcoin' ? /^\d+\.\d{2}$/ : /^\d+\.\d{4}$/);
    const agg = new CandleAggregator({ now: () => config.startTime + 60_000 });
    for (const t of generateTicks(config, 200)) expect(agg.ingest(t)).toBe('accepted');
  });

  it('has log-returns with the configured volatility (statistical check over 20,000 steps)', () => {
    const sigma = 0.8;
    const dtMs = 60_000;
    const sim = new GbmSimulator({
      seed: 'vol',
      tickIntervalMs: dtMs,
      coins: [{ coinId: 'x', startPrice: '1000', drift: 0, volatility: sigma, priceDecimals: 8 }],
    });
    const prices: number[] = [];
    for (let i = 0; i < 20_000; i++) prices.push(Number(sim.step(i)[0]!.price));
    const returns = prices.slice(1).map((p, i) => Math.log(p / prices[i]!));
    const mean = returns.reduce((s, r) => s + r, 0) / returns.length;
    const variance = returns.reduce((s, r) => s + (r - mean) ** 2, 0) / (returns.length - 1);
    const annualised = Math.sqrt(variance / (dtMs / (365 * 24 * 3600 * 1000)));
    expect(annualised).toBeGreaterThan(sigma * 0.95);
    expect(annualised).toBeLessThan(sigma * 1.05);
  });

  it('runs as a provider on a timer and stops cleanly', async () => {
    jest.useFakeTimers();
    try {
      const provider = new SimulatorProvider({ ...config, now: () => 42 });
      const ticks: Tick[] = [];
      let quotes = 0;
      await provider.start({ onTick: (t) => ticks.push(t), onQuote: () => quotes++ });
      jest.advanceTimersByTime(3000);
      await provider.stop();
      jest.advanceTimersByTime(3000);
      expect(ticks).toHaveLength(6);
      expect(quotes).toBe(6);
      expect(ticks.map(({ ts, ...rest }) => ({ ...rest, ts: ts === 42 }))).toEqual(
        generateTicks(config, 6).map(({ ts, ...rest }) => ({ ...rest, ts: ts !== undefined })),
      );
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('Rolling24h', () => {
  const HOUR = 3_600_000;
  const t0 = Date.UTC(2024, 0, 1);

  it('measures change from the opening price until a day of history exists, volume in USD exactly', () => {
    const day = new Rolling24h();
    expect(day.observe('100', '0.5', t0)).toEqual({ change24hPct: 0, volume24h: '50' });
    expect(day.observe('110', '0.1', t0 + 2 * HOUR)).toEqual({ change24hPct: 10, volume24h: '61' });
    expect(day.observe('90.5', '0.3', t0 + 23 * HOUR)).toEqual({
      change24hPct: -9.5,
      volume24h: '88.15',
    });
  });

  it('then compares with the price of the hour 24 hours earlier and forgets older volume', () => {
    const day = new Rolling24h();
    day.observe('100', '1', t0);
    day.observe('120', '1', t0 + 5 * HOUR);
    // 30 hours later (24 hours ago = 06:00) the reference is the last hour seen by then, 05:00;
    // its volume, like 00:00's, is older than a day and no longer counts.
    expect(day.observe('150', '1', t0 + 30 * HOUR)).toEqual({ change24hPct: 25, volume24h: '150' });
    expect(day.observe('150', '2', t0 + 30 * HOUR + 1)).toEqual({ change24hPct: 25, volume24h: '450' });
  });
});
