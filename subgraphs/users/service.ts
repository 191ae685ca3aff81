import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { requireUser } from '../../lib/auth';
import { forbidden } from '../../lib/errors';
import type { SubgraphContext, SubgraphDefinition } from '../../lib/server/subgraph';
import { Accounts, type Profile } from './accounts';

export const USERS_PORT = 4001;

interface UsersContext extends SubgraphContext {
  accounts: Accounts;
}

/** The users subgraph: accounts, sessions and the `User` entity. */
export function usersSubgraph(options: {
  privateKey: KeyObject;
  adminEmails: string[];
}): SubgraphDefinition<UsersContext> {
  const adminEmails = new Set(options.adminEmails.map((e) => e.trim().toLowerCase()).filter(Boolean));
  return {
    name: 'users',
    schemaPath: path.join(__dirname, 'schema.graphql'),
    extendContext: (base) => ({
      ...base,
      accounts: new Accounts(base.runtime.db, base.runtime.cache, options.privateKey, adminEmails),
    }),
    resolvers: {
      Query: {
        me: (_: unknown, __: unknown, ctx: UsersContext) =>
          ctx.user ? ctx.accounts.profile(ctx.user.id) : null,
      },
      Mutation: {
        register: (
          _: unknown,
          { input }: { input: { email: string; password: string; displayName?: string } },
          ctx: UsersContext,
        ) => ctx.accounts.register(input),
        login: (_: unknown, { input }: { input: { email: string; password: string } }, ctx: UsersContext) =>
          ctx.accounts.login(input),
        refreshToken: (_: unknown, args: { refreshToken: string }, ctx: UsersContext) =>
          ctx.accounts.refresh(args.refreshToken),
        logout: (_: unknown, args: { refreshToken: string }, ctx: UsersContext) =>
          ctx.accounts.logout(args.refreshToken),
        updateProfile: (
          _: unknown,
          { input }: { input: { displayName?: string | null } },
          ctx: UsersContext,
        ) => ctx.accounts.updateProfile(requireUser(ctx.user).id, input),
        changePassword: (
          _: unknown,
          { input }: { input: { currentPassword: string; newPassword: string } },
          ctx: UsersContext,
        ) => ctx.accounts.changePassword(requireUser(ctx.user).id, input.currentPassword, input.newPassword),
        deleteAccount: (_: unknown, args: { password: string }, ctx: UsersContext) =>
          ctx.accounts.deleteAccount(requireUser(ctx.user).id, args.password),
      },
      User: {
        // Other subgraphs reference users by id; only the user themself may resolve the profile.
        __resolveReference: async (ref: { id: string }, ctx: UsersContext) => {
          const viewer = requireUser(ctx.user);
          if (viewer.id !== ref.id && viewer.role !== 'ADMIN')
            throw forbidden('You can only see your own profile');
          return ctx.accounts.profile(ref.id);
        },
        email: (profile: Profile) => profile.email,
      },
    },
  };
}
