import type { KeyObject } from 'node:crypto';
import { forbidden, invalidCredentials, unauthenticated } from '../errors';
import { bearerToken, InvalidTokenError, verifyAccessToken, type AuthUser } from './jwt';

export * from './jwt';

/**
 * Resolves the caller from an Authorization header. No header: anonymous (null). A header
 * that does not verify: UNAUTHENTICATED, never silently anonymous.
 */
export async function authenticate(publicKey: KeyObject, header: string | string[] | undefined | null) {
  try {
    const token = bearerToken(header);
    return token ? await verifyAccessToken(publicKey, token) : null;
  } catch (err) {
    if (err instanceof InvalidTokenError) throw invalidCredentials(err.message);
    throw err;
  }
}

export function requireUser(user: AuthUser | null | undefined): AuthUser {
  if (!user) throw unauthenticated();
  return user;
}

export function requireAdmin(user: AuthUser | null | undefined): AuthUser {
  const u = requireUser(user);
  if (u.role !== 'ADMIN') throw forbidden('This operation is for administrators');
  return u;
}
