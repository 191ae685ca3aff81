import { BinanceStreamProvider, type BinanceProviderOptions } from './binance';
import { CoinbaseTickerProvider, type CoinbaseProviderOptions } from './coinbase';
import { CoinGeckoClient, type CoinGeckoOptions } from './coingecko';
import { CoinGeckoPollingProvider } from './coingecko-polling';
import { SimulatorProvider, type SimulatorProviderOptions } from './simulator';
import type { MarketProvider, ProviderLogger } from './types';

/** Values of MARKET_PROVIDER. */
export const MARKET_PROVIDER_KINDS = ['simulator', 'coingecko', 'binance', 'coinbase'] as const;
export type MarketProviderKind = (typeof MARKET_PROVIDER_KINDS)[number];

export interface MarketProviderConfig {
  kind: MarketProviderKind;
  /** Coins to stream (slugs); exchanges map them to their symbols. */
  coinIds: readonly string[];
  logger?: ProviderLogger;
  /** For `coingecko` (COINGECKO_PLAN, COINGECKO_API_KEY). */
  coingecko?: Omit<CoinGeckoOptions, 'logger'> & { pollIntervalMs?: number };
  binance?: Omit<BinanceProviderOptions, 'coinIds' | 'logger'>;
  coinbase?: Omit<CoinbaseProviderOptions, 'coinIds' | 'logger'>;
  /** Required for `simulator`: start prices and dynamics per coin. */
  simulator?: Omit<SimulatorProviderOptions, 'logger'>;
}

/** Builds the live provider chosen by configuration (MARKET_PROVIDER). */
export function createMarketProvider(config: MarketProviderConfig): MarketProvider {
  const logger = config.logger ? { logger: config.logger } : {};
  switch (config.kind) {
    case 'simulator':
      if (!config.simulator)
        throw new Error('the simulator provider needs its coins (start prices, drift, volatility)');
      return new SimulatorProvider({ ...config.simulator, ...logger });
    case 'coingecko': {
      const { pollIntervalMs, ...client } = config.coingecko ?? {};
      return new CoinGeckoPollingProvider({
        client: new CoinGeckoClient({ ...client, ...logger }),
        coinIds: config.coinIds,
        ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }),
        ...logger,
      });
    }
    case 'binance':
      return new BinanceStreamProvider({ ...config.binance, coinIds: config.coinIds, ...logger });
    case 'coinbase':
      return new CoinbaseTickerProvider({ ...config.coinbase, coinIds: config.coinIds, ...logger });
  }
}
