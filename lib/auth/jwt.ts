import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  type KeyObject,
} from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';

/**
 * Access tokens (DESIGN.md, Identity): EdDSA-signed JWTs. Only the users service holds the
 * private key (`JWT_SECRET_KEY`); every other service verifies with `JWT_PUBLIC_KEY`.
 */
export const JWT_ISSUER = 'crypto-analytics/users';
export const JWT_AUDIENCE = 'crypto-analytics/api';
export const JWT_ALGORITHM = 'EdDSA';
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

export type Role = 'USER' | 'ADMIN';

export interface AuthUser {
  id: string;
  role: Role;
  /** Token expiry (epoch seconds), so long-lived connections can close when it passes. */
  exp: number;
  jti: string;
}

export class InvalidTokenError extends Error {
  constructor(readonly reason: 'expired' | 'invalid') {
    super(reason === 'expired' ? 'Access token has expired' : 'Access token is invalid');
    this.name = 'InvalidTokenError';
  }
}

export function publicKeyFromPem(pem: string): KeyObject {
  return createPublicKey(pem);
}

export function privateKeyFromPem(pem: string): KeyObject {
  return createPrivateKey(pem);
}

export function generateKeyPairPem(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export async function signAccessToken(
  privateKey: KeyObject,
  user: { id: string; role: Role },
  now = Math.floor(Date.now() / 1000),
): Promise<{ token: string; expiresAt: Date; jti: string }> {
  const jti = randomUUID();
  const exp = now + ACCESS_TOKEN_TTL_SECONDS;
  const token = await new SignJWT({ role: user.role })
    .setProtectedHeader({ alg: JWT_ALGORITHM, typ: 'JWT' })
    .setIssuer(JWT_ISSUER)
    .setAudience(JWT_AUDIENCE)
    .setSubject(user.id)
    .setJti(jti)
    .setIssuedAt(now)
    .setExpirationTime(exp)
    .sign(privateKey);
  return { token, expiresAt: new Date(exp * 1000), jti };
}

/** Verifies signature, algorithm (EdDSA only: `none` and HMAC are refused), issuer, audience, expiry. */
export async function verifyAccessToken(publicKey: KeyObject, token: string): Promise<AuthUser> {
  try {
    const { payload } = await jwtVerify(token, publicKey, {
      algorithms: [JWT_ALGORITHM],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      requiredClaims: ['sub', 'exp', 'jti'],
    });
    const role = payload.role === 'ADMIN' ? 'ADMIN' : payload.role === 'USER' ? 'USER' : null;
    if (!role || typeof payload.sub !== 'string') throw new InvalidTokenError('invalid');
    return { id: payload.sub, role, exp: payload.exp!, jti: payload.jti! };
  } catch (err) {
    if (err instanceof InvalidTokenError) throw err;
    if (err instanceof joseErrors.JWTExpired) throw new InvalidTokenError('expired');
    throw new InvalidTokenError('invalid');
  }
}

/** Extracts the token from `Authorization: Bearer <token>`; undefined when absent. */
export function bearerToken(header: string | string[] | undefined | null): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const match = /^Bearer\s+([A-Za-z0-9\-_.]+)$/i.exec(value.trim());
  if (!match) throw new InvalidTokenError('invalid');
  return match[1];
}
