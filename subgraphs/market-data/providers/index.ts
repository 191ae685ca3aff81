// Market data providers: live feeds behind MarketProvider, REST catalog/history behind MarketCatalogProvider.
// Test fakes and fixtures live in ./testing and are not exported here.
export type {
  CatalogCoin,
  HistoryPoint,
  MarketCatalogProvider,
  MarketProvider,
  MarketSink,
  ProviderLogger,
  ProviderOhlc,
  ProviderStatus,
} from './types';
export { silentLogger } from './types';
export { createMarketProvider, MARKET_PROVIDER_KINDS } from './factory';
export type { MarketProviderConfig, MarketProviderKind } from './factory';
export { CoinGeckoClient, CoinGeckoError, CoinGeckoPlanRestrictedError } from './coingecko';
export type { CoinGeckoErrorKind, CoinGeckoOptions, CoinGeckoPlan } from './coingecko';
export { CoinGeckoPollingProvider } from './coingecko-polling';
export type { CoinGeckoPollingOptions } from './coingecko-polling';
export { BinanceStreamProvider } from './binance';
export type { BinanceProviderOptions } from './binance';
export { CoinbaseTickerProvider, isoToMs } from './coinbase';
export type { CoinbaseProviderOptions } from './coinbase';
export { GbmSimulator, generateTicks, SimulatorProvider } from './simulator';
export type { SimulatedCoin, SimulatorConfig, SimulatorProviderOptions } from './simulator';
export { DEFAULT_ASSET_COIN_IDS, SymbolMap, USD_QUOTES } from './symbols';
export { ReconnectingWebSocket } from './reconnecting-ws';
export type { ReconnectingWsOptions } from './reconnecting-ws';
export { StreamingProvider } from './streaming-provider';
export type { StreamConnection, StreamingProviderOptions } from './streaming-provider';
export { backoffDelay, DEFAULT_BACKOFF, parseRetryAfter } from './backoff';
export type { BackoffPolicy } from './backoff';
export { parseExactJson } from './exact-json';
