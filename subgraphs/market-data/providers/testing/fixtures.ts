/**
 * Wire-format fixtures copied from the providers' own documented examples,
 * kept as raw text where the exact digits of JSON numbers matter.
 *
 * - CoinGecko API v3 reference (docs.coingecko.com): "Coin Price by IDs"
 *   (/simple/price), "Coins List with Market Data" (/coins/markets), "Coin
 *   Historical Chart Data within Time Range by ID" (/coins/{id}/market_chart/range),
 *   "Coin OHLC Chart by ID" (/coins/{id}/ohlc), "Errors & Rate Limits".
 * - Binance spot "WebSocket Streams" (binance-spot-api-docs, web-socket-streams.md):
 *   Trade Streams, Kline/Candlestick Streams, Individual Symbol Mini Ticker
 *   Stream, Server Shutdown. Their examples use BNBBTC; the symbol is swapped
 *   for a USD pair so the coin maps, every other field is as documented.
 * - Coinbase Exchange "WebSocket Channels" (docs.cdp.coinbase.com): Ticker
 *   Channel, Heartbeat Channel, Subscriptions Message, Errors.
 */

export const coingecko = {
  simplePrice: `{
  "bitcoin": {
    "usd": 67187.3358936566,
    "usd_market_cap": 1317802988326.25,
    "usd_24h_vol": 31260929299.5248,
    "usd_24h_change": 3.63727894677354,
    "last_updated_at": 1711356300
  }
}`,
  coinsMarkets: `[
  {
    "id": "bitcoin",
    "symbol": "btc",
    "name": "Bitcoin",
    "image": "https://assets.coingecko.com/coins/images/1/large/bitcoin.png?1696501400",
    "current_price": 70187,
    "market_cap": 1381651251183,
    "market_cap_rank": 1,
    "fully_diluted_valuation": 1474623675796,
    "total_volume": 20154184933,
    "high_24h": 70215,
    "low_24h": 68060,
    "price_change_24h": 2126.88,
    "price_change_percentage_24h": 3.12502,
    "market_cap_change_24h": 44287678051,
    "market_cap_change_percentage_24h": 3.31157,
    "circulating_supply": 19675987,
    "total_supply": 21000000,
    "max_supply": 21000000,
    "ath": 73738,
    "ath_change_percentage": -4.77063,
    "ath_date": "2024-03-14T07:10:36.635Z",
    "atl": 67.81,
    "atl_change_percentage": 103455.83335,
    "atl_date": "2013-07-06T00:00:00.000Z",
    "roi": null,
    "last_updated": "2024-04-07T16:49:31.736Z"
  }
]`,
  marketChartRange: `{
  "prices": [
    [1704067241331, 42261.0406175669],
    [1704070847420, 42493.2764087546],
    [1704074443652, 42654.0731066594]
  ],
  "market_caps": [
    [1704067241331, 827596236151.196],
    [1704070847420, 831531023621.411],
    [1704074443652, 835499399014.932]
  ],
  "total_volumes": [
    [1704067241331, 14305769170.9498],
    [1704070847420, 14130205376.1709],
    [1704074443652, 13697382902.2424]
  ]
}`,
  ohlc: `[
  [1709395200000, 61942, 62211, 61721, 61845],
  [1709409600000, 61828, 62139, 61726, 62139],
  [1709424000000, 62171, 62210, 61821, 62068]
]`,
  /** HTTP 429 body. */
  rateLimited: `{"status":{"error_code":429,"error_message":"You've exceeded the Rate Limit. Please visit https://www.coingecko.com/en/api/pricing to subscribe to our API plans for higher rate limits."}}`,
  /** HTTP 401 body for history older than the keyless/demo range. */
  timeRangeRestricted: `{"error":{"status":{"timestamp":"2024-04-20T22:00:05.123+00:00","error_code":10012,"error_message":"Your request exceeds the allowed time range. Public API users are limited to querying historical data within the past 365 days. Upgrade to a paid plan to enjoy full historical data access: https://www.coingecko.com/en/api/pricing. "}}}`,
  /** HTTP 401 body for an endpoint that needs a paid plan. */
  proOnly: `{"status":{"error_code":10005,"error_message":"This request is limited Pro API subscribers"}}`,
};

export const binance = {
  trade: {
    e: 'trade',
    E: 1672515782136,
    s: 'BTCUSDT',
    t: 12345,
    p: '0.001',
    q: '100',
    b: 88,
    a: 50,
    T: 1672515782136,
    m: true,
    M: true,
  },
  kline: {
    e: 'kline',
    E: 1672515782136,
    s: 'BTCUSDT',
    k: {
      t: 1672515780000,
      T: 1672515839999,
      s: 'BTCUSDT',
      i: '1m',
      f: 100,
      L: 200,
      o: '0.0010',
      c: '0.0020',
      h: '0.0025',
      l: '0.0015',
      v: '1000',
      n: 100,
      x: false,
      q: '1.0000',
      V: '500',
      Q: '0.500',
      B: '123456',
    },
  },
  miniTicker: {
    e: '24hrMiniTicker',
    E: 1672515782136,
    s: 'BTCUSDT',
    c: '0.0025',
    o: '0.0010',
    h: '0.0025',
    l: '0.0010',
    v: '10000',
    q: '18',
  },
  serverShutdown: { stream: '!serverShutdown', data: { e: 'serverShutdown', E: 1770123456789 } },
};

/** Wraps a raw payload in Binance's combined-stream envelope. */
export function binanceEnvelope(stream: string, data: unknown): string {
  return JSON.stringify({ stream, data });
}

export const coinbase = {
  ticker: {
    type: 'ticker',
    sequence: 37475248783,
    product_id: 'ETH-USD',
    price: '1285.22',
    open_24h: '1310.79',
    volume_24h: '245532.79269678',
    low_24h: '1280.52',
    high_24h: '1313.8',
    volume_30d: '9788783.60117027',
    best_bid: '1285.04',
    best_bid_size: '0.46688654',
    best_ask: '1285.27',
    best_ask_size: '1.56637040',
    side: 'buy',
    time: '2022-10-19T23:28:22.061769Z',
    trade_id: 370843401,
    last_size: '11.4396987',
  },
  heartbeat: {
    type: 'heartbeat',
    sequence: 90,
    last_trade_id: 20,
    product_id: 'BTC-USD',
    time: '2014-11-07T08:19:28.464459Z',
  },
  subscriptions: {
    type: 'subscriptions',
    channels: [{ name: 'ticker', product_ids: ['ETH-USD', 'ETH-EUR', 'ETH-BTC'] }],
  },
  error: { type: 'error', message: 'error message' },
};
