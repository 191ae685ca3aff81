import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import {
  generateKeyPairPem,
  JWT_AUDIENCE,
  JWT_ISSUER,
  privateKeyFromPem,
  signAccessToken,
} from '../../lib/auth';
import {
  createPortfolio,
  gql,
  gqlData,
  leaks,
  RECORD_TRANSACTION,
  signUp,
  subscribe,
  uniqueAddress,
  waitFor,
  wsClient,
  type Account,
} from '../faults/support/clients';
import { startTarget, type Target } from './platform';

// Authentication and authorisation under attack (RELIABILITY.md, Auth): forged and broken
// tokens, refresh-token reuse, brute-force logins, and another user's ids in every query,
// mutation, subscription and entity lookup. Pass: each is refused with UNAUTHENTICATED (401),
// RATE_LIMITED (429) or FORBIDDEN / NOT_FOUND, and the victim's data is exactly as before.
jest.setTimeout(120_000);

let target: Target;
let url: string;

beforeAll(async () => {
  // The in-process gateway limits authentication only when told to (gateway/main.ts always does).
  target = await startTarget({ authRateLimitPerMinute: 5 });
  url = target.url;
});

afterAll(async () => {
  await target?.close();
});

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('access tokens', () => {
  let victim: Account;
  beforeAll(async () => {
    victim = await signUp(url, 'token');
  });

  async function forged(): Promise<[string, string][]> {
    const now = Math.floor(Date.now() / 1000);
    const claims = { role: 'ADMIN' };
    const other = privateKeyFromPem(generateKeyPairPem().privateKey);
    const base = () =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
        .setSubject(victim.userId)
        .setJti(randomUUID())
        .setIssuedAt(now)
        .setExpirationTime(now + 600);
    const [header, payload, signature] = victim.token.split('.') as [string, string, string];
    const original = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const noneClaims = {
      sub: victim.userId,
      role: 'ADMIN',
      iss: JWT_ISSUER,
      aud: JWT_AUDIENCE,
      jti: randomUUID(),
      exp: now + 600,
    };
    return [
      [
        'expired',
        (await signAccessToken(target.privateKey, { id: victim.userId, role: 'USER' }, now - 3600)).token,
      ],
      ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${b64(noneClaims)}.`],
      [
        'HS256 keyed with the public key',
        await new SignJWT(claims)
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
          .setIssuer(JWT_ISSUER)
          .setAudience(JWT_AUDIENCE)
          .setSubject(victim.userId)
          .setJti(randomUUID())
          .setExpirationTime(now + 600)
          .sign(new TextEncoder().encode(target.jwt.publicKeyPem)),
      ],
      ['another key', await base().setIssuer(JWT_ISSUER).setAudience(JWT_AUDIENCE).sign(other)],
      [
        'wrong audience',
        await base().setIssuer(JWT_ISSUER).setAudience('someone-else').sign(target.privateKey),
      ],
      ['wrong issuer', await base().setIssuer('evil').setAudience(JWT_AUDIENCE).sign(target.privateKey)],
      [
        'no expiry',
        await new SignJWT(claims)
          .setProtectedHeader({ alg: 'EdDSA' })
          .setIssuer(JWT_ISSUER)
          .setAudience(JWT_AUDIENCE)
          .setSubject(victim.userId)
          .setJti(randomUUID())
          .sign(target.privateKey),
      ],
      ['payload changed, signature kept', `${header}.${b64({ ...original, role: 'ADMIN' })}.${signature}`],
      ['garbage', 'a.b.c'],
    ];
  }

  it('refuses forged, expired and tampered tokens with 401 UNAUTHENTICATED, over HTTP and WebSocket', async () => {
    for (const [name, token] of await forged()) {
      const res = await gql(url, '{ me { id email role } }', {}, { token });
      expect({
        name,
        status: res.status,
        code: res.errors?.[0]?.extensions?.code,
        me: res.data?.me ?? null,
      }).toEqual({
        name,
        status: 401,
        code: 'UNAUTHENTICATED',
        me: null,
      });
      expect(leaks(res.text)).toEqual([]);
      const ws = wsClient(url, { connectionParams: { authorization: `Bearer ${token}` } });
      const sub = subscribe(ws.client, 'subscription { alertTriggered { id } }');
      await waitFor(
        () => (ws.closes.length || sub.errors.length ? true : undefined),
        5000,
        `${name} refused`,
      );
      expect({ name, close: ws.closes[0]?.code }).toEqual({ name, close: 4403 });
      await ws.client.dispose();
    }
  });

  it('refuses malformed Authorization headers', async () => {
    const headers = [
      'Bearer',
      'Bearer ',
      'Basic dXNlcjpwYXNz',
      `Bearer ${'x'.repeat(10_000)}`,
      `Bearer ${victim.token} extra`,
      'Token abc',
    ];
    for (const header of headers) {
      const res = await gql(url, '{ me { id } }', {}, { headers: { authorization: header } });
      const name = header.slice(0, 30);
      expect({ name, status: res.status, code: res.errors?.[0]?.extensions?.code }).toEqual({
        name,
        status: 401,
        code: 'UNAUTHENTICATED',
      });
    }
  });

  it('treats a missing token as anonymous: public data yes, private data no', async () => {
    expect((await gql(url, '{ me { id } }')).data).toEqual({ me: null });
    const write = await gql(url, 'mutation { createPortfolio(input: { name: "anon" }) { id } }');
    expect(write.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await gql(url, '{ coin(id: "bitcoin") { name } }')).data).toEqual({ coin: { name: 'Bitcoin' } });
  });
});

describe('refresh tokens', () => {
  it('revokes the whole session when a spent refresh token is presented again', async () => {
    const account = await signUp(url, 'refresh');
    const refresh = (token: string) =>
      gql<{ refreshToken: { refreshToken: string; accessToken: string } }>(
        url,
        'mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken } }',
        { t: token },
        { address: uniqueAddress() },
      );
    const first = await refresh(account.refreshToken);
    const second = first.data!.refreshToken.refreshToken;
    const reuse = await refresh(account.refreshToken);
    expect(reuse.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const afterReuse = await refresh(second);
    expect(afterReuse.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await refresh('not-a-token')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('brute-force login', () => {
  it('limits attempts per client address, counts aliased attempts, and does not lock out others', async () => {
    const account = await signUp(url, 'brute');
    const attacker = uniqueAddress();
    const login = (password: string, address: string) =>
      gql(
        url,
        'mutation($i: LoginInput!) { login(input: $i) { accessToken } }',
        { i: { email: account.email, password } },
        { address },
      );
    // Start early in a fixed one-minute window, so the attempts share it.
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 15_000) await new Promise((r) => setTimeout(r, left + 200));
    const codes: string[] = [];
    for (let i = 0; i < 5; i++)
      codes.push(String((await login(`guess ${i}`, attacker)).errors?.[0]?.extensions?.code));
    expect(codes).toEqual(Array(5).fill('UNAUTHENTICATED'));
    const limited = await login('guess 6', attacker);
    expect(limited.status).toBe(429);
    expect(limited.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The right password does not get through the limit either.
    expect((await login(account.password, attacker)).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    // Another client is not affected.
    expect((await login(account.password, uniqueAddress())).errors).toBeUndefined();
    // Six logins in one request are six attempts.
    const fields = Array.from(
      { length: 6 },
      (_, i) => `l${i}: login(input: { email: "${account.email}", password: "x${i}" }) { accessToken }`,
    );
    const burst = await gql(url, `mutation { ${fields.join(' ')} }`, {}, { address: uniqueAddress() });
    expect(burst.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(burst.data ?? null).toBeNull();
  });
});

describe("another user's ids", () => {
  let owner: Account;
  let intruder: Account;
  let portfolioId: string;
  let transactionId: string;
  let alertId: string;
  const snapshot = async () => {
    const [portfolio, transactions, alerts, events] = await Promise.all([
      target.db.portfolio.findUnique({ where: { id: portfolioId } }),
      target.db.transaction.findMany({ where: { portfolioId }, orderBy: { id: 'asc' } }),
      target.db.priceAlert.findMany({ where: { userId: owner.userId }, orderBy: { id: 'asc' } }),
      target.db.outboxEvent.count({ where: { key: portfolioId } }),
    ]);
    return JSON.stringify({ portfolio, transactions, alerts, events }, (_, v: unknown) =>
      typeof v === 'bigint' ? v.toString() : v,
    );
  };

  beforeAll(async () => {
    owner = await signUp(url, 'owner');
    intruder = await signUp(url, 'intruder');
    portfolioId = await createPortfolio(url, owner, 'Private');
    const tx = await gqlData<{ recordTransaction: { id: string } }>(
      url,
      RECORD_TRANSACTION,
      { i: { portfolioId, type: 'BUY', coinId: 'bitcoin', quantity: '2', price: '100' } },
      { token: owner.token },
    );
    transactionId = tx.recordTransaction.id;
    const alert = await gqlData<{ createPriceAlert: { id: string } }>(
      url,
      'mutation { createPriceAlert(input: { coinId: "bitcoin", direction: ABOVE, threshold: "999999" }) { id } }',
      {},
      { token: owner.token },
    );
    alertId = alert.createPriceAlert.id;
  });

  it('refuses them in every query, mutation and subscription, and changes nothing', async () => {
    const before = await snapshot();
    const csv = 'date,type,coin,quantity,price\n2024-01-01T00:00:00Z,SELL,bitcoin,2,1\n';
    const attempts: [string, string, Record<string, unknown>][] = [
      [
        'portfolio',
        'query($id: ID!) { portfolio(id: $id) { id name holdings { quantity } transactions { id } } }',
        { id: portfolioId },
      ],
      ['priceAlert', 'query($id: ID!) { priceAlert(id: $id) { id threshold } }', { id: alertId }],
      [
        'recordTransaction',
        RECORD_TRANSACTION,
        { i: { portfolioId, type: 'SELL', coinId: 'bitcoin', quantity: '2', price: '1' } },
      ],
      [
        'updatePortfolio',
        'mutation($id: ID!) { updatePortfolio(input: { id: $id, name: "pwned" }) { id } }',
        { id: portfolioId },
      ],
      ['deletePortfolio', 'mutation($id: ID!) { deletePortfolio(id: $id) }', { id: portfolioId }],
      [
        'updateTransaction',
        'mutation($id: ID!) { updateTransaction(input: { id: $id, quantity: "999" }) { id } }',
        { id: transactionId },
      ],
      ['deleteTransaction', 'mutation($id: ID!) { deleteTransaction(id: $id) }', { id: transactionId }],
      [
        'importTransactions',
        'mutation($i: ImportTransactionsInput!) { importTransactions(input: $i) { __typename } }',
        { i: { portfolioId, csv } },
      ],
      ['deletePriceAlert', 'mutation($id: ID!) { deletePriceAlert(id: $id) }', { id: alertId }],
    ];
    for (const [name, query, variables] of attempts) {
      const res = await gql<Record<string, unknown>>(url, query, variables, { token: intruder.token });
      const value = res.data ? Object.values(res.data)[0] : null;
      const code = res.errors?.[0]?.extensions?.code ?? '';
      // Refused with an error, or (deletePriceAlert) answered `false`: never the data, never done.
      const refused = value === false || ['FORBIDDEN', 'NOT_FOUND'].includes(code);
      expect({ name, value: value === false ? null : value, refused, code }).toEqual({
        name,
        value: null,
        refused: true,
        code: expect.any(String),
      });
      expect(res.text).not.toContain(owner.email);
    }
    const ws = wsClient(url, { connectionParams: { authorization: `Bearer ${intruder.token}` } });
    const sub = subscribe(
      ws.client,
      'subscription($id: ID!) { portfolioUpdated(portfolioId: $id) { portfolioId } }',
      {
        id: portfolioId,
      },
    );
    await waitFor(
      () => (sub.results.length || sub.errors.length ? true : undefined),
      5000,
      'the subscription refusal',
    );
    const refusal =
      sub.results[0]?.errors?.[0] ?? (sub.errors[0] as { extensions?: { code?: string } }[] | undefined)?.[0];
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(refusal?.extensions?.code);
    await ws.client.dispose();
    expect(await snapshot()).toBe(before);
  });

  it('refuses them in entity lookups sent straight to the subgraphs', async () => {
    const entities = (service: 'portfolio' | 'users', representations: unknown[], selection: string) =>
      gql<{ _entities: unknown[] }>(
        target.platform.subgraphs[service].url,
        `query($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`,
        { r: representations },
        { token: intruder.token },
      );
    const portfolio = await entities(
      'portfolio',
      [{ __typename: 'Portfolio', id: portfolioId }],
      '... on Portfolio { id name transactions { id } }',
    );
    const userPortfolios = await entities(
      'portfolio',
      [{ __typename: 'User', id: owner.userId }],
      '... on User { portfolios { id } priceAlerts { id } }',
    );
    const profile = await entities(
      'users',
      [{ __typename: 'User', id: owner.userId }],
      '... on User { email }',
    );
    // What the intruder must not learn (not what they sent).
    const cases: [string, { text: string; status: number }, string[]][] = [
      ['Portfolio', portfolio, [transactionId, '"Private"']],
      ['User.portfolios', userPortfolios, [portfolioId, alertId]],
      ['User.email', profile, [owner.email]],
    ];
    for (const [name, res, secrets] of cases) {
      expect({ name, leaked: secrets.filter((secret) => res.text.includes(secret)) }).toEqual({
        name,
        leaked: [],
      });
      expect(res.status).toBeLessThan(500);
    }
  });
});
