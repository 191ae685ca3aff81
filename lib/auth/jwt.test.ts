import { createHmac, generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  InvalidTokenError,
  JWT_AUDIENCE,
  JWT_ISSUER,
  bearerToken,
  generateKeyPairPem,
  privateKeyFromPem,
  publicKeyFromPem,
  signAccessToken,
  verifyAccessToken,
} from './jwt';

const pair = generateKeyPairPem();
const privateKey = privateKeyFromPem(pair.privateKey);
const publicKey = publicKeyFromPem(pair.publicKey);
const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');

async function reason(token: string) {
  try {
    await verifyAccessToken(publicKey, token);
    return 'accepted';
  } catch (err) {
    return err instanceof InvalidTokenError ? err.reason : 'other';
  }
}

describe('access tokens', () => {
  it('round-trips the claims of a token it signed', async () => {
    const { token, expiresAt } = await signAccessToken(privateKey, { id: 'u-1', role: 'ADMIN' });
    const user = await verifyAccessToken(publicKey, token);
    expect(user).toMatchObject({ id: 'u-1', role: 'ADMIN' });
    expect(user.exp * 1000).toBe(expiresAt.getTime());
    expect(user.exp - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(ACCESS_TOKEN_TTL_SECONDS);
  });

  it('rejects expired tokens as expired', async () => {
    const past = Math.floor(Date.now() / 1000) - ACCESS_TOKEN_TTL_SECONDS - 60;
    const { token } = await signAccessToken(privateKey, { id: 'u-1', role: 'USER' }, past);
    expect(await reason(token)).toBe('expired');
  });

  it('rejects a token signed with another key', async () => {
    const other = privateKeyFromPem(generateKeyPairPem().privateKey);
    const { token } = await signAccessToken(other, { id: 'u-1', role: 'USER' });
    expect(await reason(token)).toBe('invalid');
  });

  it('rejects alg "none" and HMAC tokens, even with valid-looking claims', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      sub: 'u-1',
      role: 'ADMIN',
      iss: JWT_ISSUER,
      aud: JWT_AUDIENCE,
      exp: now + 600,
      jti: 'x',
    };
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    expect(await reason(none)).toBe('invalid');
    // HS256 keyed with the public key: the classic algorithm-confusion attack.
    const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
    const mac = createHmac('sha256', pair.publicKey).update(unsigned).digest('base64url');
    expect(await reason(`${unsigned}.${mac}`)).toBe('invalid');
  });

  it('rejects another audience or issuer', async () => {
    const sign = (aud: string, iss: string) =>
      new SignJWT({ role: 'USER' })
        .setProtectedHeader({ alg: 'EdDSA' })
        .setSubject('u-1')
        .setAudience(aud)
        .setIssuer(iss)
        .setJti('j')
        .setExpirationTime('5m')
        .sign(privateKey);
    expect(await reason(await sign('someone-else', JWT_ISSUER))).toBe('invalid');
    expect(await reason(await sign(JWT_AUDIENCE, 'someone-else'))).toBe('invalid');
    expect(await reason(await sign(JWT_AUDIENCE, JWT_ISSUER))).toBe('accepted');
  });

  it('rejects an RS256 token even from a key of the right owner', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const token = await new SignJWT({ role: 'USER' })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('u-1')
      .setAudience(JWT_AUDIENCE)
      .setIssuer(JWT_ISSUER)
      .setJti('j')
      .setExpirationTime('5m')
      .sign(rsa.privateKey);
    expect(await reason(token)).toBe('invalid');
  });

  it('reads bearer headers and refuses malformed ones', () => {
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(() => bearerToken('Basic dXNlcjpwYXNz')).toThrow(InvalidTokenError);
    expect(() => bearerToken('Bearer ')).toThrow(InvalidTokenError);
  });

  it('remembers a verified token for its key only, and still refuses it once it expires', async () => {
    const now = Math.floor(Date.now() / 1000);
    // Expires two seconds from now: verified (and cached) first, refused after expiry.
    const { token } = await signAccessToken(
      privateKey,
      { id: 'u-cache', role: 'USER' },
      now - ACCESS_TOKEN_TTL_SECONDS + 2,
    );
    expect(await reason(token)).toBe('accepted');
    expect((await verifyAccessToken(publicKey, token)).id).toBe('u-cache');
    const other = publicKeyFromPem(generateKeyPairPem().publicKey);
    await expect(verifyAccessToken(other, token)).rejects.toMatchObject({ reason: 'invalid' });
    const realNow = Date.now;
    Date.now = () => realNow() + 3000;
    try {
      expect(await reason(token)).toBe('expired');
    } finally {
      Date.now = realNow;
    }
  });
});
