import { KafkaBus } from '../../lib/events';
import { createLogger } from '../../lib/logger';
import type { Platform } from '../../scripts/platform';
import { startTestPlatform } from '../support/platform';
import { collect, gql, gqlData, uniqueEmail, wsClient } from '../support/client';
import { runSmoke } from '../smoke/checks';
import { priceEvent } from '../support/events';
import { KAFKA_BROKERS, waitFor } from '../support/servers';

// The whole architecture once, end to end, on the real PostgreSQL, Redis and Kafka: five
// subgraphs and the gateway, each on its own port, the gateway consuming Kafka for subscriptions.
jest.setTimeout(60_000);

const log = createLogger('e2e', 'silent');
let platform: Platform;
let producer: KafkaBus;
let url: string;

beforeAll(async () => {
  platform = await startTestPlatform({ log });
  url = platform.url;
  producer = new KafkaBus({ brokers: KAFKA_BROKERS, clientId: 'e2e-producer', log });
  // A known price for valuation: market-data owns quotes; the test stands in for its feed.
  await platform.runtime.db.quote.upsert({
    where: { coinId: 'bitcoin' },
    create: { coinId: 'bitcoin', price: '40000', source: 'test', updatedAt: new Date() },
    update: { price: '40000', source: 'test', updatedAt: new Date() },
  });
  await platform.runtime.cache.del('price:bitcoin');
});

afterAll(async () => {
  await producer?.close();
  await platform?.close();
});

async function signUp() {
  const email = uniqueEmail();
  const password = 'correct horse battery staple';
  await gqlData(url, 'mutation($i: RegisterInput!) { register(input: $i) { user { id } } }', {
    i: { email, password },
  });
  const login = await gqlData<{ login: { accessToken: string; user: { id: string } } }>(
    url,
    'mutation($i: LoginInput!) { login(input: $i) { accessToken user { id email } } }',
    { i: { email: email.toUpperCase(), password } },
  );
  return { token: login.login.accessToken, userId: login.login.user.id };
}

describe('walking skeleton through the gateway', () => {
  it('registers, logs in, buys bitcoin, and reads it back across all five subgraphs', async () => {
    const { token } = await signUp();
    const created = await gqlData<{ createPortfolio: { id: string } }>(
      url,
      'mutation { createPortfolio(input: { name: "Main" }) { id } }',
      {},
      token,
    );
    const portfolioId = created.createPortfolio.id;
    await gqlData(
      url,
      `mutation($i: RecordTransactionInput!) { recordTransaction(input: $i) { id type quantity price } }`,
      { i: { portfolioId, type: 'BUY', coinId: 'bitcoin', quantity: '0.5', price: '30000' } },
      token,
    );
    const data = await gqlData<{
      me: {
        portfolios: {
          id: string;
          totalCostBasis: string;
          holdings: {
            quantity: string;
            costBasis: string;
            marketValue: string;
            coin: {
              name: string;
              quote: { price: string };
              sentiment: unknown;
              analytics: { sma: unknown[] };
            };
          }[];
        }[];
      };
    }>(
      url,
      `{ me { portfolios { id totalCostBasis holdings { quantity costBasis marketValue
           coin { name quote { price } sentiment { score } analytics { sma(period: 3) { v } } } } } } }`,
      {},
      token,
    );
    const [portfolio] = data.me.portfolios;
    expect(portfolio!.id).toBe(portfolioId);
    const [holding] = portfolio!.holdings;
    expect(holding).toMatchObject({ quantity: '0.5', costBasis: '15000', marketValue: '20000' });
    expect(holding!.coin.name).toBe('Bitcoin');
    expect(holding!.coin.quote.price).toBe('40000');
    expect(holding!.coin.analytics.sma).toEqual(expect.any(Array));
    expect(portfolio!.totalCostBasis).toBe('15000');
  });

  it("does not let another user read someone else's portfolio", async () => {
    const owner = await signUp();
    const intruder = await signUp();
    const { createPortfolio } = await gqlData<{ createPortfolio: { id: string } }>(
      url,
      'mutation { createPortfolio(input: { name: "Private" }) { id } }',
      {},
      owner.token,
    );
    const res = await gql(
      url,
      'query($id: ID!) { portfolio(id: $id) { id name holdings { quantity } } }',
      { id: createPortfolio.id },
      { token: intruder.token },
    );
    expect(res.data?.portfolio ?? null).toBeNull();
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(res.errors?.[0]?.extensions?.code);
    const write = await gql(
      url,
      'mutation($i: RecordTransactionInput!) { recordTransaction(input: $i) { id } }',
      { i: { portfolioId: createPortfolio.id, type: 'BUY', coinId: 'bitcoin', quantity: '1', price: '1' } },
      { token: intruder.token },
    );
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(write.errors?.[0]?.extensions?.code);
  });

  it('pushes a price produced to Kafka to a graphql-ws subscriber within 2 seconds, hydrating coin fields', async () => {
    const client = wsClient(url);
    const sub = collect<{ priceUpdated: { coinId: string; price: string; coin: { name: string } } }>(
      client,
      'subscription { priceUpdated(coinIds: ["bitcoin"]) { coinId price coin { name } } }',
    );
    try {
      // The subscription is live once a warm-up event arrives; then time one fresh event.
      await waitFor(
        async () => {
          if (sub.results.length) return true;
          await producer.publish('price_updates', priceEvent('bitcoin', '41000'));
          await new Promise((r) => setTimeout(r, 200));
          return undefined;
        },
        20_000,
        'subscription to go live',
      );
      const event = priceEvent('bitcoin', '41234.56');
      const sentAt = Date.now();
      await producer.publish('price_updates', event);
      const received = await waitFor(
        () => sub.results.find((r) => r.data?.priceUpdated.price === '41234.56'),
        2000,
        'the produced price',
      );
      expect(Date.now() - sentAt).toBeLessThan(2000);
      expect(received.data!.priceUpdated).toEqual({
        coinId: 'bitcoin',
        price: '41234.56',
        coin: { name: 'Bitcoin' },
      });
      // A price for another coin is not delivered to this subscriber.
      await producer.publish('price_updates', priceEvent('ethereum', '1.5'));
      await new Promise((r) => setTimeout(r, 300));
      expect(sub.results.every((r) => r.data?.priceUpdated.coinId === 'bitcoin')).toBe(true);
    } finally {
      sub.dispose();
      await client.dispose();
    }
  });
});

describe('smoke checks (the table operators run against deployments)', () => {
  it('all pass against the platform', async () => {
    const { failed, passed } = await runSmoke(url);
    expect(failed).toEqual([]);
    expect(passed).toBeGreaterThanOrEqual(9);
  });
});
