import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { badInput } from '../../lib/errors';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;

// OWASP's argon2id baseline (19 MiB, 2 iterations, 1 lane).
const ARGON2_OPTIONS = {
  algorithm: 2 /* Algorithm.Argon2id (an ambient const enum) */,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

const EMAIL_PATTERN = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,63}$/;

export function normalizeEmail(email: string): string {
  const normalized = email.trim().toLowerCase();
  if (normalized.length > 320 || !EMAIL_PATTERN.test(normalized))
    throw badInput('Enter a valid e-mail address', { field: 'email' });
  return normalized;
}

export function checkPasswordPolicy(password: string, field = 'password'): void {
  if (password.length < PASSWORD_MIN)
    throw badInput(`Password must have at least ${PASSWORD_MIN} characters`, { field });
  if (password.length > PASSWORD_MAX)
    throw badInput(`Password must have at most ${PASSWORD_MAX} characters`, { field });
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

// Verifying against this when the e-mail is unknown makes both failures cost the same time.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (storedHash === null) {
    dummyHash ??= hashPassword('not-a-real-password-0000');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}

/** Opaque refresh tokens: 256 random bits; only their SHA-256 is stored. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
