import { COIN_CATALOG } from './catalog';
import { SimulatorProvider } from './providers/simulator';
import type { MarketProvider } from './providers/types';

/** The offline feed: a seeded geometric Brownian motion for every catalog coin. */
export function simulatorProvider(options: { seed?: string; tickIntervalMs?: number } = {}): MarketProvider {
  return new SimulatorProvider({
    seed: options.seed ?? `simulator-${Date.now()}`,
    tickIntervalMs: options.tickIntervalMs ?? 500,
    coins: COIN_CATALOG.map((c) => ({
      coinId: c.id,
      startPrice: c.referencePrice,
      drift: 0,
      volatility: c.symbol === 'USDT' || c.symbol === 'USDC' || c.symbol === 'DAI' ? 0.01 : 0.8,
      priceDecimals: Math.max(2, decimalsFor(c.referencePrice)),
    })),
  });
}

// Keep about six significant digits: SHIB needs ten decimals, bitcoin two.
function decimalsFor(price: string): number {
  const value = Number(price);
  return value >= 1 ? 2 : Math.min(12, Math.ceil(-Math.log10(value)) + 5);
}
