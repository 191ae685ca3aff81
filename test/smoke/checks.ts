/**
 * Smoke checks: GraphQL operations and what their results must satisfy, runnable against any
 * deployment (local, compose, Kubernetes) with `npm run smoke -- <base URL>`. Each check creates
 * its own user, so it can run against a shared environment.
 */
export interface SmokeContext {
  base: string;
  graphql: string;
  token?: string;
  portfolioId?: string;
}

export interface SmokeCheck {
  name: string;
  run(ctx: SmokeContext): Promise<void>;
}

interface Result {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- checks read whatever JSON a deployment returns
  body: { data?: Record<string, any> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function post(
  ctx: SmokeContext,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<Result> {
  const res = await fetch(ctx.graphql, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as Result['body'] };
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function ok(result: Result, what: string) {
  assert(
    result.status === 200 && !result.body.errors?.length,
    `${what}: HTTP ${result.status} ${JSON.stringify(result.body.errors ?? result.body)}`,
  );
  return result.body.data!;
}

export const SMOKE_CHECKS: SmokeCheck[] = [
  {
    name: 'GET /health answers 200',
    async run(ctx) {
      const res = await fetch(new URL('/health', ctx.base));
      assert(res.status === 200, `status ${res.status}`);
    },
  },
  {
    name: 'GET /ready answers 200 with ok or degraded',
    async run(ctx) {
      const res = await fetch(new URL('/ready', ctx.base));
      const body = (await res.json()) as { status: string };
      assert(
        res.status === 200 && ['ok', 'degraded'].includes(body.status),
        `status ${res.status} ${JSON.stringify(body)}`,
      );
    },
  },
  {
    name: 'coins are listed by rank with cursor pagination',
    async run(ctx) {
      const first = ok(
        await post(
          ctx,
          '{ coins(first: 2) { totalCount edges { cursor node { id symbol rank } } pageInfo { hasNextPage endCursor } } }',
        ),
        'coins',
      );
      assert(
        first.coins.edges.length === 2 && first.coins.edges[0].node.id === 'bitcoin',
        `unexpected first page ${JSON.stringify(first)}`,
      );
      assert(first.coins.pageInfo.hasNextPage && first.coins.totalCount >= 2, 'expected more pages');
      const next = ok(
        await post(ctx, 'query($a: String) { coins(first: 2, after: $a) { edges { node { id rank } } } }', {
          a: first.coins.pageInfo.endCursor,
        }),
        'coins page 2',
      );
      assert(
        next.coins.edges[0].node.rank > first.coins.edges[1].node.rank,
        'second page does not follow the first',
      );
    },
  },
  {
    name: 'coin(id) resolves across subgraphs (quote, analytics, sentiment)',
    async run(ctx) {
      const data = ok(
        await post(
          ctx,
          '{ coin(id: "bitcoin") { id symbol name quote { price stale } analytics { sma(period: 3) { t v } } sentiment { score } } }',
        ),
        'coin',
      );
      assert(data.coin.symbol === 'BTC', `unexpected coin ${JSON.stringify(data.coin)}`);
      assert(Array.isArray(data.coin.analytics.sma), 'analytics missing');
    },
  },
  {
    name: 'float literals for Decimal are refused with BAD_USER_INPUT',
    async run(ctx) {
      const res = await post(
        ctx,
        'mutation { createPriceAlert(input: { coinId: "bitcoin", direction: ABOVE, threshold: 0.1 }) { id } }',
      );
      const code = res.body.errors?.[0]?.extensions?.code;
      assert(
        code === 'BAD_USER_INPUT' || code === 'GRAPHQL_VALIDATION_FAILED',
        `got ${JSON.stringify(res.body)}`,
      );
    },
  },
  {
    name: 'register, log in and read me',
    async run(ctx) {
      const email = `smoke-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
      const password = 'smoke-test-password';
      ok(
        await post(ctx, 'mutation($i: RegisterInput!) { register(input: $i) { user { id } } }', {
          i: { email, password },
        }),
        'register',
      );
      const login = ok(
        await post(ctx, 'mutation($i: LoginInput!) { login(input: $i) { accessToken } }', {
          i: { email, password },
        }),
        'login',
      );
      ctx.token = login.login.accessToken;
      const me = ok(await post(ctx, '{ me { email role } }', {}, ctx.token), 'me');
      assert(me.me.email === email && me.me.role === 'USER', `unexpected me ${JSON.stringify(me)}`);
    },
  },
  {
    name: 'a wrong password is refused with UNAUTHENTICATED',
    async run(ctx) {
      const res = await post(
        ctx,
        'mutation { login(input: { email: "nobody@example.com", password: "wrong-password!" }) { accessToken } }',
      );
      assert(res.body.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED', `got ${JSON.stringify(res.body)}`);
    },
  },
  {
    name: 'create a portfolio, buy, and see the holding',
    async run(ctx) {
      assert(ctx.token, 'needs the login check');
      const created = ok(
        await post(ctx, 'mutation { createPortfolio(input: { name: "Smoke" }) { id } }', {}, ctx.token),
        'createPortfolio',
      );
      ctx.portfolioId = created.createPortfolio.id;
      ok(
        await post(
          ctx,
          'mutation($i: RecordTransactionInput!) { recordTransaction(input: $i) { id } }',
          {
            i: {
              portfolioId: ctx.portfolioId,
              type: 'BUY',
              coinId: 'ethereum',
              quantity: '2',
              price: '1000.50',
            },
          },
          ctx.token,
        ),
        'recordTransaction',
      );
      const data = ok(
        await post(
          ctx,
          'query($id: ID!) { portfolio(id: $id) { holdings { quantity costBasis coin { id } } } }',
          { id: ctx.portfolioId },
          ctx.token,
        ),
        'portfolio',
      );
      const [h] = data.portfolio.holdings;
      assert(
        h.quantity === '2' && h.costBasis === '2001' && h.coin.id === 'ethereum',
        `unexpected holding ${JSON.stringify(h)}`,
      );
    },
  },
  {
    name: "another user's portfolio is not visible",
    async run(ctx) {
      assert(ctx.portfolioId, 'needs the portfolio check');
      const res = await post(ctx, 'query($id: ID!) { portfolio(id: $id) { id } }', { id: ctx.portfolioId });
      assert(!res.body.data?.portfolio, 'anonymous caller saw the portfolio');
      assert(
        ['UNAUTHENTICATED', 'NOT_FOUND', 'FORBIDDEN'].includes(res.body.errors?.[0]?.extensions?.code ?? ''),
        `got ${JSON.stringify(res.body)}`,
      );
    },
  },
];

export async function runSmoke(
  base: string,
  log: (line: string) => void = () => undefined,
): Promise<{ passed: number; failed: { name: string; error: string }[] }> {
  const root = base.replace(/\/graphql\/?$/, '');
  const ctx: SmokeContext = { base: root, graphql: `${root}/graphql` };
  const failed: { name: string; error: string }[] = [];
  let passed = 0;
  for (const check of SMOKE_CHECKS) {
    try {
      await check.run(ctx);
      passed++;
      log(`ok    ${check.name}`);
    } catch (err) {
      failed.push({ name: check.name, error: (err as Error).message });
      log(`FAIL  ${check.name}: ${(err as Error).message}`);
    }
  }
  return { passed, failed };
}
