import { randomUUID } from 'node:crypto';
import { generateKeyPairPem, privateKeyFromPem, signAccessToken } from '../../lib/auth';
import { createDb } from '../../lib/db';
import { createLogger } from '../../lib/logger';
import type { Platform } from '../../scripts/platform';
import { startTestPlatform } from '../support/platform';
import { CoinGeckoClient } from '../../subgraphs/market-data/providers/coingecko';
import { loadMarketDataOptions } from '../../subgraphs/market-data/settings';
import {
  binance,
  binanceEnvelope,
  coingecko,
  FakeCoinGecko,
  FakeWsServer,
  type FakeConnection,
} from '../../subgraphs/market-data/providers/testing';
import { collect, gql, gqlData, wsClient } from '../support/client';
import { DATABASE_URL, waitFor } from '../support/servers';

// Market data end to end through the gateway on the real PostgreSQL, Redis and Kafka: a fake
// Binance stream feeds the ingestion pipeline (chosen like any provider), and a fake CoinGecko
// answers the admin backfill. Everything a client sees goes through the federated API.
jest.setTimeout(90_000);

const log = createLogger('e2e-market', 'silent');
const keys = generateKeyPairPem();
const run = randomUUID().slice(0, 6);
const tag = run.toUpperCase();
const coin = (suffix: string, asset: string) => ({ id: `md-e2e-${run}-${suffix}`, asset: `${asset}${tag}` });
const live = coin('live', 'LV');
const up = coin('up', 'UP');
const down = coin('down', 'DN');
const stale = coin('stale', 'ST');
const history = coin('history', 'HS');
const restricted = coin('restricted', 'RS');
const all = [live, up, down, stale, history, restricted];

let platform: Platform;
let url: string;
let exchange: FakeWsServer;
let gecko: FakeCoinGecko;
let conn: FakeConnection;
let adminToken: string;
let userToken: string;

const stream = (asset: string, kind: string) => `${asset.toLowerCase()}usdt@${kind}`;
let tradeId = 0;
const trade = (asset: string, price: string, quantity: string, ts = Date.now()) =>
  binanceEnvelope(stream(asset, 'trade'), {
    ...binance.trade,
    s: `${asset}USDT`,
    t: ++tradeId,
    p: price,
    q: quantity,
    T: ts,
    E: ts,
  });
const miniTicker = (asset: string, open: string, close: string) =>
  binanceEnvelope(stream(asset, 'miniTicker'), {
    ...binance.miniTicker,
    s: `${asset}USDT`,
    E: Date.now(),
    o: open,
    c: close,
    q: '1000000',
  });

beforeAll(async () => {
  await createCoins();
  exchange = await FakeWsServer.start();
  gecko = await FakeCoinGecko.start();
  platform = await startTestPlatform({
    jwt: { privateKeyPem: keys.privateKey, publicKeyPem: keys.publicKey },
    log,
    // The provider is chosen and configured the way an operator does it: by environment.
    marketData: {
      ...loadMarketDataOptions(
        {
          MARKET_PROVIDER: 'binance',
          BINANCE_WS_URL: exchange.url,
          MARKET_COINS: [live, up, down].map((c) => c.id).join(','),
          MARKET_SYMBOLS: all.map((c) => `${c.asset}=${c.id}`).join(','),
          PRICE_EVENTS_PER_SECOND: '5',
          CANDLE_FLUSH_INTERVAL_MS: '200',
          QUOTE_STALE_AFTER_MS: '30000',
        },
        log,
      ),
      // CoinGecko with quick retries, so the outage case below takes milliseconds.
      history: () =>
        new CoinGeckoClient({
          baseUrl: gecko.baseUrl,
          maxRetries: 1,
          backoff: { baseMs: 10, maxMs: 20 },
        }),
      // A lock of its own: a developer's running platform must not take this test's ingestion.
      ingestionLock: `market-data:e2e:${run}`,
    },
  });
  url = platform.url;
  const privateKey = privateKeyFromPem(keys.privateKey);
  adminToken = (await signAccessToken(privateKey, { id: randomUUID(), role: 'ADMIN' })).token;
  userToken = (await signAccessToken(privateKey, { id: randomUUID(), role: 'USER' })).token;
  conn = await exchange.connection(0, 15_000);
});

afterAll(async () => {
  await platform?.close();
  await exchange?.close();
  await gecko?.close();
  await cleanUp();
});

async function createCoins() {
  const db = createDb(DATABASE_URL, 2);
  try {
    await db.coin.createMany({
      data: all.map((c, i) => ({ id: c.id, symbol: c.asset, name: `E2E ${c.id}`, rank: 100_000 + i })),
    });
  } finally {
    await db.$disconnect();
  }
}

async function cleanUp() {
  const db = createDb(DATABASE_URL, 2);
  try {
    await db.coin.deleteMany({ where: { id: { in: all.map((c) => c.id) } } });
  } finally {
    await db.$disconnect();
  }
}

interface QuoteData {
  price: string;
  change24hPct: number | null;
  volume24h: string | null;
  stale: boolean;
  source: string | null;
}

describe('market data through the gateway', () => {
  it('streams exchange trades into the coin’s quote, its candles and priceUpdated subscribers', async () => {
    const client = wsClient(url);
    const sub = collect<{
      priceUpdated: { coinId: string; price: string; high: string; low: string; coin: { name: string } };
    }>(
      client,
      'subscription($ids: [ID!]) { priceUpdated(coinIds: $ids) { coinId price high low coin { name } } }',
      { ids: [live.id] },
    );
    try {
      // Trades keep coming until the subscription (a Kafka consumer group join away) delivers.
      let price = 100;
      await waitFor(
        async () => {
          if (sub.results.length) return true;
          conn.send(trade(live.asset, String(++price), '0.5'));
          await new Promise((r) => setTimeout(r, 300));
          return undefined;
        },
        30_000,
        'a first price update',
      );
      conn.send(trade(live.asset, '250.75', '0.25')); // a spike...
      conn.send(trade(live.asset, '199.5', '0.25')); // ...then the latest price
      const last = await waitFor(
        () => sub.results.find((r) => r.data?.priceUpdated.price === '199.5'),
        10_000,
        'the latest price',
      );
      expect(last.data!.priceUpdated.coin).toEqual({ name: `E2E ${live.id}` });
      // Throttling may fold the spike into the event of the latest price; it is never hidden.
      expect(sub.results.some((r) => r.data?.priceUpdated.high === '250.75')).toBe(true);
    } finally {
      sub.dispose();
      await client.dispose();
    }

    const data = await gqlData<{
      coin: { quote: QuoteData; candles: { open: string; high: string; close: string; volume: string }[] };
    }>(
      url,
      `query($id: ID!) { coin(id: $id) {
         quote { price change24hPct volume24h stale source }
         candles(interval: MINUTE_1) { openTime open high close volume } } }`,
      { id: live.id },
    );
    expect(data.coin.quote).toMatchObject({ price: '199.5', stale: false, source: 'binance' });
    const candles = await waitFor(
      async () => {
        const c = await gqlData<{ coin: { candles: { high: string; close: string }[] } }>(
          url,
          'query($id: ID!) { coin(id: $id) { candles(interval: DAY_1) { high close } } }',
          { id: live.id },
        );
        const today = c.coin.candles[c.coin.candles.length - 1];
        return today?.close === '199.5' ? c.coin.candles : undefined;
      },
      10_000,
      'the day candle',
    );
    expect(candles[candles.length - 1]!.high).toBe('250.75');
  });

  it('ranks 24h gainers and losers among fresh quotes, and reports stale ones', async () => {
    conn.send(miniTicker(up.asset, '1', '51')); // +5000 %
    conn.send(miniTicker(down.asset, '100', '1')); // -99 %
    await platform.runtime.db.quote.create({
      data: {
        coinId: stale.id,
        price: '10',
        change24hPct: '99999',
        marketCap: '1',
        source: 'binance',
        updatedAt: new Date(Date.now() - 3_600_000),
      },
    });
    const query = `{ marketOverview { totalMarketCap bitcoinDominancePct updatedAt
      topGainers(limit: 100) { id quote { change24hPct stale } }
      topLosers(limit: 100) { id quote { change24hPct } } } }`;
    const overview = await waitFor(
      async () => {
        const d = await gqlData<{
          marketOverview: {
            totalMarketCap: string | null;
            updatedAt: string | null;
            topGainers: { id: string; quote: { change24hPct: number; stale: boolean } }[];
            topLosers: { id: string; quote: { change24hPct: number } }[];
          };
        }>(url, query);
        const o = d.marketOverview;
        return o.topGainers.some((c) => c.id === up.id) && o.topLosers.some((c) => c.id === down.id)
          ? o
          : undefined;
      },
      10_000,
      'the movers',
    );
    const gains = overview.topGainers.map((c) => c.quote.change24hPct);
    expect(gains).toEqual([...gains].sort((a, b) => b - a));
    const losses = overview.topLosers.map((c) => c.quote.change24hPct);
    expect(losses).toEqual([...losses].sort((a, b) => a - b));
    expect(overview.topGainers.find((c) => c.id === up.id)!.quote.change24hPct).toBe(5000);
    expect(overview.topLosers.find((c) => c.id === down.id)!.quote.change24hPct).toBe(-99);
    expect(overview.topGainers.every((c) => !c.quote.stale)).toBe(true);
    expect(overview.topGainers.some((c) => c.id === stale.id)).toBe(false);
    expect(overview.totalMarketCap).toMatch(/^\d+(\.\d+)?$/);
    expect(overview.updatedAt).not.toBeNull();

    const staleQuote = await gqlData<{ coin: { quote: QuoteData } }>(
      url,
      'query($id: ID!) { coin(id: $id) { quote { price stale } } }',
      { id: stale.id },
    );
    expect(staleQuote.coin.quote).toEqual({ price: '10', stale: true });
    expect(
      (await gql(url, '{ marketOverview { topGainers(limit: 101) { id } } }')).errors?.[0]?.extensions?.code,
    ).toBe('BAD_USER_INPUT');
  });

  it('searches coins with cursor pagination', async () => {
    const page = (after?: string) =>
      gqlData<{
        coins: {
          totalCount: number;
          edges: { cursor: string; node: { id: string; symbol: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      }>(
        url,
        'query($s: String, $a: String) { coins(search: $s, first: 4, after: $a) { totalCount edges { cursor node { id symbol } } pageInfo { hasNextPage endCursor } } }',
        { s: `e2e-${run}`.toUpperCase(), a: after },
      );
    const first = await page();
    expect(first.coins.totalCount).toBe(all.length);
    expect(first.coins.pageInfo.hasNextPage).toBe(true);
    const second = await page(first.coins.pageInfo.endCursor!);
    expect(second.coins.pageInfo.hasNextPage).toBe(false);
    const ids = [...first.coins.edges, ...second.coins.edges].map((e) => e.node.id);
    expect(ids).toEqual(all.map((c) => c.id)); // by rank
    const bySymbol = await gqlData<{ coins: { edges: { node: { id: string } }[] } }>(
      url,
      'query($s: String) { coins(search: $s) { edges { node { id } } } }',
      { s: up.asset.toLowerCase() },
    );
    expect(bySymbol.coins.edges.map((e) => e.node.id)).toEqual([up.id]);
  });

  it('backfills history for administrators from CoinGecko, idempotently, with roll-ups', async () => {
    const day = Date.UTC(2024, 0, 1);
    const hours = Array.from({ length: 25 }, (_, h) => [day + h * 3_600_000 + 41_331, `${42000 + h}.5`]);
    const body = `{"prices": [${hours.map(([t, p]) => `[${t}, ${p}]`).join(', ')}],
      "market_caps": [], "total_volumes": []}`;
    gecko.on(`/coins/${history.id}/market_chart/range`, { status: 200, body });
    const mutation = `mutation($id: ID!, $from: DateTime!, $to: DateTime!) {
      backfillCoinHistory(coinId: $id, from: $from, to: $to) }`;
    const vars = { id: history.id, from: '2024-01-01T00:00:00Z', to: '2024-01-02T01:00:00Z' };

    const codeOf = (r: { errors?: { extensions?: { code?: string } }[] }) => r.errors?.[0]?.extensions?.code;
    expect(codeOf(await gql(url, mutation, vars))).toBe('UNAUTHENTICATED');
    expect(codeOf(await gql(url, mutation, vars, { token: userToken }))).toBe('FORBIDDEN');
    expect(gecko.requests.filter((r) => r.path.includes(history.id))).toHaveLength(0);

    // 25 hourly candles, plus the 4-hour and daily candles of 2024-01-01 (the only whole day).
    const first = await gqlData<{ backfillCoinHistory: number }>(url, mutation, vars, adminToken);
    expect(first.backfillCoinHistory).toBe(25 + 6 + 1);
    const request = gecko.requests.find((r) => r.path === `/coins/${history.id}/market_chart/range`)!;
    expect(Object.fromEntries(request.query)).toMatchObject({
      vs_currency: 'usd',
      from: String(day / 1000),
      to: String(day / 1000 + 25 * 3600),
    });
    const candles = () =>
      gqlData<{ coin: { hourly: unknown[]; daily: unknown[] } }>(
        url,
        `query($id: ID!) { coin(id: $id) {
           hourly: candles(interval: HOUR_1, from: "2024-01-01T00:00:00Z", limit: 100) { openTime open high low close volume }
           daily: candles(interval: DAY_1) { openTime open high low close volume } } }`,
        { id: history.id },
      );
    const stored = await candles();
    expect(stored.coin.hourly).toHaveLength(25);
    expect(stored.coin.hourly[0]).toEqual({
      openTime: '2024-01-01T00:00:00.000Z',
      open: '42000.5',
      high: '42001.5',
      low: '42000.5',
      close: '42001.5',
      volume: '0',
    });
    expect(stored.coin.daily).toEqual([
      {
        openTime: '2024-01-01T00:00:00.000Z',
        open: '42000.5',
        high: '42024.5',
        low: '42000.5',
        close: '42024.5',
        volume: '0',
      },
    ]);
    // Candles of several coins in one page come from one batched query, each to its own coin.
    const listed = await gqlData<{
      coins: { edges: { node: { id: string; candles: { close: string }[] } }[] };
    }>(
      url,
      'query($s: String) { coins(search: $s, first: 10) { edges { node { id candles(interval: DAY_1, limit: 3) { close } } } } }',
      { s: `e2e-${run}` },
    );
    const daily = new Map(listed.coins.edges.map((e) => [e.node.id, e.node.candles]));
    expect(daily.get(history.id)).toEqual([{ close: '42024.5' }]);
    expect(daily.get(live.id)?.[daily.get(live.id)!.length - 1]).toEqual({ close: '199.5' });
    expect(daily.get(restricted.id)).toEqual([]);

    // Again: existing candles are kept (nothing new to insert), the roll-ups come out the same.
    const again = await gqlData<{ backfillCoinHistory: number }>(url, mutation, vars, adminToken);
    expect(again.backfillCoinHistory).toBe(6 + 1);
    expect(await candles()).toEqual(stored);
  });

  it('reports a range the CoinGecko plan refuses as BAD_USER_INPUT with CoinGecko’s words, without retrying', async () => {
    gecko.on(`/coins/${restricted.id}/market_chart/range`, {
      status: 401,
      body: coingecko.timeRangeRestricted,
    });
    const res = await gql(
      url,
      'mutation { backfillCoinHistory(coinId: "' +
        restricted.id +
        '", from: "2015-01-01T00:00:00Z", to: "2015-02-01T00:00:00Z") }',
      {},
      { token: adminToken },
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      provider: 'coingecko',
      reason: 'plan_restricted',
      providerCode: 10012,
    });
    expect(res.errors?.[0]?.message).toMatch(/limited to querying historical data within the past 365 days/);
    expect(gecko.requests.filter((r) => r.path.includes(restricted.id))).toHaveLength(1);

    gecko.on(`/coins/${restricted.id}/market_chart/range`, { status: 503, body: 'down for maintenance' });
    const down = await gql(
      url,
      `mutation { backfillCoinHistory(coinId: "${restricted.id}", from: "2024-01-01T00:00:00Z", to: "2024-01-02T00:00:00Z") }`,
      {},
      { token: adminToken },
    );
    expect(down.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(gecko.requests.filter((r) => r.path.includes(restricted.id))).toHaveLength(3); // 1 + 1 retry

    const unknown = await gql(
      url,
      'mutation { backfillCoinHistory(coinId: "no-such-coin-e2e", from: "2024-01-01T00:00:00Z", to: "2024-01-02T00:00:00Z") }',
      {},
      { token: adminToken },
    );
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const backwards = await gql(
      url,
      `mutation { backfillCoinHistory(coinId: "${history.id}", from: "2024-01-02T00:00:00Z", to: "2024-01-01T00:00:00Z") }`,
      {},
      { token: adminToken },
    );
    expect(backwards.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
