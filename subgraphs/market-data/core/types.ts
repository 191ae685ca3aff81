import type { CandleInterval } from './intervals';

/**
 * One trade (or one price observation) from a provider.
 * Decimals are strings so no venue value ever passes through a float.
 */
export interface Tick {
  /** Coin slug, e.g. "bitcoin". */
  coinId: string;
  /** Exact decimal price in USD, e.g. "64123.55". */
  price: string;
  /** Exact decimal quantity in coin units; "0" for price-only observations (CoinGecko polling). */
  quantity: string;
  /** Trade time, ms since the Unix epoch (UTC). */
  ts: number;
  /** Provider name, e.g. "binance", "coinbase", "coingecko", "simulator". */
  source: string;
  /**
   * Venue trade id. Two ticks with the same `source` and `tradeId` are the same
   * trade (a duplicate), whatever else they carry; ticks without a trade id are
   * never treated as duplicates, because two genuine trades can share price,
   * quantity and millisecond.
   */
  tradeId?: string;
}

/** An OHLCV candle with exact decimal strings; `openTime` is the UTC-aligned bucket start in ms. */
export interface Candle {
  coinId: string;
  interval: CandleInterval;
  openTime: number;
  open: string;
  high: string;
  low: string;
  close: string;
  /** Summed traded quantity in coin units. */
  volume: string;
}

/** Latest market snapshot for a coin, as providers report it. */
export interface Quote {
  coinId: string;
  price: string;
  /** Observation time, ms epoch. */
  ts: number;
  source: string;
  /** 24h traded value in USD, when the provider reports it. */
  volume24h?: string;
  /** 24h change in percent (a ratio, so a float is fine here, as in the API's `Float`). */
  change24hPct?: number;
  high24h?: string;
  low24h?: string;
  marketCap?: string;
}
