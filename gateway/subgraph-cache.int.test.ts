import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { generateKeyPairPem, privateKeyFromPem, publicKeyFromPem, signAccessToken } from '../lib/auth';
import { MemoryBus } from '../lib/events';
import { createLogger } from '../lib/logger';
import type { Platform } from '../scripts/platform';
import { gql, gqlData, uniqueEmail } from '../test/support/client';
import { startTestPlatform } from '../test/support/platform';
import { startGateway, type GatewayOptions, type RunningGateway } from './server';

// The shared subgraph response cache (subgraph-cache.ts) in a real gateway, in two settings:
// the platform's own subgraphs with their @cacheControl hints, and a small Apollo subgraph whose
// Cache-Control and Vary headers each test sets, for the rules the platform's hints never hit.
jest.setTimeout(60_000);

const log = createLogger('test', 'silent');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** POST /graphql requests a server received, i.e. the gateway's subgraph fetches. */
function countRequests(server: Server): { readonly n: number } {
  const counter = { n: 0 };
  server.on('request', (req: { method?: string }) => {
    if (req.method === 'POST') counter.n++;
  });
  return counter;
}

describe('shared subgraph cache over the platform subgraphs', () => {
  let platform: Platform;
  let url: string;
  const coinId = `cache-${randomUUID().slice(0, 8)}`;
  const users: string[] = [];
  let counts: Record<
    'users' | 'market-data' | 'analytics' | 'sentiment' | 'portfolio',
    { readonly n: number }
  >;
  const snapshot = () => Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v.n]));

  beforeAll(async () => {
    platform = await startTestPlatform({ log });
    url = platform.url;
    const s = platform.subgraphs;
    counts = {
      users: countRequests(s.users.server),
      'market-data': countRequests(s['market-data'].server),
      analytics: countRequests(s.analytics.server),
      sentiment: countRequests(s.sentiment.server),
      portfolio: countRequests(s.portfolio.server),
    };
    // A coin of this suite's own, so no other test's prices or caches meet it.
    await platform.runtime.db.coin.create({ data: { id: coinId, symbol: 'CCH', name: 'Cache Coin' } });
    await platform.runtime.db.quote.create({
      data: { coinId, price: '100', source: 'test', updatedAt: new Date() },
    });
  });

  afterAll(async () => {
    if (platform) {
      await platform.runtime.db.user.deleteMany({ where: { id: { in: users } } });
      await platform.runtime.db.coin.delete({ where: { id: coinId } }).catch(() => undefined);
      await platform.close();
    }
  });

  async function userHolding(quantity: string) {
    const { register } = await gqlData<{ register: { accessToken: string; user: { id: string } } }>(
      url,
      'mutation($i: RegisterInput!) { register(input: $i) { accessToken user { id } } }',
      { i: { email: uniqueEmail('cache'), password: 'correct horse battery staple' } },
    );
    users.push(register.user.id);
    const token = register.accessToken;
    const { createPortfolio } = await gqlData<{ createPortfolio: { id: string } }>(
      url,
      'mutation { createPortfolio(input: { name: "Cached?" }) { id } }',
      {},
      token,
    );
    await gqlData(
      url,
      'mutation($i: RecordTransactionInput!) { recordTransaction(input: $i) { id } }',
      { i: { portfolioId: createPortfolio.id, type: 'BUY', coinId, quantity, price: '90' } },
      token,
    );
    return { token, userId: register.user.id, portfolioId: createPortfolio.id };
  }

  type Page = {
    me: {
      id: string;
      portfolios: {
        id: string;
        holdings: { quantity: string; coin: { name: string; quote: { price: string } } }[];
      }[];
    };
  };
  const PAGE = `{ me { id portfolios { id holdings { quantity coin { name quote { price } } } } } }`;

  it('serves a public entity fetch to a second user from the cache, and never the private parts', async () => {
    const a = await userHolding('1');
    const b = await userHolding('2');
    const first = await gqlData<Page>(url, PAGE, {}, a.token);
    const before = snapshot();
    const second = await gqlData<Page>(url, PAGE, {}, b.token);
    const after = snapshot();

    // Coin name and quote (market-data's public `_entities` answer) came from the cache...
    expect(after['market-data']).toBe(before['market-data']);
    expect(second.me.portfolios[0]!.holdings[0]!.coin).toEqual({
      name: 'Cache Coin',
      quote: { price: '100' },
    });
    // ...while `me` (users) and the portfolio (portfolio) were asked again, for B.
    expect(after.users).toBe(before.users! + 1);
    expect(after.portfolio).toBe(before.portfolio! + 1);
    expect(first.me.id).toBe(a.userId);
    expect(second.me.id).toBe(b.userId);
    expect(second.me.portfolios.map((p) => p.id)).toEqual([b.portfolioId]);
    expect(second.me.portfolios[0]!.holdings[0]!.quantity).toBe('2');

    // Private answers are not stored even for their own user.
    const again = snapshot();
    await gqlData<Page>(url, PAGE, {}, a.token);
    expect(snapshot().users).toBe(again.users! + 1);
    expect(snapshot().portfolio).toBe(again.portfolio! + 1);
  });

  it('has each subgraph say what may be shared: market data public, per-user data never', async () => {
    const ask = async (name: keyof Platform['subgraphs'], query: string) => {
      const res = await fetch(platform.subgraphs[name].url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      return res.headers.get('cache-control');
    };
    const entity = (fields: string) =>
      `{ _entities(representations: [{ __typename: "Coin", id: "${coinId}" }]) { ... on Coin { ${fields} } } }`;
    expect(await ask('market-data', entity('name'))).toBe('max-age=600, public');
    expect(await ask('market-data', entity('name quote { price }'))).toBe('max-age=2, public');
    expect(await ask('analytics', entity('analytics { sma(period: 3) { v } }'))).toBe('max-age=60, public');
    expect(await ask('sentiment', entity('sentiment { score }'))).toBe('max-age=15, public');
    // A coin the feed has not priced yet: "no quote" is not remembered, so its first price shows at once.
    const unpriced = `${coinId}-new`;
    await platform.runtime.db.coin.create({ data: { id: unpriced, symbol: 'CCN', name: 'Unpriced Coin' } });
    try {
      const noQuote = `{ _entities(representations: [{ __typename: "Coin", id: "${unpriced}" }]) { ... on Coin { quote { price } } } }`;
      expect(await ask('market-data', noQuote)).not.toMatch(/public/);
    } finally {
      await platform.runtime.db.coin.delete({ where: { id: unpriced } });
    }
    expect(await ask('users', '{ me { id } }')).toBe('no-store');
    expect(await ask('portfolio', '{ myPortfolios: __typename }')).toBe('no-store');
  });

  it('tells clients a mixed answer is not cacheable, and a public one for how long', async () => {
    const a = await userHolding('1');
    const mixed = await gql(url, PAGE, {}, { token: a.token });
    expect(mixed.headers.get('cache-control')).toBe('no-store');
    const pub = await gql(url, 'query($id: ID!) { coin(id: $id) { name quote { price } } }', { id: coinId });
    expect(pub.headers.get('cache-control')).toMatch(/^max-age=[0-2], public$/);
  });

  it('does not store a subgraph answer whose policy is not public (a field without a hint)', async () => {
    const scoreOnly = 'query($id: ID!) { coin(id: $id) { sentiment { score } } }';
    const withNews =
      'query($id: ID!) { coin(id: $id) { sentiment { score } news(first: 1) { totalCount } } }';
    await gqlData(url, scoreOnly, { id: coinId });
    let before = snapshot().sentiment!;
    await gqlData(url, scoreOnly, { id: coinId });
    expect(snapshot().sentiment).toBe(before); // positive control: the hinted part alone is shared

    await gqlData(url, withNews, { id: coinId });
    before = snapshot().sentiment!;
    await gqlData(url, withNews, { id: coinId });
    expect(snapshot().sentiment).toBe(before + 1);
  });

  it('does not remember an unknown coin as absent', async () => {
    const query = 'query($id: ID!) { coin(id: $id) { name } }';
    const id = `${coinId}-unknown`;
    const first = await gql(url, query, { id });
    expect(first.data).toEqual({ coin: null });
    expect(first.headers.get('cache-control')).toBe('no-store');
    const before = snapshot()['market-data']!;
    await gql(url, query, { id });
    expect(snapshot()['market-data']).toBe(before + 1);
  });

  it('does not store answers with errors', async () => {
    const bad = 'query($id: ID!) { coin(id: $id) { sentiment(window: "5y") { score } } }';
    const first = await gql(url, bad, { id: coinId });
    expect(first.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const before = snapshot().sentiment!;
    await gql(url, bad, { id: coinId });
    expect(snapshot().sentiment).toBe(before + 1);
  });

  it('serves a stored price until its max-age runs out, then the new one', async () => {
    const query = 'query($id: ID!) { coin(id: $id) { quote { price } } }';
    const price = async () =>
      (await gqlData<{ coin: { quote: { price: string } } }>(url, query, { id: coinId })).coin.quote.price;
    expect(await price()).toBe('100');
    const storedAt = Date.now();
    await platform.runtime.db.quote.update({
      where: { coinId },
      data: { price: '250', updatedAt: new Date() },
    });
    await platform.runtime.cache.del(`price:${coinId}`);

    const before = snapshot()['market-data'];
    expect(await price()).toBe('100'); // still fresh: the cache answers, market-data is not asked
    expect(snapshot()['market-data']).toBe(before);
    if (Date.now() - storedAt > 1500) throw new Error('too slow to observe the fresh window');

    await sleep(Math.max(0, storedAt + 2100 - Date.now()));
    expect(await price()).toBe('250');
    expect(snapshot()['market-data']).toBe(before! + 1);
  });
});

describe('shared subgraph cache rules, against a subgraph whose headers each test sets', () => {
  const typeDefs = parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
    type Item @key(fields: "id") { id: ID! name: String! }
    type Query { item(id: ID!): Item  broken: Item }
    type Mutation { touch(id: ID!): Item }
  `);
  let subgraph: { server: ApolloServer; url: string };
  let gatewayOptions: GatewayOptions;
  let gateway: RunningGateway;
  let answers = 0;
  let headers: Record<string, string> = {};
  let tokenA: string;
  let tokenB: string;
  /** Tokens of distinct users: concurrent requests the gateway cannot share in flight. */
  let tokens: string[] = [];
  /** While set, the subgraph's `item` waits for it (keeps a fetch in flight). */
  let hold: Promise<void> | undefined;

  beforeAll(async () => {
    const pair = generateKeyPairPem();
    const server = new ApolloServer({
      schema: buildSubgraphSchema({
        typeDefs,
        resolvers: {
          Query: {
            item: async (_: unknown, { id }: { id: string }) => {
              const name = `item ${id} #${answers}`;
              await hold;
              return { id, name };
            },
            broken: () => {
              throw new Error('broken on purpose');
            },
          },
          Mutation: { touch: (_: unknown, { id }: { id: string }) => ({ id, name: `touched #${answers}` }) },
        },
      }),
      plugins: [
        // The test decides the headers, errors or not: the gateway alone must keep to the rules.
        ApolloServerPluginCacheControl({ calculateHttpHeaders: false }),
        {
          async requestDidStart() {
            answers++;
            return {
              async willSendResponse({ response }) {
                for (const [name, value] of Object.entries(headers)) response.http.headers.set(name, value);
              },
            };
          },
        },
      ],
    });
    const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
    subgraph = { server, url };
    const composed = composeServices([{ name: 'items', url, typeDefs }]);
    if (composed.errors?.length) throw composed.errors[0];
    gatewayOptions = {
      port: 0,
      host: '127.0.0.1',
      supergraphSdl: composed.supergraphSdl!,
      jwtPublicKey: publicKeyFromPem(pair.publicKey),
      bus: new MemoryBus(log),
      log,
      introspection: false,
    };
    gateway = await startGateway(gatewayOptions);
    const key = privateKeyFromPem(pair.privateKey);
    tokenA = (await signAccessToken(key, { id: randomUUID(), role: 'USER' })).token;
    tokenB = (await signAccessToken(key, { id: randomUUID(), role: 'USER' })).token;
    tokens = await Promise.all(
      Array.from(
        { length: 12 },
        async () => (await signAccessToken(key, { id: randomUUID(), role: 'USER' })).token,
      ),
    );
  });

  afterAll(async () => {
    await gateway?.close();
    await subgraph?.server.stop();
  });

  /** Asks for one item (a fresh id per test, so tests never meet each other's entries). */
  const ask = (query: string, id: string, token?: string) => gql(gateway.url, query, { id }, { token });
  const ITEM = 'query($id: ID!) { item(id: $id) { id name } }';

  it('stores public answers with a max-age for every caller, whatever their token', async () => {
    headers = { 'cache-control': 'max-age=60, public' };
    const id = randomUUID();
    const first = await ask(ITEM, id, tokenA);
    const n = answers;
    expect(await ask(ITEM, id, tokenB)).toMatchObject({ data: first.data });
    expect(await ask(ITEM, id)).toMatchObject({ data: first.data });
    expect(answers).toBe(n);
  });

  it('stores nothing in a gateway started with a cache of 0 megabytes (SUBGRAPH_CACHE_MB=0)', async () => {
    const off = await startGateway({ ...gatewayOptions, bus: new MemoryBus(log), subgraphCacheMb: 0 });
    try {
      headers = { 'cache-control': 'max-age=60, public' };
      const id = randomUUID();
      await gql(off.url, ITEM, { id }, { token: tokenA });
      const n = answers;
      await gql(off.url, ITEM, { id }, { token: tokenB });
      expect(answers).toBe(n + 1);
      // No cache at all, so none of its metrics either.
      expect(off.metrics.registry.getSingleMetric('gateway_subgraph_cache_misses_total')).toBeUndefined();
      expect(gateway.metrics.registry.getSingleMetric('gateway_subgraph_cache_misses_total')).toBeDefined();
    } finally {
      await off.close();
    }
  });

  it.each([
    ['private', 'max-age=60, private'],
    ['no-store', 'no-store'],
    ['without public', 'max-age=60'],
    ['public without max-age', 'public'],
    ['public, no-cache', 'public, max-age=60, no-cache'],
    ['max-age 0', 'max-age=0, public'],
  ])('never stores an answer marked %s', async (_label, cacheControl) => {
    headers = { 'cache-control': cacheControl };
    const id = randomUUID();
    await ask(ITEM, id, tokenA);
    await ask(ITEM, id, tokenA);
    const n = answers;
    await ask(ITEM, id, tokenB);
    expect(answers).toBe(n + 1);
  });

  it('never stores an answer with errors, even one marked public', async () => {
    headers = { 'cache-control': 'max-age=60, public' };
    const broken = 'query($id: ID!) { broken { id } item(id: $id) { id } }';
    const id = randomUUID();
    const first = await ask(broken, id);
    expect(first.errors?.[0]?.message).toBeDefined();
    expect(first.data).toEqual({ broken: null, item: { id } });
    const n = answers;
    await ask(broken, id);
    expect(answers).toBe(n + 1);
  });

  it('never stores or serves a mutation', async () => {
    headers = { 'cache-control': 'max-age=60, public' };
    const touch = 'mutation($id: ID!) { touch(id: $id) { id name } }';
    const id = randomUUID();
    const first = await ask(touch, id, tokenA);
    const second = await ask(touch, id, tokenA);
    expect(first.data).not.toEqual(second.data);
  });

  it('lets s-maxage win over max-age, and forgets the answer when it runs out', async () => {
    headers = { 'cache-control': 'public, max-age=600, s-maxage=1' };
    const id = randomUUID();
    const first = await ask(ITEM, id);
    expect((await ask(ITEM, id)).data).toEqual(first.data);
    const n = answers;
    await sleep(1100);
    const later = await ask(ITEM, id);
    expect(answers).toBe(n + 1);
    expect(later.data).not.toEqual(first.data);
  });

  /** gateway_subgraph_cache_stored_total for this subgraph, from the gateway's metrics registry. */
  const storedTotal = async () => {
    const metric = await gateway.metrics.registry
      .getSingleMetric('gateway_subgraph_cache_stored_total')
      ?.get();
    return metric?.values.find((v) => v.labels.subgraph === 'items')?.value ?? 0;
  };

  it('stores once an answer that concurrent requests shared in flight', async () => {
    headers = { 'cache-control': 'max-age=60, public' };
    const id = randomUUID();
    const before = await storedTotal();
    let release!: () => void;
    hold = new Promise((resolve) => (release = resolve));
    const n = answers;
    // Spelled differently, so that the gateway's sharing of identical requests cannot join them
    // (it keys by the bytes); the query plan makes the same subgraph fetch for each.
    const texts = [ITEM, ITEM.replace('{ item', '{  item'), ITEM.replace('{ id name', '{  id  name')];
    const asked = Promise.all(texts.map((text) => ask(text, id, tokenA)));
    await sleep(300); // all three reach the fetch, which the subgraph holds
    hold = undefined;
    release();
    const all = await asked;
    expect(answers).toBe(n + 1);
    for (const answer of all) expect(answer.data).toEqual(all[0]!.data);
    expect(await storedTotal()).toBe(before + 1);
  });

  it('lets callers that find the answer expired wait for one refresh instead of each asking', async () => {
    headers = { 'cache-control': 'public, max-age=1' };
    const id = randomUUID();
    await ask(ITEM, id);
    await sleep(1100);
    const n = answers;
    const all = await Promise.all(tokens.map((token) => ask(ITEM, id, token)));
    expect(answers).toBe(n + 1);
    for (const answer of all) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual(all[0]!.data);
    }
    expect(all[0]!.data).toEqual({ item: { id, name: `item ${id} #${n + 1}` } }); // the refreshed answer
  });

  it('lets each caller ask for itself when the refreshed answer is no longer public', async () => {
    headers = { 'cache-control': 'public, max-age=1' };
    const id = randomUUID();
    await ask(ITEM, id);
    await sleep(1100);
    headers = { 'cache-control': 'no-store' };
    const n = answers;
    const all = await Promise.all(tokens.map((token) => ask(ITEM, id, token)));
    expect(answers).toBe(n + tokens.length);
    for (const answer of all) expect(answer.errors).toBeUndefined();
    // And later misses no longer wait for one another: the expired entry is gone.
    const m = answers;
    await Promise.all(tokens.slice(0, 3).map((token) => ask(ITEM, id, token)));
    expect(answers).toBe(m + 3);
  });

  it('honours Vary: one answer per value of the named request header', async () => {
    headers = { 'cache-control': 'max-age=60, public', vary: 'Authorization' };
    const id = randomUUID();
    const a = await ask(ITEM, id, tokenA);
    const n = answers;
    expect((await ask(ITEM, id, tokenA)).data).toEqual(a.data); // same token: the stored answer
    expect(answers).toBe(n);
    const b = await ask(ITEM, id, tokenB); // another token: the subgraph is asked
    expect(answers).toBe(n + 1);
    expect(b.data).not.toEqual(a.data);
    expect((await ask(ITEM, id, tokenB)).data).toEqual(b.data);
    expect((await ask(ITEM, id, tokenA)).data).toEqual(a.data);
    expect(answers).toBe(n + 1);
  });

  it('never stores Vary: *', async () => {
    headers = { 'cache-control': 'max-age=60, public', vary: '*' };
    const id = randomUUID();
    await ask(ITEM, id);
    const n = answers;
    await ask(ITEM, id);
    expect(answers).toBe(n + 1);
  });
});
