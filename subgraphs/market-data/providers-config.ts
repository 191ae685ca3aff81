import { COIN_CATALOG } from './catalog';
import { SimulatorProvider, type SimulatedCoin } from './providers/simulator';
import type { MarketProvider } from './providers/types';

const STABLECOINS = new Set(['USDT', 'USDC', 'DAI']);

/**
 * Simulated dynamics for catalog coins: a random walk from the catalog's reference price, 80 %
 * annualised volatility (1 % for stablecoins), prices to about six significant digits. Ids not
 * in the catalog have no reference price and are left out.
 */
export function simulatorCoins(coinIds?: readonly string[]): SimulatedCoin[] {
  const wanted = coinIds ? new Set(coinIds) : undefined;
  return COIN_CATALOG.filter((c) => !wanted || wanted.has(c.id)).map((c) => ({
    coinId: c.id,
    startPrice: c.referencePrice,
    drift: 0,
    volatility: STABLECOINS.has(c.symbol) ? 0.01 : 0.8,
    priceDecimals: Math.max(2, decimalsFor(c.referencePrice)),
  }));
}

/** The offline feed: a seeded geometric Brownian motion for every catalog coin. */
export function simulatorProvider(options: { seed?: string; tickIntervalMs?: number } = {}): MarketProvider {
  return new SimulatorProvider({
    seed: options.seed ?? `simulator-${Date.now()}`,
    tickIntervalMs: options.tickIntervalMs ?? 500,
    coins: simulatorCoins(),
  });
}

// Keep about six significant digits: SHIB needs ten decimals, bitcoin two.
function decimalsFor(price: string): number {
  const value = Number(price);
  return value >= 1 ? 2 : Math.min(12, Math.ceil(-Math.log10(value)) + 5);
}
