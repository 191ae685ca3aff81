import type { Candle, MinuteCandleUpdate, Quote, Tick } from '../core';

/** Where a streaming provider delivers what it reads. Callbacks must not throw; the provider logs if they do. */
export interface MarketSink {
  /** A trade (or, for polling providers, a price observation with quantity "0"). */
  onTick(tick: Tick): void;
  /** A 24h market snapshot (Binance miniTicker, Coinbase ticker, CoinGecko simple/price). */
  onQuote?(quote: Quote): void;
  /** An exchange-built 1-minute candle (Binance `@kline_1m`); feed it to `CandleAggregator.ingestMinuteCandle`. */
  onMinuteCandle?(update: MinuteCandleUpdate): void;
  /** Connection state changes, for readiness checks and metrics. */
  onStatus?(status: ProviderStatus): void;
}

export interface ProviderStatus {
  provider: string;
  state: 'connecting' | 'connected' | 'reconnecting' | 'stopped';
  /** Why the state changed (e.g. "serverShutdown", "max connection age", "closed 1006"). */
  reason?: string;
  /** Consecutive failed attempts; 0 once connected. */
  attempt?: number;
}

/**
 * A live price source (simulator, Binance, Coinbase, CoinGecko polling).
 * `start` resolves once the source is running (a streaming provider keeps
 * reconnecting on its own after that); `stop` ends it and all its timers.
 */
export interface MarketProvider {
  readonly name: string;
  start(sink: MarketSink): Promise<void>;
  stop(): Promise<void>;
}

/** One coin of the catalog with its market data (CoinGecko `/coins/markets`). */
export interface CatalogCoin {
  id: string;
  symbol: string;
  name: string;
  rank: number | null;
  image?: string;
  quote: Quote | null;
  circulatingSupply?: string;
  totalSupply?: string;
  maxSupply?: string;
}

/** A point of historical market data (CoinGecko `/coins/{id}/market_chart/range`). */
export interface HistoryPoint {
  ts: number;
  price: string;
  marketCap?: string;
  totalVolume?: string;
}

/** An OHLC candle from a provider; `closeTime` is when it ended (CoinGecko `/ohlc` stamps candles with their close). */
export interface ProviderOhlc {
  closeTime: number;
  open: string;
  high: string;
  low: string;
  close: string;
}

/** REST source for the coin catalog, latest quotes and history (CoinGecko). */
export interface MarketCatalogProvider {
  readonly name: string;
  /** Catalog with market data, ranked by market cap, `maxPages` pages of `perPage` coins. */
  listCoins(options?: { perPage?: number; maxPages?: number; ids?: string[] }): Promise<CatalogCoin[]>;
  /** Latest quotes for the given coin ids (batched). */
  getQuotes(ids: readonly string[]): Promise<Quote[]>;
  /** Price history between two instants (ms epoch). */
  getHistory(coinId: string, fromMs: number, toMs: number): Promise<HistoryPoint[]>;
  /** Provider-built OHLC for the last `days` days. */
  getOhlc(coinId: string, days: number | 'max'): Promise<ProviderOhlc[]>;
}

/** The logger subset providers use; a pino logger fits. */
export interface ProviderLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: ProviderLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export type { Candle, MinuteCandleUpdate, Quote, Tick };
