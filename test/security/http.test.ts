import { randomUUID } from 'node:crypto';
import { SUBGRAPHS } from '../../gateway/subgraphs';
import { COIN_CATALOG } from '../../subgraphs/market-data/catalog';
import {
  createPortfolio,
  gql,
  leaks,
  RECORD_TRANSACTION,
  signUp,
  uniqueAddress,
  uniqueEmail,
  type Account,
} from '../faults/support/clients';
import { freePort, spawnService, terminate, type ServiceProcess } from '../faults/support/processes';
import { KAFKA_BROKERS, REDIS_URL } from '../support/servers';
import { startTarget, undeclared5xx, type Target } from './platform';

// Hostile and broken input over HTTP (RELIABILITY.md, Hostile input). Every request below is
// refused with a clear error: the HTTP status and `extensions.code` the contract promises, no
// 5xx, no stack trace, SQL or path in the body, and nothing written.
jest.setTimeout(120_000);

let target: Target;
let url: string;
let owner: Account;
let portfolioId: string;

beforeAll(async () => {
  target = await startTarget();
  url = target.url;
  owner = await signUp(url, 'hostile');
  portfolioId = await createPortfolio(url, owner, 'Target');
  await gql(
    url,
    RECORD_TRANSACTION,
    { i: { portfolioId, type: 'BUY', coinId: 'bitcoin', quantity: '1', price: '100' } },
    { token: owner.token },
  );
});

afterAll(async () => {
  await target?.close();
});

interface Raw {
  status: number;
  text: string;
  codes: (string | undefined)[];
}

async function post(body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'x-forwarded-for': uniqueAddress(), ...headers },
    body,
  });
  return parse(res);
}

async function parse(res: globalThis.Response): Promise<Raw> {
  const text = await res.text();
  let codes: (string | undefined)[] = [];
  try {
    const json = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
    codes = (json.errors ?? []).map((e) => e.extensions?.code);
  } catch {
    codes = ['(not JSON)'];
  }
  return { status: res.status, text, codes };
}

/** Status among `status`, a code among `code` (when given), no leak, no undeclared 5xx. */
function expectRefused(res: Raw, status: number | number[], code?: string | string[]) {
  const statuses = [status].flat();
  const codes = code === undefined ? undefined : [code].flat();
  const problems: string[] = [];
  if (!statuses.includes(res.status))
    problems.push(`status ${res.status}, expected ${statuses.join(' or ')}`);
  if (codes && !res.codes.some((c) => codes.includes(c ?? ''))) problems.push(`codes ${res.codes.join(',')}`);
  const leaked = leaks(res.text);
  if (leaked.length) problems.push(`leaks ${leaked.join(', ')}`);
  if (undeclared5xx(res.status, res.codes)) problems.push('undeclared 5xx');
  if (problems.length) throw new Error(`${problems.join('; ')}\n  body: ${res.text.slice(0, 400)}`);
}

const registerBody = (email: string) =>
  JSON.stringify({
    query: 'mutation($i: RegisterInput!) { register(input: $i) { user { id } } }',
    variables: { i: { email, password: 'correct horse battery staple' } },
  });

async function userExists(email: string) {
  return (await target.db.user.count({ where: { email } })) > 0;
}

describe('transport', () => {
  it('refuses malformed JSON with 400', async () => {
    expectRefused(await post('{"query": "{ me { id }'), 400, 'BAD_REQUEST');
    expectRefused(await post('null'), 400);
    expectRefused(await post('"just a string"'), 400);
    expectRefused(await post('{}'), 400);
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['form', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['no content type', undefined],
    ['graphql', 'application/graphql'],
    ['xml', 'application/xml'],
  ])('refuses a %s body without executing it', async (_, type) => {
    const email = uniqueEmail('ctype');
    const res = await post(registerBody(email), type ? { 'content-type': type } : {});
    expectRefused(res, [400, 415]);
    expect(await userExists(email)).toBe(false);
  });

  it('refuses bodies over 1 MB with 413, declared or streamed', async () => {
    const big = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(1_100_000) } });
    expectRefused(await post(big), 413, 'PAYLOAD_TOO_LARGE');
    // No Content-Length: the limit must hold while the body streams in.
    const chunk = new TextEncoder().encode('x'.repeat(100_000));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 12) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const streamed = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.headers.get('connection')).toBe('close');
    expectRefused(await parse(streamed), 413, 'PAYLOAD_TOO_LARGE');
    // The refused connection is not reused with half a body in it: the next request answers at once.
    for (let i = 0; i < 3; i++) {
      const next = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: '{ __typename }',
          variables: { pad: 'x'.repeat(1_100_000 * (i % 2)) },
        }),
        signal: AbortSignal.timeout(5000),
      });
      expect(next.status).toBe(i % 2 ? 413 : 200);
      await next.text();
    }
  });

  it('refuses batches without executing any of them', async () => {
    const email = uniqueEmail('batch');
    const body = `[${registerBody(email)}, {"query": "{ __typename }"}]`;
    expectRefused(await post(body), 400, 'BAD_REQUEST');
    expect(await userExists(email)).toBe(false);
  });

  it('refuses mutations over GET and other methods', async () => {
    const get = await fetch(`${url}?query=${encodeURIComponent('mutation { logout(refreshToken: "x") }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expectRefused(await parse(get), [400, 405]);
    const put = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expectRefused(await parse(put), [400, 405]);
    const unknown = await fetch(new URL('/../../etc/passwd', url));
    expect(unknown.status).toBe(404);
  });

  it('refuses malformed Unicode (an unpaired surrogate) with 400', async () => {
    const body =
      '{"query":"query($s: String) { coins(search: $s) { totalCount } }","variables":{"s":"a\\ud800"}}';
    expectRefused(await post(body), 400, 'BAD_REQUEST');
  });

  it('refuses oversized headers', async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-junk': 'x'.repeat(20_000) },
      body: '{"query":"{ __typename }"}',
    });
    expect(res.status).toBe(431);
  });
});

describe('documents', () => {
  it('answers a syntax error with 400 GRAPHQL_PARSE_FAILED', async () => {
    for (const query of [
      '{ me',
      '# only a comment',
      '{ coin(id: "bitcoin") { id }',
      'query { coin(id: ) { id } }',
    ]) {
      expectRefused(await post(JSON.stringify({ query })), 400, 'GRAPHQL_PARSE_FAILED');
    }
  });

  it('answers an unknown or ambiguous operation name with 400', async () => {
    expectRefused(await post(JSON.stringify({ query: 'query A { __typename }', operationName: 'B' })), 400);
    expectRefused(
      await post(JSON.stringify({ query: 'query A { __typename } query B { __typename }' })),
      400,
    );
  });

  it('answers a subscription sent over HTTP with a 4xx (subscriptions are WebSocket only)', async () => {
    const res = await post(JSON.stringify({ query: 'subscription { priceUpdated { price } }' }));
    expectRefused(res, [400, 405]);
    expect(res.codes).not.toContain('INTERNAL_SERVER_ERROR');
  });

  it('refuses a persisted query whose hash does not match, saying so', async () => {
    const res = await post(
      JSON.stringify({
        query: '{ __typename }',
        extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } },
      }),
    );
    expectRefused(res, 400);
    expect(res.codes).not.toContain('INTERNAL_SERVER_ERROR');
  });

  it('refuses unknown fields and types', async () => {
    expectRefused(
      await post(JSON.stringify({ query: '{ coinz { id } }' })),
      400,
      'GRAPHQL_VALIDATION_FAILED',
    );
    expectRefused(
      await post(JSON.stringify({ query: '{ coin(id: "bitcoin") { ... on Nope { id } } }' })),
      400,
      'GRAPHQL_VALIDATION_FAILED',
    );
  });

  it('refuses deep, aliased, wide, long, directive-heavy and costly operations before executing them', async () => {
    const deep =
      '{ me { portfolios { owner { portfolios { owner { portfolios { owner { portfolios { owner { portfolios { id } } } } } } } } } } }';
    const aliases = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: coin(id: "bitcoin") { id }`).join(' ')} }`;
    const roots = `{ ${Array.from({ length: 12 }, () => 'marketOverview { updatedAt }').join(' ')} }`;
    const tokens = `{ coin(id: "bitcoin") { ${Array.from({ length: 1200 }, () => 'id').join(' ')} } }`;
    const directives = `{ coin(id: "bitcoin") { id ${Array.from({ length: 40 }, () => '@include(if: true)').join(' ')} } }`;
    const cost = `{ coins(first: 100) { edges { node {
      analytics { sma(period: 5) { t v } ema(period: 5) { t v } rsi { t v } macd { t macd signal histogram } bollinger { t upper middle lower } }
      candles(interval: MINUTE_1, limit: 5000) { openTime open high low close volume } } } } }`;
    for (const query of [deep, aliases, roots, tokens, directives, cost]) {
      const res = await post(JSON.stringify({ query }));
      expectRefused(res, 400, ['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_USER_INPUT']);
    }
    const introspectionCycle = `{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } }`;
    const res = await gql(url, introspectionCycle);
    expect(res.status).toBeLessThan(500);
  });

  it('refuses invalid variables', async () => {
    const q =
      'query($id: ID!, $n: Int) { coin(id: $id) { id candles(interval: DAY_1, limit: $n) { open } } }';
    for (const variables of [
      { id: { a: 1 } },
      {},
      { id: 'bitcoin', n: 2 ** 31 },
      { id: 'bitcoin', n: 'ten' },
      { id: 'bitcoin', n: 1.5 },
      { id: ['bitcoin'] },
    ]) {
      expectRefused(await post(JSON.stringify({ query: q, variables })), 400, 'BAD_USER_INPUT');
    }
    const enumQ = 'query($i: CandleInterval!) { coin(id: "bitcoin") { candles(interval: $i) { open } } }';
    expectRefused(
      await post(JSON.stringify({ query: enumQ, variables: { i: 'YEAR_1' } })),
      400,
      'BAD_USER_INPUT',
    );
  });
});

describe('values', () => {
  const record = (input: Record<string, unknown>) =>
    gql(
      url,
      RECORD_TRANSACTION,
      { i: { portfolioId, type: 'BUY', coinId: 'bitcoin', quantity: '1', price: '100', ...input } },
      { token: owner.token },
    );
  let before: number;
  beforeAll(async () => {
    before = await target.db.transaction.count({ where: { portfolioId } });
  });
  afterAll(async () => {
    // Nothing any of these wrote.
    expect(await target.db.transaction.count({ where: { portfolioId } })).toBe(before);
  });

  it.each([
    ['exponent', { quantity: '1e5' }],
    ['letters', { quantity: 'abc' }],
    ['two dots', { quantity: '1.5.5' }],
    ['NaN', { quantity: 'NaN' }],
    ['Infinity', { price: 'Infinity' }],
    ['hexadecimal', { quantity: '0x10' }],
    ['a JSON float', { quantity: 1.5 }],
    ['too many integer digits', { quantity: '123456789012345678901234567890' }],
    ['too many fraction digits', { quantity: '0.0000000000000000000001' }],
    ['negative quantity', { quantity: '-1' }],
    ['zero quantity', { quantity: '0' }],
    ['negative price', { price: '-100' }],
    ['negative fee', { fee: '-1' }],
    ['absurd quantity', { quantity: '99999999999999999999', type: 'SELL' }],
    ['selling more than held', { type: 'SELL', quantity: '1000' }],
    ['a DateTime in words', { executedAt: 'yesterday' }],
    ['month 13', { executedAt: '2024-13-45T00:00:00Z' }],
    ['30 February', { executedAt: '2024-02-30T00:00:00Z' }],
    ['a number as DateTime', { executedAt: 12345 }],
    ['the future', { executedAt: '2999-01-01T00:00:00Z' }],
    ['an unknown coin', { coinId: 'no-such-coin' }],
    ['an unknown transaction type', { type: 'STEAL' }],
    ['a 5,000-character note', { note: 'x'.repeat(5000) }],
    ['a NUL in the note', { note: 'a\u0000b' }],
    ['a 10,000-character idempotency key', { idempotencyKey: 'k'.repeat(10_000) }],
  ])('refuses %s with BAD_USER_INPUT and writes nothing', async (_, input) => {
    const res = await record(input);
    expect({
      data: res.data?.recordTransaction ?? null,
      codes: (res.errors ?? []).map((e) => e.extensions?.code),
    }).toEqual({
      data: null,
      codes: ['BAD_USER_INPUT'],
    });
    expect(leaks(res.text)).toEqual([]);
    expect(res.status).toBeLessThan(500);
  });

  it('refuses over-long and NUL-bearing strings everywhere', async () => {
    const cases: [string, string, Record<string, unknown>, string | undefined][] = [
      [
        'portfolio name',
        'mutation($n: String!) { createPortfolio(input: { name: $n }) { id } }',
        { n: 'x'.repeat(100_000) },
        owner.token,
      ],
      [
        'NUL portfolio name',
        'mutation($n: String!) { createPortfolio(input: { name: $n }) { id } }',
        { n: 'a\u0000b' },
        owner.token,
      ],
      [
        'search',
        'query($s: String) { coins(search: $s) { totalCount } }',
        { s: 'x'.repeat(5000) },
        undefined,
      ],
      [
        'NUL search',
        'query($s: String) { coins(search: $s) { totalCount } }',
        { s: 'bit\u0000coin' },
        undefined,
      ],
      [
        'NUL e-mail',
        'mutation($i: RegisterInput!) { register(input: $i) { user { id } } }',
        { i: { email: `nul${randomUUID()}\u0000@example.com`, password: 'correct horse battery staple' } },
        undefined,
      ],
      [
        'long e-mail',
        'mutation($i: RegisterInput!) { register(input: $i) { user { id } } }',
        { i: { email: `${'x'.repeat(10_000)}@example.com`, password: 'correct horse battery staple' } },
        undefined,
      ],
      [
        'NUL display name',
        'mutation($i: RegisterInput!) { register(input: $i) { user { id } } }',
        {
          i: {
            email: uniqueEmail('nuldn'),
            password: 'correct horse battery staple',
            displayName: 'a\u0000b',
          },
        },
        undefined,
      ],
      [
        'long display name',
        'mutation($i: RegisterInput!) { register(input: $i) { user { id } } }',
        {
          i: {
            email: uniqueEmail('longdn'),
            password: 'correct horse battery staple',
            displayName: 'd'.repeat(10_000),
          },
        },
        undefined,
      ],
    ];
    const portfolios = await target.db.portfolio.count({ where: { userId: owner.userId } });
    for (const [name, query, variables, token] of cases) {
      const res = await gql(url, query, variables, { token, address: uniqueAddress() });
      expect({ name, codes: (res.errors ?? []).map((e) => e.extensions?.code) }).toEqual({
        name,
        codes: ['BAD_USER_INPUT'],
      });
      expect(leaks(res.text)).toEqual([]);
    }
    expect(await target.db.portfolio.count({ where: { userId: owner.userId } })).toBe(portfolios);
  });

  it('answers an over-long password cheaply, without hashing it', async () => {
    const res = await gql(
      url,
      'mutation($i: LoginInput!) { login(input: $i) { accessToken } }',
      { i: { email: owner.email, password: 'x'.repeat(500_000) } },
      { address: uniqueAddress() },
    );
    expect(['UNAUTHENTICATED', 'BAD_USER_INPUT']).toContain(res.errors?.[0]?.extensions?.code);
    expect(res.ms).toBeLessThan(1500);
  });

  it('treats SQL and LIKE syntax in search as plain text', async () => {
    const search = async (s: string) => {
      const res = await gql<{ coins: { totalCount: number; edges: { node: { id: string } }[] } }>(
        url,
        'query($s: String) { coins(first: 100, search: $s) { totalCount edges { node { id } } } }',
        { s },
      );
      expect({ s, errors: res.errors }).toEqual({ s, errors: undefined });
      return res.data!.coins;
    };
    // The seeded catalogue only: other suites create and delete coins of their own in the same
    // database while this one runs, so a count of every coin would race with them.
    const catalogue = { where: { id: { in: COIN_CATALOG.map((c) => c.id) } } };
    const coins = await target.db.coin.count(catalogue);
    expect(coins).toBe(COIN_CATALOG.length);
    for (const s of [
      "' OR 1=1 --",
      '" OR ""="',
      '\'; DROP TABLE "Coin"; --',
      "bitcoin') OR ('1'='1",
      '\\',
      '$1',
    ]) {
      expect((await search(s)).totalCount).toBe(0);
    }
    // LIKE wildcards match themselves only: no coin name or symbol contains % or _.
    for (const s of ['%', '_', 'bit%', '%coin', 'b_tcoin'])
      expect({ s, n: (await search(s)).totalCount }).toEqual({ s, n: 0 });
    expect((await search('bitcoin')).edges.map((e) => e.node.id)).toContain('bitcoin');
    expect(await target.db.coin.count(catalogue)).toBe(coins);
  });
});

describe('production configuration (NODE_ENV=production gateway process)', () => {
  let gateway: ServiceProcess | undefined;
  beforeAll(async () => {
    const env: Record<string, string> = {
      NODE_ENV: 'production',
      REDIS_URL,
      KAFKA_BROKERS: KAFKA_BROKERS.join(','),
      JWT_PUBLIC_KEY: target.jwt.publicKeyPem,
    };
    for (const s of SUBGRAPHS) env[s.urlEnv] = target.platform.subgraphs[s.name].url;
    gateway = await spawnService('gateway', env, { port: await freePort() });
  });
  afterAll(async () => {
    if (gateway) await terminate(gateway);
  });

  it('refuses introspection and gives no field suggestions', async () => {
    const intro = await gql(gateway!.url, '{ __schema { types { name } } }');
    expect(intro.status).toBe(400);
    expect(intro.data ?? null).toBeNull();
    const typo = await gql(gateway!.url, '{ coinz { id } }');
    expect(typo.status).toBe(400);
    expect(typo.text).not.toMatch(/Did you mean/);
    expect(leaks(typo.text)).toEqual([]);
  });

  it('serves no Sandbox page', async () => {
    const res = await fetch(gateway!.url, { headers: { accept: 'text/html' } });
    expect(await res.text()).not.toMatch(/sandbox/i);
  });
});
