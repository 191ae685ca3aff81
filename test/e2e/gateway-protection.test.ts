import { randomUUID } from 'node:crypto';
import { CacheKey, MemoryCache, RedisCache } from '../../lib/cache';
import { MemoryBus } from '../../lib/events';
import type { RunningGateway } from '../../gateway/server';
import { gql } from '../support/client';
import { REDIS_URL } from '../support/servers';
import { metricValue, metricsOf, randomClient, startStack, tcpRelay, type Stack } from './gateway-harness';

// The gateway's protection on the real servers (issue 8): authentication rate limits shared in
// Redis (and what happens without Redis), client addresses behind proxies, operation limits,
// body size, batching, CSRF, and what production hides.
jest.setTimeout(120_000);

let stack: Stack;
let replicaA: RunningGateway;
let replicaB: RunningGateway;
let untrusting: RunningGateway;
let behindIngress: RunningGateway;
let production: RunningGateway;
let flaky: RunningGateway;
let relay: Awaited<ReturnType<typeof tcpRelay>>;
const redis = new RedisCache(REDIS_URL);

beforeAll(async () => {
  stack = await startStack();
  const redisUrl = new URL(REDIS_URL);
  relay = await tcpRelay(redisUrl.hostname, Number(redisUrl.port || 6379));
  // Two replicas sharing Redis.
  replicaA = await stack.gateway({
    bus: new MemoryBus(),
    cache: new RedisCache(REDIS_URL),
    closeCache: true,
    authRateLimitPerMinute: 5,
  });
  replicaB = await stack.gateway({
    bus: new MemoryBus(),
    cache: new RedisCache(REDIS_URL),
    closeCache: true,
    authRateLimitPerMinute: 5,
  });
  // Trusts only 10.0.0.0/8, so the loopback peer of these tests is not a proxy it listens to.
  untrusting = await stack.gateway({
    bus: new MemoryBus(),
    cache: new MemoryCache(),
    authRateLimitPerMinute: 5,
    trustedProxies: '10.0.0.0/8',
  });
  behindIngress = await stack.gateway({
    bus: new MemoryBus(),
    cache: new MemoryCache(),
    authRateLimitPerMinute: 5,
    trustedProxies: 'loopback, 10.0.0.0/8',
  });
  production = await stack.gateway({ bus: new MemoryBus(), introspection: false, sandbox: false });
  // Redis through a relay this test can cut.
  flaky = await stack.gateway({
    bus: new MemoryBus(),
    cache: new RedisCache(`redis://127.0.0.1:${relay.port}`),
    closeCache: true,
    authRateLimitPerMinute: 5,
  });
});

afterAll(async () => {
  await stack?.close();
  await relay?.close();
  await redis.close();
});

/** Fixed one-minute windows: keep a test's attempts inside one window. */
async function awayFromWindowEdge() {
  const intoWindow = Date.now() % 60_000;
  if (intoWindow > 45_000) await new Promise((r) => setTimeout(r, 60_000 - intoWindow + 200));
}

const LOGIN = (alias = 'login') =>
  `${alias}: login(input: { email: "nobody-${randomUUID()}@example.com", password: "not the password" }) { accessToken }`;

function attempt(url: string, client: string, fields = [LOGIN()], headers: Record<string, string> = {}) {
  return gql(
    url,
    `mutation { ${fields.join(' ')} }`,
    {},
    { headers: { 'x-forwarded-for': client, ...headers } },
  );
}

describe('authentication rate limits', () => {
  it('allow 5 attempts a minute per client, then answer 429 RATE_LIMITED with Retry-After', async () => {
    await awayFromWindowEdge();
    const client = randomClient();
    for (let i = 0; i < 5; i++) {
      const res = await attempt(replicaA.url, client);
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED'); // a wrong password, not a limit
    }
    const limited = await attempt(replicaA.url, client);
    expect(limited.status).toBe(429);
    expect(limited.errors).toEqual([
      {
        message: expect.stringMatching(/Too many authentication attempts: at most 5 per minute/),
        extensions: { code: 'RATE_LIMITED', retryAfter: expect.any(Number) },
      },
    ]);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.errors![0]!.extensions!.retryAfter).toBe(retryAfter);
    // register and refreshToken share the budget.
    const register = await gql(
      replicaA.url,
      'mutation { register(input: { email: "x@example.com", password: "long enough password" }) { accessToken } }',
      {},
      { headers: { 'x-forwarded-for': client } },
    );
    expect(register.status).toBe(429);
    const refresh = await gql(
      replicaA.url,
      'mutation { refreshToken(refreshToken: "nope") { accessToken } }',
      {},
      { headers: { 'x-forwarded-for': client } },
    );
    expect(refresh.status).toBe(429);
    // Another client is unaffected, and data queries are never limited.
    expect((await attempt(replicaA.url, randomClient())).status).toBe(200);
    for (let i = 0; i < 10; i++) {
      const res = await gql(
        replicaA.url,
        '{ coin(id: "bitcoin") { name } }',
        {},
        { headers: { 'x-forwarded-for': client } },
      );
      expect(res.data).toEqual({ coin: { name: 'Bitcoin' } });
    }
  });

  it('counts every aliased field, and refuses the whole operation over the limit', async () => {
    await awayFromWindowEdge();
    const client = randomClient();
    const first = await attempt(replicaA.url, client, [LOGIN('a'), LOGIN('b'), LOGIN('c')]);
    expect(first.status).toBe(200); // three attempts counted (the first failure ends a mutation's serial execution)
    const second = await attempt(replicaA.url, client, [LOGIN('d'), LOGIN('e'), LOGIN('f')]);
    expect(second.status).toBe(429);
    expect(second.errors).toHaveLength(1);
    expect(second.data ?? null).toBeNull();
  });

  it('are shared by all replicas through Redis', async () => {
    await awayFromWindowEdge();
    const client = randomClient();
    for (let i = 0; i < 3; i++) expect((await attempt(replicaA.url, client)).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await attempt(replicaB.url, client)).status).toBe(200);
    expect((await attempt(replicaB.url, client)).status).toBe(429);
    expect((await attempt(replicaA.url, client)).status).toBe(429);
    const windowStart = Math.floor(Date.now() / 60_000) * 60_000;
    expect(Number(await redis.get(CacheKey.rateLimit('auth', client, windowStart)))).toBe(7);
  });

  it('read X-Forwarded-For only from trusted proxies, right-most untrusted entry first', async () => {
    await awayFromWindowEdge();
    // The peer (loopback) is not trusted here: the forged header is ignored, everyone is the peer.
    for (let i = 0; i < 5; i++) expect((await attempt(untrusting.url, randomClient())).status).toBe(200);
    expect((await attempt(untrusting.url, randomClient())).status).toBe(429);

    // Behind a trusted ingress (10.x), the client cannot escape its counter by prepending addresses.
    const client = randomClient();
    for (let i = 0; i < 5; i++) {
      expect(
        (
          await attempt(behindIngress.url, '', [LOGIN()], {
            'x-forwarded-for': `${randomClient()}, ${client}, 10.1.2.3`,
          })
        ).status,
      ).toBe(200);
    }
    expect(
      (
        await attempt(behindIngress.url, '', [LOGIN()], {
          'x-forwarded-for': `${randomClient()}, ${client}, 10.1.2.3`,
        })
      ).status,
    ).toBe(429);
    expect(
      (
        await attempt(behindIngress.url, '', [LOGIN()], {
          'x-forwarded-for': `${client}, ${randomClient()}, 10.1.2.3`,
        })
      ).status,
    ).toBe(200);
  });

  it('fall back to per-replica counters while Redis is unreachable: neither open nor locked', async () => {
    await awayFromWindowEdge();
    const client = randomClient();
    expect((await attempt(flaky.url, client)).status).toBe(200); // counted in Redis
    relay.cut();
    try {
      // The first attempts still pass (not locked out)...
      for (let i = 0; i < 5; i++) expect((await attempt(flaky.url, client)).status).toBe(200);
      // ...and the limit still holds (not open).
      expect((await attempt(flaky.url, client)).status).toBe(429);
      const metrics = await metricsOf(flaky.url);
      expect(metricValue(metrics, 'gateway_rate_limit_store_fallbacks_total')).toBeGreaterThanOrEqual(6);
      const ready = (await (await fetch(new URL('/ready', flaky.url))).json()) as {
        status: string;
        checks: Record<string, boolean>;
      };
      expect(ready).toMatchObject({ status: 'degraded', checks: { cache: false, supergraph: true } });
    } finally {
      relay.restore();
    }
  });
});

describe('operation limits over HTTP', () => {
  it('refuses operations over the depth, alias and token limits with 400', async () => {
    const deep = await gql(
      replicaA.url,
      '{ me { portfolios { owner { portfolios { owner { portfolios { owner { portfolios { owner { portfolios { id } } } } } } } } } } }',
    );
    expect(deep.status).toBe(400);
    expect(deep.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/depth limit of 10 exceeded/),
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    const aliases = await gql(
      replicaA.url,
      `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: marketSentiment { index }`).join(' ')} }`,
    );
    expect(aliases.status).toBe(400);
    expect(JSON.stringify(aliases.errors)).toMatch(/Aliases limit of 15 exceeded/);
    const tokens = await gql(replicaA.url, `{ me { id ${'email '.repeat(2500)} } }`);
    expect(tokens.status).toBe(400);
    expect(tokens.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/2000 tokens/),
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    });
    const cost = await gql(
      replicaA.url,
      '{ coins(first: 100) { edges { node { analytics { sma(period: 5) { t v } ema(period: 5) { t v } rsi { t v } macd { t macd signal histogram } bollinger { t upper middle lower } } candles(interval: MINUTE_1, limit: 5000) { openTime open high low close volume } } } } }',
    );
    expect(cost.status).toBe(400);
    expect(JSON.stringify(cost.errors)).toMatch(/Cost limit of 12000 exceeded/);
  });

  it('answers 413 for bodies over 1 MB, declared or streamed', async () => {
    const big = JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(1024 * 1024) } });
    const declared = await fetch(replicaA.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({
      errors: [{ message: 'Request body is larger than 1 MB', extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
    });
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const streamed = await fetch(replicaA.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    // Just under the limit is fine.
    const fits = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(1000 * 1000) } });
    expect(
      (
        await fetch(replicaA.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: fits,
        })
      ).status,
    ).toBe(200);
  });

  it('refuses batched requests', async () => {
    const res = await fetch(replicaA.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/batching/i);
  });

  it('prevents CSRF: simple requests are refused unless they carry a preflight header', async () => {
    const text = await fetch(replicaA.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(text.status).toBe(400);
    expect(await text.text()).toMatch(/CSRF/);
    const get = await fetch(`${replicaA.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(get.status).toBe(400);
    const preflighted = await fetch(`${replicaA.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(preflighted.status).toBe(200);
  });
});

describe('production exposure', () => {
  it('has no introspection, no Sandbox and no field suggestions', async () => {
    const introspection = await gql(production.url, '{ __schema { types { name } } }');
    expect(introspection.data ?? null).toBeNull();
    expect(JSON.stringify(introspection.errors)).toMatch(/introspection/i);
    const html = await fetch(production.url, { headers: { accept: 'text/html' } });
    expect(html.headers.get('content-type')).not.toMatch(/text\/html/);

    const typo = '{ coinz(id: "bitcoin") { id } }';
    const hidden = await gql(production.url, typo);
    expect(hidden.errors?.[0]?.message).toBe('Cannot query field "coinz" on type "Query".');
    const shown = await gql(replicaA.url, typo);
    expect(shown.errors?.[0]?.message).toMatch(/Did you mean "coin"/);
    // Development keeps them all.
    expect((await gql(replicaA.url, '{ __schema { queryType { name } } }')).data).toEqual({
      __schema: { queryType: { name: 'Query' } },
    });
    const page = await fetch(replicaA.url, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
  });
});
