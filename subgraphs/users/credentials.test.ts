import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import {
  checkPasswordPolicy,
  hashPassword,
  hashRefreshToken,
  newRefreshToken,
  normalizeEmail,
  PASSWORD_MAX,
  PASSWORD_MIN,
  verifyPassword,
} from './credentials';

function codeOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err instanceof GraphQLError ? err.extensions.code : 'other';
  }
  return 'accepted';
}

describe('e-mail normalisation', () => {
  it('trims and lower-cases, so look-ups are exact', () => {
    expect(normalizeEmail('  Alice.Smith@Example.COM ')).toBe('alice.smith@example.com');
  });

  it.each([
    '',
    'no-at-sign',
    'a@b',
    'two words@example.com',
    'a@@example.com',
    `${'x'.repeat(65)}@example.com`,
  ])('refuses %j as BAD_USER_INPUT', (email) => {
    expect(codeOf(() => normalizeEmail(email))).toBe('BAD_USER_INPUT');
  });
});

describe('password policy', () => {
  it('needs at least 10 and at most 256 characters', () => {
    expect(PASSWORD_MIN).toBe(10);
    expect(codeOf(() => checkPasswordPolicy('x'.repeat(9)))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => checkPasswordPolicy('x'.repeat(10)))).toBe('accepted');
    expect(codeOf(() => checkPasswordPolicy('x'.repeat(PASSWORD_MAX)))).toBe('accepted');
    expect(codeOf(() => checkPasswordPolicy('x'.repeat(PASSWORD_MAX + 1)))).toBe('BAD_USER_INPUT');
  });

  it('names the field it refused', () => {
    try {
      checkPasswordPolicy('short', 'newPassword');
      throw new Error('accepted');
    } catch (err) {
      expect((err as GraphQLError).extensions.field).toBe('newPassword');
    }
  });
});

describe('password hashing', () => {
  it('uses argon2id with the OWASP baseline parameters and a random salt', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
  });

  it('verifies the right password only', async () => {
    const stored = await hashPassword('correct horse battery staple');
    await expect(verifyPassword(stored, 'correct horse battery staple')).resolves.toBe(true);
    await expect(verifyPassword(stored, 'correct horse battery stapl')).resolves.toBe(false);
  });

  it('answers false for an unknown account and for a corrupt hash, without throwing', async () => {
    await expect(verifyPassword(null, 'anything at all')).resolves.toBe(false);
    await expect(verifyPassword('not-a-hash', 'anything at all')).resolves.toBe(false);
  });
});

describe('refresh tokens', () => {
  it('are 256 random bits, stored only as their SHA-256', () => {
    const { token, hash } = newRefreshToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(hash).not.toContain(token);
    expect(hashRefreshToken(token)).toBe(hash);
    expect(newRefreshToken().token).not.toBe(token);
  });
});
