import { createHmac, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { generateKeyPairPem, JWT_AUDIENCE, JWT_ISSUER, privateKeyFromPem } from '../../lib/auth';
import { CacheKey } from '../../lib/cache';
import { createLogger } from '../../lib/logger';
import type { Platform } from '../../scripts/platform';
import { startTestPlatform } from '../support/platform';
import { gql, gqlData, uniqueEmail, type GraphQLResponse } from '../support/client';

// Accounts end to end through the gateway, on the real PostgreSQL, Redis and Kafka.
jest.setTimeout(60_000);

const log = createLogger('e2e-users', 'silent');
const keys = generateKeyPairPem();
const privateKey = privateKeyFromPem(keys.privateKey);
const ADMIN_EMAIL = uniqueEmail('admin');
const PASSWORD = 'correct horse battery staple';
let platform: Platform;
let url: string;

beforeAll(async () => {
  platform = await startTestPlatform({
    jwt: { privateKeyPem: keys.privateKey, publicKeyPem: keys.publicKey },
    // Configuration may name admins in any case and with spaces.
    adminEmails: [` ${ADMIN_EMAIL.toUpperCase()} `],
    log,
  });
  url = platform.url;
});

afterAll(async () => {
  await platform?.close();
});

const AUTH_FIELDS = 'accessToken refreshToken expiresAt user { id email displayName role createdAt }';

interface Auth {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  user: { id: string; email: string; displayName: string | null; role: 'USER' | 'ADMIN'; createdAt: string };
}

async function register(email = uniqueEmail(), password = PASSWORD, displayName?: string): Promise<Auth> {
  const data = await gqlData<{ register: Auth }>(
    url,
    `mutation($i: RegisterInput!) { register(input: $i) { ${AUTH_FIELDS} } }`,
    {
      i: { email, password, displayName },
    },
  );
  return data.register;
}

function login(email: string, password: string) {
  return gql<{ login: Auth }>(url, `mutation($i: LoginInput!) { login(input: $i) { ${AUTH_FIELDS} } }`, {
    i: { email, password },
  });
}

function refresh(refreshToken: string) {
  return gql<{ refreshToken: Auth }>(
    url,
    `mutation($t: String!) { refreshToken(refreshToken: $t) { ${AUTH_FIELDS} } }`,
    { t: refreshToken },
  );
}

const me = (token?: string) =>
  gql<{ me: Auth['user'] | null }>(url, '{ me { id email displayName role createdAt } }', {}, { token });

function claims(token: string): Record<string, unknown> {
  const [header, payload] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header!, 'base64url').toString()),
    ...JSON.parse(Buffer.from(payload!, 'base64url').toString()),
  };
}

const codeOf = (res: GraphQLResponse) => res.errors?.[0]?.extensions?.code;

describe('registration', () => {
  it('normalises the e-mail, stores an argon2id hash, signs the user in and caches the profile', async () => {
    const email = uniqueEmail('Mixed.Case');
    const auth = await register(`  ${email.toUpperCase()}  `, PASSWORD, '  Ada  ');
    expect(auth.user).toMatchObject({ email: email.toLowerCase(), displayName: 'Ada', role: 'USER' });
    const row = await platform.runtime.db.user.findUniqueOrThrow({ where: { id: auth.user.id } });
    expect(row.email).toBe(email.toLowerCase());
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(PASSWORD);
    // The refresh token is stored only as a hash.
    const sessions = await platform.runtime.db.session.findMany({ where: { userId: auth.user.id } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.tokenHash).not.toBe(auth.refreshToken);
    expect(JSON.stringify(sessions)).not.toContain(auth.refreshToken);
    // The same account, whatever the letter case used to sign in.
    const again = await login(email.toUpperCase(), PASSWORD);
    expect(again.data?.login.user.id).toBe(auth.user.id);
    const cached = await platform.runtime.rawCache.get(CacheKey.userProfile(auth.user.id));
    expect(JSON.parse(cached!)).toMatchObject({ id: auth.user.id, displayName: 'Ada' });
  });

  it('refuses short passwords, bad addresses and a second account for the same address', async () => {
    const short = await gql(
      url,
      'mutation { register(input: { email: "x@example.com", password: "123456789" }) { accessToken } }',
    );
    expect(codeOf(short)).toBe('BAD_USER_INPUT');
    const bad = await gql(
      url,
      'mutation { register(input: { email: "not an address", password: "long enough pw" }) { accessToken } }',
    );
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    const email = uniqueEmail();
    await register(email);
    const dup = await gql(url, `mutation($i: RegisterInput!) { register(input: $i) { accessToken } }`, {
      i: { email: ` ${email.toUpperCase()}`, password: PASSWORD },
    });
    expect(codeOf(dup)).toBe('CONFLICT');
    expect(await platform.runtime.db.user.count({ where: { email } })).toBe(1);
  });
});

describe('access tokens', () => {
  it('are EdDSA JWTs with iss, aud, sub, role, jti and a 15-minute expiry', async () => {
    const auth = await register();
    const c = claims(auth.accessToken);
    expect(c.header).toMatchObject({ alg: 'EdDSA' });
    expect(c).toMatchObject({ iss: JWT_ISSUER, aud: JWT_AUDIENCE, sub: auth.user.id, role: 'USER' });
    expect(typeof c.jti).toBe('string');
    expect((c.exp as number) - (c.iat as number)).toBe(15 * 60);
    expect(new Date(auth.expiresAt).getTime()).toBe((c.exp as number) * 1000);
    expect((await me(auth.accessToken)).data?.me?.id).toBe(auth.user.id);
    // Two logins never share a token id.
    const second = await login(auth.user.email, PASSWORD);
    expect(claims(second.data!.login.accessToken).jti).not.toBe(c.jti);
  });

  it('me is null without a token', async () => {
    const res = await me();
    expect(res.errors).toBeUndefined();
    expect(res.data?.me).toBeNull();
  });

  describe('rejects, at the gateway and at the subgraph, a token with', () => {
    let userId: string;
    let valid: string;
    beforeAll(async () => {
      const auth = await register();
      userId = auth.user.id;
      valid = auth.accessToken;
    });
    const now = () => Math.floor(Date.now() / 1000);
    const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const goodClaims = () => ({
      sub: userId,
      role: 'ADMIN',
      iss: JWT_ISSUER,
      aud: JWT_AUDIENCE,
      iat: now(),
      exp: now() + 600,
      jti: randomUUID(),
    });
    const sign = (overrides: { aud?: string; exp?: number; iat?: number }) =>
      new SignJWT({ role: 'USER' })
        .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
        .setIssuer(JWT_ISSUER)
        .setAudience(overrides.aud ?? JWT_AUDIENCE)
        .setSubject(userId)
        .setJti(randomUUID())
        .setIssuedAt(overrides.iat ?? now())
        .setExpirationTime(overrides.exp ?? now() + 600)
        .sign(privateKey);

    const cases: [string, () => Promise<string>][] = [
      ['algorithm "none"', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(goodClaims())}.`],
      [
        'HS256 keyed with the public key (algorithm confusion)',
        async () => {
          const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(goodClaims())}`;
          return `${unsigned}.${createHmac('sha256', keys.publicKey).update(unsigned).digest('base64url')}`;
        },
      ],
      ['another audience, though signed with the right key', () => sign({ aud: 'some-other-api' })],
      [
        'a bad signature (claims changed after signing)',
        async () => {
          const [h, , s] = valid.split('.');
          return `${h}.${b64({ ...claims(valid), header: undefined, role: 'ADMIN' })}.${s}`;
        },
      ],
      ['an expiry in the past', () => sign({ iat: now() - 3600, exp: now() - 60 })],
    ];

    it.each(cases)('%s', async (_name, make) => {
      const token = await make();
      for (const endpoint of [url, platform.subgraphs.users.url]) {
        const res = await gql(endpoint, '{ me { id role } }', {}, { token });
        expect(res.status).toBe(401);
        expect(codeOf(res)).toBe('UNAUTHENTICATED');
        expect(res.data?.me ?? null).toBeNull();
      }
      // The same request with the real token works, so the rejection is about the token alone.
      expect((await me(valid)).data?.me?.id).toBe(userId);
    });
  });
});

describe('login failures', () => {
  it('look the same whether the e-mail exists, the password is wrong or the address is malformed', async () => {
    const auth = await register();
    const wrongPassword = await login(auth.user.email, 'not the right password');
    const unknownEmail = await login(uniqueEmail('nobody'), 'not the right password');
    const malformed = await login('not-an-address', 'not the right password');
    const tooLong = await login(auth.user.email, 'x'.repeat(10_000));
    const shape = (r: GraphQLResponse) => ({
      status: r.status,
      data: r.data ?? null,
      errors: r.errors?.map(({ message, extensions }) => ({ message, extensions })),
    });
    expect(shape(wrongPassword).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(shape(unknownEmail)).toEqual(shape(wrongPassword));
    expect(shape(malformed)).toEqual(shape(wrongPassword));
    expect(shape(tooLong)).toEqual(shape(wrongPassword));
  });
});

describe('refresh tokens', () => {
  it('rotate on use; reusing a spent one revokes that whole session, and only that one', async () => {
    const first = await register();
    const other = (await login(first.user.email, PASSWORD)).data!.login;

    const second = (await refresh(first.refreshToken)).data!.refreshToken;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.user.id).toBe(first.user.id);
    const third = (await refresh(second.refreshToken)).data!.refreshToken;

    // The spent first token comes back (stolen?): refused, and the family is revoked.
    const reuse = await refresh(first.refreshToken);
    expect(codeOf(reuse)).toBe('UNAUTHENTICATED');
    expect(codeOf(await refresh(third.refreshToken))).toBe('UNAUTHENTICATED');
    // The other login is another session and keeps working.
    const otherNext = await refresh(other.refreshToken);
    expect(otherNext.errors).toBeUndefined();
    expect(otherNext.data?.refreshToken.user.id).toBe(first.user.id);
  });

  it('refuses unknown tokens and is revoked by logout', async () => {
    expect(codeOf(await refresh('not-a-token'))).toBe('UNAUTHENTICATED');
    const auth = await register();
    const next = (await refresh(auth.refreshToken)).data!.refreshToken;
    const out = await gqlData<{ logout: boolean }>(
      url,
      'mutation($t: String!) { logout(refreshToken: $t) }',
      { t: next.refreshToken },
    );
    expect(out.logout).toBe(true);
    expect(codeOf(await refresh(next.refreshToken))).toBe('UNAUTHENTICATED');
    const again = await gqlData<{ logout: boolean }>(
      url,
      'mutation($t: String!) { logout(refreshToken: $t) }',
      { t: next.refreshToken },
    );
    expect(again.logout).toBe(false);
    expect(
      (await gqlData<{ logout: boolean }>(url, 'mutation { logout(refreshToken: "unknown") }')).logout,
    ).toBe(false);
  });
});

describe('profile and password changes', () => {
  it('updateProfile changes the name and updates the cached profile that me serves', async () => {
    const auth = await register(uniqueEmail(), PASSWORD, 'Before');
    const key = CacheKey.userProfile(auth.user.id);
    // me reads the cache: a value planted there is what it answers.
    const planted = { ...auth.user, displayName: 'From the cache' };
    await platform.runtime.rawCache.set(key, JSON.stringify(planted), 60);
    expect((await me(auth.accessToken)).data?.me?.displayName).toBe('From the cache');

    const updated = await gqlData<{ updateProfile: { displayName: string } }>(
      url,
      'mutation { updateProfile(input: { displayName: "After" }) { displayName } }',
      {},
      auth.accessToken,
    );
    expect(updated.updateProfile.displayName).toBe('After');
    expect(JSON.parse((await platform.runtime.rawCache.get(key))!)).toMatchObject({
      id: auth.user.id,
      displayName: 'After',
    });
    const ttl = await platform.runtime.rawCache.pttl(key);
    expect(ttl).toBeGreaterThan(14 * 60 * 1000);
    expect(ttl).toBeLessThanOrEqual(15 * 60 * 1000);
    expect((await me(auth.accessToken)).data?.me?.displayName).toBe('After');

    const tooLong = await gql(
      url,
      'mutation($n: String) { updateProfile(input: { displayName: $n }) { id } }',
      { n: 'x'.repeat(81) },
      { token: auth.accessToken },
    );
    expect(codeOf(tooLong)).toBe('BAD_USER_INPUT');
    expect(codeOf(await gql(url, 'mutation { updateProfile(input: { displayName: "x" }) { id } }'))).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('changePassword needs the current password and revokes every other session', async () => {
    const one = await register();
    const two = (await login(one.user.email, PASSWORD)).data!.login;
    const change = (token: string, currentPassword: string, newPassword: string) =>
      gql<{ changePassword: Auth }>(
        url,
        `mutation($i: ChangePasswordInput!) { changePassword(input: $i) { ${AUTH_FIELDS} } }`,
        { i: { currentPassword, newPassword } },
        { token },
      );

    expect(codeOf(await change(one.accessToken, 'wrong password!', 'a brand new password'))).toBe(
      'BAD_USER_INPUT',
    );
    expect(codeOf(await change(one.accessToken, PASSWORD, 'short'))).toBe('BAD_USER_INPUT');
    // Refused attempts revoke nothing.
    expect((await refresh(two.refreshToken)).errors).toBeUndefined();
    const twoNow = (await login(one.user.email, PASSWORD)).data!.login;

    const changed = await change(one.accessToken, PASSWORD, 'a brand new password');
    expect(changed.errors).toBeUndefined();
    expect(codeOf(await refresh(one.refreshToken))).toBe('UNAUTHENTICATED');
    expect(codeOf(await refresh(twoNow.refreshToken))).toBe('UNAUTHENTICATED');
    // The session that changed it carries on with the tokens it got back.
    expect((await refresh(changed.data!.changePassword.refreshToken)).errors).toBeUndefined();
    expect(codeOf(await login(one.user.email, PASSWORD))).toBe('UNAUTHENTICATED');
    expect((await login(one.user.email, 'a brand new password')).data?.login.user.id).toBe(one.user.id);
  });
});

describe('deleteAccount', () => {
  it('needs the password, then removes the user and all their data', async () => {
    const auth = await register();
    const token = auth.accessToken;
    const { createPortfolio } = await gqlData<{ createPortfolio: { id: string } }>(
      url,
      'mutation { createPortfolio(input: { name: "Doomed" }) { id } }',
      {},
      token,
    );
    await gqlData(
      url,
      'mutation($i: RecordTransactionInput!) { recordTransaction(input: $i) { id } }',
      {
        i: { portfolioId: createPortfolio.id, type: 'DEPOSIT', quantity: '100' },
      },
      token,
    );
    await gqlData(
      url,
      'mutation { createPriceAlert(input: { coinId: "bitcoin", direction: ABOVE, threshold: "1000000" }) { id } }',
      {},
      token,
    );

    const wrong = await gql(url, 'mutation { deleteAccount(password: "not my password") }', {}, { token });
    expect(codeOf(wrong)).toBe('BAD_USER_INPUT');
    expect(await platform.runtime.db.user.count({ where: { id: auth.user.id } })).toBe(1);

    const deleted = await gqlData<{ deleteAccount: boolean }>(
      url,
      'mutation($p: String!) { deleteAccount(password: $p) }',
      { p: PASSWORD },
      token,
    );
    expect(deleted.deleteAccount).toBe(true);
    const db = platform.runtime.db;
    const userId = auth.user.id;
    expect(await db.user.count({ where: { id: userId } })).toBe(0);
    expect(await db.session.count({ where: { userId } })).toBe(0);
    expect(await db.portfolio.count({ where: { userId } })).toBe(0);
    expect(await db.transaction.count({ where: { portfolioId: createPortfolio.id } })).toBe(0);
    expect(await db.priceAlert.count({ where: { userId } })).toBe(0);
    expect(await platform.runtime.rawCache.get(CacheKey.userProfile(userId))).toBeNull();
    expect(codeOf(await login(auth.user.email, PASSWORD))).toBe('UNAUTHENTICATED');
    expect(codeOf(await refresh(auth.refreshToken))).toBe('UNAUTHENTICATED');
    // The access token is still a valid signature until it expires, but it finds nobody.
    expect((await me(token)).data?.me ?? null).toBeNull();
  });
});

describe('roles', () => {
  it('ADMIN_EMAILS names admins, the token carries the role, and admin-only operations check it', async () => {
    const admin = await register(ADMIN_EMAIL);
    expect(admin.user.role).toBe('ADMIN');
    expect(claims(admin.accessToken).role).toBe('ADMIN');
    const user = await register();
    expect(user.user.role).toBe('USER');
    expect(claims(user.accessToken).role).toBe('USER');

    const backfill =
      'mutation { backfillCoinHistory(coinId: "bitcoin", from: "2024-01-01T00:00:00Z", to: "2024-01-02T00:00:00Z") }';
    expect(codeOf(await gql(url, backfill, {}, { token: user.accessToken }))).toBe('FORBIDDEN');
    expect(codeOf(await gql(url, backfill))).toBe('UNAUTHENTICATED');
    const asAdmin = await gql(url, backfill, {}, { token: admin.accessToken });
    expect(asAdmin.errors?.map((e) => e.extensions?.code) ?? []).not.toContain('FORBIDDEN');
    expect(asAdmin.errors?.map((e) => e.extensions?.code) ?? []).not.toContain('UNAUTHENTICATED');
  });

  it('a role stored in the database follows the configuration at the next login and refresh', async () => {
    const auth = await register();
    // Someone promoted the account by hand; the configuration does not name it, so login demotes it.
    await platform.runtime.db.user.update({ where: { id: auth.user.id }, data: { role: 'ADMIN' } });
    const again = (await login(auth.user.email, PASSWORD)).data!.login;
    expect(again.user.role).toBe('USER');
    expect(claims(again.accessToken).role).toBe('USER');
    expect((await me(again.accessToken)).data?.me?.role).toBe('USER');
    await platform.runtime.db.user.update({ where: { id: auth.user.id }, data: { role: 'ADMIN' } });
    const refreshed = (await refresh(again.refreshToken)).data!.refreshToken;
    expect(claims(refreshed.accessToken).role).toBe('USER');
  });
});
