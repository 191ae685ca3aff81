import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { parse, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { AuthUser } from '../../lib/auth';
import { MemoryBus, type ConsumerOptions, type TopicName } from '../../lib/events';
import { createLogger } from '../../lib/logger';
import { DEFAULT_SUPERGRAPH_PATH } from '../subgraphs';
import { SubscriptionBridge, type GraphExecutor } from './bridge';

const log = createLogger('test', 'silent');
let schema: GraphQLSchema;

beforeAll(async () => {
  const gateway = new ApolloGateway({ supergraphSdl: readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8') });
  schema = (await gateway.load()).schema;
  await gateway.stop();
});

/** A stand-in for the gateway's executor: answers hydrations with a coin named after its id. */
function fakeExecutor() {
  const calls: { query: string; variables: Record<string, unknown>; authorization: string | null }[] = [];
  const executor: GraphExecutor = async (query, variables, authorization) => {
    calls.push({ query, variables, authorization });
    return { data: { __entity: { name: `Coin ${String(variables.__id)}` } } } as ExecutionResult;
  };
  return { executor, calls };
}

const price = (coinId: string, value: string) => ({
  v: 1 as const,
  id: randomUUID(),
  coinId,
  price: value,
  high: value,
  low: value,
  source: 't',
  ts: new Date().toISOString(),
});

async function next(stream: AsyncIterableIterator<ExecutionResult>) {
  return (await stream.next()).value as ExecutionResult;
}

describe('SubscriptionBridge', () => {
  it('computes one result and one hydration per event for subscribers sharing a selection', async () => {
    const bus = new MemoryBus();
    const { executor, calls } = fakeExecutor();
    const bridge = new SubscriptionBridge(bus, executor, log);
    await bridge.start();
    const document = parse('subscription { priceUpdated(coinIds: ["bitcoin"]) { price coin { name } } }');
    const streams = await Promise.all(
      Array.from(
        { length: 10 },
        () =>
          bridge.subscribe({ schema, document }, { user: null, authorization: null }) as Promise<
            AsyncIterableIterator<ExecutionResult>
          >,
      ),
    );
    expect(bridge.stats()).toMatchObject({ subscriptions: 10, groups: 1 });
    await bus.publish('price_updates', [
      price('bitcoin', '1'),
      price('ethereum', '2'),
      price('bitcoin', '3'),
    ]);
    for (const stream of streams) {
      expect(await next(stream)).toEqual({
        data: { priceUpdated: { price: '1', coin: { name: 'Coin bitcoin' } } },
      });
      expect(await next(stream)).toEqual({
        data: { priceUpdated: { price: '3', coin: { name: 'Coin bitcoin' } } },
      });
    }
    expect(calls).toHaveLength(2);
    expect(calls.every((c) => c.authorization === null)).toBe(true);
    await bridge.close();
    await bus.close();
  });

  it('fans keys out concurrently, keeps each key in order and merges the waiting prices of a key', async () => {
    const bus = new MemoryBus();
    const calls: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const executor: GraphExecutor = async (_query, variables) => {
      const id = String(variables.__id);
      calls.push(id);
      if (id === 'bitcoin' && calls.filter((c) => c === 'bitcoin').length === 1) await held;
      return { data: { __entity: { name: `Coin ${id}` } } } as ExecutionResult;
    };
    const bridge = new SubscriptionBridge(bus, executor, log, { coalesceAfter: 1 });
    await bridge.start();
    const subscribe = (coin: string) =>
      bridge.subscribe(
        {
          schema,
          document: parse(
            `subscription { priceUpdated(coinIds: ["${coin}"]) { price high low coin { name } } }`,
          ),
        },
        { user: null, authorization: null },
      ) as Promise<AsyncIterableIterator<ExecutionResult>>;
    const btc = await subscribe('bitcoin');
    const eth = await subscribe('ethereum');
    const tick = (coin: string, p: string, high: string, low: string) => ({ ...price(coin, p), high, low });
    // bitcoin's first event hangs in hydration; its next three wait and merge into one.
    await bus.publish('price_updates', [
      tick('bitcoin', '100', '100', '100'),
      tick('bitcoin', '105', '130', '101'),
      tick('bitcoin', '90', '95', '80'),
      tick('bitcoin', '99', '99', '98'),
      tick('ethereum', '7', '7', '7'),
    ]);
    // Another coin is not held up behind bitcoin's slow hydration.
    expect(await next(eth)).toEqual({
      data: { priceUpdated: { price: '7', high: '7', low: '7', coin: { name: 'Coin ethereum' } } },
    });
    release();
    expect(await next(btc)).toEqual({
      data: { priceUpdated: { price: '100', high: '100', low: '100', coin: { name: 'Coin bitcoin' } } },
    });
    // The latest price, with the extremes of every merged event: no spike hidden.
    expect(await next(btc)).toEqual({
      data: { priceUpdated: { price: '99', high: '130', low: '80', coin: { name: 'Coin bitcoin' } } },
    });
    expect(bridge.stats().eventsCoalesced).toBe(2);
    expect(calls.filter((c) => c === 'bitcoin')).toHaveLength(2);
    await bridge.close();
    await bus.close();
  });

  it('refuses anonymous market subscriptions when configured to', async () => {
    const bus = new MemoryBus();
    const bridge = new SubscriptionBridge(bus, fakeExecutor().executor, log, { allowAnonymousMarket: false });
    await bridge.start();
    const document = parse('subscription { priceUpdated { price } }');
    const anonymous = (await bridge.subscribe(
      { schema, document },
      { user: null, authorization: null },
    )) as ExecutionResult;
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const user: AuthUser = {
      id: randomUUID(),
      role: 'USER',
      exp: Math.floor(Date.now() / 1000) + 600,
      jti: 'j',
    };
    const signedIn = await bridge.subscribe({ schema, document }, { user, authorization: 'Bearer x' });
    expect(Symbol.asyncIterator in (signedIn as object)).toBe(true);
    await bridge.close();
    await bus.close();
  });

  it('serves without the event bus and keeps retrying its consumers until they start', async () => {
    const bus = new MemoryBus();
    let failures = 0;
    const flaky = Object.assign(Object.create(bus) as MemoryBus, {
      subscribe: <T extends TopicName>(options: ConsumerOptions<T>) => {
        if (failures < 6) {
          failures++;
          return Promise.reject(new Error('no broker'));
        }
        return bus.subscribe(options);
      },
    });
    const bridge = new SubscriptionBridge(flaky, fakeExecutor().executor, log, { startTimeoutMs: 50 });
    const started = Date.now();
    await bridge.start();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(bridge.stats().consuming).toEqual([]);
    const stream = (await bridge.subscribe(
      { schema, document: parse('subscription { priceUpdated(coinIds: ["x"]) { price } }') },
      { user: null, authorization: null },
    )) as AsyncIterableIterator<ExecutionResult>;
    for (let i = 0; i < 100 && bridge.stats().consuming.length < 3; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(bridge.stats().consuming.sort()).toEqual([
      'portfolio_updates',
      'price_updates',
      'sentiment_scores',
    ]);
    await bus.publish('price_updates', price('x', '9'));
    expect(await next(stream)).toEqual({ data: { priceUpdated: { price: '9' } } });
    await bridge.close();
    await bus.close();
  });
});
