/**
 * Exchange symbols to coin ids. Coin ids are CoinGecko slugs; exchanges name
 * pairs by ticker (BTCUSDT on Binance, BTC-USD on Coinbase). Only USD pairs
 * are used: USDT and USDC quotes count as USD (DESIGN.md, "Money and
 * currency"); any other quote (ETHBTC) is ignored because its price is not
 * in USD.
 */
export const USD_QUOTES = ['USDT', 'USDC', 'USD'] as const;

/** Base asset ticker -> coin id for well-known coins; extend it through `SymbolMap`. */
export const DEFAULT_ASSET_COIN_IDS: Readonly<Record<string, string>> = {
  BTC: 'bitcoin',
  ETH: 'ethereum',
  SOL: 'solana',
  BNB: 'binancecoin',
  XRP: 'ripple',
  ADA: 'cardano',
  DOGE: 'dogecoin',
  AVAX: 'avalanche-2',
  DOT: 'polkadot',
  LINK: 'chainlink',
  LTC: 'litecoin',
  TRX: 'tron',
  BCH: 'bitcoin-cash',
  XLM: 'stellar',
  UNI: 'uniswap',
  ATOM: 'cosmos',
  NEAR: 'near',
  SHIB: 'shiba-inu',
  POL: 'polygon-ecosystem-token',
};

export class SymbolMap {
  private readonly assetToCoin: Map<string, string>;
  private readonly coinToAsset: Map<string, string>;

  constructor(assetCoinIds: Readonly<Record<string, string>> = DEFAULT_ASSET_COIN_IDS) {
    this.assetToCoin = new Map(Object.entries(assetCoinIds).map(([a, c]) => [a.toUpperCase(), c]));
    this.coinToAsset = new Map([...this.assetToCoin].map(([a, c]) => [c, a]));
  }

  coinIdForAsset(asset: string): string | undefined {
    return this.assetToCoin.get(asset.toUpperCase());
  }

  assetForCoinId(coinId: string): string | undefined {
    return this.coinToAsset.get(coinId);
  }

  /** "BTCUSDT" -> "bitcoin"; undefined for non-USD quotes or unknown assets. */
  fromBinance(symbol: string): string | undefined {
    const upper = symbol.toUpperCase();
    for (const quote of USD_QUOTES) {
      if (upper.length > quote.length && upper.endsWith(quote)) {
        return this.coinIdForAsset(upper.slice(0, -quote.length));
      }
    }
    return undefined;
  }

  /** "bitcoin" -> "BTCUSDT" (or another USD quote). */
  toBinance(coinId: string, quote: (typeof USD_QUOTES)[number] = 'USDT'): string | undefined {
    const asset = this.assetForCoinId(coinId);
    return asset === undefined ? undefined : asset + quote;
  }

  /** "BTC-USD" -> "bitcoin"; undefined for non-USD quotes or unknown assets. */
  fromCoinbase(productId: string): string | undefined {
    const [base, quote, extra] = productId.toUpperCase().split('-');
    if (!base || !quote || extra !== undefined) return undefined;
    if (!(USD_QUOTES as readonly string[]).includes(quote)) return undefined;
    return this.coinIdForAsset(base);
  }

  /** "bitcoin" -> "BTC-USD". */
  toCoinbase(coinId: string): string | undefined {
    const asset = this.assetForCoinId(coinId);
    return asset === undefined ? undefined : `${asset}-USD`;
  }
}
