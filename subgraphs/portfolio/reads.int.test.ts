import { randomUUID } from 'node:crypto';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { execute, parse } from 'graphql';
import pg from 'pg';
import { createDb, type Db } from '../../lib/db';
import { createLogger } from '../../lib/logger';
import type { Runtime } from '../../lib/runtime';
import { scalarResolvers } from '../../lib/scalars';
import { loadTypeDefs } from '../../lib/server/subgraph';
import { portfolioSubgraph } from './service';

// The portfolio page's reads on the real PostgreSQL, counted in SQL statements: the gateway's
// `me { portfolios { … holdings { … } } }` fetch must cost the same number of statements however
// many portfolios, transactions and coins there are (an N+1 shows up as a count that grows).
const DATABASE_URL =
  process.env.DATABASE_URL ?? 'postgresql://crypto_user:crypto_password@127.0.0.1:5432/crypto_db';
jest.setTimeout(30_000);

const RUN = randomUUID().slice(0, 8);
const coins = [1, 2, 3, 4, 5].map((i) => `reads-int-${RUN}-${i}`);
const definition = portfolioSubgraph({ relay: false, alerts: false });
const schema = buildSubgraphSchema({
  typeDefs: loadTypeDefs(definition.schemaPath),
  resolvers: { ...scalarResolvers, ...definition.resolvers } as GraphQLResolverMap<unknown>,
});
let db: Db;
const users: string[] = [];

// Every statement any pg client of this process sends (Prisma's pg adapter included).
let statements = 0;
/** The SQL text of each statement counted since the last `run`. */
let sqlTexts: string[] = [];
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;

beforeAll(async () => {
  db = createDb(DATABASE_URL, 2);
  await db.coin.createMany({
    data: coins.map((id, i) => ({ id, symbol: `RI${RUN}${i}`.toUpperCase(), name: `Reads ${i}` })),
  });
  // Quotes for all but the last coin: its holding is valued as missing.
  await db.quote.createMany({
    data: coins.slice(0, 4).map((coinId, i) => ({
      coinId,
      price: `${100 + i}.125`,
      source: 'test',
      updatedAt: new Date(),
    })),
  });
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements++;
    const [first] = args;
    sqlTexts.push(typeof first === 'string' ? first : String((first as { text?: unknown })?.text ?? ''));
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
});

afterAll(async () => {
  pg.Client.prototype.query = query as typeof pg.Client.prototype.query;
  await db.user.deleteMany({ where: { id: { in: users } } });
  await db.coin.deleteMany({ where: { id: { in: coins } } });
  await db.$disconnect();
});

/** A user with `portfolios` portfolios, each buying `perPortfolio` of the coins (twice each). */
async function seedUser(portfolios: number, perPortfolio: number): Promise<string> {
  const user = await db.user.create({
    data: { email: `reads-${randomUUID()}@example.com`, passwordHash: 'x' },
  });
  users.push(user.id);
  for (let p = 0; p < portfolios; p++) {
    const portfolio = await db.portfolio.create({ data: { userId: user.id, name: `P${p}` } });
    for (const [i, coinId] of coins.slice(0, perPortfolio).entries())
      for (const day of [1, 2])
        await db.transaction.create({
          data: {
            portfolioId: portfolio.id,
            type: 'BUY',
            coinId,
            quantity: `${i + 1}.5`,
            price: `${90 + i}.1`,
            fee: '0.01',
            executedAt: new Date(Date.UTC(2026, 0, day)),
          },
        });
  }
  return user.id;
}

// The gateway's fetch for the platform page (bench/platform/query.ts), as the portfolio subgraph gets it.
const PAGE = parse(`query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on User {
      portfolios { id totalCostBasis holdings { quantity costBasis marketValue coin { id } } missingPrices }
    }
  }
}`);
// The same selection behind a named fragment: still a page of ledger figures.
const PAGE_BY_FRAGMENT = parse(`query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on User { portfolios { ...Figures } } }
}
fragment Figures on Portfolio { id holdings { quantity marketValue coin { id } } }`);
const NAMES = parse(`query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on User { portfolios { id name } } }
}`);

async function run(document: typeof PAGE, viewer: string, userId = viewer) {
  const base = {
    requestId: randomUUID(),
    user: { id: viewer, role: 'USER' as const, exp: 0, jti: 'test' },
    log: createLogger('reads-int', 'silent'),
    runtime: { db } as Runtime,
  };
  statements = 0;
  sqlTexts = [];
  const result = await execute({
    schema,
    document,
    variableValues: { representations: [{ __typename: 'User', id: userId }] },
    contextValue: definition.extendContext!(base),
  });
  expect(result.errors).toBeUndefined();
  const [entity] = (result.data as { _entities: [{ portfolios: Record<string, unknown>[] | null }] })
    ._entities;
  return { portfolios: entity.portfolios, statements, sql: sqlTexts };
}

describe('portfolio page reads', () => {
  it('reads portfolios, ledgers and quotes in one statement, however many there are', async () => {
    const small = await run(PAGE, await seedUser(1, 2));
    const large = await run(PAGE, await seedUser(3, 5));
    expect(small.portfolios).toHaveLength(1);
    expect(large.portfolios).toHaveLength(3);
    expect(small.statements).toBe(1);
    expect(large.statements).toBe(1);
  });

  it('values holdings exactly, from the quotes read with the ledger', async () => {
    const { portfolios } = await run(PAGE, await seedUser(1, 5));
    const [portfolio] = portfolios!;
    // Coin 1: 2 × 1.5 bought at 90.1 plus two 0.01 fees; valued at 100.125.
    expect(portfolio!.holdings).toContainEqual({
      quantity: '3',
      costBasis: '270.32',
      marketValue: '300.375',
      coin: { id: coins[0] },
    });
    // Coin 5 has no quote: no market value, named in missingPrices.
    expect(portfolio!.holdings).toContainEqual({
      quantity: '11',
      costBasis: '1035.12',
      marketValue: null,
      coin: { id: coins[4] },
    });
    expect(portfolio!.missingPrices).toEqual([coins[4]]);
    // Σ over coins i = 0…4 of 2 × ((i + 1.5) × (90.1 + i) + 0.01)
    expect(portfolio!.totalCostBasis).toBe('3243.6');
  });

  it("never reads another user's portfolios", async () => {
    const owner = await seedUser(1, 1);
    const other = await seedUser(0, 0);
    const seen = await run(PAGE, other, owner);
    expect(seen.portfolios).toBeNull();
    expect(seen.statements).toBe(0);
  });

  it('lists names without reading ledgers', async () => {
    const names = await run(NAMES, await seedUser(2, 3));
    expect(names.portfolios).toHaveLength(2);
    expect(names.statements).toBe(1);
    // The one statement is the portfolio list, not the joined ledger read.
    expect(names.sql.join('\n')).not.toMatch(/"Transaction"/);
  });

  it('sees ledger fields behind a named fragment', async () => {
    const page = await run(PAGE_BY_FRAGMENT, await seedUser(2, 3));
    expect(page.portfolios).toHaveLength(2);
    expect(page.portfolios![0]!.holdings).toHaveLength(3);
    expect(page.statements).toBe(1);
  });
});
