import { ApolloServer } from '@apollo/server';
import type { GatewayContext } from './context';
import { inflightDedupePlugin } from './inflight';

const typeDefs = /* GraphQL */ `
  type Query {
    value(n: Int): String
    whoami: String
  }
  type Mutation {
    bump: Int
  }
`;

function setup() {
  const calls = { value: 0, whoami: 0, bump: 0 };
  let shared = 0;
  const gate: { open?: () => void } = {};
  let opened = new Promise<void>((resolve) => (gate.open = resolve));
  const server = new ApolloServer<GatewayContext>({
    typeDefs,
    resolvers: {
      Query: {
        value: async (_: unknown, { n }: { n?: number }) => {
          calls.value++;
          await opened;
          return `v${n ?? 0}`;
        },
        whoami: async (_: unknown, __: unknown, ctx: GatewayContext) => {
          calls.whoami++;
          await opened;
          return ctx.authorization;
        },
      },
      Mutation: {
        bump: async () => {
          await opened;
          return ++calls.bump;
        },
      },
    },
    plugins: [inflightDedupePlugin({ shared: () => shared++ })],
  });
  const ctx = (authorization: string | null): GatewayContext => ({
    requestId: 'r',
    user: null,
    authorization,
    clientAddress: '127.0.0.1',
  });
  const run = async (
    query: string,
    authorization: string | null = null,
    variables?: Record<string, unknown>,
  ) => {
    const res = await server.executeOperation({ query, variables }, { contextValue: ctx(authorization) });
    if (res.body.kind !== 'single') throw new Error('expected a single result');
    return res.body.singleResult;
  };
  const release = async () => {
    // Let every request reach its resolver (or its wait on the first) before answering.
    await new Promise((r) => setTimeout(r, 20));
    gate.open!();
    opened = new Promise<void>((resolve) => (gate.open = resolve));
  };
  return { server, calls, run, release, sharedCount: () => shared };
}

describe('inflightDedupePlugin', () => {
  it('runs identical concurrent queries once and gives each the same answer', async () => {
    const t = setup();
    await t.server.start();
    const answers = Promise.all(Array.from({ length: 10 }, () => t.run('{ value(n: 1) }')));
    await t.release();
    const results = await answers;
    expect(t.calls.value).toBe(1);
    expect(t.sharedCount()).toBe(9);
    for (const r of results) expect(r.data).toEqual({ value: 'v1' });
    await t.server.stop();
  });

  it('never shares between different credentials, variables or operations', async () => {
    const t = setup();
    await t.server.start();
    const answers = Promise.all([
      t.run('{ whoami }', 'Bearer a'),
      t.run('{ whoami }', 'Bearer b'),
      t.run('{ whoami }', 'Bearer a'),
      t.run('query Q($n: Int) { value(n: $n) }', null, { n: 1 }),
      t.run('query Q($n: Int) { value(n: $n) }', null, { n: 2 }),
    ]);
    await t.release();
    const [a, b, a2, v1, v2] = await answers;
    expect(a!.data).toEqual({ whoami: 'Bearer a' });
    expect(b!.data).toEqual({ whoami: 'Bearer b' });
    expect(a2!.data).toEqual({ whoami: 'Bearer a' });
    expect(v1!.data).toEqual({ value: 'v1' });
    expect(v2!.data).toEqual({ value: 'v2' });
    expect(t.calls.whoami).toBe(2);
    expect(t.calls.value).toBe(2);
    await t.server.stop();
  });

  it('always executes mutations and keeps nothing once a query has answered', async () => {
    const t = setup();
    await t.server.start();
    const bumps = Promise.all([t.run('mutation { bump }'), t.run('mutation { bump }')]);
    await t.release();
    expect((await bumps).map((r) => r.data?.bump).sort()).toEqual([1, 2]);

    const first = t.run('{ value }');
    await t.release();
    await first;
    const second = t.run('{ value }');
    await t.release();
    await second;
    expect(t.calls.value).toBe(2);
    expect(t.sharedCount()).toBe(0);
    await t.server.stop();
  });
});
