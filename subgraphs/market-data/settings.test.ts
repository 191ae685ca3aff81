import { ConfigError, loadConfig } from '../../lib/config';
import { BinanceStreamProvider } from './providers/binance';
import { CoinbaseTickerProvider } from './providers/coinbase';
import { CoinGeckoClient } from './providers/coingecko';
import { CoinGeckoPollingProvider } from './providers/coingecko-polling';
import { SimulatorProvider } from './providers/simulator';
import { loadMarketDataOptions, marketEnvSchema, marketProviderFromEnv, providerCoinIds } from './settings';

const problemsOf = (env: NodeJS.ProcessEnv) => {
  try {
    loadConfig(marketEnvSchema, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('market-data environment', () => {
  it('defaults to the simulator with two events per second and a 60 s staleness limit', () => {
    const options = loadMarketDataOptions({});
    expect(options.provider?.()).toBeInstanceOf(SimulatorProvider);
    expect(options).toMatchObject({ maxEventsPerSecond: 2, staleAfterMs: 60_000, flushIntervalMs: 2000 });
    expect(options.history?.()).toBeInstanceOf(CoinGeckoClient);
    expect((options.history?.() as CoinGeckoClient).plan).toBe('keyless');
  });

  it('builds the provider MARKET_PROVIDER names, with overridable endpoints', () => {
    const build = (env: NodeJS.ProcessEnv) => loadMarketDataOptions(env).provider?.();
    const binance = build({ MARKET_PROVIDER: 'binance', BINANCE_WS_URL: 'ws://127.0.0.1:9/' });
    expect(binance).toBeInstanceOf(BinanceStreamProvider);
    expect((binance as BinanceStreamProvider).streamUrl()).toMatch(
      /^ws:\/\/127\.0\.0\.1:9\/stream\?streams=btcusdt@trade\/btcusdt@miniTicker\//,
    );
    const kline = build({ MARKET_PROVIDER: 'binance', BINANCE_STREAM: 'kline', MARKET_COINS: 'ethereum' });
    expect((kline as BinanceStreamProvider).streamUrl()).toBe(
      'wss://stream.binance.com:9443/stream?streams=ethusdt@kline_1m/ethusdt@miniTicker',
    );
    const coinbase = build({ MARKET_PROVIDER: 'coinbase', MARKET_COINS: 'bitcoin, solana' });
    expect(coinbase).toBeInstanceOf(CoinbaseTickerProvider);
    expect((coinbase as CoinbaseTickerProvider).subscribeMessage().product_ids).toEqual([
      'BTC-USD',
      'SOL-USD',
    ]);
    expect(build({ MARKET_PROVIDER: 'coingecko', COINGECKO_API_KEY: 'k' })).toBeInstanceOf(
      CoinGeckoPollingProvider,
    );
    expect(loadMarketDataOptions({ MARKET_PROVIDER: 'none' }).provider).toBeUndefined();
  });

  it('streams from exchanges only the catalog coins they list, and every catalog coin otherwise', () => {
    const env = (provider: string) => loadConfig(marketEnvSchema, { MARKET_PROVIDER: provider });
    const binance = providerCoinIds(env('binance'));
    expect(binance).toContain('bitcoin');
    expect(binance).not.toContain('tether'); // no USDTUSDT pair
    expect(providerCoinIds(env('coingecko'))).toHaveLength(50);
    expect(marketProviderFromEnv(env('none'))).toBeUndefined();
  });

  it('adds exchange tickers from MARKET_SYMBOLS to the built-in map', () => {
    const env = {
      MARKET_PROVIDER: 'binance',
      MARKET_SYMBOLS: 'pol=polygon-ecosystem-token, WIF=dogwifcoin',
      MARKET_COINS: 'dogwifcoin,bitcoin',
    };
    const binance = loadMarketDataOptions(env).provider?.() as BinanceStreamProvider;
    expect(binance.streamUrl()).toContain('streams=wifusdt@trade/wifusdt@miniTicker/btcusdt@trade');
    const coinbase = loadMarketDataOptions({ ...env, MARKET_PROVIDER: 'coinbase' }).provider?.();
    expect((coinbase as CoinbaseTickerProvider).subscribeMessage().product_ids).toEqual([
      'WIF-USD',
      'BTC-USD',
    ]);
    expect(problemsOf({ MARKET_SYMBOLS: 'WIF' }).map((p) => p.variable)).toEqual(['MARKET_SYMBOLS']);
    expect(problemsOf({ MARKET_SYMBOLS: 'WIF=Dog Wif' }).map((p) => p.variable)).toEqual(['MARKET_SYMBOLS']);
  });

  it('uses the key with the demo plan by default and the pro plan when named', () => {
    const history = (env: NodeJS.ProcessEnv) => loadMarketDataOptions(env).history?.() as CoinGeckoClient;
    expect(history({ COINGECKO_API_KEY: 'k' }).plan).toBe('demo');
    expect(history({ COINGECKO_API_KEY: 'k', COINGECKO_PLAN: 'pro' }).plan).toBe('pro');
  });

  it('treats blank variables as unset, as ConfigMaps write them', () => {
    const options = loadMarketDataOptions({
      MARKET_PROVIDER: '',
      COINGECKO_API_KEY: ' ',
      QUOTE_STALE_AFTER_MS: '',
    });
    expect(options.provider?.()).toBeInstanceOf(SimulatorProvider);
    expect(options.staleAfterMs).toBe(60_000);
  });

  it('names every bad variable at once', () => {
    const problems = problemsOf({
      MARKET_PROVIDER: 'kraken',
      COINGECKO_PLAN: 'pro',
      COINGECKO_BASE_URL: 'ftp://example.com',
      BINANCE_WS_URL: 'https://stream.binance.com',
      PRICE_EVENTS_PER_SECOND: '0',
      QUOTE_STALE_AFTER_MS: 'soon',
      MARKET_COINS: 'Bitcoin!',
    });
    expect(problems.map((p) => p.variable).sort()).toEqual([
      'BINANCE_WS_URL',
      'COINGECKO_BASE_URL',
      'MARKET_COINS',
      'MARKET_PROVIDER',
      'PRICE_EVENTS_PER_SECOND',
      'QUOTE_STALE_AFTER_MS',
    ]);
    // The cross-field rule runs once the fields themselves are valid.
    expect(problemsOf({ COINGECKO_PLAN: 'pro' })).toEqual([
      { variable: 'COINGECKO_API_KEY', message: 'is required when COINGECKO_PLAN is pro' },
    ]);
  });
});
