import path from 'node:path';
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { CostBasisMethod, Portfolio, PriceAlert, Transaction as TxRow } from '@prisma/client';
import { requireUser } from '../../lib/auth';
import type { SubgraphContext, SubgraphDefinition } from '../../lib/server/subgraph';
import { runSingleton } from '../../lib/singleton';
import { PriceAlerts, startAlertEvaluation } from './alerts';
import type { Decimal, DailyValuePoint, HoldingValuation, Sale } from './core';
import { LedgerReads } from './ledger-reads';
import { LedgerWrites, type RecordTransactionInput, type UpdateTransactionInput } from './ledger-writes';
import { OutboxRelay } from './outbox';
import { historyWindow, portfolioRisk, twrOf, type PortfolioRisk } from './performance';
import { Portfolios } from './portfolios';

export const PORTFOLIO_PORT = 4005;
/** The advisory-lock name of the outbox relay: one replica publishes at a time. */
export const OUTBOX_RELAY_JOB = 'portfolio:outbox-relay';

interface PortfolioContext extends SubgraphContext {
  portfolios: Portfolios;
  writes: LedgerWrites;
  reads: LedgerReads;
  alerts: PriceAlerts;
}

type Args<T> = { input: T };
type PeriodArgs = { days?: number | null; from?: Date | null; to?: Date | null };

const dec = (d: Decimal | null | undefined) => (d === null || d === undefined ? null : d.toFixed());
const pct = (d: Decimal | null) => (d === null ? null : d.toNumber());
const userOf = (ctx: PortfolioContext) => requireUser(ctx.user).id;

// Portfolio fields that are the row itself: anything else needs the ledger.
const ROW_FIELDS = new Set(['__typename', 'id', 'name', 'costBasisMethod', 'createdAt', 'owner']);

/** Whether a selection on Portfolio asks for any ledger-derived field (fragments included). */
function selectsLedger(set: SelectionSetNode | undefined, info: GraphQLResolveInfo): boolean {
  return (set?.selections ?? []).some((s) => {
    if (s.kind === Kind.FIELD) return !ROW_FIELDS.has(s.name.value);
    if (s.kind === Kind.INLINE_FRAGMENT) return selectsLedger(s.selectionSet, info);
    return selectsLedger(info.fragments[s.name.value]?.selectionSet, info);
  });
}

/** Resolves a Portfolio field from its valuation. */
const valued =
  <T>(pick: (v: Awaited<ReturnType<LedgerReads['valuation']>>) => T) =>
  async (p: Portfolio, _: unknown, ctx: PortfolioContext) =>
    pick(await ctx.reads.valuation(p));

/** Resolves a Portfolio field from its replayed ledger. */
const ledgerField =
  (pick: (l: Awaited<ReturnType<LedgerReads['replay']>>['ledger']) => Decimal) =>
  async (p: Portfolio, _: unknown, ctx: PortfolioContext) =>
    pick((await ctx.reads.replay(p)).ledger).toFixed();

/** The portfolio subgraph: portfolios, the transaction ledger, valuation, performance and price alerts. */
export function portfolioSubgraph(
  options: { relay?: boolean; alerts?: boolean } = {},
): SubgraphDefinition<PortfolioContext> {
  return {
    name: 'portfolio',
    schemaPath: path.join(__dirname, 'schema.graphql'),
    extendContext: (base) => {
      const portfolios = new Portfolios(base.runtime.db);
      return {
        ...base,
        portfolios,
        writes: new LedgerWrites(base.runtime.db, portfolios),
        reads: new LedgerReads(base.runtime.db),
        alerts: new PriceAlerts(base.runtime.db),
      };
    },
    background: async (runtime, log) => {
      const stops: (() => Promise<void>)[] = [];
      if (options.relay !== false) {
        const singleton = runSingleton(
          OUTBOX_RELAY_JOB,
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
        stops.push(() => singleton.stop());
      }
      if (options.alerts !== false) {
        const evaluation = startAlertEvaluation(runtime.bus, runtime.db, log);
        stops.push(() => evaluation.stop());
      }
      return { stop: async () => void (await Promise.all(stops.map((stop) => stop()))) };
    },
    resolvers: {
      Query: {
        portfolio: (_: unknown, args: { id: string }, ctx: PortfolioContext) =>
          ctx.portfolios.owned(userOf(ctx), args.id),
        priceAlert: (_: unknown, args: { id: string }, ctx: PortfolioContext) =>
          ctx.alerts.owned(userOf(ctx), args.id),
      },
      Mutation: {
        createPortfolio: (
          _: unknown,
          { input }: Args<{ name: string; costBasisMethod?: CostBasisMethod }>,
          ctx: PortfolioContext,
        ) => ctx.portfolios.create(userOf(ctx), input),
        updatePortfolio: async (
          _: unknown,
          { input }: Args<{ id: string; name?: string | null; costBasisMethod?: CostBasisMethod | null }>,
          ctx: PortfolioContext,
        ) => {
          const updated = await ctx.portfolios.update(userOf(ctx), input);
          ctx.reads.invalidate(updated.id);
          return updated;
        },
        deletePortfolio: (_: unknown, args: { id: string }, ctx: PortfolioContext) =>
          ctx.portfolios.remove(userOf(ctx), args.id),
        recordTransaction: async (
          _: unknown,
          { input }: Args<RecordTransactionInput>,
          ctx: PortfolioContext,
        ) => {
          const row = await ctx.writes.record(userOf(ctx), input);
          ctx.reads.invalidate(row.portfolioId);
          return row;
        },
        updateTransaction: async (
          _: unknown,
          { input }: Args<UpdateTransactionInput>,
          ctx: PortfolioContext,
        ) => {
          const row = await ctx.writes.update(userOf(ctx), input);
          ctx.reads.invalidate(row.portfolioId);
          return row;
        },
        deleteTransaction: (_: unknown, args: { id: string }, ctx: PortfolioContext) =>
          ctx.writes.remove(userOf(ctx), args.id),
        importTransactions: async (
          _: unknown,
          { input }: Args<{ portfolioId: string; csv: string }>,
          ctx: PortfolioContext,
        ) => {
          const result = await ctx.writes.importCsv(userOf(ctx), input.portfolioId, input.csv);
          ctx.reads.invalidate(input.portfolioId);
          return result;
        },
        createPriceAlert: (
          _: unknown,
          { input }: Args<{ coinId: string; direction: 'ABOVE' | 'BELOW'; threshold: Decimal }>,
          ctx: PortfolioContext,
        ) => ctx.alerts.create(userOf(ctx), input),
        deletePriceAlert: (_: unknown, args: { id: string }, ctx: PortfolioContext) =>
          ctx.alerts.remove(userOf(ctx), args.id),
      },
      User: {
        // Only the user themself: anyone else's portfolios and alerts are null, not an error. A
        // selection of ledger figures reads portfolios, ledgers and quotes in one statement.
        portfolios: (ref: { id: string }, _: unknown, ctx: PortfolioContext, info: GraphQLResolveInfo) => {
          if (userOf(ctx) !== ref.id) return null;
          return info.fieldNodes.some((node) => selectsLedger(node.selectionSet, info))
            ? ctx.reads.portfoliosOf(ref.id)
            : ctx.portfolios.listFor(ref.id);
        },
        priceAlerts: (ref: { id: string }, _: unknown, ctx: PortfolioContext) =>
          userOf(ctx) === ref.id ? ctx.alerts.listFor(ref.id) : null,
      },
      Portfolio: {
        __resolveReference: (ref: { id: string }, ctx: PortfolioContext) =>
          ctx.portfolios.owned(userOf(ctx), ref.id),
        owner: (p: Portfolio) => ({ id: p.userId }),
        holdings: async (p: Portfolio, _: unknown, ctx: PortfolioContext) =>
          (await ctx.reads.valuation(p)).holdings,
        transactions: (
          p: Portfolio,
          args: { first?: number; after?: string | null },
          ctx: PortfolioContext,
        ) => ctx.reads.page(p.id, args.first ?? 50, args.after),
        transactionCount: async (p: Portfolio, _: unknown, ctx: PortfolioContext) =>
          (await ctx.reads.replay(p)).transactions.length,
        cash: ledgerField((l) => l.cash),
        cashAllocationPct: valued((v) => pct(v.cashAllocationPct)),
        totalValue: valued((v) => dec(v.totalValue)),
        totalCostBasis: ledgerField((l) => l.totalCostBasis),
        realizedPnl: ledgerField((l) => l.realizedPnl),
        unrealizedPnl: valued((v) => dec(v.unrealizedPnl)),
        totalPnl: valued((v) => dec(v.totalPnl)),
        deposits: ledgerField((l) => l.deposits),
        withdrawals: ledgerField((l) => l.withdrawals),
        implicitDeposits: ledgerField((l) => l.implicitDeposits),
        netDeposits: ledgerField((l) => l.netDeposits),
        transferredInBasis: ledgerField((l) => l.transferredInBasis),
        transferredOutBasis: ledgerField((l) => l.transferredOutBasis),
        income: ledgerField((l) => l.income),
        fees: ledgerField((l) => l.fees),
        sales: async (p: Portfolio, _: unknown, ctx: PortfolioContext) =>
          (await ctx.reads.replay(p)).ledger.sales,
        missingPrices: valued((v) => v.missingPrices),
        valueHistory: (p: Portfolio, args: PeriodArgs, ctx: PortfolioContext) =>
          ctx.reads.history(p, historyWindow(args, new Date())),
        timeWeightedReturn: async (p: Portfolio, args: PeriodArgs, ctx: PortfolioContext) => {
          const window = historyWindow(args, new Date());
          return twrOf(await ctx.reads.history(p, window), window);
        },
        analytics: async (p: Portfolio, args: { days?: number | null }, ctx: PortfolioContext) => {
          const window = historyWindow({ days: args.days }, new Date());
          return portfolioRisk(await ctx.reads.history(p, window), window);
        },
      },
      PortfolioAnalytics: {
        sharpeRatio: (r: PortfolioRisk, args: { riskFreeRate?: number | null }) =>
          r.sharpeRatio(args.riskFreeRate ?? 0),
      },
      PortfolioValuePoint: {
        cash: (p: DailyValuePoint) => p.cash.toFixed(),
        holdingsValue: (p: DailyValuePoint) => dec(p.holdingsValue),
        value: (p: DailyValuePoint) => dec(p.value),
        netFlow: (p: DailyValuePoint) => dec(p.netFlow),
        netDeposits: (p: DailyValuePoint) => p.netDeposits.toFixed(),
        dailyReturn: (p: DailyValuePoint) => pct(p.dailyReturn),
      },
      Holding: {
        coin: (h: HoldingValuation) => ({ id: h.coinId }),
        allocationPct: (h: HoldingValuation) => pct(h.allocationPct),
      },
      RealizedSale: {
        coin: (s: Sale) => ({ id: s.coinId }),
      },
      Transaction: {
        coin: (t: TxRow) => (t.coinId ? { id: t.coinId } : null),
        realizedPnl: async (t: TxRow, _: unknown, ctx: PortfolioContext) => {
          const entry = (await ctx.reads.replayOf(t.portfolioId)).entries.get(t.id);
          return entry ? entry.realizedPnl.toFixed() : '0';
        },
      },
      PriceAlert: {
        coin: (a: PriceAlert) => ({ id: a.coinId }),
      },
    },
  };
}
