import { CoinGeckoClient, CoinGeckoError, CoinGeckoPlanRestrictedError } from './coingecko';
import { CoinGeckoPollingProvider } from './coingecko-polling';
import { capturingLogger, coingecko, FakeCoinGecko } from './testing';
import type { Quote, Tick } from './types';

describe('CoinGecko client against a local fake speaking CoinGecko’s wire format', () => {
  let fake: FakeCoinGecko;
  const sleeps: number[] = [];
  const client = (extra: Partial<ConstructorParameters<typeof CoinGeckoClient>[0]> = {}) =>
    new CoinGeckoClient({
      baseUrl: fake.baseUrl,
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 0.5,
      ...extra,
    });

  beforeEach(async () => {
    fake = await FakeCoinGecko.start();
    sleeps.length = 0;
  });
  afterEach(() => fake.close());

  it('reads /simple/price with exact decimals and the demo key header', async () => {
    fake.on('/simple/price', { status: 200, body: coingecko.simplePrice });
    const quotes = await client({ plan: 'demo', apiKey: 'demo-key' }).getQuotes(['bitcoin', 'unknown-coin']);
    expect(quotes).toEqual<Quote[]>([
      {
        coinId: 'bitcoin',
        price: '67187.3358936566',
        marketCap: '1317802988326.25',
        volume24h: '31260929299.5248',
        change24hPct: 3.63727894677354,
        ts: 1711356300_000,
        source: 'coingecko',
      },
    ]);
    const req = fake.requests[0]!;
    expect(req.headers['x-cg-demo-api-key']).toBe('demo-key');
    expect(req.headers['x-cg-pro-api-key']).toBeUndefined();
    expect(req.query.get('ids')).toBe('bitcoin,unknown-coin');
    expect(req.query.get('vs_currencies')).toBe('usd');
    expect(req.query.get('include_last_updated_at')).toBe('true');
  });

  it('uses the pro header (and the pro base URL when none is given)', async () => {
    fake.on('/simple/price', { status: 200, body: '{}' });
    await client({ plan: 'pro', apiKey: 'pro-key' }).getQuotes(['bitcoin']);
    expect(fake.requests[0]!.headers['x-cg-pro-api-key']).toBe('pro-key');
    expect(fake.requests[0]!.headers['x-cg-demo-api-key']).toBeUndefined();
    const realFetch = jest.fn(async () => new Response('{}', { status: 200 }));
    await new CoinGeckoClient({ plan: 'pro', apiKey: 'k', fetch: realFetch as typeof fetch }).getQuotes([
      'x',
    ]);
    expect(String((realFetch.mock.calls[0] as unknown[])[0])).toMatch(
      /^https:\/\/pro-api\.coingecko\.com\/api\/v3\/simple\/price\?/,
    );
    expect(() => new CoinGeckoClient({ plan: 'pro' })).toThrow(/needs an API key/);
  });

  it('batches ids across /simple/price requests', async () => {
    fake.on('/simple/price', { status: 200, body: '{}' });
    await client({ priceBatchSize: 2 }).getQuotes(['a', 'b', 'c', 'd', 'e']);
    expect(fake.requests.map((r) => r.query.get('ids'))).toEqual(['a,b', 'c,d', 'e']);
  });

  it('maps /coins/markets rows and pages until a short page', async () => {
    const row = JSON.parse(coingecko.coinsMarkets)[0];
    const fullPage = JSON.stringify([row, { ...row, id: 'b2', market_cap_rank: 2 }]);
    fake.on('/coins/markets', { status: 200, body: fullPage }, { status: 200, body: coingecko.coinsMarkets });
    const coins = await client().listCoins({ perPage: 2, maxPages: 5 });
    expect(fake.requests.map((r) => r.query.get('page'))).toEqual(['1', '2']);
    expect(coins).toHaveLength(3);
    expect(coins[2]).toEqual({
      id: 'bitcoin',
      symbol: 'BTC',
      name: 'Bitcoin',
      rank: 1,
      image: 'https://assets.coingecko.com/coins/images/1/large/bitcoin.png?1696501400',
      circulatingSupply: '19675987',
      totalSupply: '21000000',
      maxSupply: '21000000',
      quote: {
        coinId: 'bitcoin',
        price: '70187',
        marketCap: '1381651251183',
        volume24h: '20154184933',
        high24h: '70215',
        low24h: '68060',
        change24hPct: 3.12502,
        ts: Date.parse('2024-04-07T16:49:31.736Z'),
        source: 'coingecko',
      },
    });
  });

  it('reads market_chart/range into history points, with seconds in the query', async () => {
    fake.on('/coins/bitcoin/market_chart/range', { status: 200, body: coingecko.marketChartRange });
    const points = await client().getHistory('bitcoin', 1704067200_000, 1704074500_500);
    expect(fake.requests[0]!.query.get('from')).toBe('1704067200');
    expect(fake.requests[0]!.query.get('to')).toBe('1704074501');
    expect(points[0]).toEqual({
      ts: 1704067241331,
      price: '42261.0406175669',
      marketCap: '827596236151.196',
      totalVolume: '14305769170.9498',
    });
    expect(points).toHaveLength(3);
  });

  it('reads /ohlc rows stamped with their close time', async () => {
    fake.on('/coins/bitcoin/ohlc', { status: 200, body: coingecko.ohlc });
    const rows = await client().getOhlc('bitcoin', 30);
    expect(fake.requests[0]!.query.get('days')).toBe('30');
    expect(rows[1]).toEqual({
      closeTime: 1709409600000,
      open: '61828',
      high: '62139',
      low: '61726',
      close: '62139',
    });
  });

  it('honours retry-after on 429, with jitter, then succeeds', async () => {
    fake.on(
      '/simple/price',
      { status: 429, body: coingecko.rateLimited, headers: { 'retry-after': '2' } },
      { status: 429, body: coingecko.rateLimited },
      { status: 200, body: coingecko.simplePrice },
    );
    const logger = capturingLogger();
    const quotes = await client({ logger }).getQuotes(['bitcoin']);
    expect(quotes).toHaveLength(1);
    // 2 s from retry-after plus 0.5 s jitter; then, without retry-after, exponential backoff (attempt 1: 0.5 * 2 s).
    expect(sleeps).toEqual([2500, 1000]);
    expect(logger.entries.filter((e) => e.msg === 'retrying CoinGecko request')).toHaveLength(2);
  });

  it('gives up on 429 after maxRetries, or at once when retry-after is too long', async () => {
    fake.on('/simple/price', { status: 429, body: coingecko.rateLimited });
    await expect(client({ maxRetries: 2 }).getQuotes(['bitcoin'])).rejects.toMatchObject({
      kind: 'rate_limited',
      status: 429,
      errorCode: 429,
    });
    expect(fake.requests).toHaveLength(3);
    fake.on('/simple/price', {
      status: 429,
      body: coingecko.rateLimited,
      headers: { 'retry-after': '3600' },
    });
    sleeps.length = 0;
    await expect(client().getQuotes(['bitcoin'])).rejects.toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 3_600_000,
    });
    expect(sleeps).toEqual([]);
  });

  it('retries 5xx with bounded backoff and reports the venue unavailable after that', async () => {
    fake.on('/simple/price', { status: 503, body: 'upstream down' });
    const err = await client({ maxRetries: 3, backoff: { baseMs: 100, maxMs: 250 } })
      .getQuotes(['bitcoin'])
      .catch((e) => e);
    expect(err).toBeInstanceOf(CoinGeckoError);
    expect(err.kind).toBe('unavailable');
    expect(sleeps).toEqual([50, 100, 125]);
  });

  it('retries network failures', async () => {
    let calls = 0;
    const flaky = (async (input: string | URL | Request, init?: RequestInit) => {
      if (calls++ === 0) throw new TypeError('fetch failed');
      return fetch(input, init);
    }) as typeof fetch;
    fake.on('/simple/price', { status: 200, body: coingecko.simplePrice });
    expect(await client({ fetch: flaky }).getQuotes(['bitcoin'])).toHaveLength(1);
    expect(calls).toBe(2);
  });

  it('reports history beyond the plan’s range as a typed plan restriction, without retrying', async () => {
    fake.on('/coins/bitcoin/market_chart/range', { status: 401, body: coingecko.timeRangeRestricted });
    const err = await client()
      .getHistory('bitcoin', 0, 1)
      .catch((e) => e);
    expect(err).toBeInstanceOf(CoinGeckoPlanRestrictedError);
    expect(err).toMatchObject({ kind: 'plan_restricted', status: 401, errorCode: 10012 });
    expect(err.message).toMatch(/past 365 days/);
    expect(fake.requests).toHaveLength(1);
    fake.on('/coins/bitcoin/ohlc', { status: 401, body: coingecko.proOnly });
    await expect(client().getOhlc('bitcoin', 'max')).rejects.toMatchObject({
      kind: 'plan_restricted',
      errorCode: 10005,
    });
  });

  it('maps other client errors without retrying', async () => {
    await expect(client().getOhlc('no-such-coin', 1)).rejects.toMatchObject({
      kind: 'not_found',
      status: 404,
    });
    fake.on('/simple/price', {
      status: 401,
      body: '{"status":{"error_code":10002,"error_message":"API Key Missing"}}',
    });
    await expect(client().getQuotes(['x'])).rejects.toMatchObject({ kind: 'unauthorized', errorCode: 10002 });
    expect(fake.requests).toHaveLength(2);
  });

  it('polls as a provider: quotes plus price-only ticks whose trade id dedupes unchanged polls', async () => {
    fake.on('/simple/price', { status: 200, body: coingecko.simplePrice });
    const ticks: Tick[] = [];
    const quotes: Quote[] = [];
    const provider = new CoinGeckoPollingProvider({
      client: client(),
      coinIds: ['bitcoin'],
      pollIntervalMs: 20,
    });
    await provider.start({ onTick: (t) => ticks.push(t), onQuote: (q) => quotes.push(q) });
    await new Promise((r) => setTimeout(r, 70));
    await provider.stop();
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ticks.map((t) => `${t.source}|${t.tradeId}`)).size).toBe(1);
    expect(ticks[0]).toEqual({
      coinId: 'bitcoin',
      price: '67187.3358936566',
      quantity: '0',
      ts: 1711356300_000,
      source: 'coingecko',
      tradeId: '1711356300000',
    });
    expect(quotes.length).toBe(ticks.length);
  });
});
