import { randomUUID, type KeyObject } from 'node:crypto';
import type { User } from '@prisma/client';
import { signAccessToken, type Role } from '../../lib/auth';
import { CacheKey, CacheTtl, getJson, setJson, type Cache } from '../../lib/cache';
import type { Db } from '../../lib/db';
import { appError, badInput, conflict, ErrorCode, unauthenticated } from '../../lib/errors';
import {
  checkPasswordPolicy,
  hashPassword,
  hashRefreshToken,
  newRefreshToken,
  normalizeEmail,
  PASSWORD_MAX,
  REFRESH_TOKEN_TTL_MS,
  verifyPassword,
} from './credentials';

export interface Profile {
  id: string;
  email: string;
  displayName: string | null;
  role: Role;
  createdAt: string;
}

export interface AuthPayload {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  user: Profile;
}

const invalidLogin = () => appError(ErrorCode.UNAUTHENTICATED, 'Invalid e-mail or password');
const invalidRefresh = () => appError(ErrorCode.UNAUTHENTICATED, 'Refresh token is invalid or expired');

function toProfile(user: User): Profile {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    createdAt: user.createdAt.toISOString(),
  };
}

function checkDisplayName(name: string | null | undefined): string | null {
  if (name === undefined || name === null) return null;
  const trimmed = name.trim();
  if (trimmed.length > 80)
    throw badInput('Display name must have at most 80 characters', { field: 'displayName' });
  return trimmed || null;
}

/** Accounts and sessions: the users subgraph's domain, over Prisma and the profile cache. */
export class Accounts {
  constructor(
    private readonly db: Db,
    private readonly cache: Cache,
    private readonly privateKey: KeyObject,
    private readonly adminEmails: Set<string>,
  ) {}

  private roleFor(email: string): Role {
    return this.adminEmails.has(email) ? 'ADMIN' : 'USER';
  }

  /**
   * Admin membership follows configuration (`ADMIN_EMAILS`), so a change applies at the next login
   * or refresh; the cached profile follows the stored role.
   */
  private async withConfiguredRole(user: User): Promise<User> {
    const role = this.roleFor(user.email);
    if (role === user.role) return user;
    const updated = await this.db.user.update({ where: { id: user.id }, data: { role } });
    await this.cacheProfile(updated);
    return updated;
  }

  async profile(userId: string): Promise<Profile | null> {
    const key = CacheKey.userProfile(userId);
    const cached = await getJson<Profile>(this.cache, key);
    if (cached) return cached;
    const user = await this.db.user.findUnique({ where: { id: userId } });
    if (!user) return null;
    const profile = toProfile(user);
    await setJson(this.cache, key, profile, CacheTtl.userProfile);
    return profile;
  }

  private async cacheProfile(user: User) {
    await setJson(this.cache, CacheKey.userProfile(user.id), toProfile(user), CacheTtl.userProfile);
  }

  private async issue(user: User, familyId: string = randomUUID()): Promise<AuthPayload> {
    const refresh = newRefreshToken();
    await this.db.session.create({
      data: {
        userId: user.id,
        familyId,
        tokenHash: refresh.hash,
        expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_MS),
      },
    });
    const access = await signAccessToken(this.privateKey, { id: user.id, role: user.role });
    return {
      accessToken: access.token,
      refreshToken: refresh.token,
      expiresAt: access.expiresAt,
      user: toProfile(user),
    };
  }

  async register(input: {
    email: string;
    password: string;
    displayName?: string | null;
  }): Promise<AuthPayload> {
    const email = normalizeEmail(input.email);
    checkPasswordPolicy(input.password);
    const displayName = checkDisplayName(input.displayName);
    const passwordHash = await hashPassword(input.password);
    try {
      const user = await this.db.user.create({
        data: { email, passwordHash, displayName, role: this.roleFor(email) },
      });
      await this.cacheProfile(user);
      return this.issue(user);
    } catch (err) {
      if ((err as { code?: string }).code === 'P2002')
        throw conflict('An account with this e-mail already exists');
      throw err;
    }
  }

  async login(input: { email: string; password: string }): Promise<AuthPayload> {
    let email: string;
    try {
      email = normalizeEmail(input.email);
    } catch {
      await verifyPassword(null, input.password);
      throw invalidLogin();
    }
    // No stored password is this long (the policy caps it), and argon2 over megabytes costs CPU.
    if (input.password.length > PASSWORD_MAX) throw invalidLogin();
    const user = await this.db.user.findUnique({ where: { email } });
    const ok = await verifyPassword(user?.passwordHash ?? null, input.password);
    if (!user || !ok) throw invalidLogin();
    return this.issue(await this.withConfiguredRole(user));
  }

  /** Rotation: a token is usable once. Presenting a spent token revokes its whole family. */
  async refresh(token: string): Promise<AuthPayload> {
    const tokenHash = hashRefreshToken(token);
    const session = await this.db.session.findUnique({ where: { tokenHash }, include: { user: true } });
    if (!session || session.revokedAt || session.expiresAt <= new Date()) throw invalidRefresh();
    // Claim the token atomically: only one concurrent refresh may win.
    const claimed = await this.db.session.updateMany({
      where: { id: session.id, usedAt: null },
      data: { usedAt: new Date() },
    });
    if (claimed.count === 0) {
      await this.db.session.updateMany({
        where: { familyId: session.familyId, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      throw appError(
        ErrorCode.UNAUTHENTICATED,
        'Refresh token was already used; the session has been revoked',
      );
    }
    return this.issue(await this.withConfiguredRole(session.user), session.familyId);
  }

  async logout(token: string): Promise<boolean> {
    const session = await this.db.session.findUnique({ where: { tokenHash: hashRefreshToken(token) } });
    if (!session) return false;
    const revoked = await this.db.session.updateMany({
      where: { familyId: session.familyId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    return revoked.count > 0;
  }

  async updateProfile(userId: string, input: { displayName?: string | null }): Promise<Profile> {
    const displayName = checkDisplayName(input.displayName);
    // updateMany: a deleted account (with a still-valid access token) is not an internal error.
    const { count } = await this.db.user.updateMany({ where: { id: userId }, data: { displayName } });
    if (count === 0) throw unauthenticated();
    const user = await this.db.user.findUniqueOrThrow({ where: { id: userId } });
    await this.cacheProfile(user);
    return toProfile(user);
  }

  async changePassword(userId: string, current: string, next: string): Promise<AuthPayload> {
    checkPasswordPolicy(next, 'newPassword');
    const user = await this.db.user.findUnique({ where: { id: userId } });
    if (!user) throw unauthenticated();
    if (!(await verifyPassword(user.passwordHash, current)))
      throw badInput('Current password is wrong', { field: 'currentPassword' });
    const passwordHash = await hashPassword(next);
    const updated = await this.db.$transaction(async (tx) => {
      await tx.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
      return tx.user.update({ where: { id: userId }, data: { passwordHash } });
    });
    return this.issue(updated);
  }

  /** Deletes the account; foreign keys cascade to sessions, portfolios, transactions and alerts. */
  async deleteAccount(userId: string, password: string): Promise<boolean> {
    const user = await this.db.user.findUnique({ where: { id: userId } });
    if (!user) throw unauthenticated();
    if (!(await verifyPassword(user.passwordHash, password)))
      throw badInput('Password is wrong', { field: 'password' });
    await this.db.user.delete({ where: { id: userId } });
    await this.cache.del(CacheKey.userProfile(userId));
    return true;
  }
}
