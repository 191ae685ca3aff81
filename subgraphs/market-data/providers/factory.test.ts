import { BinanceStreamProvider } from './binance';
import { CoinbaseTickerProvider } from './coinbase';
import { CoinGeckoPollingProvider } from './coingecko-polling';
import { createMarketProvider } from './factory';
import { SimulatorProvider } from './simulator';

describe('createMarketProvider', () => {
  it('builds the provider named by MARKET_PROVIDER', () => {
    const coinIds = ['bitcoin'];
    expect(createMarketProvider({ kind: 'binance', coinIds })).toBeInstanceOf(BinanceStreamProvider);
    expect(createMarketProvider({ kind: 'coinbase', coinIds })).toBeInstanceOf(CoinbaseTickerProvider);
    expect(
      createMarketProvider({ kind: 'coingecko', coinIds, coingecko: { plan: 'demo', apiKey: 'k' } }),
    ).toBeInstanceOf(CoinGeckoPollingProvider);
    const simulator = {
      seed: 's',
      tickIntervalMs: 1000,
      coins: [{ coinId: 'bitcoin', startPrice: '1', drift: 0, volatility: 0.5 }],
    };
    expect(createMarketProvider({ kind: 'simulator', coinIds, simulator })).toBeInstanceOf(SimulatorProvider);
  });
  it('refuses incomplete configuration', () => {
    expect(() => createMarketProvider({ kind: 'simulator', coinIds: [] })).toThrow(/needs its coins/);
    expect(() =>
      createMarketProvider({ kind: 'coingecko', coinIds: [], coingecko: { plan: 'pro' } }),
    ).toThrow(/needs an API key/);
  });
});
