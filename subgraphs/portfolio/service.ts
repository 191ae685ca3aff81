import path from 'node:path';
import type { Portfolio, PriceAlert, Transaction as TxRow } from '@prisma/client';
import { requireUser } from '../../lib/auth';
import { badInput, notFound } from '../../lib/errors';
import type { SubgraphContext, SubgraphDefinition } from '../../lib/server/subgraph';
import { runSingleton } from '../../lib/singleton';
import type { Decimal, PortfolioValuation } from './core';
import { OutboxRelay } from './outbox';
import { Portfolios, type RecordTransactionInput } from './portfolios';

export const PORTFOLIO_PORT = 4005;

interface PortfolioContext extends SubgraphContext {
  portfolios: Portfolios;
  valuation: (portfolio: Portfolio) => Promise<PortfolioValuation>;
}

const dec = (d: Decimal | null | undefined) => (d === null || d === undefined ? null : d.toFixed());

/** The portfolio subgraph: portfolios, the transaction ledger, valuation and price alerts. */
export function portfolioSubgraph(options: { relay?: boolean } = {}): SubgraphDefinition<PortfolioContext> {
  return {
    name: 'portfolio',
    schemaPath: path.join(__dirname, 'schema.graphql'),
    extendContext: (base) => {
      const portfolios = new Portfolios(base.runtime.db);
      const memo = new Map<string, Promise<PortfolioValuation>>();
      return {
        ...base,
        portfolios,
        valuation: (p) => {
          let v = memo.get(p.id);
          if (!v) memo.set(p.id, (v = portfolios.valuation(p)));
          return v;
        },
      };
    },
    background: async (runtime, log) => {
      if (options.relay === false) return { stop: async () => undefined };
      const singleton = runSingleton(
        'portfolio:outbox-relay',
        runtime.databaseUrl,
        {
          start: async () => {
            const relay = new OutboxRelay(runtime.db, runtime.bus, log);
            relay.start();
            return () => relay.stop();
          },
        },
        log,
      );
      return { stop: () => singleton.stop() };
    },
    resolvers: {
      Query: {
        portfolio: (_: unknown, args: { id: string }, ctx: PortfolioContext) => ctx.portfolios.owned(requireUser(ctx.user).id, args.id),
        priceAlert: async (_: unknown, args: { id: string }, ctx: PortfolioContext) => {
          const user = requireUser(ctx.user);
          const alert = /^[0-9a-f-]{36}$/i.test(args.id) ? await ctx.runtime.db.priceAlert.findUnique({ where: { id: args.id } }) : null;
          if (!alert || alert.userId !== user.id) throw notFound('Price alert');
          return alert;
        },
      },
      Mutation: {
        createPortfolio: (_: unknown, { input }: { input: { name: string } }, ctx: PortfolioContext) =>
          ctx.portfolios.create(requireUser(ctx.user).id, input.name),
        recordTransaction: (_: unknown, { input }: { input: RecordTransactionInput }, ctx: PortfolioContext) =>
          ctx.portfolios.record(requireUser(ctx.user).id, input),
        createPriceAlert: async (
          _: unknown,
          { input }: { input: { coinId: string; direction: 'ABOVE' | 'BELOW'; threshold: Decimal } },
          ctx: PortfolioContext,
        ) => {
          const user = requireUser(ctx.user);
          if (!input.threshold.gt(0)) throw badInput('threshold must be positive', { field: 'threshold' });
          if (!(await ctx.runtime.db.coin.findUnique({ where: { id: input.coinId } }))) throw badInput(`Unknown coin ${input.coinId}`, { field: 'coinId' });
          return ctx.runtime.db.priceAlert.create({
            data: { userId: user.id, coinId: input.coinId, direction: input.direction, threshold: input.threshold.toFixed() },
          });
        },
        deletePriceAlert: async (_: unknown, args: { id: string }, ctx: PortfolioContext) => {
          const user = requireUser(ctx.user);
          if (!/^[0-9a-f-]{36}$/i.test(args.id)) return false;
          const deleted = await ctx.runtime.db.priceAlert.deleteMany({ where: { id: args.id, userId: user.id } });
          return deleted.count > 0;
        },
      },
      User: {
        portfolios: (ref: { id: string }, _: unknown, ctx: PortfolioContext) => {
          const viewer = requireUser(ctx.user);
          return viewer.id === ref.id ? ctx.portfolios.listFor(ref.id) : null;
        },
        priceAlerts: (ref: { id: string }, _: unknown, ctx: PortfolioContext) => {
          const viewer = requireUser(ctx.user);
          return viewer.id === ref.id ? ctx.runtime.db.priceAlert.findMany({ where: { userId: ref.id }, orderBy: { createdAt: 'asc' } }) : null;
        },
      },
      Portfolio: {
        __resolveReference: (ref: { id: string }, ctx: PortfolioContext) => ctx.portfolios.owned(requireUser(ctx.user).id, ref.id),
        owner: (p: Portfolio) => ({ id: p.userId }),
        holdings: async (p: Portfolio, _: unknown, ctx: PortfolioContext) =>
          (await ctx.valuation(p)).holdings.map((h) => ({
            coin: { id: h.coinId },
            quantity: h.quantity.toFixed(),
            costBasis: h.costBasis.toFixed(),
            marketValue: dec(h.marketValue),
            unrealizedPnl: dec(h.unrealizedPnl),
            allocationPct: h.allocationPct === null ? null : h.allocationPct.toNumber(),
          })),
        transactions: (p: Portfolio, args: { first?: number; after?: string }, ctx: PortfolioContext) =>
          ctx.portfolios.transactions(p.id, args.first ?? 50, args.after),
        totalValue: async (p: Portfolio, _: unknown, ctx: PortfolioContext) => dec((await ctx.valuation(p)).totalValue),
        totalCostBasis: async (p: Portfolio, _: unknown, ctx: PortfolioContext) => (await ctx.valuation(p)).totalCostBasis.toFixed(),
        realizedPnl: async (p: Portfolio, _: unknown, ctx: PortfolioContext) => (await ctx.valuation(p)).realizedPnl.toFixed(),
        unrealizedPnl: async (p: Portfolio, _: unknown, ctx: PortfolioContext) => dec((await ctx.valuation(p)).unrealizedPnl),
        analytics: () => null,
      },
      Transaction: {
        coin: (t: TxRow) => (t.coinId ? { id: t.coinId } : null),
      },
      PriceAlert: {
        coin: (a: PriceAlert) => ({ id: a.coinId }),
      },
    },
  };
}
